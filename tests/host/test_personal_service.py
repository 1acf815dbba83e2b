"""Issue 17 through the session service: hooks, legacy logs, the export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixcore import events as ev
from pixcore.errors import PixcoreError
from pixcore.host.attachments import FolderAttachments
from pixcore.host.hookspecs import hookimpl
from pixcore.host.memory import EventStorePlugin, MemoryStorePlugin
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.privacy import apply_retention, export_person, retention_plan
from pixcore.host.service import SessionService
from pixcore.host.store import InMemoryEventStore, RawEvent
from pixcore.lifecycle import commands as cmd
from pixcore.models import BirthPlace, Candidate, CompetenceProfile, Session
from pixcore.models.competence import CORE_COMPETENCES
from pixcore.testing.machine import FakeClock
from pixcore.testing.strategies import french_names

START = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
PLACE = BirthPlace(country_code="99100", country="FRANCE", city="Paris", insee_code="75056",
                   department_code="75")  # fmt: skip
PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:6], 12))


class Observer:
    def __init__(self) -> None:
        self.erased: list[tuple[int, str, str | None]] = []
        self.events: list[ev.Event] = []

    @hookimpl
    def pixcore_person_erased(
        self, session_number: int, candidate_id: str, user: str | None
    ) -> None:
        self.erased.append((session_number, candidate_id, user))

    @hookimpl
    def pixcore_on_event(self, event: ev.Event, stream: str, version: int) -> None:
        self.events.append(event)


def _service(*plugins: object) -> tuple[SessionService, MemoryStorePlugin]:
    memory = MemoryStorePlugin()
    pm = create_plugin_manager(autoload=False, plugins=[FakeClock(START), memory, *plugins])
    return SessionService(PluginHost(pm)), memory


def _candidate(last: str, first: str) -> Candidate:
    return Candidate(last_name=last, first_name=first, birth_date=dt.date(2010, 5, 17),
                     sex="F", birth_place=PLACE)  # fmt: skip


def _create(service: SessionService) -> None:
    session = Session(number=7, site="Collège", room="B1", date=START.date(), time=START.time(),
                      invigilator="M", access_code="BCDF23")  # fmt: skip
    service.execute(7, cmd.CreateSession(session=session))


def test_plugins_are_told_the_account_to_unlink_and_observers_see_the_erasure() -> None:
    observer = Observer()
    service, _ = _service(observer)
    _create(service)
    service.execute(7, cmd.EnrolCandidate(candidate=_candidate("Dubois", "Léa")))
    service.execute(7, cmd.NoteStartTime(noted_start=START))
    service.execute(7, cmd.JoinSession(session_number=7, access_code="BCDF23", first_name="Léa",
                                       last_name="Dubois", birth_date=dt.date(2010, 5, 17),
                                       user="gar:IDO-1", profile=PROFILE, question_count=6))  # fmt: skip
    state = service.load(7)
    service.execute(7, cmd.Finalise(abort_reasons=dict.fromkeys(state.certifications, "technical"),
                                    pv_scan=service.host.store_attachment(7, "pv", "pv.pdf", b"%"),
                                    has_incident=False, has_joining_issue=False))  # fmt: skip
    service.erase_person(7, "C2")
    assert observer.erased == [(7, "C2", "gar:IDO-1")]
    assert isinstance(observer.events[-1], ev.PersonalDataErased)
    assert "IDO-1" not in repr(observer.events[-1].model_dump())


def test_a_log_with_personal_data_must_be_migrated_before_any_erasure() -> None:
    service, memory = _service()
    _create(service)
    store = memory.events
    assert isinstance(store, InMemoryEventStore)
    plain = ev.CandidateEnrolled(enrolled=ev.EnrolledCandidate(
        candidate_id="C2", candidate=_candidate("Dubois", "Léa")))  # fmt: skip
    store._streams["7"].append(RawEvent(2, ev.dump_event(plain), START))  # a legacy row
    assert service.load(7).candidates["C2"].last_name == "Dubois"  # still readable
    service.execute(7, cmd.RemoveCandidate(candidate_id="C2"))
    with pytest.raises(PixcoreError) as refused:
        service.erase_person(7, "C2")
    assert refused.value.code == "PERSONAL_DATA_NOT_MIGRATED"


@given(names=st.lists(st.tuples(french_names(), french_names()), min_size=1, max_size=4,
                      unique_by=lambda pair: (pair[0].casefold(), pair[1].casefold())))  # fmt: skip
def test_the_export_gives_exactly_what_was_stored(names: list[tuple[str, str]]) -> None:
    service, _ = _service()
    _create(service)
    ids = []
    for last, first in names:
        try:
            events = service.execute(7, cmd.EnrolCandidate(candidate=_candidate(last, first)))
        except PixcoreError:  # two names equal once normalised: a duplicate
            continue
        ids += [(e.candidate_id, e.enrolled) for e in events if isinstance(e, ev.CandidateEnrolled)]
    for candidate_id, enrolled in ids:
        export = export_person(service, 7, candidate_id)
        assert enrolled is not None
        assert export["civil_data"] == enrolled.candidate.model_dump(mode="json")
        assert (export["account"], export["certification"], export["erased"]) == (None, None, False)
    with pytest.raises(PixcoreError):
        export_person(service, 7, "C99")


def test_retention_deletes_the_finalisation_files_once(tmp_path: Path) -> None:
    files = FolderAttachments(tmp_path)
    pm = create_plugin_manager(
        autoload=False, plugins=[FakeClock(START), EventStorePlugin(InMemoryEventStore()), files]
    )
    service = SessionService(PluginHost(pm))
    _create(service)
    service.execute(7, cmd.EnrolCandidate(candidate=_candidate("Dubois", "Léa")))
    service.execute(7, cmd.NoteStartTime(noted_start=START))
    service.execute(7, cmd.JoinSession(session_number=7, access_code="BCDF23", first_name="Léa",
                                       last_name="Dubois", birth_date=dt.date(2010, 5, 17),
                                       user="gar:IDO-1", profile=PROFILE, question_count=6))  # fmt: skip
    pv = service.host.store_attachment(7, "pv_session", "pv.pdf", b"%PDF-1.4 scan")
    state = service.load(7)
    service.execute(7, cmd.Finalise(abort_reasons=dict.fromkeys(state.certifications, "technical"),
                                    pv_scan=pv, has_incident=False, has_joining_issue=False))  # fmt: skip
    assert retention_plan(service, START.date() + dt.timedelta(days=364)) == []
    plan = retention_plan(service, START.date() + dt.timedelta(days=365))
    assert [(n, c.attachments, c.candidate_ids) for n, c in plan] == [(7, True, ())]
    assert service.host.attachment_exists(pv)
    apply_retention(service, plan)
    assert not service.host.attachment_exists(pv)
    assert list(tmp_path.rglob("*.pdf")) == []
    assert retention_plan(service, START.date() + dt.timedelta(days=365)) == []
    assert service.load(7).attachments_deleted
