"""The procedure's checklist follows the session's events (issue 16).

Driven through the pure ``decide`` / ``replay`` (``lifecycle_support.Driver``), as a
host would: each step of the session ticks its item, hand ticks and refusals are coded,
and the finalisation reminds of the shared-storage clean-up.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lifecycle_support import T0, Driver

from pixcore import InvalidInputError, NotFoundError, Referential, RefusedError
from pixcore import events as ev
from pixcore.events import dump_event, parse_event
from pixcore.lifecycle import (
    EMPTY,
    checklist,
    decide,
    evolve,
    finalisation_reminders,
    pending_items,
    replay,
)
from pixcore.lifecycle import commands as c
from pixcore.models.readiness import MachineReport, RoomReport, TechnicalTestResult
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.checklist import ACTORS, ITEMS, PHASES, Actor, Phase
from pixcore.rules.readiness import check_room

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
READY = {"office_suite": True, "pdf_reader": True, "download_writable": True, "connected": True}
RELEASES = BrowserReleases.load()
SESSION_DAY = dt.date(2026, 3, 12)
ROOT = Path(__file__).resolve().parents[2]
MANUAL = [item.id for item in ITEMS if item.manual]
AUTOMATIC_ONLY = [item.id for item in ITEMS if not item.manual]


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def status(driver: Driver) -> dict[str, str]:
    return {entry.item.id: entry.status for entry in checklist(driver.state)}


def done(driver: Driver) -> set[str]:
    return {item for item, value in status(driver).items() if value == "done"}


def room(machines: int, *, shared: bool | None = None, tested: bool = False) -> RoomReport:
    report = MachineReport.model_validate({**READY, "user_agent": FIREFOX})
    tests = (TechnicalTestResult(user_agent=FIREFOX, connected=True, office_suite=True),)
    return RoomReport(shared_storage=shared, machines=(report,) * machines,
                      technical_tests=tests if tested else ())  # fmt: skip


def record(driver: Driver, report: RoomReport) -> None:
    verdict = check_room(report, session_date=SESSION_DAY, releases=RELEASES,
                         enrolled=len(driver.state.candidates))  # fmt: skip
    driver.run(c.RecordReadiness(verdict=verdict))


def test_every_item_is_a_step_of_the_procedure_with_an_actor_and_a_phase() -> None:
    ids = [item.id for item in ITEMS]
    assert len(ids) == len(set(ids))
    procedure = (ROOT / "docs" / "spec" / "procedure.md").read_text("utf-8")
    for item in ITEMS:
        assert f"| {item.id} | " in procedure, item.id
        assert item.id.startswith({"before": "BEF-", "day": "DAY-", "after": "AFT-"}[item.phase])
        assert item.manual or item.automatic
    assert {item.actor for item in ITEMS} == {"teachers", "school", "referent", "invigilator",
                                              "pix"}  # fmt: skip


def test_nothing_is_done_before_the_session_exists() -> None:
    assert {entry.status for entry in checklist(EMPTY)} == {"pending"}


def test_the_session_s_events_tick_their_items(driver: Driver) -> None:
    driver.create()
    assert done(driver) == {"BEF-5"}
    for first, last in (("Léa", "Dubois"), ("Maël", "Lefèvre")):
        driver.enrol(first, last)
    assert done(driver) == {"BEF-5", "BEF-7"}
    driver.run(c.NoteStartTime(noted_start=T0))
    assert "DAY-9" in done(driver) and "DAY-8" not in done(driver)
    driver.join(0)
    driver.join(1)
    assert "DAY-8" in done(driver)
    driver.answer(0, *["ok"] * 15)
    driver.answer(1, *["ok"] * 15)
    entry = next(e for e in checklist(driver.state) if e.item.id == "DAY-18")
    assert entry.status == "pending" and entry.reason is not None
    assert (entry.reason.code, entry.reason.meta) == ("CHECKLIST_END_SCREENS_PENDING", {"count": 2})
    assert entry.reason.message == "2 écran(s) de fin de test reste(nt) à constater."
    for index in (0, 1):
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(index)))
    assert "DAY-18" in done(driver)
    driver.finalise()
    assert {"AFT-1", "AFT-3"} <= done(driver) and "AFT-5" not in done(driver)
    driver.run(c.Publish())
    assert "AFT-5" in done(driver)


def test_hand_ticks_and_unticks(driver: Driver) -> None:
    driver.create()
    driver.now = T0 - dt.timedelta(days=2)
    (event,) = driver.run(c.TickChecklistItem(item="BEF-8"))
    entry = next(e for e in checklist(driver.state) if e.item.id == "BEF-8")
    assert (entry.status, entry.ticked_at) == ("done", T0 - dt.timedelta(days=2))
    assert driver.run(c.TickChecklistItem(item="BEF-8")) == []  # already done: no event
    driver.run(c.TickChecklistItem(item="BEF-8", done=False))
    assert status(driver)["BEF-8"] == "pending"
    assert parse_event(dump_event(event)) == event


@pytest.mark.parametrize("item", AUTOMATIC_ONLY)
def test_items_ticked_by_events_cannot_be_ticked_by_hand(driver: Driver, item: str) -> None:
    driver.create()
    with pytest.raises(RefusedError) as refused:
        driver.run(c.TickChecklistItem(item=item))
    assert (refused.value.code, dict(refused.value.meta)) == ("CHECKLIST_ITEM_AUTOMATIC", {})


def test_unknown_items_and_sessions_are_refused(driver: Driver) -> None:
    """readiness.md: each checklist command on no session is ``SESSION_UNKNOWN``; an id
    that is no step of the procedure is ``CHECKLIST_ITEM_UNKNOWN`` on the field ``item``."""
    verdict = check_room(room(1), session_date=SESSION_DAY, releases=RELEASES, enrolled=0)
    for command in (c.TickChecklistItem(item="BEF-8"), c.DeclareRoom(shared_storage=True),
                    c.RecordReadiness(verdict=verdict)):  # fmt: skip
        with pytest.raises(NotFoundError) as unknown:
            decide(EMPTY, command, T0)
        assert (unknown.value.code, dict(unknown.value.meta)) == ("SESSION_UNKNOWN", {})
    driver.create()
    for item in ("BEF-6", "DAY-99", "bef-8"):
        with pytest.raises(InvalidInputError) as refused:
            driver.run(c.TickChecklistItem(item=item))
        assert (refused.value.code, dict(refused.value.meta)) == (
            "CHECKLIST_ITEM_UNKNOWN", {"field": "item"},
        )  # fmt: skip


def test_the_technical_test_may_be_ticked_by_hand_or_by_a_recorded_test(driver: Driver) -> None:
    driver.create()
    driver.enrol("Léa", "Dubois")
    record(driver, room(1))
    assert "BEF-9" in done(driver) and "BEF-10" not in done(driver)
    record(driver, room(1, tested=True))
    assert {"BEF-9", "BEF-10"} <= done(driver)


def test_the_room_check_follows_the_candidates_enrolled_since(driver: Driver) -> None:
    driver.create()
    driver.enrol("Léa", "Dubois")
    record(driver, room(1))
    assert status(driver)["BEF-9"] == "done"
    driver.enrol("Maël", "Lefèvre")  # one more candidate than ready computers
    entry = next(e for e in checklist(driver.state) if e.item.id == "BEF-9")
    assert entry.status == "pending" and entry.reason is not None
    assert entry.reason.code == "READINESS_NOT_ENOUGH_MACHINES"
    assert entry.reason.meta == {"count": 1, "missing": 1}
    assert [e.item.id for e in pending_items(driver.state, phase="before", actor="referent")] == [
        "BEF-8", "BEF-9", "BEF-10", "BEF-11",
    ]  # fmt: skip


def test_a_room_check_must_be_judged_at_the_session_s_date(driver: Driver) -> None:
    driver.create()
    verdict = check_room(room(1), session_date=SESSION_DAY + dt.timedelta(days=1),
                         releases=RELEASES, enrolled=0)  # fmt: skip
    with pytest.raises(InvalidInputError) as refused:
        driver.run(c.RecordReadiness(verdict=verdict))
    assert refused.value.code == "READINESS_DATE_MISMATCH"


def test_shared_storage_clean_up_and_the_finalisation_reminder(driver: Driver) -> None:
    driver.started(1)
    record(driver, room(1, shared=True))
    driver.answer(0, *["ok"] * 15)
    driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
    assert status(driver)["DAY-25"] == "pending"
    assert finalisation_reminders(driver.state) == ()  # not finalised yet
    driver.finalise()
    (reminder,) = finalisation_reminders(driver.state)
    assert reminder.code == "SHARED_STORAGE_CLEANUP_PENDING"
    assert "effacer les fichiers" in reminder.message
    with pytest.raises(RefusedError) as late:  # the room check is before finalisation (R10)
        driver.run(c.RecordReadiness(verdict=driver.state.checklist.readiness))  # type: ignore[arg-type]
    assert (late.value.code, dict(late.value.meta)) == ("SESSION_ALREADY_FINALIZED", {})
    driver.run(c.TickChecklistItem(item="DAY-25"))  # the clean-up is ticked after the session
    assert finalisation_reminders(driver.state) == ()
    assert status(driver)["DAY-25"] == "done"


def test_without_shared_storage_the_clean_up_does_not_apply(driver: Driver) -> None:
    driver.started(1)
    driver.run(c.DeclareRoom(shared_storage=False))
    assert driver.run(c.DeclareRoom(shared_storage=False)) == []
    assert status(driver)["DAY-25"] == "not_applicable"
    with pytest.raises(RefusedError) as refused:
        driver.run(c.TickChecklistItem(item="DAY-25"))
    assert (refused.value.code, dict(refused.value.meta)) == ("CHECKLIST_ITEM_NOT_APPLICABLE", {})
    driver.answer(0, *["ok"] * 15)
    driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
    driver.finalise()
    assert finalisation_reminders(driver.state) == ()
    driver.run(c.DeclareRoom(shared_storage=True))  # declared shared afterwards: reminded
    assert [r.code for r in finalisation_reminders(driver.state)] == [
        "SHARED_STORAGE_CLEANUP_PENDING"
    ]


def test_a_room_check_without_a_storage_answer_keeps_the_declaration(driver: Driver) -> None:
    driver.create()
    driver.run(c.DeclareRoom(shared_storage=True))
    record(driver, room(1))
    assert driver.state.checklist.shared_storage is True


def test_replay_and_step_by_step_evolve_agree_and_deletion_clears(driver: Driver) -> None:
    driver.create()
    driver.run(c.TickChecklistItem(item="BEF-2"))
    driver.run(c.DeclareRoom(shared_storage=True))
    record(driver, room(2))
    state = EMPTY
    for event in driver.events:
        state = evolve(state, parse_event(dump_event(event)))
    assert state == replay(driver.events) == driver.state
    driver.run(c.DeleteSession())
    assert driver.state.checklist == EMPTY.checklist
    assert (dict(driver.state.checklist.ticked), driver.state.checklist.readiness) == ({}, None)


@given(
    ticks=st.lists(st.tuples(st.sampled_from([i for i in MANUAL if i != "BEF-10"]),
                             st.booleans()), max_size=25),
)  # fmt: skip
def test_each_hand_ticked_item_shows_the_last_tick(ticks: list[tuple[str, bool]]) -> None:
    """Oracle: a plain dict of the last answer per item (DAY-25 applies: nothing declared)."""
    driver = Driver(REFERENTIAL)
    driver.create()
    expected: dict[str, bool] = {}
    for item, value in ticks:
        driver.run(c.TickChecklistItem(item=item, done=value), minutes=1)
        expected[item] = value
    shown = status(driver)
    for item in MANUAL:
        if item != "BEF-10":
            assert (shown[item] == "done") is expected.get(item, False), item
    assert set(driver.state.checklist.ticked) == {i for i, v in expected.items() if v}


REFERENTIAL = Referential.load()


LEFT_OUT = {  # docs/readiness.md: the procedure's steps that are not checklist items
    "BEF-6", "DAY-2", "DAY-5", "DAY-6", "DAY-15", "DAY-21", "DAY-24",
    *(f"DAY-{n}" for n in range(10, 18)), "DAY-20", "DAY-22", "DAY-23",
    "AFT-2", "AFT-4", "AFT-6", "AFT-7",
    "DAY-19",  # not among docs/readiness.md's exclusions either: reported (issue 10 report)
}  # fmt: skip


def test_the_items_are_the_procedure_s_steps_in_its_order() -> None:
    """Every step of procedure.md not documented as left out is an item, in order."""
    procedure = (ROOT / "docs" / "spec" / "procedure.md").read_text("utf-8")
    steps = re.findall(r"^\| ((?:BEF|DAY|AFT)-\d+) \|", procedure, flags=re.MULTILINE)
    assert [item.id for item in ITEMS] == [s for s in steps if s not in LEFT_OUT]


def test_every_phase_and_actor_has_its_french_and_english_heading() -> None:
    """procedure.md §1–§4: three phases, five actors, each with both headings."""
    assert list(PHASES) == list(get_args(Phase)) == ["before", "day", "after"]
    assert set(ACTORS) == set(get_args(Actor)) == {item.actor for item in ITEMS}
    assert PHASES["after"] == ("Après la session", "After the session")
    assert ACTORS["school"] == ("l'établissement", "the school")
    assert all(len(pair) == 2 and all(pair) for pair in (*PHASES.values(), *ACTORS.values()))


def test_end_screens_are_not_done_while_a_test_is_running(driver: Driver) -> None:
    """DAY-18: every finished test confirmed is not enough while another still runs."""
    driver.started(2)
    driver.answer(0, *["ok"] * 15)
    driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
    assert status(driver)["DAY-18"] == "pending"
    driver.answer(1, *["ok"] * 15)
    driver.run(c.ConfirmEndScreen(certification_number=driver.number(1)))
    assert status(driver)["DAY-18"] == "done"


def test_only_the_end_screen_step_gives_the_unseen_end_screens_as_its_reason(
    driver: Driver,
) -> None:
    """A pending item has a coded reason only when the state tells why: unseen end
    screens explain DAY-18, not the other pending steps (BEF-8, a hand step, has none)."""
    driver.started(1)
    driver.answer(0, *["ok"] * 15)  # completed, end screen not confirmed
    entries = {entry.item.id: entry for entry in checklist(driver.state)}
    day_18 = entries["DAY-18"]
    assert day_18.status == "pending" and day_18.reason is not None
    assert (day_18.reason.code, day_18.reason.meta) == ("CHECKLIST_END_SCREENS_PENDING",
                                                        {"count": 1})  # fmt: skip
    assert (entries["BEF-8"].status, entries["BEF-8"].reason) == ("pending", None)


def test_a_step_its_events_tick_ignores_a_hand_tick_in_the_stream(driver: Driver) -> None:
    """Steps the session's events tick cannot be ticked by hand
    (``CHECKLIST_ITEM_AUTOMATIC``); the reducer never refuses, so a tick event for one
    (from another tool's stream) is kept but the step still follows the events: AFT-5 is
    done when the results are published, not before."""
    driver.create()
    state = evolve(driver.state, ev.ChecklistItemTicked(item="AFT-5", done=True, at=T0))
    entry = next(e for e in checklist(state) if e.item.id == "AFT-5")
    assert (entry.status, entry.ticked_at) == ("pending", None)
