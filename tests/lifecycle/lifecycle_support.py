"""A small driver for lifecycle tests: build sessions with commands, as a host would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pixcore import CompetenceProfile, Referential, Session, validate_candidate
from pixcore.events import Event
from pixcore.lifecycle import EMPTY, SessionState, decide, replay
from pixcore.lifecycle import commands as c
from pixcore.models import CORE_COMPETENCES
from pixcore.models.decisions import JuryPolicy

PARIS = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS)
NUMBER = 4242
CODE = "BCDF23"
ELIGIBLE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:5], 16))
PEOPLE = [("Léa", "Dubois"), ("Maël", "Lefèvre"), ("Zoé", "N'Diaye"), ("Hugo", "Petit")]
BORN = dt.date(2010, 1, 2)


class Driver:
    """Runs commands on a state, keeping every event; ``now`` moves on demand."""

    def __init__(self, referential: Referential, policy: JuryPolicy | None = None) -> None:
        self.referential = referential
        self.policy = policy
        self.state: SessionState = EMPTY
        self.events: list[Event] = []
        self.now = T0

    def run(self, command: c.Command, *, minutes: float = 0) -> list[Event]:
        self.now += dt.timedelta(minutes=minutes)
        events = decide(self.state, command, self.now, policy=self.policy)
        self.state = replay(events, self.state)
        self.events += events
        return events

    def create(self) -> Driver:
        session = Session(
            number=NUMBER, site="Collège Jean Moulin", room="B12", date=dt.date(2026, 3, 12),
            time=dt.time(9, 0), invigilator="Mme Martin", access_code=CODE,
        )  # fmt: skip
        self.run(c.CreateSession(session=session))
        return self

    def enrol(self, first: str, last: str, **fields: Any) -> None:
        data = {
            "last_name": last, "first_name": first, "sex": "F", "birth_date": BORN.isoformat(),
            "birth_country": "France", "birth_insee_code": "75056", **fields,
        }  # fmt: skip
        self.run(c.EnrolCandidate(candidate=validate_candidate(data, referential=self.referential)))

    def join(self, index: int, *, minutes: float = 0, **fields: Any) -> list[Event]:
        first, last = PEOPLE[index]
        values: dict[str, Any] = {
            "session_number": NUMBER, "access_code": CODE, "first_name": first,
            "last_name": last, "birth_date": BORN, "user": f"user-{index}",
            "profile": ELIGIBLE, "question_count": 15, **fields,
        }  # fmt: skip
        return self.run(c.JoinSession(**values), minutes=minutes)

    def number(self, index: int) -> int:
        return sorted(self.state.certifications)[index]

    def answer(self, index: int, *statuses: str, **fields: Any) -> None:
        """Answers in order; each carries its competence (three per competence of
        ``ELIGIBLE``, as Pix V2 plans the test) unless ``competence`` is given."""
        for status in statuses:
            number = self.number(index)
            position = len(self.state.certifications[number].answers)
            values = {"competence": CORE_COMPETENCES[position // 3 % 5], **fields}
            self.run(c.RecordAnswer(certification_number=number, status=status, **values))  # type: ignore[arg-type]

    def started(self, count: int = 3) -> Driver:
        """A created session, ``count`` candidates enrolled and joined, start noted."""
        self.create()
        for first, last in PEOPLE[:count]:
            self.enrol(first, last)
        self.run(c.NoteStartTime(noted_start=T0))
        for index in range(count):
            self.join(index)
        return self

    def finalise(self, **fields: Any) -> list[Event]:
        values: dict[str, Any] = {"pv_scan": "pv.pdf", "has_incident": False,
                                  "has_joining_issue": False, **fields}  # fmt: skip
        return self.run(c.Finalise(**values))
