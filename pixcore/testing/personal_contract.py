"""The store contract's part on personal data (issue 17), inherited by every store.

:class:`~pixcore.testing.store_contract.EventStoreContract` includes
:class:`PersonalDataContract`: records are written with the events or not at all, read
back by reference, erased for good; an event holding personal data is refused; and a
property test runs generated sessions through the service, erases pupils at generated
points and scans the store's raw bytes (:meth:`PersonalDataContract.raw_bytes`) for any
byte of their civil data and account ids.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pixcore import events as ev
from pixcore.errors import InvalidInputError, PixcoreError
from pixcore.host.memory import EventStorePlugin, MemoryAttachments
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.host.store import ConcurrencyError, EventStore
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.results import session_results
from pixcore.lifecycle.vault import NewRecord
from pixcore.models import BirthPlace, Candidate, CompetenceProfile, Session
from pixcore.models.competence import CORE_COMPETENCES
from pixcore.testing.machine import FakeClock
from pixcore.testing.store_model import T0, answer

__all__ = ["PersonalDataContract"]

_NUMBER = 4242
_CODE = "BCDF23"
_START = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
_PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:6], 12))
_MARKERS = st.text(alphabet=string.ascii_uppercase, min_size=12, max_size=12).map(
    lambda text: "Qz" + text
)


def _candidate(last: str, first: str) -> Candidate:
    place = BirthPlace(
        country_code="99100", country="FRANCE", city="Paris", insee_code="75056",
        department_code="75",
    )  # fmt: skip
    return Candidate(
        last_name=last, first_name=first, birth_date=dt.date(2010, 5, 17), sex="F",
        birth_place=place,
    )  # fmt: skip


def _joined(ref: str) -> ev.CandidateJoined:
    return ev.CandidateJoined(candidate_id="C1", user_ref=ref)


class PersonalDataContract:
    """Personal records and erasure; mixed into the store contract."""

    def open_store(self) -> contextlib.AbstractContextManager[EventStore]:
        """A fresh, empty store (the store contract's)."""
        raise NotImplementedError

    def reopen(self, store: EventStore) -> contextlib.AbstractContextManager[EventStore]:
        """A second handle (the store contract's)."""
        raise NotImplementedError

    def raw_bytes(self, store: EventStore) -> bytes:
        """Every byte the store holds now (files, journals), for the erasure scan."""
        raise NotImplementedError

    # ------------------------------------------------------------ records

    def test_records_are_kept_with_their_events_and_read_back(self) -> None:
        """A record appended with the events reads back by reference; others are absent."""
        record = NewRecord("r-1", "account", '"gar:ido"')
        with self.open_store() as store:
            store.append("s", [_joined("r-1")], expected_version=0, recorded_at=T0,
                         personal=[record])  # fmt: skip
            assert dict(store.personal_data({"r-1", "r-2"})) == {"r-1": '"gar:ido"'}
            assert dict(store.personal_data(())) == {}
            with self.reopen(store) as other:
                assert dict(other.personal_data(["r-1"])) == {"r-1": '"gar:ido"'}

    def test_a_conflict_keeps_no_record(self) -> None:
        """A refused append (wrong version) writes neither its events nor its records."""
        with self.open_store() as store:
            store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
            record = NewRecord("r-1", "account", '"gar:ido"')
            with pytest.raises(ConcurrencyError):
                store.append("s", [_joined("r-1")], expected_version=0, recorded_at=T0,
                             personal=[record])  # fmt: skip
            assert dict(store.personal_data({"r-1"})) == {}
            assert len(store.load("s")) == 1

    def test_an_event_holding_personal_data_is_refused(self) -> None:
        """No personal value enters a stream: a plain event is refused, nothing written."""
        plain = ev.CandidateJoined(candidate_id="C1", user="gar:ido")
        record = NewRecord("r-1", "account", '"x"')
        with self.open_store() as store:
            with pytest.raises(InvalidInputError) as refused:
                store.append("s", [plain], expected_version=0, recorded_at=T0,
                             personal=[record])  # fmt: skip
            assert refused.value.code == "PERSONAL_DATA_IN_EVENT"
            assert store.load("s") == ()
            assert dict(store.personal_data({"r-1"})) == {}

    def test_erasure_is_for_good_and_leaves_the_events(self) -> None:
        """Erased records never come back (nor on a second handle); events stay whole."""
        records = [NewRecord(f"r-{i}", "text", f'"{i}"') for i in range(3)]
        events = [_joined(f"r-{i}") for i in range(3)]
        with self.open_store() as store:
            store.append("s", events, expected_version=0, recorded_at=T0, personal=records)
            assert store.erase_personal_data({"r-0", "r-2", "r-9"}) == 2
            assert store.erase_personal_data({"r-0"}) == 0
            assert dict(store.personal_data({"r-0", "r-1", "r-2"})) == {"r-1": '"1"'}
            assert [item.event for item in store.load("s")] == events
            with self.reopen(store) as other:
                assert dict(other.personal_data({"r-0", "r-2"})) == {}

    # ------------------------------------------------------------ property

    def test_an_erased_pupil_leaves_no_byte_and_changes_no_result(self) -> None:
        """Pupils erased at generated points: no byte left, no result changed.

        Generated sessions, pupils erased before (removed) or after finalisation:
        replay works, no byte of their names or account is left in the store, every
        other pupil's data and every result stay the same.

        A whole session per example: a tenth of the profile's examples (at least 5).
        """
        examples = max(5, settings().max_examples // 10)

        @settings(settings.default, deadline=None, max_examples=examples,
                  suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
        @given(
            markers=st.lists(_MARKERS, min_size=7, max_size=7, unique=True),
            joins=st.lists(st.booleans(), min_size=2, max_size=2),
            erase=st.lists(st.booleans(), min_size=3, max_size=3),
            removed_first=st.booleans(),
        )
        def check(
            markers: list[str], joins: list[bool], erase: list[bool], removed_first: bool
        ) -> None:
            self._erase_scenario(markers, [*joins, True], erase, removed_first)

        check()

    def _erase_scenario(
        self, markers: list[str], joins: list[bool], erase: list[bool], removed_first: bool
    ) -> None:
        with self.open_store() as store:
            clock = FakeClock(_START)
            pm = create_plugin_manager(
                autoload=False, plugins=[clock, EventStorePlugin(store), MemoryAttachments()]
            )
            host = PluginHost(pm)
            service = SessionService(host)
            session = Session(
                number=_NUMBER, site="Collège", room="B1", date=_START.date(),
                time=_START.time(), invigilator="Mme Martin", access_code=_CODE,
            )  # fmt: skip
            service.execute(_NUMBER, cmd.CreateSession(session=session))
            people = [(markers[2 * i], markers[2 * i + 1]) for i in range(3)]
            ids = []
            for last, first in people:
                done = service.execute(
                    _NUMBER, cmd.EnrolCandidate(candidate=_candidate(last, first))
                )
                ids += [e.candidate_id for e in done if isinstance(e, ev.CandidateEnrolled)]
            accounts = {i: f"gar:{i}{markers[-1]}" for i in range(3) if joins[i]}
            erased: set[int] = set()
            if removed_first and not joins[0]:  # erased while the session is open
                service.execute(_NUMBER, cmd.RemoveCandidate(candidate_id=ids[0]))
                command = cmd.ErasePersonalData(candidate_ids=(ids[0],))
                service.erase_personal_data(_NUMBER, command)
                erased.add(0)
            service.execute(_NUMBER, cmd.NoteStartTime(noted_start=_START))
            for i, account in accounts.items():
                last, first = people[i]
                service.execute(_NUMBER, cmd.JoinSession(
                    session_number=_NUMBER, access_code=_CODE, first_name=first,
                    last_name=last, birth_date=dt.date(2010, 5, 17), user=account,
                    profile=_PROFILE, question_count=6,
                ))  # fmt: skip
            state = service.load(_NUMBER)
            service.execute(_NUMBER, cmd.Finalise(
                abort_reasons=dict.fromkeys(state.certifications, "technical"),
                pv_scan=host.store_attachment(_NUMBER, "pv_session", "pv.pdf", b"%PDF-1.4"),
                has_incident=False, has_joining_issue=False,
            ))  # fmt: skip
            before = service.load(_NUMBER)
            results = session_results(before)
            chosen = [i for i in range(3) if erase[i] and i not in erased]
            if chosen:
                command = cmd.ErasePersonalData(candidate_ids=tuple(ids[i] for i in chosen))
                service.erase_personal_data(_NUMBER, command)
                erased.update(chosen)
            # a fresh service on a second handle: replay from the store alone
            with self.reopen(store) as other:
                pm2 = create_plugin_manager(
                    autoload=False, plugins=[clock, EventStorePlugin(other), MemoryAttachments()]
                )
                after = SessionService(PluginHost(pm2)).load(_NUMBER)
            assert session_results(after) == results
            kept = {ids[i] for i in range(3) if i not in erased}
            assert set(after.candidates) == kept
            assert all(after.candidates[c] == before.candidates[c] for c in kept)
            raw = self.raw_bytes(store)
            for i in range(3):
                values = [*people[i], accounts.get(i, "")]
                found = [v for v in values if v and v.encode() in raw]
                if i in erased:
                    assert found == [], f"erased pupil {i} still in the store"
                else:
                    assert found == [v for v in values if v], f"kept pupil {i} lost data"

    def test_erasure_is_refused_while_the_session_needs_the_data(self) -> None:
        """An enrolled pupil of a session not finalised: refused, nothing erased."""
        with self.open_store() as store:
            pm = create_plugin_manager(
                autoload=False,
                plugins=[FakeClock(_START), EventStorePlugin(store), MemoryAttachments()],
            )
            service = SessionService(PluginHost(pm))
            session = Session(
                number=_NUMBER, site="Collège", room="B1", date=_START.date(),
                time=_START.time(), invigilator="Mme Martin", access_code=_CODE,
            )  # fmt: skip
            service.execute(_NUMBER, cmd.CreateSession(session=session))
            candidate = _candidate("QzDUBOIS", "QzLEA")
            service.execute(_NUMBER, cmd.EnrolCandidate(candidate=candidate))
            for ids, code in (
                (("C2",), "PERSONAL_DATA_STILL_NEEDED"),
                (("C9",), "NOTHING_TO_ERASE"),
            ):
                with pytest.raises(PixcoreError) as refused:
                    service.erase_personal_data(_NUMBER, cmd.ErasePersonalData(candidate_ids=ids))
                assert refused.value.code == code
            assert service.load(_NUMBER).candidates["C2"] == candidate
