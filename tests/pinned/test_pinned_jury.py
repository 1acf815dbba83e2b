"""D6 and §10.4 pinned to their source: every row, band edge and constant of the jury.

Each expectation below is written from ``rules.md`` (§10.3, §10.4, §8.4, D6) and the
issue-9 error reasons (``docs/decisions.md``), never read from the tables: deleting,
reordering or changing a row, a boundary or a constant of :mod:`pixcore.rules.jury`
fails one of these tests (``scripts/mutate_tables.py`` checks that it does).
"""

from __future__ import annotations

import itertools
import math
from decimal import ROUND_HALF_UP, Decimal

import pytest

from pixcore.rules.engine import first_outcome
from pixcore.rules.jury import (
    ABORT_COMPLETION,
    CERTIFIED_LEVEL,
    JURY_DECISION,
    MINIMUM_REPRODUCIBILITY_RATE,
    NOT_COVERED,
    REPORT_RESOLUTION,
    TRUSTABLE_SHARE_PERCENT,
    rate_band,
    reproducibility_rate,
    trustable,
)

# rules.md §10.4, copied row by row: "questions-correct-neutralised" → R ≥ 80, 70–79, < 70.
SECTION_10_4 = """
3-3-0 V V V
3-2-0 V D D
3-2-1 V V V
3-1-0 I I I
3-1-1 V D I
3-1-2 V V D
3-0-x I I I
2-2-0 V V V
2-1-0 V D I
2-1-1 V V D
2-0-x I I I
1-1-0 V V D
1-0-x I I I
"""


def certified_level_oracle(questions: int, correct: int, neutralised: int, rate: int) -> str:
    """§10.4's verdict for a competence, or not covered (Pix raises an error)."""
    column = 0 if rate >= 80 else 1 if rate >= 70 else 2
    for line in SECTION_10_4.split("\n"):
        if not line:
            continue
        key, *verdicts = line.split()
        q, c, n = key.split("-")
        if (int(q), int(c)) == (questions, correct) and n in ("x", str(neutralised)):
            return verdicts[column]
    return NOT_COVERED


RATES = (100, 81, 80, 79, 71, 70, 69, 50, 0)
"""Each band's edges: 80 is high, 79 and 70 mid, 69 low (rules.md §10.4 headers)."""


@pytest.mark.parametrize("rate", RATES)
def test_every_combination_of_the_certified_level_table(rate: int) -> None:
    """All of (questions, correct, neutralised) in 0–4, at each band edge: §10.4 exactly."""
    for q, c, n in itertools.product(range(5), repeat=3):
        facts = {"questions": q, "correct": c, "neutralised": n, "band": rate_band(rate)}
        assert first_outcome(CERTIFIED_LEVEL, facts) == certified_level_oracle(q, c, n, rate), (
            q, c, n, rate,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("rate", "band"),
    [(100, "high"), (80, "high"), (79, "mid"), (70, "mid"), (69, "low"), (0, "low")],
)
def test_rate_bands_at_their_exact_edges(rate: int, band: str) -> None:
    """≥ 80 high (Pix's trusted rate), 70 ≤ R < 80 mid, < 70 low."""
    assert rate_band(rate) == band


def test_reproducibility_rate_rounds_halves_up() -> None:
    """round(100 × correct / answered), halves up (Pix's ReproducibilityRate); 0 if none."""
    assert reproducibility_rate(0, 0) == 0
    for answered in range(1, 41):
        for correct in range(answered + 1):
            exact = Decimal(100 * correct) / answered
            expected = int(exact.to_integral_value(rounding=ROUND_HALF_UP))
            assert reproducibility_rate(correct, answered) == expected, (correct, answered)
    assert reproducibility_rate(1, 8) == 13  # 12.5 → 13
    assert reproducibility_rate(3, 8) == 38  # 37.5 → 38


def test_trust_share_is_ceil_of_66_percent() -> None:
    """Trustable iff answered, non-neutralised ≥ ceil(0.66 × questions) (D6 row 4)."""
    assert TRUSTABLE_SHARE_PERCENT == 66
    for questions in range(0, 61):
        needed = math.ceil(Decimal("0.66") * questions)
        for answered in range(questions + 1):
            assert trustable(answered, questions) is (answered >= needed), (answered, questions)
    assert not trustable(29, 45) and trustable(30, 45)  # rules.md case 50
    assert trustable(0, 0)


# ---------------------------------------------------------------- the decision order


def jury_oracle(facts: dict[str, object]) -> str:
    """D6's decision order (first match wins), with issue 9's error reasons.

    1 cancelled; 2 fraud; 3 end screen (D3); a computation failure (unanswered
    questions) is an error; Pix's errors: a certified-level combination not in §10.4
    at a rate ≥ 50, a score of 0 above 50 %; 4 not trustable; 5 technical abort and
    rate < 50; 6 rate < 50; no score without competences or profile; 7 validated,
    rejected when 0 pix.
    """
    rate, pix, scoring = facts["reproducibility"], facts["total_pix"], facts["scoring"]
    assert isinstance(rate, int) and isinstance(pix, int)
    if facts["cancelled"]:
        return "cancelled"
    if facts["rejected_for_fraud"]:
        return "rejected:FRAUD"
    if facts["end_screen_rejected"]:
        return "rejected:END_SCREEN_NOT_SEEN"
    if not facts["computable"]:
        return "error"
    if scoring == "not_covered" and rate >= 50:
        return "error:CERTIFIED_LEVEL_NOT_COVERED"
    if scoring == "ok" and rate > 50 and pix <= 0:
        return "error:SCORE_INCOHERENT_WITH_REPRODUCIBILITY_RATE"
    if not facts["trustable"]:
        return "cancelled:CANCELLED_DUE_TO_NEUTRALIZATION"
    if facts["abort_technical"] and rate < 50:
        return "cancelled:CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON"
    if rate < 50:
        return "rejected:REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS"
    if scoring == "missing":
        return "error:COMPETENCES_MISSING"
    if scoring == "no_profile":
        return "error:PROFILE_MISSING"
    return "rejected" if pix <= 0 else "validated"


BOOLS = ("cancelled", "rejected_for_fraud", "end_screen_rejected", "computable", "trustable",
         "abort_technical")  # fmt: skip


def test_decision_order_everywhere() -> None:
    """Every combination of the facts, rates and pix at their edges: D6's order."""
    assert MINIMUM_REPRODUCIBILITY_RATE == 50
    for flags in itertools.product((False, True), repeat=len(BOOLS)):
        for rate, pix, scoring in itertools.product(
            (0, 49, 50, 51, 100), (-1, 0, 1, 8), ("ok", "missing", "no_profile", "not_covered")
        ):
            facts = {**dict(zip(BOOLS, flags, strict=True)), "reproducibility": rate,
                     "total_pix": pix, "scoring": scoring}  # fmt: skip
            assert first_outcome(JURY_DECISION, facts) == jury_oracle(facts), facts


# ---------------------------------------------------------------- automatic jury tables


@pytest.mark.parametrize(
    ("reason", "outcome"),
    [("candidate", "skip"), ("technical", "neutralise"), ("", "none"), ("other", "none")],
)
def test_abort_completion(reason: str, outcome: str) -> None:
    """§10.1: candidate → unanswered skipped; technical → neutralised; else nothing."""
    assert first_outcome(ABORT_COMPLETION, {"abort_reason": reason}) == outcome


E_CODES = ("IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING", "FILE_NOT_OPENING", "WEBSITE_UNAVAILABLE",
           "WEBSITE_BLOCKED", "EXTRA_TIME_EXCEEDED", "SOFTWARE_NOT_WORKING",
           "UNINTENTIONAL_FOCUS_OUT", "SKIP_ON_OOPS", "ACCESSIBILITY_ISSUE")  # fmt: skip
STATUSES = ("ok", "ko", "aband", "timedout", "focusedOut", "partially", "unimplemented", "")


def resolution_oracle(f: dict[str, object]) -> str:
    """§8.4, paragraph by paragraph."""
    if f["category"] != "IN_CHALLENGE":
        return "not_resolved"  # C-codes and deprecated: for a human
    if not f["answer_exists"]:
        return "no_such_question"
    sub, status = f["subcategory"], f["status"]
    if sub in ("IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING") and not (
        f["has_illustration"] or f["has_embed"]
    ):
        return "check_failed_no_illustration"
    if sub == "FILE_NOT_OPENING" and not f["has_attachment"]:
        return "check_failed_no_attachment"
    if sub == "EXTRA_TIME_EXCEEDED" and not f["timed"]:
        return "check_failed_not_timed"
    if sub == "UNINTENTIONAL_FOCUS_OUT":
        if not f["focus"]:
            return "check_failed_not_focus"
        return {"focusedOut": "answer_accepted", "aband": "neutralised"}.get(
            str(status), "no_effect"
        )
    return "neutralised" if status in ("ko", "aband") else "no_effect"


FLAGS = ("answer_exists", "has_illustration", "has_embed", "has_attachment", "timed", "focus")


def test_report_resolution_everywhere() -> None:
    """Every category, subcategory, status and flag combination: §8.4 exactly."""
    categories = ("IN_CHALLENGE", "FRAUD", "CANDIDATE_INFORMATIONS_CHANGES", "OTHER")
    for category, sub, status in itertools.product(categories, (*E_CODES, ""), STATUSES):
        for flags in itertools.product((False, True), repeat=len(FLAGS)):
            facts = {"category": category, "subcategory": sub, "status": status,
                     **dict(zip(FLAGS, flags, strict=True))}  # fmt: skip
            assert first_outcome(REPORT_RESOLUTION, facts) == resolution_oracle(facts), facts
