"""D2 across daylight-saving switches: every answer is an elapsed-time answer (issue 9 §1).

Instants are drawn as UTC microseconds around each switch of 2024–2030 in the zones of
metropolitan France and of the overseas departments and territories (only Paris and
Miquelon change their clocks; the others are checked at random instants). They are
given to pixcore as local times of one shared ``ZoneInfo`` (with ``fold`` set), and the
oracle answers on the UTC timestamps alone.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from zoneinfo import ZoneInfo

import oracles
from hypothesis import given
from hypothesis import strategies as st

from pixcore import RefusedError, check_answer_allowed, deadline, is_time_over

ZONES = (
    "Europe/Paris", "America/Cayenne", "America/Martinique", "America/Guadeloupe",
    "Indian/Reunion", "Indian/Mayotte", "Pacific/Noumea", "Pacific/Tahiti",
    "America/Miquelon",
)  # fmt: skip
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
SECOND = 10**6
HOUR = 3600 * SECOND
FIRST, LAST = dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2031, 1, 1, tzinfo=dt.UTC)


def _us(moment: dt.datetime) -> int:
    return oracles.utc_us(moment)


@functools.cache
def transitions(name: str) -> tuple[int, ...]:
    """The instants (UTC µs) at which ``name`` changes its UTC offset, 2024–2030."""
    zone = ZoneInfo(name)
    found: list[int] = []
    day = FIRST
    while day < LAST:
        following = day + dt.timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = _us(day), _us(following)  # bisect to the second
            while high - low > SECOND:
                middle = (low + high) // 2 // SECOND * SECOND
                before = (EPOCH + dt.timedelta(microseconds=low)).astimezone(zone).utcoffset()
                at_middle = (EPOCH + dt.timedelta(microseconds=middle)).astimezone(zone)
                low, high = (middle, high) if at_middle.utcoffset() == before else (low, middle)
            found.append(high)
        day = following
    return tuple(found)


def local(us: int, zone: ZoneInfo) -> dt.datetime:
    """The local time of instant ``us`` in ``zone``, rebuilt from its fields and fold."""
    moment = (EPOCH + dt.timedelta(microseconds=us)).astimezone(zone)
    return dt.datetime(
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
        moment.microsecond, fold=moment.fold, tzinfo=zone,
    )  # fmt: skip


@st.composite
def anchors(draw: st.DrawFn) -> tuple[str, int]:
    """A zone and an instant: one of its switches when it has any, else any instant."""
    name = draw(st.sampled_from(ZONES))
    switches = transitions(name)
    if switches and draw(st.integers(0, 9)) > 0:
        return name, draw(st.sampled_from(switches))
    return name, draw(st.integers(_us(FIRST), _us(LAST)))


around = st.integers(-4 * HOUR, 4 * HOUR)
fractions = st.decimals(min_value=0, max_value=Decimal("9.99"), places=2)


def test_paris_and_miquelon_switch_twice_a_year() -> None:
    """The strategy really crosses switches: two a year where the clocks change."""
    assert len(transitions("Europe/Paris")) == 14
    assert len(transitions("America/Miquelon")) == 14
    assert transitions("Indian/Reunion") == ()
    october = dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC)  # 03:00 summer → 02:00 winter
    assert _us(october) in transitions("Europe/Paris")


@given(
    anchor=anchors(), noted=around, first=st.none() | around, p=fractions,
    now=st.integers(-3 * HOUR, 3 * HOUR),
)  # fmt: skip
def test_deadline_and_time_over_are_elapsed_time(
    anchor: tuple[str, int], noted: int, first: int | None, p: Decimal, now: int
) -> None:
    """Deadline = later start + allowed minutes and time over = now ≥ deadline, in UTC."""
    name, at = anchor
    zone = ZoneInfo(name)
    noted_us, first_us = at + noted, None if first is None else at + first
    expected = oracles.deadline_us(noted_us, p, first_us)
    end = deadline(local(noted_us, zone), p, None if first_us is None else local(first_us, zone))
    assert _us(end) == expected
    assert end.tzinfo is zone
    now_us = expected + now
    over = now_us >= expected
    now_local, end_local = local(now_us, zone), local(expected, zone)
    assert is_time_over(end, now_local) is over
    assert is_time_over(end_local, now_local) is over
    try:
        check_answer_allowed("ok", deadline_at=end_local, now=now_local)
        refused = False
    except RefusedError:
        refused = True
    assert refused is over
