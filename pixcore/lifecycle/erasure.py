"""Erasing personal data (issue 17): the command's decision. Pure.

``ErasePersonalData`` becomes one :class:`~pixcore.events.PersonalDataErased` event that
names candidate and report ids only. The records themselves are erased by the host
(:meth:`pixcore.host.service.SessionService.erase_personal_data`) before the event is
appended; :func:`~pixcore.lifecycle.evolve.evolve` then shows the values as erased.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from pixcore import events as ev
from pixcore.errors import NotFoundError, RefusedError
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.state import SessionState

__all__ = ["ERASURE_HANDLERS", "erase"]


class _Now(Protocol):
    now: dt.datetime


def erase(state: SessionState, command: cmd.ErasePersonalData, ctx: _Now) -> list[ev.Event]:
    """The erasure event, or a refusal.

    :raises NotFoundError: ``SESSION_UNKNOWN``; ``NOTHING_TO_ERASE`` when the command
        names nothing, or a report the session does not have.
    :raises RefusedError: ``PERSONAL_DATA_STILL_NEEDED`` for a candidate still enrolled
        in a session not finalised (joining compares typed names with the enrolled ones),
        unless the retention period is over (``reason="retention"``).
    """
    if state.session is None:
        raise NotFoundError("SESSION_UNKNOWN")
    if not (command.candidate_ids or command.report_ids or command.comments
            or command.attachments):  # fmt: skip
        raise NotFoundError("NOTHING_TO_ERASE")
    still_open = not state.finalised and command.reason == "request"
    if still_open and any(c in state.candidates for c in command.candidate_ids):
        raise RefusedError("PERSONAL_DATA_STILL_NEEDED")
    if any(report_id not in state.reports for report_id in command.report_ids):
        raise NotFoundError("NOTHING_TO_ERASE")
    return [
        ev.PersonalDataErased(
            reason=command.reason,
            candidate_ids=tuple(dict.fromkeys(command.candidate_ids)),
            report_ids=tuple(dict.fromkeys(command.report_ids)),
            comments=command.comments,
            attachments=command.attachments,
            at=ctx.now,
        )
    ]


ERASURE_HANDLERS: Mapping[type[cmd.Command], Callable[[SessionState, Any, Any], list[ev.Event]]] = {
    cmd.ErasePersonalData: erase,
}
"""The erasure command's handler, for :func:`~pixcore.lifecycle.decide.decide`."""
