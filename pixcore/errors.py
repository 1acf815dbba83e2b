"""The one error tree of pixcore.

Every error carries a stable ``code`` (Pix's exact code where Pix has one), a French
message for end users (``message``), an English one (``message_en``) and ``meta``, a
small mapping of safe, non-personal details (a line number, a field name, a count).
Messages never contain personal data, XML or exception text: they come from the
catalogue in :mod:`pixcore.messages` and are formatted with ``meta`` only.

Our exception hierarchy::

    PixcoreError
    ├── DomainError                         raised by the pure core
    │   ├── InvalidInputError (ValueError)  bad data; may carry several ``errors``
    │   │   ├── CandidateDataError          civil data (D9), every error at once
    │   │   └── IssueReportError            "signalement" refused (D4)
    │   ├── NotFoundError (LookupError)     nothing matches (candidate, session, ...)
    │   ├── ConflictError                   too many matches, already linked, ...
    │   └── RefusedError                    a rule forbids the action (time over, ...)
    ├── EngineError (RuntimeError)          a rules engine failed (never a decision)
    ├── PluginError                         plugin loading and hook results
    │   ├── PluginLoadError
    │   ├── InvalidPluginError
    │   ├── PluginConflictError
    │   └── HookResultError
    └── AdapterError                        raised by adapters only
        ├── AuthError                       a login refused (SAML, Pix account)
        ├── ServiceUnavailableError         network or timeout; retryable
        └── StoreError                      a store cannot be used (host wiring, database)
            ├── StoreNotConfiguredError     no event or attachment store: a startup error
            └── StoreCorruptError           stored data unreadable: never a wrong state

``ErrorDetail`` is one error inside an :class:`InvalidInputError` that reports several
at once (a whole candidate, a whole import file).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import ClassVar

from pixcore.messages import render

__all__ = [
    "AdapterError",
    "AuthError",
    "CandidateDataError",
    "ConflictError",
    "DomainError",
    "EngineError",
    "ErrorDetail",
    "HookResultError",
    "InvalidInputError",
    "InvalidPluginError",
    "IssueReportError",
    "NotFoundError",
    "PixcoreError",
    "PluginConflictError",
    "PluginError",
    "PluginLoadError",
    "RefusedError",
    "ServiceUnavailableError",
    "StoreCorruptError",
    "StoreError",
    "StoreNotConfiguredError",
]

MetaValue = str | int | float | bool | None


def _frozen_meta(meta: Mapping[str, MetaValue] | None) -> Mapping[str, MetaValue]:
    return MappingProxyType(dict(meta or {}))


@dataclasses.dataclass(frozen=True, slots=True)
class ErrorDetail:
    """One coded error: the ``code``, the ``field`` it concerns, safe ``meta``.

    ``message`` and ``message_en`` are rendered from the catalogue.
    """

    code: str
    field: str | None = None
    meta: Mapping[str, MetaValue] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        """The French message for end users."""
        return render(self.code, {"field": self.field or "", **self.meta}, lang="fr")

    @property
    def message_en(self) -> str:
        """The English message."""
        return render(self.code, {"field": self.field or "", **self.meta}, lang="en")

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form: code, field, meta, French and English messages."""
        return {
            "code": self.code,
            "field": self.field,
            "meta": dict(self.meta),
            "message": self.message,
            "message_en": self.message_en,
        }


class PixcoreError(Exception):
    """Root of every error pixcore raises on purpose.

    ``code`` is stable and machine-readable; ``message`` (French) and ``message_en``
    are safe to show to end users; ``meta`` holds safe details only.
    """

    default_code = "PIXCORE_ERROR"
    retryable: ClassVar[bool] = False
    """True when the same call may succeed later (a service was unavailable)."""
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MappingProxyType({})
    """An adapter's own catalogue (code → French, English), looked up before the core's."""

    def __init__(
        self,
        code: str | None = None,
        *,
        meta: Mapping[str, MetaValue] | None = None,
        errors: Iterable[ErrorDetail] = (),
    ) -> None:
        self.code: str = code or self.default_code
        self.meta: Mapping[str, MetaValue] = _frozen_meta(meta)
        self.errors: tuple[ErrorDetail, ...] = tuple(errors)
        super().__init__(self.code)  # the message is rendered when read (issue 14: hot path)

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        """The French message for end users."""
        return render(self.code, self.meta, lang="fr", extra=self.messages)

    @property
    def message_en(self) -> str:
        """The English message."""
        return render(self.code, self.meta, lang="en", extra=self.messages)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form of the error and of every detail it carries."""
        return {
            "code": self.code,
            "meta": dict(self.meta),
            "message": self.message,
            "message_en": self.message_en,
            "errors": [detail.as_dict() for detail in self.errors],
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r})"


class DomainError(PixcoreError):
    """Raised by the pure core when a rule refuses something."""


class InvalidInputError(DomainError, ValueError):
    """The input breaks a validation rule; ``errors`` may list several problems."""

    default_code = "INVALID_INPUT"


class CandidateDataError(InvalidInputError):
    """A candidate's civil data (D9) is invalid; ``errors`` lists every problem."""

    default_code = "CANDIDATE_DATA_INVALID"


class IssueReportError(InvalidInputError):
    """An issue report ("signalement") is refused (D4).

    Codes: ``INVALID_CERTIFICATION_ISSUE_REPORT`` (Pix's
    ``InvalidCertificationIssueReportForSaving``),
    ``DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY``,
    ``DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY``,
    ``ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR``.
    """

    default_code = "INVALID_CERTIFICATION_ISSUE_REPORT"


class NotFoundError(DomainError, LookupError):
    """Nothing matches what was asked for."""

    default_code = "NOT_FOUND"


class ConflictError(DomainError):
    """The request conflicts with existing data (too many matches, already linked)."""

    default_code = "CONFLICT"


class RefusedError(DomainError):
    """A rule forbids the action at this point (time over, session finalised, ...)."""

    default_code = "REFUSED"


class EngineError(PixcoreError, RuntimeError):
    """A rules engine failed to give a decision; never a business outcome."""

    default_code = "RULES_ENGINE_FAILURE"


class PluginError(PixcoreError):
    """A plugin could not be loaded or misbehaved."""

    default_code = "PLUGIN_ERROR"


class PluginLoadError(PluginError):
    """An entry point failed to load; logged and skipped unless loading is strict."""

    default_code = "PLUGIN_LOAD_FAILED"


class InvalidPluginError(PluginError):
    """A plugin's hook implementations do not fit the specifications."""

    default_code = "PLUGIN_INVALID"


class PluginConflictError(PluginError):
    """Two plugins claim the same name."""

    default_code = "PLUGIN_CONFLICT"


class HookResultError(PluginError):
    """A hook implementation returned a value of the wrong type."""

    default_code = "HOOK_RESULT_INVALID"


class AdapterError(PixcoreError):
    """Raised by adapters (GAR, Pix account, storage), never by the pure core."""

    default_code = "ADAPTER_ERROR"


class AuthError(AdapterError):
    """A login was refused; ``code`` says why (``SAML_INVALID``, ...)."""

    default_code = "AUTHENTICATION_FAILED"


class ServiceUnavailableError(AdapterError):
    """A remote service did not answer in time or failed; the caller may retry."""

    default_code = "SERVICE_UNAVAILABLE"
    retryable = True


# --- stores (issue 8 §2) -------------------------------------------------------------


class StoreError(AdapterError):
    """A store cannot be used: not configured, full, read-only, corrupt (``code`` says which).

    Store plugins subclass it (``pixcore-sqlite``'s ``SqliteStoreError``) with their own
    codes; a busy store raises the retryable :class:`ServiceUnavailableError` instead.
    """

    default_code = "STORE_ERROR"


class StoreNotConfiguredError(StoreError):
    """The host registered no event store (or no attachment store): a startup error.

    Codes: ``STORE_NOT_CONFIGURED``, ``ATTACHMENT_STORE_NOT_CONFIGURED``. Raised when the
    :class:`~pixcore.host.service.SessionService` is built, never a silent fallback.
    """

    default_code = "STORE_NOT_CONFIGURED"


class StoreCorruptError(StoreError):
    """What the store holds cannot be trusted; nothing is returned rather than a wrong state.

    Codes: ``STORE_VERSIONS_NOT_CONTIGUOUS`` (a stream's versions have a gap or a
    repeat), ``STORE_EVENT_UNREADABLE`` (a stored event no longer parses), ``STORE_CORRUPT``
    and the store plugins' own codes (``SQLITE_CORRUPT``...).
    """

    default_code = "STORE_CORRUPT"
