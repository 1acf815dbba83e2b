"""What the invigilator sees of the room, computed from the session's state and the time.

Pure: a :class:`RoomRow` per enrolled candidate, from :class:`SessionState` and ``now``.
Statuses: ``absent`` (not arrived), ``in_progress`` (question n of N), ``time_over``
(must skip to the end), ``end_screen`` (end screen reached, not yet seen by the
invigilator), ``seen`` (end screen seen), ``ended`` (test ended by the invigilator or
by finalisation). Times left come from the library's deadline rule (noted start time or
the candidate's own later start, plus the allowed time with extra time).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from pixcore.lifecycle.decide import candidate_deadline
from pixcore.lifecycle.state import CertificationState, SessionState

__all__ = ["PARIS", "RoomRow", "RowStatus", "room_rows", "status_label"]

PARIS = ZoneInfo("Europe/Paris")
"""Times are shown in French time."""

RowStatus = Literal["absent", "in_progress", "time_over", "end_screen", "seen", "ended"]

_LABELS: dict[str, str] = {
    "absent": "Pas encore arrivé",
    "in_progress": "En cours",
    "time_over": "Temps écoulé : doit passer les questions restantes",
    "end_screen": "Écran de fin atteint : à vérifier",
    "seen": "Écran de fin vu",
    "ended": "Test terminé",
}


def status_label(status: RowStatus) -> str:
    """The French label of a row's status."""
    return _LABELS[status]


@dataclasses.dataclass(frozen=True, slots=True)
class RoomRow:
    """One candidate in the room."""

    candidate_id: str
    name: str
    extra_time: str | None
    status: RowStatus
    certification_number: int | None = None
    question: int = 0
    question_count: int = 0
    deadline: str | None = None
    minutes_left: int | None = None

    @property
    def label(self) -> str:
        """The status in French."""
        return status_label(self.status)


def _status(course: CertificationState, end: dt.datetime, now: dt.datetime) -> RowStatus:
    if course.state == "completed":
        return "seen" if course.end_screen_seen else "end_screen"
    if course.state != "started":
        return "ended"
    return "time_over" if now >= end else "in_progress"


def room_rows(state: SessionState, now: dt.datetime) -> list[RoomRow]:
    """A row per enrolled candidate, in the order of the list (surname, first name)."""
    rows = []
    for enrolled in state.enrolled():
        candidate = enrolled.candidate
        name = f"{candidate.last_name.upper()} {candidate.first_name}"
        extra = f"{candidate.extra_time.percent:f} %" if candidate.extra_time else None
        course = state.certification_of(enrolled.candidate_id)
        if course is None:
            rows.append(RoomRow(enrolled.candidate_id, name, extra, "absent"))
            continue
        end = candidate_deadline(state, course)
        left = max(0, int((end - now).total_seconds() // 60)) if course.state == "started" else None
        rows.append(
            RoomRow(
                enrolled.candidate_id, name, extra, _status(course, end, now),
                certification_number=course.certification_number,
                question=min(len(course.answers) + 1, course.question_count),
                question_count=course.question_count,
                deadline=f"{end.astimezone(PARIS):%H:%M}", minutes_left=left,
            )
        )  # fmt: skip
    return sorted(rows, key=lambda r: r.name)
