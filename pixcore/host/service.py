"""The session service: runs commands against the event store, for host applications.

The one place where the lifecycle meets the outside: it asks the plugin host for the
event store and the time, replays the session, lets the pure :func:`decide` choose the
events, appends them with optimistic concurrency (retrying on a conflict with the fresh
state) and tells observers. Everything it decides comes from the pure core.

It keeps the states of the sessions it used most recently (an LRU of ``cache_sessions``
entries, :data:`DEFAULT_CACHE_SESSIONS` by default), so that a long-running host's
memory stays bounded however many sessions it serves.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence

from pixcore import events as ev
from pixcore.errors import InvalidInputError, NotFoundError, StoreCorruptError
from pixcore.host.personal import append_sealed, enrolled_ids, load_resolved, refs_to_erase
from pixcore.host.plugins import PluginHost
from pixcore.host.store import ConcurrencyError, check_versions
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.decide import decide
from pixcore.lifecycle.evolve import replay
from pixcore.lifecycle.results import CertificationResult, publishability, session_results
from pixcore.lifecycle.state import EMPTY, SessionState
from pixcore.lifecycle.vault import carries_personal_data
from pixcore.models.decisions import JuryPolicy
from pixcore.models.identity import VerifiedIdentity
from pixcore.rules.engine import Engine
from pixcore.rules.identity import CandidateIdentity

__all__ = ["DEFAULT_CACHE_SESSIONS", "Joined", "SessionService"]

MAX_ATTEMPTS = 5

DEFAULT_CACHE_SESSIONS = 256
"""Session states a :class:`SessionService` keeps by default (about 90 KB each for a
40-candidate session: ~25 MB); older ones are replayed from the store when used again."""


@dataclasses.dataclass(frozen=True, slots=True)
class Joined:
    """What a host needs after a candidate joined: the certification to drive next.

    ``resumed`` is true when the candidate came back to a test already started (same
    certification number, DAY-15); ``next_question`` is the 1-based number of the next
    question to show; ``events`` are the events stored by this join.
    """

    certification_number: int
    candidate_id: str
    question_count: int
    next_question: int
    resumed: bool
    events: tuple[ev.Event, ...]


def _joined(state: SessionState, events: Sequence[ev.Event]) -> Joined:
    number = next(
        event.certification_number
        for event in events
        if isinstance(event, ev.CertificationStarted | ev.CertificationResumed)
    )
    course = state.certifications[number]
    return Joined(
        certification_number=number,
        candidate_id=course.candidate_id,
        question_count=course.question_count,
        next_question=len(course.answers) + 1,
        resumed=not any(isinstance(event, ev.CertificationStarted) for event in events),
        events=tuple(events),
    )


class SessionService:
    """Runs lifecycle commands for a host: load, decide, append, notify.

    The stores are checked when the service is built: without an event store or an
    attachment store it raises :class:`~pixcore.errors.StoreNotConfiguredError` at once,
    never at the first command and never by falling back to memory.

    :param host: the plugin host; its plugins provide the stores and the clock.
    :param policy: the jury policy (defaults: :class:`JuryPolicy`).
    :param engine: the rules engine (default: the pure interpreter).
    :param cache_sessions: how many session states to keep (LRU); 0 keeps none.

    >>> from pixcore.host.memory import MemoryStorePlugin
    >>> from pixcore.host.plugins import create_plugin_manager
    >>> pm = create_plugin_manager(autoload=False, plugins=[MemoryStorePlugin()])
    >>> service = SessionService(PluginHost(pm))
    """

    def __init__(
        self,
        host: PluginHost,
        *,
        policy: JuryPolicy | None = None,
        engine: Engine | None = None,
        cache_sessions: int = DEFAULT_CACHE_SESSIONS,
    ) -> None:
        if cache_sessions < 0:
            raise ValueError("cache_sessions must be 0 or more")
        host.check_stores()
        self.host = host
        self.policy = policy or JuryPolicy()
        self.engine = engine
        self.cache_sessions = cache_sessions
        self._known: OrderedDict[str, SessionState] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, session_number: int) -> SessionState:
        """The session's state: the last state this service saw, plus newer events.

        Events are append-only, so a known state only needs the events stored after
        its version (written by this service or any other writer).

        :raises StoreCorruptError: the store's versions do not follow the known state.
        """
        stream = str(session_number)
        with self._lock:
            known = self._known.get(stream, EMPTY)
        newer = load_resolved(self.host.event_store(), stream, known.version)
        check_versions(stream, known.version, [item.version for item in newer])
        state = replay((item.event for item in newer), known) if newer else known
        self._remember(stream, state)
        return state

    def _remember(self, stream: str, state: SessionState) -> None:
        if not self.cache_sessions or not state.version:  # nothing to save for no session
            return
        with self._lock:
            current = self._known.get(stream)
            if current is None or current.version <= state.version:
                self._known[stream] = state
            self._known.move_to_end(stream)
            while len(self._known) > self.cache_sessions:
                self._known.popitem(last=False)

    def execute(self, session_number: int, command: cmd.Command) -> list[ev.Event]:
        """Decide and store ``command``'s events; retry on a concurrent change.

        Raises the command's coded refusal, or :class:`ConcurrencyError` after
        ``MAX_ATTEMPTS`` conflicts in a row.
        """
        if isinstance(command, cmd.Finalise):
            self._check_attachments(command)
        store = self.host.event_store()
        stream = str(session_number)
        for attempt in range(MAX_ATTEMPTS):
            state = self.load(session_number)
            now = self.host.now()
            events = decide(state, command, now, policy=self.policy, engine=self.engine)
            if not events:
                return []
            try:
                version = append_sealed(
                    store, stream, events, expected_version=state.version, recorded_at=now
                )
            except ConcurrencyError:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                continue
            self._notify(stream, events, version)
            return events
        raise AssertionError("unreachable")  # pragma: no cover

    def erase_personal_data(
        self, session_number: int, command: cmd.ErasePersonalData
    ) -> list[ev.Event]:
        """Erase personal data for good, then record the erasure (issue 17).

        The records go first (so that a failure after it still reads as erased), then
        ``PersonalDataErased`` is appended; the observers of ``pixcore_person_erased``
        are told each candidate's account id so that they drop their links (GAR IDO,
        Pix account). Erasing a candidate also erases the descriptions of the reports
        filed on their certifications.

        :raises RefusedError: ``PERSONAL_DATA_STILL_NEEDED`` (see
            :class:`~pixcore.lifecycle.commands.ErasePersonalData`).
        :raises NotFoundError: ``NOTHING_TO_ERASE`` when a candidate named was never
            enrolled, ``SESSION_UNKNOWN``.
        :raises StoreCorruptError: ``PERSONAL_DATA_NOT_MIGRATED``: the store still has
            personal data in its events (written before issue 17): migrate it first.
        """
        stream = str(session_number)
        state = self.load(session_number)
        decide(state, command, self.host.now(), policy=self.policy, engine=self.engine)
        store = self.host.event_store()
        history = [item.event for item in store.load(stream)]
        if any(carries_personal_data(event) for event in history):
            raise StoreCorruptError("PERSONAL_DATA_NOT_MIGRATED", meta={"stream": stream})
        enrolled = enrolled_ids(history)
        if any(c not in enrolled and c not in state.candidates for c in command.candidate_ids):
            raise NotFoundError("NOTHING_TO_ERASE")
        reports = set(command.report_ids) | {
            report_id for report_id, entry in state.reports.items()
            if entry.report.certification_number in state.certifications
            and state.certifications[entry.report.certification_number].candidate_id
            in command.candidate_ids
        }  # fmt: skip
        command = command.model_copy(update={"report_ids": tuple(sorted(reports))})
        store.erase_personal_data(
            refs_to_erase(history, command.candidate_ids, reports, command.comments)
        )
        if command.attachments and state.finalisation is not None:
            done = state.finalisation
            for reference in (done.pv_scan, *done.incident_reports.values(), *done.attachments):
                self.host.delete_attachment(reference)
        accounts = {c: state.users.get(c) for c in command.candidate_ids}
        with self._lock:
            self._known.pop(stream, None)  # no cached copy of what was erased
        events = self.execute(session_number, command)
        for candidate_id, user in accounts.items():
            self.host.person_erased(session_number, candidate_id, user)
        return events

    def erase_person(self, session_number: int, candidate_id: str) -> list[ev.Event]:
        """Erase one candidate on their request (RGPD art. 17): :meth:`erase_personal_data`."""
        command = cmd.ErasePersonalData(reason="request", candidate_ids=(candidate_id,))
        return self.erase_personal_data(session_number, command)

    def _check_attachments(self, command: cmd.Finalise) -> None:
        references = [command.pv_scan or "", *command.incident_reports.values()]
        references += list(command.attachments)
        for reference in references:
            if reference and not self.host.attachment_exists(reference):
                raise InvalidInputError("ATTACHMENT_UNKNOWN")

    def _notify(self, stream: str, events: Sequence[ev.Event], version: int) -> None:
        first = version - len(events) + 1
        for offset, event in enumerate(events):
            self.host.on_event(event, stream, first + offset)

    def join(
        self,
        session_number: int,
        *,
        identity: VerifiedIdentity,
        access_code: str,
        typed: CandidateIdentity | cmd.JoinSession | None = None,
    ) -> Joined:
        """Join (or rejoin) a session after a login: the identity, then D7 and D8.

        The civil identity comes from ``pixcore_resolve_identity`` (e.g. the GAR learner
        record) or, failing that, from what the candidate typed (``typed``); the profile
        from ``pixcore_resolve_profile``. Returns the certification to drive next.

        :param typed: the names and birth date the candidate typed
            (:class:`~pixcore.CandidateIdentity`), used when no hook resolves the identity.
        """
        resolved = self.host.resolve_identity(identity, session_number)
        if resolved is None and typed is None:
            raise NotFoundError("CANDIDATE_NOT_FOUND")
        first, last, born = (
            (resolved.first_name, resolved.last_name, resolved.birth_date)
            if resolved is not None
            else (typed.first_name, typed.last_name, typed.birth_date)  # type: ignore[union-attr]
        )
        user = f"{identity.provider}:{identity.subject}"
        profile = self.host.resolve_profile(session_number, user)
        command = cmd.JoinSession(
            session_number=session_number, access_code=access_code, first_name=first,
            last_name=last, birth_date=born, user=user, profile=profile,
        )  # fmt: skip
        joined = self.join_session(command)
        for event in joined.events:
            if isinstance(event, ev.CandidateJoined):
                self.host.identity_linked(identity, session_number, event.candidate_id)
        return joined

    def join_session(self, command: cmd.JoinSession) -> Joined:
        """Run a :class:`~pixcore.lifecycle.commands.JoinSession` and return its certification.

        For hosts that identify candidates themselves (no login hook): the typed
        result carries the certification number, so the host never digs in events.
        """
        events = self.execute(command.session_number, command)
        return _joined(self.load(command.session_number), events)

    def results(self, session_number: int) -> tuple[CertificationResult, ...]:
        """Every certification's result (D6)."""
        return session_results(self.load(session_number), self.policy, engine=self.engine)

    def publishability(self, session_number: int) -> tuple[str, ...]:
        """Why the session is not automatically publishable (empty: it is)."""
        return publishability(self.load(session_number), self.policy, engine=self.engine)
