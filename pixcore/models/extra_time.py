"""Extra time ("temps majoré"): an exact fraction, never a float (``rules.md`` D2)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from pydantic import BaseModel, field_validator

from pixcore.models._coded import coded

__all__ = ["ExtraTime", "parse_extra_time_fraction"]

MAX_EXCLUSIVE = Decimal(10)
"""Pix accepts 0 ≤ p < 10 (up to 999 %)."""


def parse_extra_time_fraction(value: object) -> Decimal:
    """Read ``value`` as an exact decimal fraction, or raise ``ValueError`` with a code.

    Accepts ``Decimal``, ``int``, ``Fraction`` with a finite decimal expansion, and
    numeric strings (``"0.33"``, ``"0,33"``). A ``float`` is read through its shortest
    representation (``0.33`` → ``Decimal("0.33")``), which is what a JSON parser saw.
    The range is not checked here (see :func:`pixcore.rules.timing.check_extra_time`).
    """
    if isinstance(value, bool):
        raise ValueError("CANDIDATE_EXTRA_TIME_INTEGER")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float):
        result = Decimal(repr(value))
    elif isinstance(value, Fraction):
        result = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(result) != value:
            raise ValueError("CANDIDATE_EXTRA_TIME_INTEGER")
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError("CANDIDATE_EXTRA_TIME_INTEGER") from None
    else:
        raise ValueError("CANDIDATE_EXTRA_TIME_INTEGER")
    if not result.is_finite():
        raise ValueError("CANDIDATE_EXTRA_TIME_INTEGER")
    return result


class ExtraTime(BaseModel, frozen=True, extra="forbid"):
    """A candidate's extra time as an exact fraction: ``0.33`` is 33 %.

    ``0 ≤ fraction < 10``. Import formats (CSV integer percentage, ODS fraction) are
    read by :mod:`pixcore.rules.timing`.
    """

    fraction: Decimal

    @field_validator("fraction", mode="before")
    @classmethod
    def _exact(cls, value: object) -> Decimal:
        try:
            fraction = parse_extra_time_fraction(value)
        except ValueError as exc:
            raise coded(str(exc)) from None
        if not Decimal(0) <= fraction < MAX_EXCLUSIVE:
            raise coded("CANDIDATE_EXTRA_TIME_OUT_OF_RANGE")
        return fraction

    @property
    def percent(self) -> Decimal:
        """The percentage, e.g. ``Decimal("33")`` for 0.33."""
        return (self.fraction * 100).normalize()

    @property
    def is_none(self) -> bool:
        """True when the candidate has no extra time (0 %)."""
        return self.fraction == 0
