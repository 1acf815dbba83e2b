"""A certification session as the referent creates it (``rules.md`` §2.1, D7)."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, PositiveInt, field_validator

from pixcore.models._base import PixcoreModel
from pixcore.models._coded import coded

__all__ = ["ACCESS_CODE_PATTERN", "Session"]

ACCESS_CODE_PATTERN = r"^[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}$"
"""4 letters without vowels nor L N S Z, then 2 digits without 0 1 5 (D7)."""
_ACCESS_CODE = re.compile(ACCESS_CODE_PATTERN)


class Session(PixcoreModel, frozen=True, extra="forbid", str_strip_whitespace=True):
    """A session: its number, site, room, date and time, invigilator and access code."""

    number: PositiveInt
    site: str = Field(min_length=1)
    room: str = Field(min_length=1)
    date: dt.date
    time: dt.time
    invigilator: str = Field(min_length=1)
    access_code: str = Field(repr=False)
    description: str | None = Field(default=None, repr=False)

    @field_validator("access_code")
    @classmethod
    def _access_code(cls, value: str) -> str:
        if _ACCESS_CODE.match(value) is None:
            raise coded("SESSION_ACCESS_CODE_NOT_VALID")
        return value
