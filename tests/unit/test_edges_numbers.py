"""Issue 8 §1 (numbers, dates, argument types) and issue 9 §2 (extra time as a Fraction).

Hostile numbers are refused by their shape, before any arithmetic, with a coded error at
every entry point that reads an extra time; wrong argument types and out-of-range
moments at the public API give coded errors, never AttributeError or OverflowError.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import pixcore
from pixcore.errors import InvalidInputError, PixcoreError
from pixcore.models import ExtraTime
from pixcore.models._numbers import MAX_DECIMALS, bounded_decimal, bounded_int
from pixcore.models.course import CertificationCourse
from pixcore.referential import Referential

UTC = dt.UTC
START = dt.datetime(2026, 3, 12, 9, 0, tzinfo=UTC)

NOT_A_NUMBER = "CANDIDATE_EXTRA_TIME_INTEGER"
OUT_OF_RANGE = "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"
TOO_PRECISE = "CANDIDATE_EXTRA_TIME_TOO_PRECISE"
NOT_DECIMAL = "CANDIDATE_EXTRA_TIME_NOT_DECIMAL"

# value → the code every fraction entry point gives (to_extra_time, ODS cell, civil data)
HOSTILE_FRACTIONS: list[tuple[object, str]] = [
    ("1E+999990", NOT_A_NUMBER),  # exponent notation is not a number typed by a school
    ("1E-999999999", NOT_A_NUMBER),
    (Decimal("1E+999990"), OUT_OF_RANGE),
    (Decimal("-1E+999990"), OUT_OF_RANGE),
    (Decimal("1E-999999999"), TOO_PRECISE),
    (Decimal("0E+999999999"), OUT_OF_RANGE),
    (Decimal("NaN"), NOT_A_NUMBER),
    (Decimal("sNaN"), NOT_A_NUMBER),
    (Decimal("Infinity"), NOT_A_NUMBER),
    ("NaN", NOT_A_NUMBER),
    ("Infinity", NOT_A_NUMBER),
    ("-inf", NOT_A_NUMBER),
    (float("nan"), NOT_A_NUMBER),
    (float("inf"), NOT_A_NUMBER),
    (5e-324, TOO_PRECISE),
    (1e308, OUT_OF_RANGE),
    ("0." + "3" * 5000, NOT_A_NUMBER),  # over-long text
    ("9" * 5000, NOT_A_NUMBER),
    (10**5000, OUT_OF_RANGE),
    (-(10**5000), OUT_OF_RANGE),
    ("²", NOT_A_NUMBER),
    ("٣", NOT_A_NUMBER),  # an Arabic-Indic digit: Decimal() would read it
    ("0x10", NOT_A_NUMBER),
    ("1_000", NOT_A_NUMBER),
    (True, NOT_A_NUMBER),
    ([0.33], NOT_A_NUMBER),
    (Fraction(1, 3), NOT_DECIMAL),
    (Fraction(1, 10**300), TOO_PRECISE),
    (Fraction(10**300, 7), OUT_OF_RANGE),
    (Decimal("0." + "1" * 25), TOO_PRECISE),
]


def _id(value: object) -> str:
    """A short test id of ASCII letters, digits and ``._+-`` only: mutmut passes test ids
    back to pytest on its command line, where quotes and brackets do not round-trip."""
    text = repr(value) if not isinstance(value, int) or value.bit_length() < 64 else "big-int"
    return re.sub(r"[^A-Za-z0-9._+-]", "_", text)[:24]


HOSTILE_IDS = [_id(value) for value, _ in HOSTILE_FRACTIONS]


@pytest.mark.parametrize(("value", "code"), HOSTILE_FRACTIONS, ids=HOSTILE_IDS)
def test_to_extra_time_refuses_hostile_values_with_their_code(value: object, code: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        pixcore.to_extra_time(value)
    assert caught.value.code == code
    assert caught.value.message and caught.value.message_en


@pytest.mark.parametrize(("value", "code"), HOSTILE_FRACTIONS, ids=HOSTILE_IDS)
def test_allowed_duration_and_model_refuse_them_too(value: object, code: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        pixcore.allowed_duration(value)  # type: ignore[arg-type]
    assert caught.value.code == code
    with pytest.raises(ValidationError) as invalid:
        ExtraTime(fraction=value)  # type: ignore[arg-type]
    assert [e["type"] for e in invalid.value.errors()] == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1E+999990", NOT_A_NUMBER),
        ("1E-999999999", NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),
        ("Infinity", NOT_A_NUMBER),
        ("²", NOT_A_NUMBER),
        ("9" * 5000, NOT_A_NUMBER),
        ("33." + "3" * 30, TOO_PRECISE),
    ],
    ids=_id,
)
def test_csv_and_ods_cells_refuse_hostile_text(text: str, code: str) -> None:
    for read in (pixcore.extra_time_from_csv, pixcore.extra_time_from_ods):
        with pytest.raises(InvalidInputError) as caught:
            read(text)
        assert caught.value.code == code, read


def test_validate_candidate_reports_a_hostile_extra_time_as_one_coded_error(
    referential: Referential,
) -> None:
    data = {
        "last_name": "Lefèvre", "first_name": "Maël", "sex": "M", "birth_date": "2010-06-15",
        "birth_country": "France", "birth_insee_code": "75056",
    }  # fmt: skip
    for value, code in HOSTILE_FRACTIONS:
        with pytest.raises(pixcore.CandidateDataError) as caught:
            pixcore.validate_candidate({**data, "extra_time": value}, referential=referential)
        assert [(d.code, d.field) for d in caught.value.errors] == [(code, "extra_time")]


# ------------------------------------------------------------ issue 9 §2: Fraction


def test_a_third_is_refused_with_an_honest_code_and_the_equivalent_percentage() -> None:
    """Decision (docs/decisions.md, edges): extra time is a decimal fraction, as in Pix."""
    with pytest.raises(InvalidInputError) as caught:
        pixcore.to_extra_time(Fraction(1, 3))
    assert caught.value.code == NOT_DECIMAL
    assert "33 %" in caught.value.message and "140 minutes" in caught.value.message
    # the percentage the message proposes gives the very duration a third would
    third_minutes = -(-105 * (3 + 1) // 3)  # ceil(105 × 4/3), exact integer arithmetic
    assert third_minutes == 140
    assert pixcore.allowed_duration(Decimal("0.33")) == dt.timedelta(minutes=third_minutes)


@given(
    numerator=st.integers(min_value=0, max_value=999),
    twos=st.integers(min_value=0, max_value=12),
    fives=st.integers(min_value=0, max_value=12),
)
def test_decimal_fractions_are_accepted_exactly(numerator: int, twos: int, fives: int) -> None:
    value = Fraction(numerator, 2**twos * 5**fives)
    if value >= 10:
        return
    extra = pixcore.to_extra_time(value)
    fraction = Fraction(extra.fraction) if extra is not None else Fraction(0)
    assert fraction == value  # exact, never rounded
    minutes = pixcore.allowed_duration(extra).total_seconds() // 60
    assert minutes == -(-105 * (value.denominator + value.numerator) // value.denominator)


@given(
    numerator=st.integers(min_value=1, max_value=10**6),
    denominator=st.integers(min_value=2, max_value=10**6).filter(
        lambda d: (
            d // (2 ** ((d & -d).bit_length() - 1)) % 5 != 0
            and d // (2 ** ((d & -d).bit_length() - 1)) != 1
        )
    ),
)
def test_fractions_without_a_decimal_form_are_refused(numerator: int, denominator: int) -> None:
    value = Fraction(numerator, denominator)
    if value.denominator != denominator or value >= 10:
        return  # reduced to another fraction, or out of range (checked elsewhere)
    with pytest.raises(InvalidInputError) as caught:
        pixcore.to_extra_time(value)
    assert caught.value.code == NOT_DECIMAL


# ------------------------------------------------------ bounded readers: oracles


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None))
def test_bounded_decimal_is_the_identity_on_small_decimals(value: Decimal) -> None:
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > 40 or abs(exponent) > MAX_DECIMALS:
        return
    assert bounded_decimal(value) == value
    text = format(value, "f")  # plain notation, as typed in a cell
    if abs(value) < 10**9 and len(text) <= 48:
        assert bounded_decimal(text) == value
        assert bounded_decimal(text.replace(".", ",")) == value


@given(st.text(max_size=30))
def test_bounded_int_reads_exactly_ascii_digit_strings(text: str) -> None:
    stripped = text.strip()
    ascii_digits = stripped.lstrip("+-")
    expected = (
        int(stripped)
        if ascii_digits.isascii() and ascii_digits.isdigit() and len(stripped) <= 19
        and stripped.count("-") + stripped.count("+") <= 1 and stripped[:1] in "+-0123456789"
        else None
    )  # fmt: skip
    assert bounded_int(text) == expected


def test_issue_report_numbers_are_read_as_ascii_digits_only() -> None:
    base = {"certification_number": 101, "category": "IN_CHALLENGE",
            "subcategory": "WEBSITE_UNAVAILABLE", "description": "Le site ne répond pas."}  # fmt: skip
    for number in ("²", "9" * 5000, "٣", 10**5000):
        with pytest.raises(pixcore.IssueReportError) as caught:
            pixcore.validate_issue_report(
                {**base, "question_number": number}, filed_by="invigilator"
            )
        assert "ISSUE_REPORT_QUESTION_NUMBER_OUT_OF_RANGE" in {d.code for d in caught.value.errors}
    report = pixcore.validate_issue_report(
        {**base, "question_number": " 3 "}, filed_by="invigilator"
    )
    assert report.question_number == 3


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime.max.replace(tzinfo=UTC),
        dt.datetime.min.replace(tzinfo=UTC),
        dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12))),
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14))),
    ],
)
def test_moments_beyond_the_calendar_are_coded_errors(moment: dt.datetime) -> None:
    calls: list[Callable[[], object]] = [
        lambda: pixcore.deadline(moment, Decimal("9.99")),
        lambda: pixcore.deadline(START, None, moment),
        lambda: pixcore.is_time_over(moment, START),
        lambda: pixcore.is_time_over(START, moment),
        lambda: pixcore.check_answer_allowed("ok", deadline_at=moment, now=START),
    ]
    for call in calls:
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert caught.value.code == "DATETIME_OUT_OF_RANGE"


def test_the_extremes_of_the_accepted_years_still_compute() -> None:
    late = dt.datetime(9000, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-14)))
    assert pixcore.deadline(late, Decimal("9.99")) > late
    early = dt.datetime(1900, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14)))
    assert pixcore.is_time_over(early, early)


# -------------------------------------------------------- wrong argument types


def _referential() -> Referential:
    return Referential.load()


def _course() -> CertificationCourse:
    return CertificationCourse(certification_number=1, started_at=START, state="completed")


WRONG_TYPES: list[tuple[str, Callable[[], Any]]] = [
    ("profile", lambda: pixcore.check_eligibility(["1.1"])),  # type: ignore[arg-type]
    ("profile", lambda: pixcore.check_eligibility("1.1")),  # type: ignore[arg-type]
    ("noted_start", lambda: pixcore.deadline("2026-03-12T09:00", None)),  # type: ignore[arg-type]
    ("first_start", lambda: pixcore.deadline(START, None, 12)),  # type: ignore[arg-type]
    ("deadline_at", lambda: pixcore.is_time_over(None, START)),  # type: ignore[arg-type]
    ("now", lambda: pixcore.is_time_over(START, dt.date(2026, 3, 12))),  # type: ignore[arg-type]
    ("deadline_at", lambda: pixcore.check_answer_allowed("ok", deadline_at=1, now=START)),  # type: ignore[arg-type]
    ("text", lambda: pixcore.extra_time_from_csv(33)),  # type: ignore[arg-type]
    ("cell_text", lambda: pixcore.extra_time_from_ods(0.33)),  # type: ignore[arg-type]
    ("randbelow", lambda: pixcore.generate_access_code(None)),  # type: ignore[arg-type]
    ("randbelow", lambda: pixcore.generate_access_code(lambda n: n)),
    ("randbelow", lambda: pixcore.generate_access_code(lambda n: "1")),  # type: ignore[arg-type, return-value]
    ("session", lambda: pixcore.check_session_access({}, session_number=1, access_code="X")),  # type: ignore[arg-type]
    ("text", lambda: pixcore.normalize_name(None)),  # type: ignore[arg-type]
    ("birthdate", lambda: pixcore.match_candidates([], "a", "b", "2010-01-01")),  # type: ignore[arg-type]
    ("last_name", lambda: pixcore.find_candidate([], "a", 3, dt.date(2010, 1, 1))),  # type: ignore[arg-type]
    ("enrolled", lambda: pixcore.match_candidates([1], "a", "b", dt.date(2010, 1, 1))),  # type: ignore[list-item]
    ("enrolled", lambda: pixcore.match_candidates(5, "a", "b", dt.date(2010, 1, 1))),  # type: ignore[arg-type]
    ("enrolled", lambda: pixcore.ensure_not_enrolled([], "Lefèvre")),  # type: ignore[arg-type]
    ("data", lambda: pixcore.validate_candidate(["x"], referential=_referential())),  # type: ignore[arg-type]
    ("referential", lambda: pixcore.validate_candidate({}, referential=None)),  # type: ignore[arg-type]
    ("data", lambda: pixcore.validate_issue_report("x", filed_by="invigilator")),  # type: ignore[arg-type]
    ("filed_by", lambda: pixcore.validate_issue_report({}, filed_by=None)),  # type: ignore[arg-type]
    ("certification_numbers",
     lambda: pixcore.validate_issue_report({}, filed_by="invigilator", certification_numbers=5)),  # type: ignore[arg-type]
    ("course", lambda: pixcore.end_screen_decision(None, None)),  # type: ignore[arg-type]
    ("confirmation", lambda: pixcore.end_screen_decision(_course(), True)),  # type: ignore[arg-type]
    ("policy", lambda: pixcore.end_screen_decision(_course(), None, policy={})),  # type: ignore[arg-type]
    ("engine", lambda: pixcore.check_eligibility({"1.1": 8}, engine="durable")),  # type: ignore[arg-type]
]  # fmt: skip


@pytest.mark.parametrize(("argument", "call"), WRONG_TYPES)
def test_wrong_argument_types_are_coded_errors(argument: str, call: Callable[[], Any]) -> None:
    with pytest.raises(PixcoreError) as caught:
        call()
    assert caught.value.code == "ARGUMENT_NOT_VALID"
    assert caught.value.meta["argument"] == argument
    assert f"« {argument} »" in caught.value.message


def test_is_valid_access_code_answers_false_for_a_non_string() -> None:
    assert pixcore.is_valid_access_code(None) is False  # type: ignore[arg-type]
    assert pixcore.is_valid_access_code(["BCDF23"]) is False  # type: ignore[arg-type]
    assert pixcore.is_valid_access_code("BCDF23") is True


# ------------------------------------------------- the evaluate document (JSON file)


def _evaluate(tmp_path: Any, text: str) -> tuple[int, dict[str, Any]]:
    import contextlib
    import io
    import json

    from pixcore.cli.app import main

    path = tmp_path / "session.json"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["evaluate", str(path), "--json"])
    return code, json.loads(out.getvalue() or err.getvalue())


@pytest.mark.parametrize(
    ("number", "code"),
    [("1E+999990", OUT_OF_RANGE), ("1E-999999999", TOO_PRECISE), ('"1E+999990"', NOT_A_NUMBER),
     ('"²"', NOT_A_NUMBER)],
)  # fmt: skip
def test_evaluate_reads_document_numbers_exactly_and_refuses_hostile_ones(
    tmp_path: Any, number: str, code: str
) -> None:
    from pathlib import Path

    example = (Path(__file__).resolve().parents[2] / "examples" / "session.json").read_text()
    text = example.replace('"birth_insee_code": "75056"', f'"birth_insee_code": "75056", '
                           f'"extra_time": {number}', 1)  # fmt: skip
    assert text != example
    exit_code, result = _evaluate(tmp_path, text)
    assert exit_code == 0  # a candidate's civil data error is a result, not a failure
    errors = [e["code"] for c in result["candidates"] for e in c["civil_errors"]]
    assert code in errors


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "9" * 5000, "1." + "0" * 60])
def test_evaluate_refuses_numbers_json_does_not_allow_or_too_long(
    tmp_path: Any, number: str
) -> None:
    exit_code, result = _evaluate(tmp_path, '{"candidates": [], "x": ' + number + "}")
    assert exit_code == 3 and result["error"]["code"] == "JSON_NUMBER_NOT_VALID"
