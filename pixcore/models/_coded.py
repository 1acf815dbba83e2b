"""Bridge between pydantic validation errors and pixcore's coded errors."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from pixcore.errors import ErrorDetail
from pixcore.messages import CATALOGUE, render
from pixcore.models._guards import safe_name

__all__ = ["coded", "details_from_validation_error"]

_PYDANTIC_TYPES = {
    "missing": "FIELD_REQUIRED",
    "extra_forbidden": "FIELD_NOT_ALLOWED",
}


def coded(code: str) -> PydanticCustomError:
    """A pydantic error whose type is the pixcore ``code`` (raise it in validators)."""
    return PydanticCustomError(code, render(code, {}, lang="en"))


def details_from_validation_error(error: ValidationError) -> tuple[ErrorDetail, ...]:
    """Turn every pydantic error into an :class:`ErrorDetail` with a stable code.

    The input values pydantic keeps are dropped: they may be personal data. Path
    elements that are not identifiers, indexes or competence codes (a mapping key typed
    by someone) become ``"?"`` (:func:`~pixcore.models._guards.safe_name`).
    """
    details = []
    for item in error.errors(include_input=False, include_url=False):
        field = ".".join(safe_name(part) for part in item["loc"]) or None
        kind = item["type"]
        code = kind if kind in CATALOGUE else _PYDANTIC_TYPES.get(kind, "FIELD_INVALID")
        details.append(ErrorDetail(code=code, field=field, meta={"field": field or ""}))
    return tuple(details)
