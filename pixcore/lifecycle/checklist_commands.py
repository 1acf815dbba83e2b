"""The checklist's commands and events (issue 16): what ``decide`` and ``evolve`` add.

``TickChecklistItem``, ``DeclareRoom`` and ``RecordReadiness`` become
``ChecklistItemTicked``, ``RoomDeclared`` and ``ReadinessChecked``;
:func:`checklist_after` folds them into :class:`~pixcore.lifecycle.state.ChecklistState`.
What the checklist shows is computed by :mod:`pixcore.lifecycle.checklist_view`. Pure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Protocol

from pixcore import events as ev
from pixcore.errors import InvalidInputError, NotFoundError, RefusedError
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.state import ChecklistState, SessionState
from pixcore.rules.checklist import ITEMS, ChecklistItem

__all__ = ["CHECKLIST_HANDLERS", "ITEMS_BY_ID", "checklist_after"]

ITEMS_BY_ID: Mapping[str, ChecklistItem] = MappingProxyType({item.id: item for item in ITEMS})
"""The checklist's items by procedure id (``BEF-8``)."""


class _Now(Protocol):
    now: dt.datetime


def checklist_after(state: ChecklistState, event: ev.Event) -> ChecklistState:
    """The checklist state after one of its events (others leave it unchanged)."""
    if isinstance(event, ev.ChecklistItemTicked):
        ticked = dict(state.ticked)
        if event.done:
            ticked[event.item] = event.at
        else:
            ticked.pop(event.item, None)
        return dataclasses.replace(state, ticked=MappingProxyType(ticked))
    if isinstance(event, ev.RoomDeclared):
        return dataclasses.replace(state, shared_storage=event.shared_storage)
    if isinstance(event, ev.ReadinessChecked):
        declared = event.verdict.shared_storage
        shared = state.shared_storage if declared is None else declared
        return dataclasses.replace(state, readiness=event.verdict, shared_storage=shared)
    return state


def _created(state: SessionState) -> None:
    if state.session is None:
        raise NotFoundError("SESSION_UNKNOWN")


def _tick(state: SessionState, command: cmd.TickChecklistItem, ctx: _Now) -> list[ev.Event]:
    _created(state)
    item = ITEMS_BY_ID.get(command.item)
    if item is None:
        raise InvalidInputError("CHECKLIST_ITEM_UNKNOWN", meta={"field": "item"})
    if not item.manual:
        raise RefusedError("CHECKLIST_ITEM_AUTOMATIC")
    if item.only_with_shared_storage and state.checklist.shared_storage is False:
        raise RefusedError("CHECKLIST_ITEM_NOT_APPLICABLE")
    if (command.item in state.checklist.ticked) == command.done:
        return []  # already as asked
    return [ev.ChecklistItemTicked(item=command.item, done=command.done, at=ctx.now)]


def _declare(state: SessionState, command: cmd.DeclareRoom, ctx: _Now) -> list[ev.Event]:
    _created(state)
    if state.checklist.shared_storage is command.shared_storage:
        return []
    return [ev.RoomDeclared(shared_storage=command.shared_storage, at=ctx.now)]


def _readiness(state: SessionState, command: cmd.RecordReadiness, ctx: _Now) -> list[ev.Event]:
    _created(state)
    assert state.session is not None
    if state.finalised:
        raise RefusedError("SESSION_ALREADY_FINALIZED")
    if command.verdict.session_date != state.session.date:
        raise InvalidInputError("READINESS_DATE_MISMATCH")
    return [ev.ReadinessChecked(verdict=command.verdict, at=ctx.now)]


CHECKLIST_HANDLERS: Mapping[type[cmd.Command], Callable[[SessionState, Any, Any], list[ev.Event]]]
CHECKLIST_HANDLERS = MappingProxyType({
    cmd.TickChecklistItem: _tick,
    cmd.DeclareRoom: _declare,
    cmd.RecordReadiness: _readiness,
})  # fmt: skip
"""The checklist's command handlers, merged into ``decide``'s."""
