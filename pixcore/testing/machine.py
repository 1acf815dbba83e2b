"""``SessionMachine``: a hypothesis state machine that drives a whole session.

Random sequences of referent, candidate, invigilator and jury commands run through a
:class:`~pixcore.host.service.SessionService`; after every step the invariants of
the lifecycle are checked. Hosts subclass it and override :meth:`make_store` (or
:meth:`make_plugins`) to run the same machine against *their* storage::

    class MyStoreMachine(SessionMachine):
        def make_store(self):
            return MyEventStore(...)

    TestMyStore = MyStoreMachine.TestCase

A store author runs it through :mod:`pixcore.testing.store_contract` instead, which runs
it on the store with a cold second handle, along with the rest of the store contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from pixcore.errors import PixcoreError
from pixcore.events import (
    AbortReason,
    AutomaticJuryDone,
    CandidateEnrolled,
    CandidateJoined,
    Event,
    IssueReportFiled,
    JuryAction,
    PersonalDataErased,
    SessionFinalised,
)
from pixcore.host.hookspecs import hookimpl
from pixcore.host.memory import EventStorePlugin, MemoryAttachments
from pixcore.host.personal import load_resolved
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.host.store import EventStore, InMemoryEventStore
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle import vault
from pixcore.lifecycle.decide import candidate_deadline
from pixcore.lifecycle.evolve import replay
from pixcore.lifecycle.jury import automatic_jury
from pixcore.lifecycle.results import session_results
from pixcore.lifecycle.state import ERASED, SessionState
from pixcore.models import CORE_COMPETENCES, BirthPlace, Candidate, CompetenceProfile, Session
from pixcore.rules.timing import BASE_DURATION_MINUTES

__all__ = ["FakeClock", "SessionMachine"]

NUMBER = 777
CODE = "BCDF23"
START = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:6], 12))
NAMES = (("Léa", "Dubois"), ("Maël", "Lefèvre"), ("Zoé", "N'Diaye"), ("Noé", "Garnier"))
STATUSES = ("ok", "ok", "ko", "aband", "focusedOut", "partially", "timedout")
QUESTIONS = 6
_JURY = tuple(
    action
    for action in get_args(JuryAction)
    if action not in ("resolve_report", "neutralise", "deneutralise")
)
"""The jury's certification-wide actions (questions and reports have their own rules)."""


class FakeClock:
    """A ``pixcore_now`` plugin whose time moves only when told."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    @hookimpl
    def pixcore_now(self) -> dt.datetime:
        """The fake current time."""
        return self.now


def _candidate(first: str, last: str, extra: str | None) -> Candidate:
    place = BirthPlace(
        country_code="99100",
        country="FRANCE",
        city="Paris",
        insee_code="75056",
        department_code="75",
    )
    return Candidate(
        last_name=last,
        first_name=first,
        birth_date=dt.date(2010, 5, 17),
        sex="F",
        birth_place=place,
        extra_time={"fraction": extra} if extra else None,  # type: ignore[arg-type]
    )


class SessionMachine(RuleBasedStateMachine):
    """Random sessions through the service; invariants after every step."""

    def make_store(self) -> EventStore:
        """The event store under test (override it)."""
        return InMemoryEventStore()

    def make_plugins(self) -> list[object]:
        """Plugins registered with the clock: :meth:`make_store`'s store, attachments."""
        return [EventStorePlugin(self.make_store()), MemoryAttachments()]

    @initialize()
    def create_session(self) -> None:
        """A session with four enrolled candidates, one with 33 % extra time."""
        self.clock = FakeClock()
        pm = create_plugin_manager(autoload=False, plugins=[self.clock, *self.make_plugins()])
        self.host = PluginHost(pm)
        self.service = SessionService(self.host)
        self.history: list[Event] = []
        session = Session(
            number=NUMBER,
            site="Collège",
            room="B1",
            date=START.date(),
            time=START.time(),
            invigilator="Mme Martin",
            access_code=CODE,
        )
        self._run(cmd.CreateSession(session=session))
        for index, (first, last) in enumerate(NAMES):
            self._run(
                cmd.EnrolCandidate(
                    candidate=_candidate(first, last, "0.33" if index == 1 else None)
                )
            )
        self._run(cmd.NoteStartTime(noted_start=START))
        self.pv_scan = self.host.store_attachment(NUMBER, "pv_session", "pv.pdf", b"%PDF-1.4")

    # ------------------------------------------------------------------ helpers

    @property
    def state(self) -> SessionState:
        """The session as the store gives it back."""
        return self.service.load(NUMBER)

    def _run(self, command: cmd.Command) -> bool:
        before = self.state.version
        try:
            events = self.service.execute(NUMBER, command)
        except PixcoreError:
            assert self.state.version == before, "a refused command recorded something"
            return False
        self.history += events
        return True

    def _numbers(self) -> list[int]:
        return sorted(self.state.certifications)

    # ------------------------------------------------------------------ rules

    @rule(minutes=st.integers(0, 20))
    def time_passes(self, minutes: int) -> None:
        """The clock moves on."""
        self.clock.now += dt.timedelta(minutes=minutes)

    @rule(candidate=st.integers(0, 3), user=st.integers(0, 4))
    def join(self, candidate: int, user: int) -> None:
        """A candidate joins (or rejoins) with some account."""
        first, last = NAMES[candidate]
        self._run(
            cmd.JoinSession(
                session_number=NUMBER,
                access_code=CODE,
                first_name=first,
                last_name=last,
                birth_date=dt.date(2010, 5, 17),
                user=f"user-{user}",
                profile=PROFILE,
                question_count=QUESTIONS,
            )
        )

    @precondition(lambda self: bool(self.state.certifications))
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def answer(self, data: st.DataObject, status: str) -> None:
        """A candidate answers or skips."""
        number = data.draw(st.sampled_from(self._numbers()))
        self._run(cmd.RecordAnswer(certification_number=number, status=status))  # type: ignore[arg-type]

    @precondition(lambda self: bool(self.state.certifications))
    @rule(data=st.data(), kind=st.sampled_from(["E4", "C1", "FRAUD", "C7", "invalid"]))
    def report(self, data: st.DataObject, kind: str) -> None:
        """The invigilator files a report (sometimes an invalid one)."""
        number = data.draw(st.sampled_from(self._numbers()))
        payloads: dict[str, dict[str, Any]] = {
            "E4": {
                "category": "IN_CHALLENGE",
                "subcategory": "WEBSITE_UNAVAILABLE",
                "question_number": data.draw(st.integers(1, QUESTIONS)),
                "description": "panne",
            },
            "C1": {
                "category": "CANDIDATE_INFORMATIONS_CHANGES",
                "subcategory": "NAME_OR_BIRTHDATE",
                "description": "nom",
            },
            "FRAUD": {"category": "FRAUD", "incident_report_attachment": "pv-incident.pdf"},
            "C7": {"category": "NON_BLOCKING_TECHNICAL_ISSUE", "description": "souris"},
            "invalid": {"category": "IN_CHALLENGE", "description": " "},
        }
        payload = payloads[kind]
        self._run(
            cmd.FileIssueReport(
                data={"certification_number": number, **payload}, filed_by="invigilator"
            )
        )

    @precondition(lambda self: bool(self.state.certifications))
    @rule(data=st.data(), seen=st.booleans())
    def confirm_end_screen(self, data: st.DataObject, seen: bool) -> None:
        """The invigilator ticks (or not) the end-screen box."""
        number = data.draw(st.sampled_from(self._numbers()))
        self._run(cmd.ConfirmEndScreen(certification_number=number, seen=seen))

    @precondition(lambda self: bool(self.state.certifications))
    @rule(data=st.data())
    def end_test(self, data: st.DataObject) -> None:
        """The invigilator ends a test."""
        self._run(cmd.EndTest(certification_number=data.draw(st.sampled_from(self._numbers()))))

    @rule(reason=st.sampled_from(["candidate", "technical"]), complete=st.booleans())
    def finalise(self, reason: AbortReason, complete: bool) -> None:
        """The referent finalises, with (or without) every abort reason."""
        state = self.state
        unfinished = [n for n, c in state.certifications.items() if not c.finished]
        reasons = dict.fromkeys(unfinished if complete else unfinished[1:], reason)
        self._run(
            cmd.Finalise(
                abort_reasons=reasons,
                pv_scan=self.pv_scan,
                has_incident=False,
                has_joining_issue=False,
            )
        )

    @precondition(lambda self: bool(self.state.certifications))
    @rule(data=st.data(), action=st.sampled_from(_JURY))
    def jury(self, data: st.DataObject, action: str) -> None:
        """A jury member acts."""
        number = data.draw(st.sampled_from(self._numbers()))
        self._run(cmd.JuryAct(action=action, certification_number=number, jury_member="J"))  # type: ignore[arg-type]

    @precondition(lambda self: bool(self.state.certifications))
    @rule(data=st.data(), action=st.sampled_from(["neutralise", "deneutralise"]))
    def jury_question(self, data: st.DataObject, action: str) -> None:
        """A jury member (de-)neutralises a question by hand; the answer follows."""
        number = data.draw(st.sampled_from(self._numbers()))
        question = data.draw(st.integers(1, QUESTIONS + 1))
        command = cmd.JuryAct(action=action, certification_number=number,  # type: ignore[arg-type]
                              question_number=question, jury_member="J")  # fmt: skip
        if self._run(command):
            answer = self.state.certifications[number].answers[question - 1]
            assert answer.neutralised == (action == "neutralise")

    @precondition(lambda self: bool(self.state.reports))
    @rule(data=st.data())
    def jury_resolves_report(self, data: st.DataObject) -> None:
        """A jury member resolves a report by hand."""
        report = data.draw(st.sampled_from(sorted(self.state.reports)))
        command = cmd.JuryAct(action="resolve_report", report_id=report, jury_member="J")
        if self._run(command):
            assert self.state.reports[report].resolution == "resolved_by_jury"

    @rule()
    def publish(self) -> None:
        """Someone publishes."""
        self._run(cmd.Publish())

    @rule()
    def unfinalise(self) -> None:
        """A jury member unfinalises."""
        self._run(cmd.Unfinalise(jury_member="J"))

    @rule(candidate=st.integers(0, 3))
    def erase(self, candidate: int) -> None:
        """A pupil's personal data is erased (issue 17).

        Refused while the session needs it; otherwise every result stays the same and
        the civil data is gone.
        """
        ids = [e.candidate_id for e in self.history if isinstance(e, CandidateEnrolled)]
        target = ids[candidate]
        state = self.state
        results = session_results(state)
        command = cmd.ErasePersonalData(candidate_ids=(target,))
        try:
            events = self.service.erase_personal_data(NUMBER, command)
        except PixcoreError:
            assert self.state.version == state.version, "a refused erasure recorded something"
            assert not state.finalised and target in state.candidates
            return
        self.history += events
        after = self.state
        assert target not in after.candidates and target in after.erased
        assert session_results(after) == results, "an erasure changed a result"
        others = {k: v for k, v in state.candidates.items() if k != target}
        assert dict(after.candidates) == others

    # ------------------------------------------------------------------ invariants

    @invariant()
    def store_keeps_every_event_in_order(self) -> None:
        """No event is lost, duplicated or reordered; versions are 1..N."""
        store = self.host.event_store()
        stored = store.load(str(NUMBER))
        assert not any(vault.carries_personal_data(item.event) for item in stored)
        resolved = [vault.plain(item.event) for item in load_resolved(store, str(NUMBER), 0)]
        assert len(resolved) == len(self.history)
        erasures = [e for e in self.history if isinstance(e, PersonalDataErased)]
        candidates = {c for e in erasures for c in e.candidate_ids}
        reports = {r for e in erasures for r in e.report_ids}
        for back, event in zip(resolved, self.history, strict=True):
            if isinstance(event, CandidateEnrolled) and event.candidate_id in candidates:
                assert isinstance(back, CandidateEnrolled) and back.enrolled is None
            elif isinstance(event, CandidateJoined) and event.candidate_id in candidates:
                assert back == event.model_copy(update={"user": None})
            elif isinstance(event, IssueReportFiled) and event.report_id in reports:
                assert isinstance(back, IssueReportFiled)
                assert back.report.description in (None, ERASED)
            else:
                assert back == event
        assert [item.version for item in stored] == list(range(1, len(stored) + 1))

    @invariant()
    def reload_equals_memory(self) -> None:
        """Replaying the stored events gives the state the history gives."""
        assert self.state == replay(self.history)

    @invariant()
    def one_certification_per_candidate(self) -> None:
        """Never two certifications for one candidate."""
        owners = [c.candidate_id for c in self.state.certifications.values()]
        assert len(owners) == len(set(owners))

    @invariant()
    def deadlines_never_shortchange(self) -> None:
        """Every candidate has at least 1 h 45 (more with extra time) from their start."""
        state = self.state
        for course in state.certifications.values():
            end = candidate_deadline(state, course)
            assert end - course.started_at >= dt.timedelta(minutes=BASE_DURATION_MINUTES)

    @invariant()
    def published_means_every_certification_scored(self) -> None:
        """Published ⇒ every certification has a result and none is in error."""
        state = self.state
        if state.published_at is not None:
            assert all(r.status not in ("error", "started") for r in session_results(state))

    @invariant()
    def finalised_means_frozen_for_the_centre(self) -> None:
        """After finalisation only jury actions, publication or unfinalisation happen."""
        allowed = (AutomaticJuryDone, SessionFinalised, PersonalDataErased)
        seen_finalisation = False
        for event in self.history:
            if isinstance(event, SessionFinalised):
                seen_finalisation = True
            elif seen_finalisation and event.type == "session_unfinalised":  # type: ignore[attr-defined]
                seen_finalisation = False
            elif seen_finalisation:
                assert isinstance(event, allowed) or event.type in (  # type: ignore[attr-defined]
                    "jury_decision_made",
                    "session_published",
                )

    @invariant()
    def automatic_jury_is_deterministic(self) -> None:
        """The automatic jury gives the same event twice on the same finalised state."""
        events = self.history
        for index, event in enumerate(events):
            if isinstance(event, AutomaticJuryDone):
                before = replay(events[:index])
                assert automatic_jury(before, event.at) == event
