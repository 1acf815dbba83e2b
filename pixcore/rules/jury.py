"""D6 — the automatic jury and the V2 decision order, declared as tables.

Declared rules (``rules.md`` D6, §8.4, §10):

- :data:`ABORT_COMPLETION`: an unfinished test whose abort reason is ``candidate`` has
  its unanswered questions skipped (answered, wrong); ``technical``: neutralised;
- :data:`REPORT_RESOLUTION`: the invigilator's ``IN_CHALLENGE`` reports are resolved
  automatically on the N-th answer (§8.4): pre-checks for E1/E2 (an image or an embed), E3
  (an attachment), E8 (a timed question), E10 (a focus question; ``focusedOut`` → the
  answer is accepted, ``aband`` → neutralised); otherwise ``ko``/``aband`` → neutralised,
  any other status → resolved without effect. C-codes stay for a human;
- :data:`CERTIFIED_LEVEL`: per competence, (questions, correct, neutralised) and the
  reproducibility rate give V (keep the level), D (one level down) or I (invalidate),
  Pix's ``CertifiedLevel`` table (§10.4);
- :data:`JURY_DECISION`: the decision order of D6, first match wins, with D3's
  ``END_SCREEN_NOT_SEEN`` rejection after fraud. A certification is in ``error`` (with
  a coded reason) when questions are unanswered, when a competence's combination is not
  in the table, when its score is 0 with a rate above 50 % (as Pix), or when the score
  it needs cannot be computed because answers carry no competence (issue 9 §5).
"""

from __future__ import annotations

from typing import NamedTuple

from pixcore.rules.table import DecisionTable, Row, fact

__all__ = [
    "ABORT_COMPLETION",
    "CERTIFIED_LEVEL",
    "COMPETENCES_MISSING",
    "JURY_DECISION",
    "LEVEL_NOT_COVERED",
    "MINIMUM_REPRODUCIBILITY_RATE",
    "NOT_COVERED",
    "PROFILE_MISSING",
    "REPORT_RESOLUTION",
    "SCORE_INCOHERENT",
    "TRUSTABLE_SHARE_PERCENT",
    "CompetenceMark",
    "competence_counts",
    "rate_band",
    "reproducibility_rate",
    "trustable",
]

MINIMUM_REPRODUCIBILITY_RATE = 50
"""Pix's ``MINIMUM_REPRODUCIBILITY_RATE_TO_BE_CERTIFIED``."""
TRUSTED_REPRODUCIBILITY_RATE = 80
"""Pix's ``MINIMUM_REPRODUCIBILITY_RATE_TO_BE_TRUSTED``."""
TRUSTABLE_SHARE_PERCENT = 66
"""A certification is trustable when answered, non-neutralised questions reach
``ceil(0.66 × questions)``."""

_T, _F = True, False

ABORT_COMPLETION = DecisionTable(
    name="abort_completion",
    description="D6.1: unanswered questions of an unfinished test, by abort reason",
    facts={"abort_reason": str},
    rows=(
        Row("candidate", "skip", when=(fact("abort_reason") == "candidate",), cites="§10.1"),
        Row("technical", "neutralise", when=(fact("abort_reason") == "technical",), cites="§10.1"),
        Row("none", "none"),
    ),
)

_E_CHECKS = ("IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING")

REPORT_RESOLUTION = DecisionTable(
    name="report_resolution",
    description="D6.2 / §8.4: automatic resolution of an invigilator's report",
    facts={
        "category": str, "subcategory": str, "answer_exists": bool, "status": str,
        "has_illustration": bool, "has_embed": bool, "has_attachment": bool, "timed": bool,
        "focus": bool,
    },
    rows=(
        Row("manual", "not_resolved", when=(fact("category") != "IN_CHALLENGE",), cites="§8.4"),
        Row("no_question", "no_such_question", when=(fact("answer_exists") == _F,), cites="§8.4"),
        Row("no_illustration", "check_failed_no_illustration",
            when=(fact("subcategory").is_in(*_E_CHECKS), fact("has_illustration") == _F,
                  fact("has_embed") == _F), cites="§8.4: Pix checks hasIllustration or hasEmbed"),
        Row("no_attachment", "check_failed_no_attachment",
            when=(fact("subcategory") == "FILE_NOT_OPENING", fact("has_attachment") == _F)),
        Row("not_timed", "check_failed_not_timed",
            when=(fact("subcategory") == "EXTRA_TIME_EXCEEDED", fact("timed") == _F)),
        Row("not_focus", "check_failed_not_focus",
            when=(fact("subcategory") == "UNINTENTIONAL_FOCUS_OUT", fact("focus") == _F)),
        Row("focused_out", "answer_accepted",
            when=(fact("subcategory") == "UNINTENTIONAL_FOCUS_OUT", fact("status") == "focusedOut")),
        Row("focus_skipped", "neutralised",
            when=(fact("subcategory") == "UNINTENTIONAL_FOCUS_OUT", fact("status") == "aband")),
        Row("focus_other", "no_effect", when=(fact("subcategory") == "UNINTENTIONAL_FOCUS_OUT",)),
        Row("wrong_or_skipped", "neutralised", when=(fact("status").is_in("ko", "aband"),)),
        Row("otherwise", "no_effect"),
    ),
)  # fmt: skip

_HIGH, _MID, _LOW = "high", "mid", "low"
NOT_COVERED = "not_covered"
"""Outcome of :data:`CERTIFIED_LEVEL` for a combination §10.4 does not list (e.g. four
questions of one competence): the certification is in error (issue 9 §5)."""

SCORE_INCOHERENT = "SCORE_INCOHERENT_WITH_REPRODUCIBILITY_RATE"
"""Pix's ``CertificationContract``: a score of 0 with a rate above 50 % is an error."""
LEVEL_NOT_COVERED = "CERTIFIED_LEVEL_NOT_COVERED"
COMPETENCES_MISSING = "COMPETENCES_MISSING"
"""An answer without its competence: the certification cannot be scored (never 8 pix)."""
PROFILE_MISSING = "PROFILE_MISSING"
"""No profile at joining: no estimated pix to certify, the certification cannot be scored."""

CERTIFIED_LEVEL = DecisionTable(
    name="certified_level",
    description="§10.4: per competence (questions, correct, neutralised) and the rate band",
    facts={"questions": int, "correct": int, "neutralised": int, "band": str},
    rows=(
        Row("3-3-0", "V", when=(fact("questions") == 3, fact("correct") == 3, fact("neutralised") == 0)),
        Row("3-2-0-high", "V", when=(fact("questions") == 3, fact("correct") == 2, fact("neutralised") == 0, fact("band") == _HIGH)),
        Row("3-2-0", "D", when=(fact("questions") == 3, fact("correct") == 2, fact("neutralised") == 0)),
        Row("3-2-1", "V", when=(fact("questions") == 3, fact("correct") == 2, fact("neutralised") == 1)),
        Row("3-1-0", "I", when=(fact("questions") == 3, fact("correct") == 1, fact("neutralised") == 0)),
        Row("3-1-1-high", "V", when=(fact("questions") == 3, fact("correct") == 1, fact("neutralised") == 1, fact("band") == _HIGH)),
        Row("3-1-1-mid", "D", when=(fact("questions") == 3, fact("correct") == 1, fact("neutralised") == 1, fact("band") == _MID)),
        Row("3-1-1-low", "I", when=(fact("questions") == 3, fact("correct") == 1, fact("neutralised") == 1)),
        Row("3-1-2-low", "D", when=(fact("questions") == 3, fact("correct") == 1, fact("neutralised") == 2, fact("band") == _LOW)),
        Row("3-1-2", "V", when=(fact("questions") == 3, fact("correct") == 1, fact("neutralised") == 2)),
        Row("2-2-0", "V", when=(fact("questions") == 2, fact("correct") == 2, fact("neutralised") == 0)),
        Row("2-1-0-high", "V", when=(fact("questions") == 2, fact("correct") == 1, fact("neutralised") == 0, fact("band") == _HIGH)),
        Row("2-1-0-mid", "D", when=(fact("questions") == 2, fact("correct") == 1, fact("neutralised") == 0, fact("band") == _MID)),
        Row("2-1-0-low", "I", when=(fact("questions") == 2, fact("correct") == 1, fact("neutralised") == 0)),
        Row("2-1-1-low", "D", when=(fact("questions") == 2, fact("correct") == 1, fact("neutralised") == 1, fact("band") == _LOW)),
        Row("2-1-1", "V", when=(fact("questions") == 2, fact("correct") == 1, fact("neutralised") == 1)),
        Row("1-1-0-low", "D", when=(fact("questions") == 1, fact("correct") == 1, fact("neutralised") == 0, fact("band") == _LOW)),
        Row("1-1-0", "V", when=(fact("questions") == 1, fact("correct") == 1, fact("neutralised") == 0)),
        Row("3-0-x", "I", when=(fact("questions") == 3, fact("correct") == 0)),
        Row("2-0-x", "I", when=(fact("questions") == 2, fact("correct") == 0)),
        Row("1-0-x", "I", when=(fact("questions") == 1, fact("correct") == 0)),
        Row("otherwise", NOT_COVERED, cites="Pix raises an error: the table or the facts are wrong"),
    ),
)  # fmt: skip

JURY_DECISION = DecisionTable(
    name="jury_decision",
    description="D6: the V2 decision order, first match wins",
    facts={
        "cancelled": bool, "rejected_for_fraud": bool, "end_screen_rejected": bool,
        "computable": bool, "trustable": bool, "abort_technical": bool,
        "reproducibility": int, "total_pix": int,
        "scoring": str,  # ok | missing | no_profile | not_covered
    },
    rows=(
        Row("cancelled", "cancelled", when=(fact("cancelled") == _T,), cites="D6.1"),
        Row("fraud", "rejected:FRAUD", when=(fact("rejected_for_fraud") == _T,), cites="D6.2"),
        Row("end_screen", "rejected:END_SCREEN_NOT_SEEN", when=(fact("end_screen_rejected") == _T,), cites="D6.3, D3"),
        Row("error", "error", when=(fact("computable") == _F,), cites="D6 computation failure"),
        Row("level_not_covered", f"error:{LEVEL_NOT_COVERED}",
            when=(fact("scoring") == "not_covered", fact("reproducibility") >= MINIMUM_REPRODUCIBILITY_RATE),
            cites="§10.4: Pix raises CertificationComputeError"),
        Row("score_incoherent", f"error:{SCORE_INCOHERENT}",
            when=(fact("scoring") == "ok", fact("reproducibility") > MINIMUM_REPRODUCIBILITY_RATE, fact("total_pix") <= 0),
            cites="Pix CertificationContract.assertThatScoreIsCoherentWithReproducibilityRate"),
        Row("not_trustable", "cancelled:CANCELLED_DUE_TO_NEUTRALIZATION", when=(fact("trustable") == _F,), cites="D6.4"),
        Row("technical", "cancelled:CANCELLED_DUE_TO_LACK_OF_ANSWERS_FOR_TECHNICAL_REASON",
            when=(fact("abort_technical") == _T, fact("reproducibility") < MINIMUM_REPRODUCIBILITY_RATE), cites="D6.5"),
        Row("insufficient", "rejected:REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS",
            when=(fact("reproducibility") < MINIMUM_REPRODUCIBILITY_RATE,), cites="D6.6"),
        Row("competences_missing", f"error:{COMPETENCES_MISSING}",
            when=(fact("scoring") == "missing",), cites="issue 9 §5: never invent a score"),
        Row("profile_missing", f"error:{PROFILE_MISSING}",
            when=(fact("scoring") == "no_profile",), cites="issue 9 §5: never invent a score"),
        Row("zero_pix", "rejected", when=(fact("total_pix") <= 0,), cites="D6.7"),
        Row("validated", "validated", cites="D6.7"),
    ),
)  # fmt: skip


def reproducibility_rate(correct: int, answered: int) -> int:
    """``round(100 × correct / answered)``, rounding halves up as Pix does; 0 if none."""
    if answered <= 0:
        return 0
    return (200 * correct + answered) // (2 * answered)


def trustable(answered_not_neutralised: int, questions: int) -> bool:
    """Answered, non-neutralised questions reach ``ceil(0.66 × questions)``."""
    needed = -(-TRUSTABLE_SHARE_PERCENT * questions // 100)
    return answered_not_neutralised >= needed


def rate_band(rate: int) -> str:
    """``high`` (≥ 80), ``mid`` (70–79) or ``low`` (< 70): the columns of §10.4."""
    if rate >= TRUSTED_REPRODUCIBILITY_RATE:
        return _HIGH
    return _MID if rate >= 70 else _LOW


MAX_CORRECT_PER_COMPETENCE = 3
"""Correct answers per competence are capped at 3 (``rules.md`` §10.4)."""

QROCM_DEP_DOUBLES_BELOW = 3
"""A QROCM-dep question counts double in a competence of fewer than 3 questions."""


class CompetenceMark(NamedTuple):
    """One question of a competence, as the level table counts it."""

    status: str
    """The answer's Pix status (``ok``, ``partially``, ``ko``, ``aband``...)."""
    neutralised: bool
    qrocm_dep: bool = False


def competence_counts(marks: tuple[CompetenceMark, ...]) -> tuple[int, int, int]:
    """``(questions, correct, neutralised)`` of one competence, the keys of §10.4's table.

    In a competence of fewer than 3 questions a QROCM-dep question counts as two
    questions (two neutralised when neutralised), and its answer as two correct answers
    when ``ok``, one when ``partially``; every other question counts once, correct when
    ``ok``. Neutralised questions never count as correct; correct answers are capped
    at 3. The global reproducibility rate does not double (``rules.md`` §10.4).
    """
    doubles = len(marks) < QROCM_DEP_DOUBLES_BELOW
    questions = correct = neutralised = 0
    for mark in marks:
        weight = 2 if doubles and mark.qrocm_dep else 1
        questions += weight
        if mark.neutralised:
            neutralised += weight
        elif mark.status == "ok":
            correct += weight
        elif mark.status == "partially" and weight == 2:
            correct += 1
    return questions, min(correct, MAX_CORRECT_PER_COMPETENCE), neutralised
