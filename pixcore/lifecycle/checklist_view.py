"""What is done and what is still to do: the checklist of a session's state (issue 16).

Each item of :data:`pixcore.rules.checklist.ITEMS` gets a status from
:data:`pixcore.rules.checklist.CHECKLIST_ITEM`: *done* when the session's events show
it (the session created, the start time noted, the room checked ready…) or when it was
ticked by hand, *not applicable* (DAY-25 when the room declared no shared storage),
*pending* otherwise, with a coded reason when the state tells why. Pure: a function of
the state only, so that ``pixcore session show`` and hosts say the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping

from pixcore.lifecycle.state import SessionState
from pixcore.models.decisions import Reason
from pixcore.rules.checklist import ITEMS, Actor, ChecklistItem, ItemStatus, Phase, item_status
from pixcore.rules.engine import Engine, outcomes
from pixcore.rules.readiness import ROOM_READINESS, room_facts

__all__ = ["ChecklistEntry", "checklist", "finalisation_reminders", "pending_items"]

CLEANUP_ITEM = "DAY-25"


@dataclasses.dataclass(frozen=True, slots=True)
class ChecklistEntry:
    """An item and its status; ``ticked_at`` when ticked by hand, ``reason`` if pending."""

    item: ChecklistItem
    status: ItemStatus
    ticked_at: dt.datetime | None = None
    reason: Reason | None = None


def _room_failures(state: SessionState, engine: Engine | None) -> tuple[Reason, ...] | None:
    """The room's failures for the session's current candidates; ``None`` if never checked."""
    verdict = state.checklist.readiness
    if verdict is None:
        return None
    facts = room_facts(len(verdict.machines), verdict.ready_machines, len(state.candidates))
    return tuple(
        Reason(code=code, meta={"count": verdict.ready_machines,
                                "missing": facts["missing_machines"]})
        for code in outcomes(ROOM_READINESS, facts, engine)
    )  # fmt: skip


def _unseen_end_screens(state: SessionState) -> int:
    return sum(c.finished and not c.end_screen_seen for c in state.certifications.values())


def _end_screens_done(state: SessionState) -> bool:
    courses = state.certifications.values()
    return (
        bool(courses)
        and all(c.state != "started" for c in courses)
        and (_unseen_end_screens(state) == 0)
    )


_DERIVED: Mapping[str, Callable[[SessionState], bool]] = {
    "BEF-5": lambda state: state.session is not None,
    "BEF-7": lambda state: bool(state.candidates),
    "BEF-10": lambda state: (
        state.checklist.readiness is not None and state.checklist.readiness.technical_tests > 0
    ),
    "DAY-8": lambda state: bool(state.certifications),
    "DAY-9": lambda state: state.noted_start is not None,
    "DAY-18": _end_screens_done,
    "AFT-1": lambda state: state.finalised,
    "AFT-3": lambda state: state.jury_done,
    "AFT-5": lambda state: state.published_at is not None,
}
"""Items the session's events tick (BEF-9 is computed apart: it needs the engine)."""


def _entry(item: ChecklistItem, state: SessionState, engine: Engine | None) -> ChecklistEntry:
    reason: Reason | None = None
    if item.id == "BEF-9":
        failures = _room_failures(state, engine)
        derived = failures == ()
        reason = failures[0] if failures else None
    else:
        derive = _DERIVED.get(item.id)
        derived = derive is not None and derive(state)
    if item.id == "DAY-18" and _unseen_end_screens(state):
        reason = Reason(code="CHECKLIST_END_SCREENS_PENDING",
                        meta={"count": _unseen_end_screens(state)})  # fmt: skip
    ticked_at = state.checklist.ticked.get(item.id) if item.manual else None
    applicable = not (item.only_with_shared_storage and state.checklist.shared_storage is False)
    status = item_status(
        applicable=applicable, derived=item.automatic and derived,
        ticked=ticked_at is not None, engine=engine,
    )  # fmt: skip
    return ChecklistEntry(
        item=item, status=status, ticked_at=ticked_at,
        reason=reason if status == "pending" else None,
    )  # fmt: skip


def checklist(state: SessionState, *, engine: Engine | None = None) -> tuple[ChecklistEntry, ...]:
    """Every item of the procedure's checklist with its status, in the procedure's order."""
    return tuple(_entry(item, state, engine) for item in ITEMS)


def pending_items(
    state: SessionState,
    *,
    phase: Phase | None = None,
    actor: Actor | None = None,
    engine: Engine | None = None,
) -> tuple[ChecklistEntry, ...]:
    """The items still to do, optionally for one phase or one actor."""
    return tuple(
        entry
        for entry in checklist(state, engine=engine)
        if entry.status == "pending"
        and (phase is None or entry.item.phase == phase)
        and (actor is None or entry.item.actor == actor)
    )


def finalisation_reminders(state: SessionState) -> tuple[Reason, ...]:
    """What to remind the referent of once the session is finalised (DAY-25).

    When the room declared storage shared between users and nobody ticked its clean-up:
    ``SHARED_STORAGE_CLEANUP_PENDING``.
    """
    if not state.finalised or state.checklist.shared_storage is not True:
        return ()
    if CLEANUP_ITEM in state.checklist.ticked:
        return ()
    return (Reason(code="SHARED_STORAGE_CLEANUP_PENDING"),)
