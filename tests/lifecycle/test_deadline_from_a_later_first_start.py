"""D2 through the lifecycle: the deadline runs from the noted start, or from the
candidate's own first start when later (rules.md P6: noted 09:00, first start 09:07 →
deadline from 09:07; first start 08:58 → from 09:00). 105 minutes without extra time
(P4)."""

from __future__ import annotations

import datetime as dt

import pytest
from lifecycle_support import T0, Driver

from pixcore import Referential, RefusedError
from pixcore import events as ev
from pixcore.lifecycle import commands as c
from pixcore.lifecycle.decide import candidate_deadline

ALLOWED = dt.timedelta(minutes=105)


def _joined_at(referential: Referential, minutes: float) -> Driver:
    """One candidate; the invigilator notes 09:00; the candidate joins at 09:00 + minutes."""
    driver = Driver(referential)
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.run(c.NoteStartTime(noted_start=T0))
    driver.join(0, minutes=minutes)
    return driver


def test_a_later_first_start_moves_the_deadline(referential: Referential) -> None:
    driver = _joined_at(referential, 7)
    course = driver.state.certifications[driver.number(0)]
    assert candidate_deadline(driver.state, course) == T0 + dt.timedelta(minutes=7) + ALLOWED
    # 10:50: past 10:45 (noted start + 105 min), before 10:52: an answer is still accepted
    driver.now = T0 + dt.timedelta(minutes=110)
    events = driver.run(c.RecordAnswer(certification_number=driver.number(0), status="ok"))
    assert [type(e) for e in events] == [ev.AnswerRecorded]
    # 10:52: the candidate's own deadline, time over
    driver.now = T0 + dt.timedelta(minutes=112)
    with pytest.raises(RefusedError) as excinfo:
        driver.run(c.RecordAnswer(certification_number=driver.number(0), status="ok"))
    assert (excinfo.value.code, dict(excinfo.value.meta)) == ("CERTIFICATION_TIME_OVER", {})


def test_an_earlier_first_start_keeps_the_noted_start(referential: Referential) -> None:
    driver = _joined_at(referential, -2)
    course = driver.state.certifications[driver.number(0)]
    assert candidate_deadline(driver.state, course) == T0 + ALLOWED
