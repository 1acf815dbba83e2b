"""Bounded reading of untrusted numbers: refuse before any arithmetic, in microseconds.

``Decimal("1E+999990")`` is a short value whose exact integer ratio has a million digits;
``Decimal("1E-999999999")`` has a denominator of a billion digits; ``int("9" * 5000)``
raises a raw ``ValueError`` on Python 3.11+. Every number that reaches pixcore's
arithmetic from outside goes through these checks first: they look only at the
*shape* of the value (its digits and exponent, its bit length, the length of its text),
never compute with it.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "MAX_DECIMALS",
    "MAX_NUMBER_TEXT",
    "NumberShapeError",
    "bounded_decimal",
    "bounded_int",
]

MAX_NUMBER_TEXT = 48
"""Longest numeric text read (``"33"``, ``"0,333333"``); longer is not a number."""

MAX_DECIMALS = 20
"""Most significant decimals an exact fraction may carry (a float's shortest repr has
at most 17 significant digits: ``0.333333333333333`` from a spreadsheet passes)."""

MAX_DIGITS = 40
"""Most digits a ``Decimal`` may carry before any arithmetic."""

MAX_EXPONENT = 40
"""Largest absolute exponent of a ``Decimal`` before any arithmetic."""

MAX_BITS = 256
"""Largest bit length of an ``int`` or of a ``Fraction``'s terms."""

_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]{1,9}(?:[.,][0-9]{0,38})?|[.,][0-9]{1,38})", re.ASCII)
_INT_TEXT = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)

NOT_A_NUMBER = "not_a_number"
TOO_LARGE = "too_large"
TOO_PRECISE = "too_precise"
NOT_DECIMAL = "not_decimal"


class NumberShapeError(ValueError):
    """The value cannot be read as a bounded exact number; ``kind`` says why.

    ``not_a_number`` (not numeric text, NaN, infinity, a bool, another type),
    ``too_large`` (an exponent or magnitude far beyond any rule), ``too_precise``
    (more than :data:`MAX_DECIMALS` significant decimals), ``not_decimal`` (a
    ``Fraction`` with no finite decimal form, such as 1/3).
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _decimals(value: Decimal) -> int:
    """Significant decimals of a finite, bounded ``Decimal`` (trailing zeros ignored)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros)) if any(digits) else 0


def _checked(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise NumberShapeError(NOT_A_NUMBER)
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > MAX_DIGITS or abs(exponent) > MAX_EXPONENT:
        if not any(digits):
            raise NumberShapeError(TOO_LARGE)
        raise NumberShapeError(TOO_LARGE if value.adjusted() >= 0 else TOO_PRECISE)
    if exponent < -MAX_DECIMALS and _decimals(value) > MAX_DECIMALS:  # trailing zeros?
        raise NumberShapeError(TOO_PRECISE)
    return value


def _from_fraction(value: Fraction) -> Decimal:
    numerator, denominator = value.numerator, value.denominator
    if numerator.bit_length() > MAX_BITS or denominator.bit_length() > MAX_BITS:
        raise NumberShapeError(TOO_LARGE if abs(value) >= 1 else TOO_PRECISE)
    twos = (denominator & -denominator).bit_length() - 1
    rest, fives = denominator >> twos, 0
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        raise NumberShapeError(NOT_DECIMAL)
    places = max(twos, fives)
    if places > MAX_DECIMALS:
        raise NumberShapeError(TOO_PRECISE)
    return _checked(Decimal(numerator * (10**places // denominator)).scaleb(-places))


def bounded_decimal(value: object) -> Decimal:
    """``value`` as an exact ``Decimal``, or :class:`NumberShapeError` — never a hang.

    Accepts ``Decimal``, ``int``, a finite ``float`` (read through its shortest repr,
    what a JSON parser saw), a ``Fraction`` with a finite decimal form, and plain
    decimal text (``"0.33"``, ``"0,33"``, ``"33"``: ASCII digits, no exponent).
    """
    if isinstance(value, bool):
        raise NumberShapeError(NOT_A_NUMBER)
    if isinstance(value, Decimal):
        return _checked(value)
    if isinstance(value, int):
        if value.bit_length() > MAX_BITS:
            raise NumberShapeError(TOO_LARGE)
        return _checked(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberShapeError(NOT_A_NUMBER)
        return _checked(Decimal(repr(value)))
    if isinstance(value, Fraction):
        return _from_fraction(value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_NUMBER_TEXT or not _DECIMAL_TEXT.fullmatch(text):
            raise NumberShapeError(NOT_A_NUMBER)
        return _checked(Decimal(text.replace(",", ".")))
    raise NumberShapeError(NOT_A_NUMBER)


def bounded_int(value: object) -> int | None:
    """``value`` as an ``int`` of at most 18 digits, or None (bools and others are None).

    Text must be ASCII digits (``"²"`` and ``"٣"`` are not); never a raw ``ValueError``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value.bit_length() <= 62 else None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if len(text) <= 19 and _INT_TEXT.fullmatch(text) else None
    return None
