"""D2 timing: duration, deadline, time over, extra-time inputs (§13 cases 9, 34; P4–P8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from pixcore import (
    ExtraTime,
    InvalidInputError,
    RefusedError,
    allowed_duration,
    check_answer_allowed,
    deadline,
    extra_time_from_csv,
    extra_time_from_ods,
    is_time_over,
    to_extra_time,
)
from pixcore.rules import Engine

PARIS = ZoneInfo("Europe/Paris")


def at(hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, 12, hour, minute, second, tzinfo=PARIS)


class TestAllowedDuration:
    @pytest.mark.parametrize(
        ("extra", "minutes"),
        [
            (None, 105),
            (Decimal("0"), 105),
            (Decimal("0.33"), 140),
            (Decimal("1.20"), 231),
            (Decimal("3.40"), 462),
            (Decimal("7.80"), 924),
            (Decimal("9.99"), 1154),
        ],
    )
    def test_ceil_of_exact_duration(self, extra: Decimal | None, minutes: int) -> None:
        """ceil(105 × (1 + p)) exactly: 1.20 gives 231, not the float's 232 (P5)."""
        assert allowed_duration(extra) == dt.timedelta(minutes=minutes)

    def test_a_zero_decimal_of_any_kind_is_no_extra_time(self) -> None:
        """0 (a Decimal, however written, a subclass included) is no extra time: 1 h 45."""

        class Fraction(Decimal):
            """A host's own Decimal type (e.g. from its ORM)."""

        for zero in (Fraction("0"), Fraction("0.00"), Fraction("-0"), Decimal("0E-7")):
            assert allowed_duration(zero) == dt.timedelta(minutes=105), zero

    def test_accepts_an_extra_time_model(self) -> None:
        """An ExtraTime and its Decimal give the same duration."""
        assert allowed_duration(ExtraTime(fraction=Decimal("0.5"))) == dt.timedelta(minutes=158)

    @pytest.mark.parametrize("bad", [Decimal("10"), Decimal("-0.1"), Decimal("12.5")])
    def test_out_of_range(self, bad: Decimal) -> None:
        """p outside 0 ≤ p < 10 raises CANDIDATE_EXTRA_TIME_OUT_OF_RANGE (case 9)."""
        with pytest.raises(InvalidInputError) as excinfo:
            allowed_duration(bad)
        assert excinfo.value.code == "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"


class TestDeadline:
    def test_p4_no_extra_time(self) -> None:
        """Start 09:00, p = 0 → 10:45."""
        assert deadline(at(9), None) == at(10, 45)

    def test_p4_and_case_34_with_33_percent(self) -> None:
        """Start 09:00, p = 0.33 → 11:20 (140 min), never the advisory 11:19:39."""
        assert deadline(at(9), Decimal("0.33")) == at(11, 20)

    def test_p6_later_first_start(self) -> None:
        """Noted 09:00, the candidate's first start 09:07 → deadline from 09:07."""
        assert deadline(at(9), None, first_start=at(9, 7)) == at(10, 52)

    def test_p6_earlier_first_start(self) -> None:
        """A first start before the noted start → the noted start counts."""
        assert deadline(at(9), None, first_start=at(8, 58)) == at(10, 45)

    def test_elapsed_time_across_daylight_saving(self) -> None:
        """On the night clocks go forward, 105 minutes of elapsed time, not of wall clock."""
        start = dt.datetime(2026, 3, 29, 1, 30, tzinfo=PARIS)
        end = deadline(start, None)
        assert end == dt.datetime(2026, 3, 29, 4, 15, tzinfo=PARIS)  # 02:00 became 03:00
        assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(minutes=105)

    def test_elapsed_time_when_the_clocks_go_back(self) -> None:
        """Last Sunday of October: 02:15 (summer time) + 105 min is 03:00 winter time.

        Wall-clock arithmetic would say 04:00, an hour late (issue 9 §1).
        """
        start = dt.datetime(2026, 10, 25, 2, 15, fold=0, tzinfo=PARIS)  # 00:15 UTC
        end = deadline(start, None)
        assert end.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 2, 0, tzinfo=dt.UTC)
        assert (end.hour, end.minute, end.utcoffset()) == (3, 0, dt.timedelta(hours=1))

    def test_second_half_hour_of_the_repeated_hour(self) -> None:
        """02:15 after the switch (fold=1, 01:15 UTC) + 105 min → 03:00 UTC, 04:00 local."""
        start = dt.datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=PARIS)
        end = deadline(start, None)
        assert end.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 3, 0, tzinfo=dt.UTC)

    def test_later_first_start_compared_as_instants(self) -> None:
        """Noted 02:40 (summer, 00:40 UTC); first start 02:10 winter (01:10 UTC) is later.

        On the wall clock 02:10 < 02:40 and the noted start would win, 30 min too early.
        """
        noted = dt.datetime(2026, 10, 25, 2, 40, fold=0, tzinfo=PARIS)
        first = dt.datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=PARIS)
        end = deadline(noted, None, first_start=first)
        assert end.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 2, 55, tzinfo=dt.UTC)

    def test_mixed_zones_give_the_same_instant(self) -> None:
        """A start in Paris and one in UTC for the same instant give the same deadline."""
        local = dt.datetime(2026, 10, 25, 2, 15, fold=1, tzinfo=PARIS)
        same = local.astimezone(dt.UTC)
        assert deadline(local, Decimal("0.33")) == deadline(same, Decimal("0.33"))

    def test_naive_datetimes_are_refused(self) -> None:
        """A naive datetime is ambiguous: DATETIME_NOT_AWARE."""
        with pytest.raises(InvalidInputError) as excinfo:
            deadline(dt.datetime(2026, 3, 12, 9), None)
        assert excinfo.value.code == "DATETIME_NOT_AWARE"


class TestTimeOver:
    def test_p8_boundary(self, engine: Engine) -> None:
        """now = deadline → time over; one microsecond before → not."""
        end = at(10, 45)
        assert is_time_over(end, end, engine=engine) is True
        assert is_time_over(end, end - dt.timedelta(microseconds=1), engine=engine) is False

    def test_time_over_on_the_night_the_clocks_go_back(self, engine: Engine) -> None:
        """Deadline 02:30 winter time (01:30 UTC); now 02:40 summer time (00:40 UTC).

        Now is 50 minutes *before* the deadline although its wall clock reads later;
        02:20 winter time (01:20 UTC) is also before; 02:30 winter time is the deadline.
        """
        end = dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS)
        summer = dt.datetime(2026, 10, 25, 2, 40, fold=0, tzinfo=PARIS)
        assert is_time_over(end, summer, engine=engine) is False
        check_answer_allowed("ok", deadline_at=end, now=summer, engine=engine)
        assert is_time_over(end, end.replace(minute=20), engine=engine) is False
        assert is_time_over(end, end, engine=engine) is True
        late = dt.datetime(2026, 10, 25, 2, 20, fold=0, tzinfo=PARIS)  # 00:20 UTC
        assert is_time_over(late.replace(fold=1), late, engine=engine) is False
        assert is_time_over(late, late.replace(fold=1), engine=engine) is True

    def test_naive_now_is_refused(self) -> None:
        """``now`` without a time zone: DATETIME_NOT_AWARE, never a wall-clock guess."""
        with pytest.raises(InvalidInputError) as excinfo:
            is_time_over(at(10, 45), dt.datetime(2026, 3, 12, 11))
        assert excinfo.value.code == "DATETIME_NOT_AWARE"

    def test_p8_answer_refused_skip_accepted(self, engine: Engine) -> None:
        """At the deadline an answer is refused (CERTIFICATION_TIME_OVER), a skip accepted."""
        end = at(10, 45)
        check_answer_allowed("aband", deadline_at=end, now=end, engine=engine)
        with pytest.raises(RefusedError) as excinfo:
            check_answer_allowed("ok", deadline_at=end, now=end, engine=engine)
        assert excinfo.value.code == "CERTIFICATION_TIME_OVER"

    def test_p8_answer_accepted_one_second_before(self, engine: Engine) -> None:
        """One second before the deadline, any answer is accepted."""
        end = at(10, 45)
        check_answer_allowed(
            "ko", deadline_at=end, now=end - dt.timedelta(seconds=1), engine=engine
        )


class TestExtraTimeInputs:
    def test_case_9_fraction(self, engine: Engine) -> None:
        """0.33 is accepted and kept exact."""
        extra = to_extra_time("0.33", engine=engine)
        assert extra is not None
        assert extra.fraction == Decimal("0.33")
        assert extra.percent == Decimal("33")

    @pytest.mark.parametrize(
        ("value", "code"),
        [
            ("10", "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"),
            ("-0.1", "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"),
            ("abc", "CANDIDATE_EXTRA_TIME_INTEGER"),
            ("NaN", "CANDIDATE_EXTRA_TIME_INTEGER"),
            (True, "CANDIDATE_EXTRA_TIME_INTEGER"),
        ],
    )
    def test_case_9_refusals(self, engine: Engine, value: object, code: str) -> None:
        """10, -0.1 are out of range; "abc", NaN, booleans are not numbers."""
        with pytest.raises(InvalidInputError) as excinfo:
            to_extra_time(value, engine=engine)
        assert excinfo.value.code == code

    def test_zero_and_none_mean_no_extra_time(self) -> None:
        """0 and None mean none."""
        assert to_extra_time(0) is None
        assert to_extra_time(None) is None

    def test_p7_csv(self, engine: Engine) -> None:
        """CSV: "33" → 0.33; "" and "0" → none."""
        extra = extra_time_from_csv("33", engine=engine)
        assert extra is not None
        assert extra.fraction == Decimal("0.33")
        assert extra_time_from_csv("", engine=engine) is None
        assert extra_time_from_csv("0", engine=engine) is None

    @pytest.mark.parametrize("text", ["0.5", "1000", "-5"])
    def test_p7_csv_out_of_range(self, engine: Engine, text: str) -> None:
        """CSV "0.5" (a fraction typed), "1000", "-5" → out of range."""
        with pytest.raises(InvalidInputError) as excinfo:
            extra_time_from_csv(text, engine=engine)
        assert excinfo.value.code == "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"

    def test_p7_ods(self) -> None:
        """ODS "0.33" → 0.33; "0" → none (a percentage cell holds the fraction)."""
        extra = extra_time_from_ods("0.33")
        assert extra is not None
        assert extra.fraction == Decimal("0.33")
        assert extra_time_from_ods("0") is None
        assert extra_time_from_ods("") is None
