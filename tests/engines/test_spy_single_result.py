"""``single_result`` decides with the engine it is given, the jury and the result alike.

``pixcore batch`` passes its engine to :func:`~pixcore.lifecycle.single.single_result`
(its signature takes one): every table of the jury (D6 steps 1–2) *and* of the decision
(end screen, certified level per competence, jury decision) must be decided by that
engine. Both engines answer alike, so a dropped ``engine`` shows only through a spy: the
reference interpreter, recording each table it decides, while every table's default fast
path is replaced by a tripwire (as ``test_spy_engine.py`` does for the lifecycle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from spy_support import SpyEngine, fast_paths_tripped

from pixcore.lifecycle.single import single_result
from pixcore.lifecycle.state import AnswerState, CertificationState
from pixcore.models import CORE_COMPETENCES, CompetenceProfile
from pixcore.models.report import IssueReport
from pixcore.rules.end_screen import END_SCREEN
from pixcore.rules.jury import CERTIFIED_LEVEL, JURY_DECISION

AT = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
FIVE = CORE_COMPETENCES[:5]


@pytest.fixture
def tripwires() -> Iterator[None]:
    """Every table's default fast path raises while the test runs."""
    with fast_paths_tripped():
        yield


def test_one_candidates_result_is_decided_by_the_engine_given(tripwires: None) -> None:
    """A test of 15 questions, 3 per competence, the second one reported (E1) and wrong."""
    answers = tuple(
        AnswerState("ko" if i == 1 else "ok", AT, competence=FIVE[i // 3], has_illustration=True)
        for i in range(15)
    )
    course = CertificationState(certification_number=123001, candidate_id="C2", started_at=AT,
                                question_count=15, answers=answers, state="completed",
                                end_screen_seen=True)  # fmt: skip
    report = IssueReport(certification_number=123001, category="IN_CHALLENGE",
                         subcategory="IMAGE_NOT_DISPLAYING", question_number=2,
                         filed_by="invigilator", code="E1", impactful=True)  # fmt: skip
    spy = SpyEngine()
    result = single_result(course, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), [report],
                           engine=spy)  # fmt: skip
    assert (result.status, result.reason) == ("validated", None)
    assert result.reproducibility == 100  # question 2 neutralised: 14 correct of 14
    assert {END_SCREEN.name, CERTIFIED_LEVEL.name, JURY_DECISION.name} <= set(spy.calls)
    assert spy.calls.count(CERTIFIED_LEVEL.name) == len(FIVE)  # one verdict per competence
