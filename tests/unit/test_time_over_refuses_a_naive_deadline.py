"""A naive deadline is refused whatever ``now``'s zone (D2, ``utc_microseconds``).

Time over is decided on instants (``is_time_over``: "compared as instants (UTC)"), and a
datetime without a time zone designates no instant: ``DATETIME_NOT_AWARE``, never a
wall-clock guess, and never a bare ``TypeError`` — also when ``now`` carries a fixed
offset, the case pixcore computes on wall clocks when both share it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pixcore.errors import InvalidInputError
from pixcore.rules.timing import check_answer_allowed, is_time_over

NOW_ZONES = [dt.UTC, dt.timezone(dt.timedelta(hours=2))]


@pytest.mark.parametrize("zone", NOW_ZONES, ids=["utc", "plus_2"])
def test_a_naive_deadline_is_refused_with_a_fixed_offset_now(zone: dt.timezone) -> None:
    now = dt.datetime(2026, 3, 12, 11, tzinfo=zone)
    naive_deadline = dt.datetime(2026, 3, 12, 10, 45)
    with pytest.raises(InvalidInputError) as excinfo:
        is_time_over(naive_deadline, now)
    assert (excinfo.value.code, dict(excinfo.value.meta)) == ("DATETIME_NOT_AWARE", {})
    with pytest.raises(InvalidInputError) as excinfo:
        check_answer_allowed("ok", deadline_at=naive_deadline, now=now)
    assert (excinfo.value.code, dict(excinfo.value.meta)) == ("DATETIME_NOT_AWARE", {})


class _NoOffset(dt.tzinfo):
    """A time zone that does not know its offset: the datetime is still naive."""

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return None

    def dst(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return None

    def tzname(self, moment: dt.datetime | None) -> str | None:
        return None


def test_a_deadline_whose_zone_has_no_offset_is_refused() -> None:
    now = dt.datetime(2026, 3, 12, 11, tzinfo=dt.UTC)
    deadline_at = dt.datetime(2026, 3, 12, 10, 45, tzinfo=_NoOffset())
    with pytest.raises(InvalidInputError) as excinfo:
        is_time_over(deadline_at, now)
    assert (excinfo.value.code, dict(excinfo.value.meta)) == ("DATETIME_NOT_AWARE", {})
