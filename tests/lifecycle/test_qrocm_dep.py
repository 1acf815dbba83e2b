"""QROCM-dep questions count double in a competence of fewer than 3 questions
(``rules.md`` §10.4): the counts fed to the level table, and a scored session.

Expected counts are worked out by hand from the rule's text; the property tests use the
plain count (one question, one answer) as their oracle where the rule does not apply.
"""

from __future__ import annotations

import oracles
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lifecycle_support import Driver

from pixcore import CompetenceProfile, Referential
from pixcore.events import AnswerRecorded, parse_event
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import session_results
from pixcore.models import CORE_COMPETENCES
from pixcore.rules import Engine
from pixcore.rules.engine import first_outcome
from pixcore.rules.jury import (
    CERTIFIED_LEVEL,
    NOT_COVERED,
    CompetenceMark,
    competence_counts,
    rate_band,
)

FIVE = CORE_COMPETENCES[:5]
STATUSES = ("ok", "ko", "partially", "aband", "timedout", "focusedOut")


def mark(status: str, *, qrocm: bool = False, neutralised: bool = False) -> CompetenceMark:
    return CompetenceMark(status, neutralised, qrocm)


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ((mark("ok", qrocm=True), mark("ko")), (3, 2, 0)),
        ((mark("partially", qrocm=True), mark("ok")), (3, 2, 0)),
        ((mark("ok", qrocm=True), mark("ok", qrocm=True)), (4, 3, 0)),  # capped at 3
        ((mark("ok", qrocm=True),), (2, 2, 0)),
        ((mark("partially", qrocm=True),), (2, 1, 0)),
        ((mark("ok", qrocm=True, neutralised=True),), (2, 0, 2)),
        ((mark("ok", qrocm=True, neutralised=True), mark("ok")), (3, 1, 2)),
        ((mark("partially"), mark("ok")), (2, 1, 0)),  # partially counts only for QROCM-dep
        ((mark("ok", qrocm=True), mark("ko"), mark("ko")), (3, 1, 0)),  # 3 questions: no double
        ((mark("partially", qrocm=True), mark("ok"), mark("ok")), (3, 2, 0)),
    ],
)
def test_counts_follow_the_rule(
    marks: tuple[CompetenceMark, ...], expected: tuple[int, ...]
) -> None:
    assert competence_counts(marks) == expected


marks_strategy = st.lists(
    st.builds(CompetenceMark, st.sampled_from(STATUSES), st.booleans(), st.booleans()),
    min_size=1,
    max_size=5,
).map(tuple)


@given(marks_strategy)
def test_without_qrocm_dep_each_question_counts_once(marks: tuple[CompetenceMark, ...]) -> None:
    plain = tuple(m._replace(qrocm_dep=False) for m in marks)
    correct = sum(m.status == "ok" and not m.neutralised for m in plain)
    expected = (len(plain), min(correct, 3), sum(m.neutralised for m in plain))
    assert competence_counts(plain) == expected


@given(marks_strategy.filter(lambda marks: len(marks) >= 3))
def test_from_three_questions_the_flag_changes_nothing(marks: tuple[CompetenceMark, ...]) -> None:
    plain = tuple(m._replace(qrocm_dep=False) for m in marks)
    assert competence_counts(marks) == competence_counts(plain)


@given(marks_strategy.filter(lambda marks: len(marks) < 3))
def test_doubling_never_lowers_a_count(marks: tuple[CompetenceMark, ...]) -> None:
    plain = tuple(m._replace(qrocm_dep=False) for m in marks)
    doubled, single = competence_counts(marks), competence_counts(plain)
    assert all(d >= s for d, s in zip(doubled, single, strict=True))
    assert doubled[1] <= 3


def test_an_event_written_before_the_flag_reads_as_not_qrocm_dep() -> None:
    stored = '{"type": "answer_recorded", "certification_number": 1, "status": "ok", '
    event = parse_event(stored + '"at": "2026-06-15T08:00:00+00:00"}')
    assert isinstance(event, AnswerRecorded) and event.qrocm_dep is False


@pytest.mark.parametrize("qrocm", [True, False])
def test_a_two_question_competence_with_a_qrocm_dep_is_scored_on_three(
    referential: Referential, qrocm: bool
) -> None:
    """1.1 has 2 questions, the first a QROCM-dep answered ok; four competences 3-2-0.

    9 correct of 14 → 64 % (low band). With the flag 1.1 counts 3-2-0 → D (16 − 8);
    without it 2-1-0 → I (0): the oracle's verdicts for both.
    """
    driver = Driver(referential)
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.run(c.NoteStartTime(noted_start=driver.now))
    driver.join(0, profile=CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), question_count=14)
    driver.answer(0, "ok", competence=FIVE[0], qrocm_dep=qrocm)
    driver.answer(0, "ko", competence=FIVE[0])
    for code in FIVE[1:]:
        driver.answer(0, "ok", "ok", "ko", competence=code)
    driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
    driver.finalise()
    rate = oracles.rate(9, 14)
    verdict = (
        oracles.certified_level(3, 2, 0, rate) if qrocm else oracles.certified_level(2, 1, 0, rate)
    )
    expected_pix = {"V": 16, "D": 8, "I": 0}[str(verdict)]
    [result] = session_results(driver.state)
    assert result.status == "validated"
    assert result.reproducibility == rate == 64
    assert result.competence_pix[FIVE[0]] == expected_pix
    assert expected_pix == (8 if qrocm else 0)


def test_two_qrocm_dep_in_a_two_question_competence_is_not_covered(engine: Engine) -> None:
    """4 questions is no row of §10.4's table: Pix's missing-rule error, not a guess."""
    questions, correct, neutralised = competence_counts((mark("ok", qrocm=True),) * 2)
    facts = {"questions": questions, "correct": correct, "neutralised": neutralised,
             "band": rate_band(100)}  # fmt: skip
    assert oracles.certified_level(questions, correct, neutralised, 100) is None
    assert first_outcome(CERTIFIED_LEVEL, facts, engine) == NOT_COVERED
