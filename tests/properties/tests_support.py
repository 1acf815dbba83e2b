"""Small helpers for the property tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Enrolled:
    """An enrolled candidate as matching sees it."""

    first_name: str
    last_name: str
    birth_date: dt.date
