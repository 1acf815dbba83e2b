"""Hook specifications: what host applications and plugins can plug into pixcore.

One spec class, :class:`PixcoreSpecs`; every hook is named ``pixcore_*``, typed,
synchronous and documented here and in ``docs/hooks.md``. Plugins implement hooks with
:data:`hookimpl` (``from pixcore import hookimpl``). Adapters declare their own hooks
(``pixcore_gar_*``, ``pixcore_pixaccount_*``) through :meth:`PixcoreSpecs.pixcore_addhooks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from pixcore.events import Event
    from pixcore.host.migrations import StoreMigration
    from pixcore.host.store import EventStore
    from pixcore.models.competence import CompetenceProfile
    from pixcore.models.identity import VerifiedIdentity
    from pixcore.models.school import SchoolDetails
    from pixcore.rules.identity import CandidateIdentity

__all__ = ["PROJECT_NAME", "PixcoreSpecs", "hookimpl", "hookspec"]

PROJECT_NAME = "pixcore"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marker for hook specifications (pixcore and its adapters)."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marker for hook implementations: ``@pixcore.hookimpl def pixcore_on_event(...)``."""


class PixcoreSpecs:
    """The hooks of the pixcore core."""

    @hookspec(historic=True)
    def pixcore_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        """Add hook specifications, e.g. an adapter's own hooks.

        Called once for every plugin, also for plugins registered later (historic).
        Incompatible with hook wrappers.

        :param pluginmanager: the host's plugin manager; call
            ``pluginmanager.add_hookspecs(MySpecs)``.

        **Example**::

            @hookimpl
            def pixcore_addhooks(pluginmanager):
                pluginmanager.add_hookspecs(GarSpecs)
        """

    @hookspec(firstresult=True)
    def pixcore_event_store(self) -> EventStore | None:
        """Return the event store where sessions live (the first answer wins).

        There is **no default**: with no answer, ``SessionService`` refuses to start
        (``STORE_NOT_CONFIGURED``) rather than keep sessions in memory and lose them at
        restart. ``pixcore-sqlite`` answers with its embedded store; tests and demos
        register ``pixcore.host.memory.MemoryStorePlugin`` on purpose.

        **Example**::

            @hookimpl
            def pixcore_event_store():
                return SqliteEventStore("sessions.db")
        """

    @hookspec(firstresult=True)
    def pixcore_open_store(self, location: str) -> object | None:
        """Open the stores at ``location`` and return them as a plugin to register.

        How a host or the command line chooses a store by name, without importing the
        store's package: each store distribution answers for the locations it owns
        (``pixcore-sqlite``: a file path or ``sqlite:PATH``) and returns ``None`` for
        the others. The returned object is a plugin (it answers
        ``pixcore_event_store``, and may have a ``close()`` method the caller calls when
        done). The first answer wins; no answer means no installed store handles it.

        :param location: a path or URL, e.g. ``"sessions.db"`` or
            ``"sqlite:/var/lib/pixcore/pixcore.db?synchronous=NORMAL"``.

        **Example**::

            @hookimpl
            def pixcore_open_store(location):
                if location.startswith("mystore:"):
                    return MyStorePlugin(location.removeprefix("mystore:"))
                return None
        """

    @hookspec(firstresult=True)
    def pixcore_store_migrate(self, location: str, apply: bool) -> StoreMigration | None:
        """Bring the store at ``location`` to the schema this code needs; say what was done.

        What ``pixcore store migrate --store LOCATION`` calls. Each store distribution
        answers for the locations it owns (as for ``pixcore_open_store``) and returns
        ``None`` for the others; the first answer wins. Migrating must be idempotent
        (a second run applies nothing) and safe when several servers run it at once.
        With ``apply=False`` nothing is changed: the answer lists what would be applied.

        :param location: the store's location, e.g. ``"postgresql://db/pixcore"``.
        :param apply: apply the missing migrations (``False``: only report them).
        :returns: a :class:`~pixcore.host.migrations.StoreMigration`, or ``None``.

        **Example**::

            @hookimpl
            def pixcore_store_migrate(location, apply):
                if not location.startswith("mystore:"):
                    return None
                return my_schema.upgrade(location.removeprefix("mystore:"), dry_run=not apply)
        """

    @hookspec
    def pixcore_on_event(self, event: Event, stream: str, version: int) -> None:
        """Observe every domain event, after it is stored.

        Observers (audit, notifications) must not raise: an exception propagates to the
        caller of the command, after the event was stored.

        :param event: the domain event, an immutable pydantic model.
        :param stream: the session's stream (its number, as text), or an adapter's name
            (``"gar"``) for audit events that are not stored.
        :param version: the event's version in the stream (1, 2, ...); 0 when not stored.

        **Example**::

            @hookimpl
            def pixcore_on_event(event, stream, version):
                audit_log.append((stream, version, event.model_dump(mode="json")))
        """

    @hookspec
    def pixcore_person_erased(
        self, session_number: int, candidate_id: str, user: str | None
    ) -> None:
        """A candidate's personal data was erased (issue 17): drop what you hold on them.

        ``user`` is the account the candidate joined with (``gar:<IDO>``,
        ``pix:<id>``), ``None`` if they never joined: an adapter keeping a link from that
        account (the GAR IDO link, a Pix-account token) deletes it. Must not raise.
        """

    @hookspec(firstresult=True)
    def pixcore_now(self) -> dt.datetime | None:
        """Return the current time, time-zone aware (the first answer wins).

        The pure core never reads the clock; the session service asks this hook once per
        command. The default, ``trylast``, reads the system clock in UTC.

        **Example**::

            @hookimpl
            def pixcore_now():
                return frozen_test_time
        """

    @hookspec(firstresult=True)
    def pixcore_resolve_profile(self, session_number: int, user: str) -> CompetenceProfile | None:
        """Return the candidate's Pix competence profile (pix per competence), or None.

        Asked when a candidate joins: eligibility (D1) and V2 scoring use it. The
        default answers None (no eligibility check at joining).

        **Example**::

            @hookimpl
            def pixcore_resolve_profile(session_number, user):
                return CompetenceProfile(pix=pix_api.profile_of(user))
        """

    @hookspec(firstresult=True)
    def pixcore_store_attachment(
        self, session_number: int, kind: str, filename: str, content: bytes
    ) -> str | None:
        """Store a file of the session and return its reference (the first answer wins).

        ``kind`` is ``pv_session`` (the scanned PV de session), ``pv_incident`` (a
        fraud's incident report) or ``other`` (photos, other files). There is no
        default (``ATTACHMENT_STORE_NOT_CONFIGURED``): ``pixcore.host.attachments.
        FolderAttachments`` keeps them in a folder, ``MemoryAttachments`` in memory.

        **Example**::

            @hookimpl
            def pixcore_store_attachment(session_number, kind, filename, content):
                return s3.put(f"{session_number}/{kind}/{filename}", content)
        """

    @hookspec(firstresult=True)
    def pixcore_attachment_exists(self, reference: str) -> bool | None:
        """Say whether an attachment reference is stored (the first answer wins).

        Finalisation refuses references no store knows. ``SessionService`` refuses to
        start when no plugin implements this hook (``ATTACHMENT_STORE_NOT_CONFIGURED``).

        **Example**::

            @hookimpl
            def pixcore_attachment_exists(reference):
                return s3.exists(reference)
        """

    @hookspec(firstresult=True)
    def pixcore_delete_attachment(self, reference: str) -> bool | None:
        """Delete an attachment for good (retention, issue 17); the first answer wins.

        True: deleted; False: this store's reference, but nothing held; None: not this
        store's reference.

        **Example**::

            @hookimpl
            def pixcore_delete_attachment(reference):
                return s3.delete(reference) if reference.startswith("s3:") else None
        """

    @hookspec(firstresult=True)
    def pixcore_resolve_identity(
        self, identity: VerifiedIdentity, session_number: int
    ) -> CandidateIdentity | None:
        """Map a login identity to the civil identity typed when joining (D8).

        GAR sends no birth date: the host answers with the student record linked to the
        identity (names as enrolled, birth date). Pix-account hosts may answer with what
        the candidate typed. None: the candidate must type them.

        **Example**::

            @hookimpl
            def pixcore_resolve_identity(identity, session_number):
                learner = school.learner_of(identity.subject)
                return CandidateIdentity(learner.first_name, learner.last_name, learner.born)
        """

    @hookspec
    def pixcore_on_identity_linked(
        self, identity: VerifiedIdentity, session_number: int, candidate_id: str
    ) -> None:
        """Observe a login identity linked to a candidate of a session (audit).

        **Example**::

            @hookimpl
            def pixcore_on_identity_linked(identity, session_number, candidate_id):
                audit.info("linked", provider=identity.provider, candidate=candidate_id)
        """

    @hookspec(firstresult=True)
    def pixcore_school_details(
        self, session_number: int, establishment: str | None
    ) -> SchoolDetails | None:
        """Return the school's name, address, logo and wording for its printed documents.

        Asked once per document (PV de session, notices, convocations, attestations...:
        ``docs/documents.md``). The first answer wins. The default, when no plugin
        answers: the session's site as the school's name, no address, no logo, the
        default French wording. ``wording`` overrides texts by key; an unknown key is
        refused when the document is rendered (``DOCUMENT_WORDING_UNKNOWN``).

        :param session_number: the session the document is for.
        :param establishment: the school's UAI when the session has one, else None.

        **Example**::

            @hookimpl
            def pixcore_school_details(session_number, establishment):
                return SchoolDetails(
                    name="Collège Jean Moulin",
                    address=("12 rue des Écoles", "75005 Paris"),
                    logo=Path("logo.png").read_bytes(),
                    wording={"convocation.signature": "La principale adjointe"},
                )
        """

    @hookspec
    def pixcore_cli_commands(
        self, commands: argparse._SubParsersAction[argparse.ArgumentParser]
    ) -> None:
        """Add subcommands to the ``pixcore`` command line (e.g. ``pixcore serve``).

        Called once when the command line builds its parser, on the plugins of the
        entry-point group ``pixcore.commands`` only (so that a command-line run imports no
        adapter it does not use), loaded tolerantly: one that fails to load adds no
        command. Each subcommand sets ``handler`` (a function
        of the parsed ``argparse.Namespace`` returning the exit code) with
        ``set_defaults``; a coded :class:`~pixcore.errors.PixcoreError` it raises is
        printed as a French message, like the built-in commands'.

        :param commands: the ``pixcore`` parser's subparsers; call ``add_parser``.

        **Example**::

            @hookimpl
            def pixcore_cli_commands(commands):
                serve = commands.add_parser("serve", help="servir l'application web")
                serve.set_defaults(handler=run_server, json=False)
        """
