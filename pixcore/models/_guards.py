"""Guards at the public API: wrong types and out-of-range moments become coded errors.

A host that passes a list where a mapping is expected, or ``datetime.max`` as a start,
gets an :class:`~pixcore.errors.InvalidInputError` with a stable code
(``ARGUMENT_NOT_VALID`` naming the parameter, ``DATETIME_OUT_OF_RANGE``), never an
``AttributeError`` or an ``OverflowError`` from deep inside a rule. The value itself is
never quoted. :func:`safe_name` keeps only identifier-like text of a key or a path
element, so that an error message can name a field without echoing arbitrary input.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar

from pixcore.errors import InvalidInputError

__all__ = [
    "MOMENT_YEARS",
    "require_moment",
    "require_type",
    "safe_name",
]

T = TypeVar("T")

MOMENT_YEARS = (1900, 9000)
"""Years a moment of a session may fall in; any deadline or difference computed from
them stays far from ``datetime``'s limits (1 and 9999)."""
_LOW, _HIGH = MOMENT_YEARS

_SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}|[0-9]{1,2}\.[0-9]{1,2}|\[key\]", re.ASCII)


def require_type(value: object, kind: type[T] | tuple[type, ...], argument: str) -> T:
    """``value`` when it is an instance of ``kind``; else ``ARGUMENT_NOT_VALID``."""
    if not isinstance(value, kind):
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": argument})
    return value  # type: ignore[return-value]


def require_moment(moment: object, argument: str = "datetime") -> dt.datetime:
    """A ``datetime`` within :data:`MOMENT_YEARS`; ``DATETIME_OUT_OF_RANGE`` otherwise."""
    if type(moment) is dt.datetime and _LOW <= moment.year <= _HIGH:  # the common case, fast
        return moment
    checked = require_type(moment, dt.datetime, argument)
    if not _LOW <= checked.year <= _HIGH:
        raise InvalidInputError("DATETIME_OUT_OF_RANGE", meta={"argument": argument})
    return checked


def safe_name(part: object) -> str:
    """A key or path element fit to appear in a message: identifiers, indexes, codes.

    Anything else (free text, a value typed in the wrong place) becomes ``"?"``.
    """
    if isinstance(part, int) and not isinstance(part, bool):
        return str(part)
    if isinstance(part, str) and _SAFE_NAME.fullmatch(part):
        return part
    return "?"
