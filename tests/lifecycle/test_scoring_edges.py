"""Scoring edges (issue 9 §5): Pix's incoherent-score error, the table's coverage, no
invented score, and the embed flag of the E1/E2 pre-checks.

Expected values come from rules.md §10.3–§10.4 and §8.4 (``oracles``), not from the
tables under test.
"""

from __future__ import annotations

import itertools

import oracles
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lifecycle_support import Driver

from pixcore import CompetenceProfile, InvalidInputError, NotFoundError, Referential, RefusedError
from pixcore.lifecycle import commands as c
from pixcore.lifecycle import publishability, session_results
from pixcore.models import CORE_COMPETENCES
from pixcore.rules import Engine
from pixcore.rules.engine import first_outcome
from pixcore.rules.jury import CERTIFIED_LEVEL, NOT_COVERED, rate_band

FIVE = CORE_COMPETENCES[:5]


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def outcome(driver: Driver, index: int = 0) -> tuple[str, str | None, int]:
    found = {r.certification_number: r for r in session_results(driver.state)}
    result = found[driver.number(index)]
    return result.status, result.reason, result.pix


def joined(driver: Driver, profile: CompetenceProfile, questions: int) -> Driver:
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.run(c.NoteStartTime(noted_start=driver.now))
    driver.join(0, profile=profile, question_count=questions)
    return driver


def per_competence(driver: Driver, marks: dict[str, str]) -> None:
    """Answers competence by competence: ``{"1.1": "ok ok ko"}``."""
    for code, statuses in marks.items():
        driver.answer(0, *statuses.split(), competence=code)


class TestIncoherentScore:
    def test_zero_pix_with_a_rate_above_half_is_an_error(self, driver: Driver) -> None:
        """Each competence 3-2-0 at 67 % → D (§10.4); 8 − 8 = 0 pix; 67 % > 50 → error."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 8)), 15)
        per_competence(driver, dict.fromkeys(FIVE, "ok ok ko"))
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
        driver.finalise()
        assert oracles.rate(10, 15) == 67 and oracles.certified_level(3, 2, 0, 67) == "D"
        assert outcome(driver) == ("error", "SCORE_INCOHERENT_WITH_REPRODUCIBILITY_RATE", 0)
        assert "CERTIFICATION_IN_ERROR" in publishability(driver.state)
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.Publish())
        assert excinfo.value.code == "CERTIFICATION_COURSE_NOT_PUBLISHABLE"

    def test_zero_pix_at_exactly_half_is_rejected(self, driver: Driver) -> None:
        """50 % is not above 50 %: zero pix → rejected, as Pix (no error)."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 8)), 12)
        per_competence(driver, {"1.1": "ok ok ko", "1.2": "ok ok ko", "1.3": "ok ko ko",
                                "2.1": "ok ko ko"})  # fmt: skip
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
        driver.finalise()
        assert oracles.rate(6, 12) == 50
        assert outcome(driver) == ("rejected", None, 0)


class TestCertifiedLevelCoverage:
    @pytest.mark.parametrize("band_rate", [100, 80, 79, 70, 69, 50, 0])
    def test_every_reachable_combination_is_covered(self, engine: Engine, band_rate: int) -> None:
        """Up to 3 questions, any correct and neutralised counts: the oracle's verdict."""
        for questions in (1, 2, 3):
            for neutralised in range(questions + 1):
                for correct in range(questions - neutralised + 1):
                    facts = {"questions": questions, "correct": correct,
                             "neutralised": neutralised, "band": rate_band(band_rate)}  # fmt: skip
                    expected = oracles.certified_level(questions, correct, neutralised, band_rate)
                    assert expected is not None, (questions, correct, neutralised)
                    assert first_outcome(CERTIFIED_LEVEL, facts, engine) == expected

    @pytest.mark.parametrize(("questions", "correct", "neutralised"),
                             [(4, 3, 0), (4, 0, 0), (5, 3, 2), (6, 3, 0)])  # fmt: skip
    def test_more_than_three_questions_is_not_covered(
        self, engine: Engine, questions: int, correct: int, neutralised: int
    ) -> None:
        """A combination §10.4 does not list is an explicit outcome, never a silent I."""
        facts = {"questions": questions, "correct": correct, "neutralised": neutralised,
                 "band": "high"}  # fmt: skip
        assert first_outcome(CERTIFIED_LEVEL, facts, engine) == NOT_COVERED

    def test_a_fourth_question_of_one_competence_puts_the_certification_in_error(
        self, driver: Driver
    ) -> None:
        """The host tagged 4 questions with 1.1: the facts are wrong → coded error."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 15)
        per_competence(driver, {"1.1": "ok ok ok ok", "1.2": "ok ok", "1.3": "ok ok ok",
                                "2.1": "ok ok ok", "2.2": "ok ok ok"})  # fmt: skip
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
        driver.finalise()
        assert outcome(driver) == ("error", "CERTIFIED_LEVEL_NOT_COVERED", 0)
        assert "CERTIFICATION_IN_ERROR" in publishability(driver.state)


class TestNeverInventAScore:
    def test_answers_without_competence_are_an_error_until_supplied(self, driver: Driver) -> None:
        """No competence → error COMPETENCES_MISSING (not 8 pix); supplied → scored."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 15)
        for _ in range(15):
            driver.run(c.RecordAnswer(certification_number=driver.number(0), status="ok"))
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
        driver.finalise()
        assert outcome(driver) == ("error", "COMPETENCES_MISSING", 0)
        with pytest.raises(RefusedError) as excinfo:
            driver.run(c.Publish())
        assert excinfo.value.code == "CERTIFICATION_COURSE_NOT_PUBLISHABLE"
        competences = {n: FIVE[(n - 1) // 3] for n in range(1, 16)}
        driver.run(c.SupplyCompetences(certification_number=driver.number(0),
                                       competences=competences))  # fmt: skip
        assert outcome(driver) == ("validated", None, 5 * 16)  # 3-3-0 → V: 16 pix each
        driver.run(c.Publish())
        assert driver.state.published_at is not None

    def test_a_decision_that_needs_no_score_is_taken(self, driver: Driver) -> None:
        """Under 50 % the certification is rejected whatever the competences (§10.3)."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 15)
        for status in ["ok"] * 5 + ["ko"] * 10:
            driver.run(c.RecordAnswer(certification_number=driver.number(0), status=status))
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
        driver.finalise()
        assert outcome(driver) == ("rejected", "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS", 0)

    def test_without_a_profile_there_is_no_score(self, driver: Driver) -> None:
        """Joined without a profile: PROFILE_MISSING; the host supplies it → scored."""
        fresh = driver
        fresh.create()
        fresh.enrol("Léa", "Dubois")
        fresh.join(0, profile=None, question_count=15, require_eligibility=False)
        fresh.answer(0, *["ok"] * 15)
        fresh.run(c.ConfirmEndScreen(certification_number=fresh.number(0)))
        fresh.finalise()
        assert outcome(fresh) == ("error", "PROFILE_MISSING", 0)
        fresh.run(c.SupplyCompetences(certification_number=fresh.number(0),
                                      profile=CompetenceProfile(pix=dict.fromkeys(FIVE, 20))))  # fmt: skip
        assert outcome(fresh) == ("validated", None, 5 * 20)

    def test_unanswered_questions_take_the_plan_of_the_profile(self, driver: Driver) -> None:
        """Abandon after 11 of 15: the 4 skipped are the plan's last ones (2.2 ×3, 2.1)."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 15)
        driver.answer(0, *["ok"] * 11)  # 1.1 ×3, 1.2 ×3, 1.3 ×3, 2.1 ×2
        driver.finalise(abort_reasons={driver.number(0): "candidate"})
        # 11/15 = 73 %: 1.1–1.3 3-3-0 → V (16 each); 2.1 3-2-0 → D (8); 2.2 3-0-0 → I
        assert oracles.certified_level(3, 2, 0, 73) == "D"
        assert outcome(driver) == ("validated", None, 3 * 16 + 8)

    def test_unanswered_questions_outside_the_plan_must_be_supplied(self, driver: Driver) -> None:
        """16 questions cannot be 3 per competence of 5: the 5 skipped need competences."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 16)
        driver.answer(0, *["ok"] * 11)
        driver.finalise(abort_reasons={driver.number(0): "candidate"})
        assert outcome(driver) == ("error", "COMPETENCES_MISSING", 0)
        supplied = {12: "2.1", 13: "2.2", 14: "2.2", 15: "2.2", 16: "1.1"}
        driver.run(c.SupplyCompetences(certification_number=driver.number(0),
                                       competences=supplied))  # fmt: skip
        # 11/16 = 69 % (low): 1.1 has 4 questions → not covered by §10.4
        assert outcome(driver) == ("error", "CERTIFIED_LEVEL_NOT_COVERED", 0)
        driver.run(c.SupplyCompetences(certification_number=driver.number(0),
                                       competences={16: "2.3"}))  # fmt: skip
        assert outcome(driver)[:2] == ("validated", None)

    def test_competences_given_before_the_answer_are_used(self, driver: Driver) -> None:
        """Supplied for question 1 before it is answered: the answer carries it."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 15)
        number = driver.number(0)
        driver.run(c.SupplyCompetences(certification_number=number, competences={1: "5.2"}))
        driver.run(c.RecordAnswer(certification_number=number, status="ok"))
        assert driver.state.certifications[number].answers[0].competence == "5.2"

    @pytest.mark.parametrize(("competences", "code", "question"), [
        ({16: "1.1"}, "QUESTION_NUMBER_UNKNOWN", 16),
        ({1: "un"}, "QUESTION_COMPETENCE_NOT_VALID", 1),
        ({1: "1.1 "}, "QUESTION_COMPETENCE_NOT_VALID", 1),
        ({2: "1.1", 7: "1.1.1"}, "QUESTION_COMPETENCE_NOT_VALID", 7),
    ])  # fmt: skip
    def test_supply_refusals(
        self, driver: Driver, competences: dict[int, str], code: str, question: int
    ) -> None:
        """Beyond the test's questions, or not a competence code → coded refusal naming
        the question it refuses (``question_number``)."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 15)
        with pytest.raises(InvalidInputError) as excinfo:
            driver.run(c.SupplyCompetences(certification_number=driver.number(0),
                                           competences=competences))  # fmt: skip
        assert (excinfo.value.code, dict(excinfo.value.meta)) == (
            code, {"question_number": question},
        )  # fmt: skip

    def test_supply_refused_when_unknown_or_published(self, driver: Driver) -> None:
        """Another certification → CERTIFICATION_UNKNOWN; after publication → refused."""
        joined(driver, CompetenceProfile(pix=dict.fromkeys(FIVE, 16)), 15)
        with pytest.raises(NotFoundError) as unknown:
            driver.run(c.SupplyCompetences(certification_number=999, competences={1: "1.1"}))
        assert unknown.value.code == "CERTIFICATION_UNKNOWN"
        driver.answer(0, *["ok"] * 15)
        driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
        driver.finalise()
        driver.run(c.Publish())
        with pytest.raises(RefusedError) as published:
            driver.run(c.SupplyCompetences(certification_number=driver.number(0),
                                           competences={1: "1.1"}))  # fmt: skip
        assert published.value.code == "SESSION_ALREADY_PUBLISHED"


class TestEmbedQualifiesForE1AndE2:
    @pytest.mark.parametrize("subcategory", ["IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING"])
    @pytest.mark.parametrize(("flags", "resolution"), [
        ({"has_embed": True}, "neutralised"),
        ({"has_illustration": True}, "neutralised"),
        ({"has_illustration": True, "has_embed": True}, "neutralised"),
        ({}, "check_failed_no_illustration"),
    ])  # fmt: skip
    def test_image_or_embed(
        self, driver: Driver, subcategory: str, flags: dict[str, bool], resolution: str
    ) -> None:
        """§8.4: E1/E2 neutralise a wrong answer to a question with an image *or* an embed."""
        driver.started(1)
        driver.answer(0, "ok")
        driver.answer(0, "ko", **flags)
        driver.answer(0, *["ok"] * 13)
        data = {"certification_number": driver.number(0), "category": "IN_CHALLENGE",
                "subcategory": subcategory, "question_number": 2, "description": "Détail"}  # fmt: skip
        (event,) = driver.run(c.FileIssueReport(data=data, filed_by="invigilator"))
        driver.finalise()
        key = event.report_id  # type: ignore[attr-defined]
        assert driver.state.reports[key].resolution == resolution
        answer = driver.state.certifications[driver.number(0)].answers[1]
        assert answer.neutralised is (resolution == "neutralised")


statuses = st.sampled_from(["ok", "ko", "aband", "timedout", "partially", "focusedOut"])


@given(
    marks=st.lists(st.tuples(st.sampled_from(FIVE), statuses), min_size=10, max_size=15),
    pix=st.lists(st.integers(8, 40), min_size=5, max_size=5),
    hide=st.booleans(),
)
def test_a_score_is_the_oracles_or_there_is_none(
    referential: Referential, marks: list[tuple[str, str]], pix: list[int], hide: bool
) -> None:
    """Validated ⇒ pix = §10.4 per competence; a competence missing ⇒ never validated."""
    driver = Driver(referential)
    profile = CompetenceProfile(pix=dict(zip(FIVE, pix, strict=True)))
    joined(driver, profile, len(marks))
    for position, (code, status) in enumerate(marks):
        competence = None if hide and position == 0 else code
        driver.answer(0, status, competence=competence)
    driver.run(c.ConfirmEndScreen(certification_number=driver.number(0)))
    driver.finalise()
    status, reason, total = outcome(driver)
    correct = sum(s == "ok" for _, s in marks)
    rate = oracles.rate(correct, len(marks))
    if hide and rate >= 50:
        assert (status, reason) == ("error", "COMPETENCES_MISSING")
        return
    groups = {code: [s for c_, s in marks if c_ == code] for code, _ in marks}
    verdicts = {
        code: oracles.certified_level(len(s), min(s.count("ok"), 3), 0, rate)
        for code, s in groups.items()
    }
    expected = sum(
        {"V": profile.pix_of(code), "D": max(profile.pix_of(code) - 8, 0)}.get(v or "", 0)
        for code, v in verdicts.items()
    )
    if rate < 50:
        assert status == "rejected" and total == 0
    elif None in verdicts.values():
        assert (status, reason) == ("error", "CERTIFIED_LEVEL_NOT_COVERED")
    elif expected == 0:
        assert (status, reason) == ("error", "SCORE_INCOHERENT_WITH_REPRODUCIBILITY_RATE")
    else:
        assert (status, total) == ("validated", expected)


def test_combinations_are_finite() -> None:
    """The oracle lists 19 rows: every (q, c, n) with c + n ≤ q ≤ 3."""
    reachable = {(q, k, n) for q in (1, 2, 3) for n, k in itertools.product(range(4), range(4))
                 if k + n <= q}  # fmt: skip
    assert reachable == set(oracles.CERTIFIED_LEVEL_TABLE)
