"""D2: the deadline is given in the time zone of the invigilator's noted start.

``pixcore.rules.timing.deadline``'s docstring: the time counts from the noted start, or
from the candidate's own first start when later (compared as instants), and the result
is "returned in ``noted_start``'s time zone" — even when the later start was given in
another zone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pixcore.rules.timing import deadline

PARIS_WINTER = dt.timezone(dt.timedelta(hours=1))


def test_a_later_first_start_in_another_zone_gives_a_deadline_in_the_noted_zone() -> None:
    noted = dt.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS_WINTER)  # 08:00 UTC
    first = dt.datetime(2026, 3, 12, 8, 10, tzinfo=dt.UTC)  # 09:10 in Paris: later
    end = deadline(noted, None, first)
    assert end == first + dt.timedelta(minutes=105)  # the same instant
    assert end.utcoffset() == dt.timedelta(hours=1)  # shown in the noted start's zone
    assert (end.hour, end.minute) == (10, 55)


def test_a_later_first_start_in_the_same_zone_keeps_it() -> None:
    noted = dt.datetime(2026, 3, 12, 9, 0, tzinfo=PARIS_WINTER)
    first = dt.datetime(2026, 3, 12, 9, 10, tzinfo=PARIS_WINTER)
    end = deadline(noted, Decimal("0.33"), first)  # 105 × 1.33 → 140 minutes
    assert end.tzinfo is PARIS_WINTER
    assert (end.hour, end.minute) == (11, 30)
