"""The Assertion Consumer Service pipeline: ``SAMLResponse`` → :class:`VerifiedIdentity`.

Steps, in order (``saml.md`` §8.2): pre-flight (size, base64, UTF-8 only, no DTD,
element caps, allow-listed algorithms, exactly one assertion), on one parsed tree;
python3-saml's strict validation of that same tree; the application checks
python3-saml does not make (exact Destination and Recipient, audience G1, InResponseTo
binding G2–G4, attributes G6); then, through the host's hooks, the single-use request
id, the UAI allow-list and the replay check keyed on issuer + assertion ID (G5).

Everything read from the document is read and parsed in :func:`_verify`, a guarded
section: any exception there that is not already a :class:`GarAuthError` becomes
``SAML_INVALID`` (check ``unexpected``), so no raw exception escapes :func:`consume`.
No message, log line or exception chained to a refusal carries the document, an
attribute value or library exception text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from pixcore.models.identity import VerifiedIdentity
from pixcore_gar import checks, preflight
from pixcore_gar.attributes import AssertionInfo, identity_values, to_identity
from pixcore_gar.config import GarConfig
from pixcore_gar.errors import GarAuthError
from pixcore_gar.facts import read_facts
from pixcore_gar.host import GarHooks
from pixcore_gar.library import Library

__all__ = ["ConsumeContext", "consume", "ido_hash"]

_log = logging.getLogger("pixcore_gar")


def ido_hash(ido: str) -> str:
    """A short, stable hash of an IDO for logs (never log the IDO itself)."""
    return hashlib.sha256(ido.encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class ConsumeContext:
    """What the pipeline needs, built once per service provider."""

    config: GarConfig
    library: Library
    request_data: Mapping[str, Any]
    hooks: GarHooks
    clock: Callable[[], datetime]


@dataclasses.dataclass(frozen=True)
class _Verified:
    """What the guarded section hands to the steps that call the host's hooks."""

    solicited: bool
    attributes: dict[str, tuple[str, ...]] = dataclasses.field(repr=False)
    info: AssertionInfo
    replay_key: str
    replay_until: datetime


def consume(ctx: ConsumeContext, saml_response: str, *, request_id: str | None) -> VerifiedIdentity:
    """Run every check and return the verified identity, or raise :class:`GarAuthError`."""
    try:
        verified = _guarded(ctx, saml_response, request_id)
        identity = _bind_and_store(ctx, verified, request_id)
    except GarAuthError as error:
        _log.warning("GAR login refused: code=%s check=%s", error.code, error.meta.get("check"))
        raise
    _log.info("GAR login accepted: ido_hash=%s", ido_hash(identity.subject))
    ctx.hooks.on_identity(identity)
    return identity


def _guarded(ctx: ConsumeContext, saml_response: object, request_id: object) -> _Verified:
    if not isinstance(saml_response, str) or not isinstance(request_id, str | None):
        raise preflight.invalid("type")
    try:
        return _verify(ctx, saml_response, request_id)
    except GarAuthError:
        raise
    except Exception as exc:
        # Only the exception's type: library messages may quote the document.
        _log.debug("GAR response refused on %s", type(exc).__name__)
        raise preflight.invalid("unexpected") from None


def _verify(ctx: ConsumeContext, saml_response: str, request_id: str | None) -> _Verified:
    config = ctx.config
    data = preflight.decode(saml_response, max_bytes=config.max_response_bytes)
    tree = preflight.parse(data)
    preflight.check_tree(tree, allow_tripledes=config.allow_tripledes)
    response = _validated(ctx, tree, saml_response, request_id)
    facts = read_facts(response.get_xml_document())
    checks.check_addressing(facts, config.acs_url, config.sp_entity_id)
    solicited = checks.check_binding(config.unsolicited, request_id, facts)
    now = ctx.clock()
    lifetime = checks.assertion_lifetime(facts, int(now.timestamp()))
    info = AssertionInfo(
        issuer=facts.issuer,
        issued_at=None if facts.issue_instant is None else _utc(facts.issue_instant),
        not_on_or_after=_utc(lifetime.not_on_or_after),
        session_index=facts.session_index,
    )
    floor = now + timedelta(seconds=config.replay_ttl_floor_seconds)
    return _Verified(
        solicited=solicited,
        attributes=identity_values(facts.attributes, config.required_attributes),
        info=info,
        replay_key=checks.replay_key(facts.issuer, facts.assertion_id),
        replay_until=max(_utc(lifetime.accepted_until), floor),
    )


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _validated(ctx: ConsumeContext, tree: Any, saml_response: str, request_id: str | None) -> Any:
    try:
        response = ctx.library.response(tree, saml_response)
    except Exception as exc:
        raise _library_refusal(exc) from None
    if response.encrypted:
        allow = ctx.config.allow_tripledes
        preflight.check_tree(response.decrypted_document, allow_tripledes=allow, decrypted=True)
    try:
        response.is_valid(ctx.request_data, request_id, raise_exceptions=True)
    except Exception as exc:
        raise _library_refusal(exc) from None
    return response


def _library_refusal(exc: Exception) -> GarAuthError:
    # python3-saml's messages quote issuers, URLs, status messages: keep its code only.
    _log.debug("python3-saml refused: %s code=%s", type(exc).__name__, getattr(exc, "code", None))
    return preflight.invalid("library")


def _bind_and_store(
    ctx: ConsumeContext, verified: _Verified, request_id: str | None
) -> VerifiedIdentity:
    if verified.solicited:
        _consume_request(ctx.hooks, request_id or "")
    uais = _allowed_uais(ctx, verified.attributes.get("UAI", ()))
    identity = to_identity(verified.attributes, uai=uais, info=verified.info)
    if not ctx.hooks.replay_check_and_store(verified.replay_key, verified.replay_until):
        raise GarAuthError("SAML_REPLAYED", meta={"check": "assertion"})
    return identity


def _consume_request(hooks: GarHooks, request_id: str) -> None:
    state = hooks.consume_request(request_id)
    if state == "used":
        raise GarAuthError("SAML_REPLAYED", meta={"check": "request_id"})
    if state != "fresh":
        raise GarAuthError("SAML_UNSOLICITED", meta={"check": "unknown_request"})


def _allowed_uais(ctx: ConsumeContext, uais: tuple[str, ...]) -> tuple[str, ...]:
    allow_list = ctx.config.allowed_uai
    verdicts = {uai: ctx.hooks.uai_verdicts(uai) for uai in uais}
    if allow_list is None and not any(verdicts.values()):
        return uais
    allowed = tuple(
        uai for uai in uais if (allow_list is None or uai in allow_list) and all(verdicts[uai])
    )
    if not allowed:
        raise GarAuthError("SAML_UAI_NOT_ALLOWED")
    return allowed
