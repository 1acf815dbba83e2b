"""Extra time ("temps majoré"): an exact fraction, never a float (``rules.md`` D2)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import field_validator

from pixcore.models._base import PixcoreModel
from pixcore.models._coded import coded
from pixcore.models._numbers import (
    NOT_A_NUMBER,
    NOT_DECIMAL,
    TOO_LARGE,
    TOO_PRECISE,
    NumberShapeError,
    bounded_decimal,
)

__all__ = ["ExtraTime", "parse_extra_time_fraction"]

MAX_EXCLUSIVE = Decimal(10)
"""Pix accepts 0 ≤ p < 10 (up to 999 %)."""


_CODES = {
    NOT_A_NUMBER: "CANDIDATE_EXTRA_TIME_INTEGER",
    TOO_LARGE: "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE",
    TOO_PRECISE: "CANDIDATE_EXTRA_TIME_TOO_PRECISE",
    NOT_DECIMAL: "CANDIDATE_EXTRA_TIME_NOT_DECIMAL",
}


def parse_extra_time_fraction(value: object) -> Decimal:
    """Read ``value`` as an exact decimal fraction, or raise ``ValueError`` with a code.

    Accepts ``Decimal``, ``int``, ``Fraction`` with a finite decimal expansion, and
    numeric strings (``"0.33"``, ``"0,33"``). A ``float`` is read through its shortest
    representation (``0.33`` → ``Decimal("0.33")``), which is what a JSON parser saw.
    The shape is checked before any arithmetic (:mod:`pixcore.models._numbers`): NaN,
    infinity, exponents, over-long text → ``CANDIDATE_EXTRA_TIME_INTEGER``; a huge
    magnitude → ``CANDIDATE_EXTRA_TIME_OUT_OF_RANGE``; more than 20 decimals →
    ``CANDIDATE_EXTRA_TIME_TOO_PRECISE``; a third → ``CANDIDATE_EXTRA_TIME_NOT_DECIMAL``.
    The exception's text is the code. The range is checked by the caller.
    """
    try:
        return bounded_decimal(value)
    except NumberShapeError as error:
        raise ValueError(_CODES[error.kind]) from None


class ExtraTime(PixcoreModel, frozen=True, extra="forbid"):
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
