"""Joi-like checks of a form body, as Pix's routes do them (``saml.md`` §4.1)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl

__all__ = ["Alternative", "FormError", "parse_form"]

Alternative = tuple[Mapping[str, str | None], set[str]]
"""Required keys (with a fixed value, or ``None`` for any non-empty string), optional keys."""


class FormError(ValueError):
    """The body matches no alternative: unknown key, missing key, empty or repeated value."""


def _decode(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError) as exc:
        raise FormError("undecodable body") from exc
    form = dict(pairs)
    if len(form) != len(pairs):
        raise FormError("repeated key")
    return form


def _fits(form: Mapping[str, str], alternative: Alternative) -> bool:
    required, optional = alternative
    if not set(required) <= set(form) or not set(form) <= set(required) | optional:
        return False
    if any(value == "" for value in form.values()):
        return False
    return all(expected in (None, form[key]) for key, expected in required.items())


def parse_form(body: bytes, alternatives: Iterable[Alternative]) -> dict[str, str]:
    """Return the form if it fits one alternative exactly, else raise :class:`FormError`."""
    form = _decode(body)
    if any(_fits(form, alternative) for alternative in alternatives):
        return form
    raise FormError("no alternative matches")
