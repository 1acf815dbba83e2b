"""GAR attributes → :class:`VerifiedIdentity`, with the single-value checks of G6.

``IDO`` must be present, single-valued and non-empty; ``PRE``, ``NOM`` and ``PRO`` at
most single-valued (and present when listed in ``required_attributes``). ``DIV`` values
``code##label`` become :class:`Division`; the caller filters ``UAI`` values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime

from pixcore.models.identity import Division, VerifiedIdentity
from pixcore_gar.errors import GarAuthError

__all__ = ["SINGLE_VALUED", "AssertionInfo", "identity_values", "parse_division", "to_identity"]

SINGLE_VALUED = ("IDO", "PRE", "NOM", "PRO")
"""Attributes refused when they carry more than one value."""

Attributes = Mapping[str, Sequence[object]]
"""python3-saml's attributes: name → values (strings, or NameID dicts that are ignored)."""


def parse_division(value: str) -> Division:
    """``"6A##6ème A"`` → ``Division(code="6A", label="6ème A")``; no ``##``: code only."""
    code, _, label = value.partition("##")
    return Division(code=code, label=label)


def _strings(attributes: Attributes) -> dict[str, tuple[str, ...]]:
    return {
        name: tuple(v for v in values if isinstance(v, str)) for name, values in attributes.items()
    }


def _single(values: Mapping[str, tuple[str, ...]], name: str, required: bool) -> str | None:
    found = values.get(name, ())
    if len(found) > 1:
        raise GarAuthError("SAML_ATTRIBUTE_MULTIVALUED", meta={"attribute": name})
    if not found:
        if required:
            raise GarAuthError("SAML_ATTRIBUTE_MISSING", meta={"attribute": name})
        return None
    return found[0]


@dataclasses.dataclass(frozen=True)
class AssertionInfo:
    """What the identity keeps from the verified assertion besides its attributes."""

    issuer: str
    issued_at: datetime | None
    not_on_or_after: datetime
    session_index: str | None


def identity_values(attributes: Attributes, required: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The string values of every attribute, after the G6 checks.

    ``IDO`` present, single-valued and non-empty; ``PRE``, ``NOM`` and ``PRO`` at most
    single-valued, and present when listed in ``required``.
    """
    values = _strings(attributes)
    for name in SINGLE_VALUED:
        _single(values, name, name in required)
    if not _single(values, "IDO", True):
        raise GarAuthError("SAML_ATTRIBUTE_MISSING", meta={"attribute": "IDO"})
    return values


def to_identity(
    values: Mapping[str, tuple[str, ...]], *, uai: tuple[str, ...], info: AssertionInfo
) -> VerifiedIdentity:
    """The ``VerifiedIdentity`` of values checked by :func:`identity_values`."""
    single = {name: _single(values, name, False) for name in SINGLE_VALUED}
    try:
        return VerifiedIdentity(
            provider="GAR",
            subject=single["IDO"] or "",
            first_name=single["PRE"],
            last_name=single["NOM"],
            uai=uai,
            profile=single["PRO"],
            divisions=tuple(parse_division(v) for v in values.get("DIV", ())),
            groups=values.get("GRO", ()),
            issued_at=info.issued_at,
            not_on_or_after=info.not_on_or_after,
            session_index=info.session_index,
            issuer=info.issuer,
            raw_attributes=values,
        )
    except ValueError:  # pydantic's ValidationError; its text would quote the values
        raise GarAuthError("SAML_INVALID", meta={"check": "identity"}) from None
