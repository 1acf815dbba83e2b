"""``utc_microseconds`` counts from 1970-01-01 UTC, as its docstring promises (D2).

A host compares these numbers with timestamps of its own (Unix time), so the epoch is
part of the contract, not only the differences between two moments.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pixcore.rules.timing import utc_microseconds


def test_the_unix_epoch_is_zero() -> None:
    assert utc_microseconds(dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) == 0


def test_a_moment_is_its_unix_time_in_microseconds() -> None:
    """2026-03-29 03:00 in Paris (just after the clocks go forward) is 01:00 UTC."""
    moment = dt.datetime(2026, 3, 29, 3, 0, 0, 250, tzinfo=ZoneInfo("Europe/Paris"))
    unix_seconds = 1_774_746_000  # 2026-03-29T01:00:00Z
    assert utc_microseconds(moment) == unix_seconds * 1_000_000 + 250
