"""The plugin host: one plugin manager per host application, built by a factory.

``create_plugin_manager()`` adds the specs, registers the built-in defaults (the clock;
no store), then loads the plugins of the entry-point group ``pixcore.plugins``. Loading
is **strict** by default: a plugin that fails to load raises :class:`PluginLoadError`
(a store plugin that silently disappeared would lose sessions); tolerant only on
request (``strict=False``: logged and skipped), and off when ``autoload=False`` or the
environment variable ``PIXCORE_DISABLE_PLUGIN_AUTOLOAD`` is set to a non-empty value.

:class:`PluginHost` is the typed façade over ``pm.hook``: callers use its methods, never
the untyped ``pm.hook.*`` calls.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points

import pluggy

from pixcore.errors import (
    HookResultError,
    InvalidPluginError,
    PluginLoadError,
    StoreNotConfiguredError,
)
from pixcore.events import Event
from pixcore.host.defaults import Defaults
from pixcore.host.hookspecs import PROJECT_NAME, PixcoreSpecs
from pixcore.host.migrations import StoreMigration
from pixcore.host.store import EventStore
from pixcore.models.competence import CompetenceProfile
from pixcore.models.identity import VerifiedIdentity
from pixcore.models.school import SchoolDetails
from pixcore.rules.identity import CandidateIdentity

__all__ = [
    "AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "PluginHost",
    "create_plugin_manager",
]

ENTRY_POINT_GROUP = "pixcore.plugins"
AUTOLOAD_ENV = "PIXCORE_DISABLE_PLUGIN_AUTOLOAD"

_log = logging.getLogger(__name__)


def create_plugin_manager(
    *,
    autoload: bool = True,
    strict: bool = True,
    blocked: Iterable[str] = (),
    plugins: Iterable[object] = (),
    environ: Mapping[str, str] | None = None,
) -> pluggy.PluginManager:
    """Build a fresh plugin manager with pixcore's specs and the given plugins.

    :param autoload: load the ``pixcore.plugins`` entry points (unless the environment
        variable ``PIXCORE_DISABLE_PLUGIN_AUTOLOAD`` is set).
    :param strict: raise :class:`PluginLoadError` on a plugin that fails to load (the
        default); ``False`` logs and skips it instead.
    :param blocked: entry-point names never to load.
    :param plugins: plugin objects to register explicitly, after the entry points.
    :param environ: the environment to read (defaults to ``os.environ``).
    """
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(PixcoreSpecs)
    # Historic: every plugin registered from now on may add its own hook specs.
    pm.hook.pixcore_addhooks.call_historic(kwargs={"pluginmanager": pm})
    pm.register(Defaults(), name="pixcore-defaults")
    for name in blocked:
        pm.set_blocked(name)
    env = os.environ if environ is None else environ
    if autoload and not env.get(AUTOLOAD_ENV):
        _load_entry_points(pm, strict=strict)
    for plugin in plugins:
        _register(pm, plugin, name=None)
    _check(pm)
    return pm


def _load_entry_points(pm: pluggy.PluginManager, *, strict: bool) -> None:
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if pm.is_blocked(entry_point.name) or pm.has_plugin(entry_point.name):
            continue
        _load_one(pm, entry_point, strict=strict)


def _load_one(pm: pluggy.PluginManager, entry_point: EntryPoint, *, strict: bool) -> None:
    try:
        plugin = entry_point.load()
        _register(pm, plugin, name=entry_point.name)
    except Exception as exc:
        if strict:
            raise PluginLoadError(meta={"plugin": entry_point.name}) from exc
        _log.warning("pixcore plugin %r skipped: it failed to load", entry_point.name)
        _log.debug("pixcore plugin %r load failure", entry_point.name, exc_info=True)


def _register(pm: pluggy.PluginManager, plugin: object, *, name: str | None) -> None:
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise InvalidPluginError(meta={"plugin": name or repr(plugin)}) from exc


def _check(pm: pluggy.PluginManager) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise InvalidPluginError(meta={"plugin": pm.get_name(exc.plugin) or ""}) from exc


class PluginHost:
    """Typed façade over a plugin manager's hooks: one method per hook.

    >>> host = PluginHost(create_plugin_manager(autoload=False))
    >>> host.now().tzinfo is not None
    True
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    def _checked(self, hook: str, value: object, expected: type | tuple[type, ...]) -> None:
        if not isinstance(value, expected):
            raise HookResultError(meta={"hook": hook})

    def event_store(self) -> EventStore:
        """The event store (``pixcore_event_store``).

        :raises StoreNotConfiguredError: no plugin answers (``STORE_NOT_CONFIGURED``):
            there is no in-memory fallback.
        """
        store = self.pm.hook.pixcore_event_store()
        if store is None:
            raise StoreNotConfiguredError("STORE_NOT_CONFIGURED")
        self._checked("pixcore_event_store", store, EventStore)
        return store  # type: ignore[no-any-return]

    def check_stores(self) -> None:
        """Fail now if sessions or attachments have nowhere to go (a startup check).

        :raises StoreNotConfiguredError: ``STORE_NOT_CONFIGURED`` (no event store answers)
            or ``ATTACHMENT_STORE_NOT_CONFIGURED`` (no plugin implements
            ``pixcore_attachment_exists``). A store that fails to open raises its own
            coded error here too.
        """
        self.event_store()
        if not self.pm.hook.pixcore_attachment_exists.get_hookimpls():
            raise StoreNotConfiguredError("ATTACHMENT_STORE_NOT_CONFIGURED")

    def open_store(self, location: str) -> object | None:
        """A plugin holding the stores at ``location`` (``pixcore_open_store``), or None."""
        return self.pm.hook.pixcore_open_store(location=location)  # type: ignore[no-any-return]

    def migrate_store(self, location: str, *, apply: bool = True) -> StoreMigration | None:
        """Migrate the store at ``location`` (``pixcore_store_migrate``), or None."""
        report = self.pm.hook.pixcore_store_migrate(location=location, apply=apply)
        if report is not None:
            self._checked("pixcore_store_migrate", report, StoreMigration)
        return report  # type: ignore[no-any-return]

    def on_event(self, event: Event, stream: str, version: int) -> None:
        """Tell every observer about a stored event (``pixcore_on_event``)."""
        self.pm.hook.pixcore_on_event(event=event, stream=stream, version=version)

    def person_erased(self, session_number: int, candidate_id: str, user: str | None) -> None:
        """Tell every plugin that a candidate was erased (``pixcore_person_erased``)."""
        self.pm.hook.pixcore_person_erased(
            session_number=session_number, candidate_id=candidate_id, user=user
        )

    def now(self) -> dt.datetime:
        """The current, time-zone aware time (``pixcore_now``)."""
        now = self.pm.hook.pixcore_now()
        self._checked("pixcore_now", now, dt.datetime)
        if now.utcoffset() is None:
            raise HookResultError(meta={"hook": "pixcore_now"})
        return now  # type: ignore[no-any-return]

    def resolve_profile(self, session_number: int, user: str) -> CompetenceProfile | None:
        """The competence profile of the user joining, if a plugin knows it."""
        profile = self.pm.hook.pixcore_resolve_profile(session_number=session_number, user=user)
        if profile is not None:
            self._checked("pixcore_resolve_profile", profile, CompetenceProfile)
        return profile  # type: ignore[no-any-return]

    def store_attachment(
        self, session_number: int, kind: str, filename: str, content: bytes
    ) -> str:
        """Store a file of the session; return its reference.

        :raises StoreNotConfiguredError: no plugin stores attachments
            (``ATTACHMENT_STORE_NOT_CONFIGURED``).
        """
        reference = self.pm.hook.pixcore_store_attachment(
            session_number=session_number, kind=kind, filename=filename, content=content
        )
        if reference is None:
            raise StoreNotConfiguredError("ATTACHMENT_STORE_NOT_CONFIGURED")
        self._checked("pixcore_store_attachment", reference, str)
        return reference  # type: ignore[no-any-return]

    def attachment_exists(self, reference: str) -> bool:
        """Whether an attachment store knows ``reference``."""
        return bool(self.pm.hook.pixcore_attachment_exists(reference=reference))

    def delete_attachment(self, reference: str) -> bool:
        """Delete an attachment (``pixcore_delete_attachment``): whether one was deleted."""
        return bool(self.pm.hook.pixcore_delete_attachment(reference=reference))

    def resolve_identity(
        self, identity: VerifiedIdentity, session_number: int
    ) -> CandidateIdentity | None:
        """The civil identity a login identity joins with, if a plugin knows it."""
        found = self.pm.hook.pixcore_resolve_identity(
            identity=identity, session_number=session_number
        )
        if found is not None:
            self._checked("pixcore_resolve_identity", found, CandidateIdentity)
        return found  # type: ignore[no-any-return]

    def identity_linked(
        self, identity: VerifiedIdentity, session_number: int, candidate_id: str
    ) -> None:
        """Tell observers a login identity was linked to a candidate."""
        self.pm.hook.pixcore_on_identity_linked(
            identity=identity, session_number=session_number, candidate_id=candidate_id
        )

    def school_details(self, session_number: int, establishment: str | None) -> SchoolDetails:
        """The school's details for its documents; ``SchoolDetails()`` when none answers."""
        found = self.pm.hook.pixcore_school_details(
            session_number=session_number, establishment=establishment
        )
        if found is None:
            return SchoolDetails()
        self._checked("pixcore_school_details", found, SchoolDetails)
        return found  # type: ignore[no-any-return]
