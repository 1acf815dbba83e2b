"""Right of access and retention over a session service (issue 17).

:func:`export_person` returns everything pixcore holds about one candidate of a session
(civil data, account link, certification and result, reports on it, the erasures);
:func:`retention_plan` decides, session by session, what the retention periods expire
at a date (pure: :func:`pixcore.lifecycle.retention.expired`), and
:func:`apply_retention` erases it through the service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pixcore import events as ev
from pixcore.errors import NotFoundError
from pixcore.host.personal import enrolled_ids
from pixcore.host.service import SessionService
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.results import session_results
from pixcore.lifecycle.retention import DEFAULT_POLICIES, RetentionPolicy, expired
from pixcore.lifecycle.state import ERASED

__all__ = ["apply_retention", "export_person", "retention_plan"]


def export_person(
    service: SessionService, session_number: int, candidate_id: str
) -> dict[str, Any]:
    """Everything pixcore holds about ``candidate_id`` in the session, JSON-ready.

    :raises NotFoundError: ``NOTHING_TO_ERASE`` (nothing held) for an id the session
        never enrolled.
    """
    state = service.load(session_number)
    history = [item.event for item in service.host.event_store().load(str(session_number))]
    if candidate_id not in enrolled_ids(history) and candidate_id not in state.candidates:
        raise NotFoundError("NOTHING_TO_ERASE")
    candidate = state.candidates.get(candidate_id)
    course = state.certification_of(candidate_id)
    export: dict[str, Any] = {
        "session": session_number,
        "candidate_id": candidate_id,
        "erased": candidate_id in state.erased,
        "civil_data": None if candidate is None else candidate.model_dump(mode="json"),
        "account": _account(state.users.get(candidate_id)),
        "certification": None,
        "reports": [],
        "erasures": [
            {"reason": e.reason, "at": e.at.isoformat()}
            for e in history
            if isinstance(e, ev.PersonalDataErased) and candidate_id in e.candidate_ids
        ],
    }
    if course is None:
        return export
    number = course.certification_number
    export["certification"] = {"number": number, "started_at": course.started_at.isoformat()}
    if state.published_at is not None:
        result = next(
            r for r in session_results(state, service.policy) if r.certification_number == number
        )
        export["certification"]["result"] = {
            "status": result.status, "pix": result.pix,
            "competence_levels": dict(result.competence_levels),
            "comment_for_candidate": result.comment_for_candidate,
        }  # fmt: skip
    export["reports"] = [
        {"report_id": report_id, "category": entry.report.category,
         "description": entry.report.description}
        for report_id, entry in sorted(state.reports.items())
        if entry.report.certification_number == number
    ]  # fmt: skip
    return export


def _account(user: str | None) -> str | None:
    return None if user in (None, ERASED) else user


def retention_plan(
    service: SessionService,
    today: dt.date,
    policies: Sequence[RetentionPolicy] = DEFAULT_POLICIES,
) -> list[tuple[int, cmd.ErasePersonalData]]:
    """Each session's erasure due at ``today`` (sessions with nothing due are left out)."""
    store = service.host.event_store()
    plan = []
    for stream in store.streams():
        if not stream.isdigit():
            continue
        number = int(stream)
        state = service.load(number)
        ever = enrolled_ids(item.event for item in store.load(stream))
        command = expired(state, today, ever_enrolled=ever, policies=policies)
        if command is not None:
            plan.append((number, command))
    return plan


def apply_retention(
    service: SessionService, plan: Sequence[tuple[int, cmd.ErasePersonalData]]
) -> int:
    """Erase what ``plan`` lists; returns how many sessions were changed."""
    for number, command in plan:
        service.erase_personal_data(number, command)
    return len(plan)
