"""D2 — timing: 1 h 45 plus extra time, the deadline, and "time over".

Declared rules (``rules.md`` D2):

- extra time is a fraction ``p`` with ``0 ≤ p < 10`` (:data:`EXTRA_TIME_RANGE`); from a
  CSV import it is an integer percentage, a value strictly between 0 and 1 is out of
  range, 0 or empty means none (:data:`CSV_EXTRA_TIME`);
- the allowed duration is ``ceil(105 × (1 + p))`` whole minutes, computed exactly
  (never with floats), rounded up so that no candidate ever loses time;
- the start is the start time the invigilator noted, or the candidate's own first start
  when later; the deadline is start + allowed duration, computed on elapsed time (UTC),
  so that a daylight-saving switch never shortens or lengthens a test;
- from the deadline on (``now ≥ deadline``) only skips ("Je passe", status ``aband``)
  are accepted (:data:`ANSWER_ACCEPTANCE`).

The library never reads the clock: ``now`` is always an argument.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from pixcore.errors import InvalidInputError, RefusedError
from pixcore.models._guards import require_moment, require_type
from pixcore.models.course import AnswerStatus
from pixcore.models.extra_time import ExtraTime, parse_extra_time_fraction
from pixcore.rules.engine import Engine, first_outcome
from pixcore.rules.table import DecisionTable, Row, fact

__all__ = [
    "ANSWER_ACCEPTANCE",
    "BASE_DURATION_MINUTES",
    "CSV_EXTRA_TIME",
    "EXTRA_TIME_RANGE",
    "TIME_OVER",
    "allowed_duration",
    "allowed_minutes",
    "check_answer_allowed",
    "deadline",
    "extra_time_from_csv",
    "extra_time_from_ods",
    "is_time_over",
    "to_extra_time",
    "utc_microseconds",
]

BASE_DURATION_MINUTES = 105
"""1 h 45, Pix's ``DEFAULT_SESSION_DURATION_MINUTES``."""

_OUT_OF_RANGE = "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"
_NOT_A_NUMBER = "CANDIDATE_EXTRA_TIME_INTEGER"

EXTRA_TIME_RANGE = DecisionTable(
    name="extra_time_range",
    description="D2: extra time is a number p with 0 <= p < 10 (0 % to 999 %)",
    facts={"is_number": bool, "percent_floor": int},
    rows=(
        Row("not_a_number", _NOT_A_NUMBER, when=(fact("is_number") == False,)),  # noqa: E712
        Row("negative", _OUT_OF_RANGE, when=(fact("percent_floor") < 0,)),
        Row("ten_or_more", _OUT_OF_RANGE, when=(fact("percent_floor") >= 1000,)),
        Row("valid", "valid"),
    ),
)

CSV_EXTRA_TIME = DecisionTable(
    name="csv_extra_time",
    description="D2: CSV extra time is an integer percentage; 0 < x < 1 is refused",
    facts={"is_empty": bool, "is_number": bool, "sign": int, "below_one": bool},
    rows=(
        Row("empty", "none", when=(fact("is_empty") == True,)),  # noqa: E712
        Row("not_a_number", _NOT_A_NUMBER, when=(fact("is_number") == False,)),  # noqa: E712
        Row("zero", "none", when=(fact("sign") == 0,)),
        Row("negative", _OUT_OF_RANGE, when=(fact("sign") < 0,)),
        Row("fraction_typed", _OUT_OF_RANGE, when=(fact("below_one") == True,)),  # noqa: E712
        Row("percentage", "percentage"),
    ),
)

TIME_OVER = DecisionTable(
    name="time_over",
    description="D2: from the deadline on (now >= deadline) the candidate is time over",
    facts={"microseconds_left": int},
    rows=(
        Row("time_over", "time_over", when=(fact("microseconds_left") <= 0,)),
        Row("in_time", "in_time"),
    ),
)

ANSWER_ACCEPTANCE = DecisionTable(
    name="answer_acceptance",
    description="D2: once time is over, only a skip ('Je passe', aband) is accepted",
    facts={"time_over": bool, "is_skip": bool},
    rows=(
        Row("in_time", "accepted", when=(fact("time_over") == False,)),  # noqa: E712
        Row("skip", "accepted", when=(fact("is_skip") == True,)),  # noqa: E712
        Row("refused", "CERTIFICATION_TIME_OVER"),
    ),
)


def _parsed(value: object) -> Decimal | None:
    """The exact number, None when it is not a number; other shape errors are raised.

    A huge, over-precise or non-decimal value is refused here, before any arithmetic
    (:func:`~pixcore.models.extra_time.parse_extra_time_fraction`), with its own code.
    """
    try:
        return parse_extra_time_fraction(value)
    except ValueError as error:
        if str(error) == _NOT_A_NUMBER:
            return None
        raise InvalidInputError(str(error), meta={"field": "extra_time"}) from None


def _range_facts(value: object) -> tuple[dict[str, bool | int], Decimal | None]:
    fraction = _parsed(value)
    if fraction is None:
        return {"is_number": False, "percent_floor": 0}, None
    return {"is_number": True, "percent_floor": math.floor(fraction.scaleb(2))}, fraction


def to_extra_time(value: object, *, engine: Engine | None = None) -> ExtraTime | None:
    """Read an extra time given as a fraction (``Decimal("0.33")``, ``"0.33"``, ...).

    ``None`` and ``0`` mean no extra time. Raises :class:`InvalidInputError` with
    ``CANDIDATE_EXTRA_TIME_INTEGER`` (not a number) or
    ``CANDIDATE_EXTRA_TIME_OUT_OF_RANGE``.
    """
    if value is None or isinstance(value, ExtraTime):
        return None if value is None or value.is_none else value
    facts, fraction = _range_facts(value)
    outcome = first_outcome(EXTRA_TIME_RANGE, facts, engine)
    if outcome != "valid":
        raise InvalidInputError(outcome, meta={"field": "extra_time"})
    assert fraction is not None
    # checked just above by the same reader and range as ExtraTime's validator: no 2nd pass
    return None if fraction == 0 else ExtraTime.model_construct(fraction=fraction)


def _csv_facts(text: str) -> tuple[dict[str, bool | int], Decimal | None]:
    stripped = text.strip()
    facts: dict[str, bool | int] = {
        "is_empty": not stripped, "is_number": False, "sign": 0, "below_one": False,
    }  # fmt: skip
    if not stripped:
        return facts, None
    number = _parsed(stripped)
    if number is None:
        return facts, None
    sign = (number > 0) - (number < 0)
    facts.update(is_number=True, sign=sign, below_one=number < 1)
    return facts, number


def extra_time_from_csv(text: str, *, engine: Engine | None = None) -> ExtraTime | None:
    """Read the CSV mass-import column "Temps majoré ?": an integer percentage.

    ``"33"`` → 0.33; ``""`` or ``"0"`` → None; ``"0.5"`` (a fraction typed where a
    percentage is expected) or ``"1000"`` → ``CANDIDATE_EXTRA_TIME_OUT_OF_RANGE``.
    ``text`` must be a ``str`` (``ARGUMENT_NOT_VALID`` otherwise).
    """
    facts, number = _csv_facts(require_type(text, str, "text"))
    outcome = first_outcome(CSV_EXTRA_TIME, facts, engine)
    if outcome == "none":
        return None
    if outcome != "percentage":
        raise InvalidInputError(outcome, meta={"field": "extra_time"})
    assert number is not None
    return to_extra_time(number.scaleb(-2), engine=engine)  # exact: no rounding context


def extra_time_from_ods(cell_text: str, *, engine: Engine | None = None) -> ExtraTime | None:
    """Read the ODS column "Temps majoré ?": a percentage cell already holds a fraction.

    Read the cell's text value (``"0.33"``), never through a float. Empty or 0 → None.
    """
    if not require_type(cell_text, str, "cell_text").strip():
        return None
    return to_extra_time(cell_text, engine=engine)


def _ratio_of(extra_time: ExtraTime | Decimal | None) -> tuple[int, int]:
    if extra_time is None:
        return 0, 1
    checked = extra_time if isinstance(extra_time, ExtraTime) else to_extra_time(extra_time)
    return checked.fraction.as_integer_ratio() if checked is not None else (0, 1)


def allowed_minutes(extra_time: ExtraTime | Decimal | None) -> int:
    """``ceil(105 × (1 + p))`` whole minutes, exactly: 33 % → 140, 120 % → 231.

    Integer arithmetic on ``p = n / d``: ``ceil(105 × (d + n) / d)``, no float, no
    rounding context.
    """
    if extra_time is None:
        return BASE_DURATION_MINUTES
    if type(extra_time) is not Decimal:
        return _minutes(extra_time)
    key = str(extra_time)  # exact: equal strings are the same sign, digits and exponent
    minutes = _MINUTES.get(key)
    if minutes is None:
        minutes = _minutes(extra_time)  # an invalid value raises: nothing is remembered
        if len(_MINUTES) < _MINUTES_KEPT:
            _MINUTES[key] = minutes
    return minutes


_MINUTES: dict[str, int] = {}
"""Minutes by extra time as written: a school uses a handful of values (33 %, 50 %...);
reading, checking and dividing one again costs ~10 µs, a look-up ~0.3 µs (issue 14)."""
_MINUTES_KEPT = 256
"""At most this many values remembered: bounded memory whatever the input."""


def _minutes(extra_time: ExtraTime | Decimal) -> int:
    numerator, denominator = _ratio_of(extra_time)
    return -(-BASE_DURATION_MINUTES * (denominator + numerator) // denominator)


def allowed_duration(extra_time: ExtraTime | Decimal | None) -> dt.timedelta:
    """The time a candidate is allowed: 1 h 45 plus extra time, rounded up to the minute.

    ``extra_time`` is an :class:`ExtraTime`, a ``Decimal`` fraction or None. Out of
    range raises :class:`InvalidInputError` with ``CANDIDATE_EXTRA_TIME_OUT_OF_RANGE``.
    """
    return dt.timedelta(minutes=allowed_minutes(extra_time))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def utc_microseconds(moment: dt.datetime) -> int:
    """The instant ``moment`` designates, in whole microseconds since 1970-01-01 UTC.

    Elapsed-time arithmetic (D2): the UTC offset is read with ``fold``, so 02:30 before
    and 02:30 after the clocks go back are one hour apart. Python compares and
    subtracts two datetimes sharing one ``tzinfo`` object on their wall clocks; every
    difference and comparison of this module goes through this function instead.
    Raises :class:`InvalidInputError` ``DATETIME_NOT_AWARE`` for a naive datetime.
    """
    try:  # two tzinfo objects: Python subtracts the instants, reading each offset with fold
        return (moment - _EPOCH) // _MICROSECOND
    except TypeError:  # naive (no tzinfo, or a tzinfo without offset)
        raise InvalidInputError("DATETIME_NOT_AWARE") from None


def deadline(
    noted_start: dt.datetime,
    extra_time: ExtraTime | Decimal | None,
    first_start: dt.datetime | None = None,
) -> dt.datetime:
    """The moment from which the candidate is time over (D2).

    Starts at the invigilator's noted start, or at the candidate's own first start when
    later (compared as instants). Computed on elapsed time, returned in
    ``noted_start``'s time zone (with the right ``fold``). Datetimes must be time-zone
    aware, within years 1900–9000 (``DATETIME_OUT_OF_RANGE``).
    """
    require_moment(noted_start, "noted_start")
    if type(noted_start.tzinfo) is not dt.timezone:
        utc_microseconds(noted_start)  # DATETIME_NOT_AWARE for a naive moment
    start = noted_start
    if first_start is not None:
        require_moment(first_start, "first_start")
        if _later(first_start, noted_start):
            start = first_start
    zone = noted_start.tzinfo
    if type(zone) is dt.timezone and start.tzinfo is zone:
        return start + allowed_duration(extra_time)  # a fixed offset: wall clock = elapsed
    end_utc = start.astimezone(dt.UTC) + allowed_duration(extra_time)
    return end_utc.astimezone(zone)


def _later(moment: dt.datetime, than: dt.datetime) -> bool:
    """``moment`` is a later instant than ``than``."""
    zone = moment.tzinfo
    if type(zone) is dt.timezone and than.tzinfo is zone:  # one fixed offset: wall = elapsed
        return moment > than
    return utc_microseconds(moment) > utc_microseconds(than)


def _microseconds_between(start: dt.datetime, end: dt.datetime) -> int:
    """Elapsed time from ``start`` to ``end``, in whole microseconds (instants, UTC)."""
    zone = start.tzinfo
    if type(zone) is dt.timezone and end.tzinfo is zone:  # one fixed offset: wall = elapsed
        return (end - start) // _MICROSECOND
    return utc_microseconds(end) - utc_microseconds(start)


def _time_over_facts(deadline_at: dt.datetime, now: dt.datetime) -> dict[str, int]:
    require_moment(deadline_at, "deadline_at")
    require_moment(now, "now")
    return {"microseconds_left": _microseconds_between(now, deadline_at)}


def is_time_over(
    deadline_at: dt.datetime, now: dt.datetime, *, engine: Engine | None = None
) -> bool:
    """True from the deadline on: ``now ≥ deadline``, compared as instants (UTC)."""
    return first_outcome(TIME_OVER, _time_over_facts(deadline_at, now), engine) == "time_over"


def check_answer_allowed(
    status: AnswerStatus,
    *,
    deadline_at: dt.datetime,
    now: dt.datetime,
    engine: Engine | None = None,
) -> None:
    """Refuse an answer after time over unless it is a skip (``aband``).

    Raises :class:`RefusedError` with ``CERTIFICATION_TIME_OVER``.
    """
    facts = {
        "time_over": is_time_over(deadline_at, now, engine=engine),
        "is_skip": status == "aband",
    }
    outcome = first_outcome(ANSWER_ACCEPTANCE, facts, engine)
    if outcome != "accepted":
        raise RefusedError(outcome)
