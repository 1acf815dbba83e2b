"""D1, D2 and D3 pinned to ``rules.md``: constants, ranges at their edges, every row.

Expected values are written from the rule text (D1 constants, D2's range ``0 ≤ p < 10``,
the CSV integer percentage, the deadline ``now ≥ deadline``, D3's order), never read
from the tables; each refusal is checked with its code and its meta.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from pixcore import InvalidInputError, RefusedError
from pixcore.models import CORE_COMPETENCES
from pixcore.models.decisions import JuryPolicy
from pixcore.rules import eligibility
from pixcore.rules.eligibility import ELIGIBILITY, check_eligibility
from pixcore.rules.end_screen import END_SCREEN
from pixcore.rules.engine import first_outcome
from pixcore.rules.timing import (
    ANSWER_ACCEPTANCE,
    BASE_DURATION_MINUTES,
    allowed_minutes,
    check_answer_allowed,
    extra_time_from_csv,
    extra_time_from_ods,
    is_time_over,
    to_extra_time,
)

OUT_OF_RANGE = "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"
NOT_A_NUMBER = "CANDIDATE_EXTRA_TIME_INTEGER"

# ---------------------------------------------------------------- D1


@pytest.mark.parametrize("count", range(17))
def test_eligible_iff_five_core_competences_at_eight_pix(count: int) -> None:
    """D1: ≥ 5 of the 16 core competences at level ≥ 1 (pix ≥ 8); 7 pix is level 0."""
    profile = {code: 8 if i < count else 7 for i, code in enumerate(CORE_COMPETENCES)}
    profile["6.1"] = 64  # not a core competence: ignored
    decision = check_eligibility(profile)
    assert (decision.eligible, decision.count) == (count >= 5, count)
    (reason,) = decision.reasons
    if count >= 5:
        assert (reason.code, dict(reason.meta)) == ("ELIGIBLE", {"count": count})
    else:
        assert reason.code == "NOT_ENOUGH_COMPETENCES"
        assert dict(reason.meta) == {"count": count, "missing": 5 - count}
    assert decision.minimum_level == 1
    assert first_outcome(ELIGIBILITY, {"nb_competences_ok": count}) == (
        "eligible" if count >= 5 else "not_eligible"
    )
    # The reasons are built once, at import; the builder must still give them now (a
    # mutation tool changes code after the import: it must see the builder run).
    assert reason == eligibility._reason(count >= 5, count)


# ---------------------------------------------------------------- D2 extra time


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", None), (0, None), (None, None), ("0.01", Decimal("0.01")), ("0.33", Decimal("0.33")),
     ("1", Decimal("1")), ("9.99", Decimal("9.99")), ("9.999", Decimal("9.999"))],
)  # fmt: skip
def test_fractions_in_range(value: object, expected: Decimal | None) -> None:
    """D2: 0 ≤ p < 10; 0 means none; 1 % is the smallest step the forms offer."""
    extra = to_extra_time(value)
    assert (None if extra is None else extra.fraction) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [("10", OUT_OF_RANGE), ("10.0", OUT_OF_RANGE), ("-0.01", OUT_OF_RANGE), ("-1", OUT_OF_RANGE),
     ("abc", NOT_A_NUMBER), ("", NOT_A_NUMBER)],
)  # fmt: skip
def test_fractions_refused(value: str, code: str) -> None:
    """Out of range, or not a number: Pix's two codes, on the ``extra_time`` field."""
    with pytest.raises(InvalidInputError) as caught:
        to_extra_time(value)
    assert caught.value.code == code
    assert dict(caught.value.meta) == {"field": "extra_time"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), ("  ", None), ("0", None), ("1", Decimal("0.01")), ("33", Decimal("0.33")),
     ("100", Decimal("1")), ("999", Decimal("9.99"))],
)  # fmt: skip
def test_csv_percentages(text: str, expected: Decimal | None) -> None:
    """D2 CSV: an integer percentage; empty or 0 → none; 1 % is the smallest."""
    extra = extra_time_from_csv(text)
    assert (None if extra is None else extra.fraction) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [("0.5", OUT_OF_RANGE), ("0.99", OUT_OF_RANGE), ("-1", OUT_OF_RANGE), ("-0.5", OUT_OF_RANGE),
     ("1000", OUT_OF_RANGE), ("abc", NOT_A_NUMBER), ("3 3", NOT_A_NUMBER)],
)  # fmt: skip
def test_csv_refusals(text: str, code: str) -> None:
    """A fraction typed where a percentage is expected, a negative, ≥ 1000 %, text."""
    with pytest.raises(InvalidInputError) as caught:
        extra_time_from_csv(text)
    assert caught.value.code == code
    assert dict(caught.value.meta) == {"field": "extra_time"}


def test_ods_cells_hold_fractions() -> None:
    """D2 ODS: the cell's text is a fraction already; empty or 0 → none."""
    assert extra_time_from_ods("") is None and extra_time_from_ods("0") is None
    extra = extra_time_from_ods("0.33")
    assert extra is not None and extra.fraction == Decimal("0.33")
    with pytest.raises(InvalidInputError) as caught:
        extra_time_from_ods("10")
    assert caught.value.code == OUT_OF_RANGE


@pytest.mark.parametrize(
    ("fraction", "minutes"),
    [(None, 105), ("0", 105), ("0.01", 107), ("0.33", 140), ("1.20", 231), ("9.99", 1154)],
)
def test_allowed_minutes(fraction: str | None, minutes: int) -> None:
    """ceil(105 × (1 + p)), exactly: 1 % → 106.05 → 107; 120 % → 231, not 232."""
    assert BASE_DURATION_MINUTES == 105
    assert allowed_minutes(None if fraction is None else Decimal(fraction)) == minutes


# ---------------------------------------------------------------- D2 time over

DEADLINE = dt.datetime(2026, 3, 12, 10, 45, tzinfo=dt.UTC)
JUST_BEFORE = DEADLINE - dt.timedelta(microseconds=1)


def test_time_over_from_the_deadline_on() -> None:
    """now ≥ deadline: time over; one microsecond before: not."""
    assert is_time_over(DEADLINE, DEADLINE)
    assert is_time_over(DEADLINE, DEADLINE + dt.timedelta(hours=1))
    assert not is_time_over(DEADLINE, JUST_BEFORE)


@pytest.mark.parametrize("status", ["ok", "ko", "aband", "timedout", "focusedOut", "partially"])
def test_only_skips_after_the_deadline(status: str) -> None:
    """Before the deadline every answer; from it on, only "Je passe" (aband)."""
    check_answer_allowed(status, deadline_at=DEADLINE, now=JUST_BEFORE)  # type: ignore[arg-type]
    if status == "aband":
        check_answer_allowed(status, deadline_at=DEADLINE, now=DEADLINE)
        return
    with pytest.raises(RefusedError) as caught:
        check_answer_allowed(status, deadline_at=DEADLINE, now=DEADLINE)  # type: ignore[arg-type]
    assert caught.value.code == "CERTIFICATION_TIME_OVER"


def test_answer_acceptance_table() -> None:
    """The four combinations of (time over, skip)."""
    for over, skip in itertools.product((False, True), repeat=2):
        expected = "CERTIFICATION_TIME_OVER" if over and not skip else "accepted"
        assert first_outcome(ANSWER_ACCEPTANCE, {"time_over": over, "is_skip": skip}) == expected


# ---------------------------------------------------------------- D3


def test_end_screen_every_combination() -> None:
    """D3: unfinished → not applicable; seen → seen; else rejected by policy or proposed."""
    for finished, seen, auto in itertools.product((False, True), repeat=3):
        facts = {"finished": finished, "end_screen_seen": seen, "auto_reject": auto}
        expected = (
            "not_applicable" if not finished
            else "seen" if seen
            else "rejected" if auto
            else "proposal_reject"
        )  # fmt: skip
        assert first_outcome(END_SCREEN, facts) == expected, facts
    assert JuryPolicy().auto_reject_unseen_end_screen is False  # D3: a proposal by default
