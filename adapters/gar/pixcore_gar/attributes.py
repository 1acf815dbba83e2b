"""GAR attributes → :class:`VerifiedIdentity`, with the single-value checks of G6.

``IDO`` must be present, single-valued and non-empty; ``PRE``, ``NOM`` and ``PRO`` at
most single-valued (and present when listed in ``required_attributes``). ``DIV`` values
``code##label`` become :class:`Division`; ``UAI`` values are filtered by the allow-list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from pixcore.models.identity import Division, VerifiedIdentity
from pixcore_gar.errors import GarAuthError

__all__ = ["SINGLE_VALUED", "AssertionInfo", "parse_division", "to_identity"]

SINGLE_VALUED = ("IDO", "PRE", "NOM", "PRO")
"""Attributes refused when they carry more than one value."""

Attributes = Mapping[str, Sequence[object]]
"""python3-saml's attributes: name → values (strings, or NameID dicts that are ignored)."""
UaiFilter = Callable[[tuple[str, ...]], tuple[str, ...]]
"""Keeps the allowed UAIs, or raises ``SAML_UAI_NOT_ALLOWED``."""


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


def to_identity(
    attributes: Attributes,
    *,
    required: Sequence[str],
    uai_filter: UaiFilter,
    info: AssertionInfo,
) -> VerifiedIdentity:
    """Map GAR attributes to a ``VerifiedIdentity``, refusing what G6 forbids."""
    values = _strings(attributes)
    single = {name: _single(values, name, name in required) for name in SINGLE_VALUED}
    ido = single["IDO"]
    if not ido:
        raise GarAuthError("SAML_ATTRIBUTE_MISSING", meta={"attribute": "IDO"})
    return VerifiedIdentity(
        provider="GAR",
        subject=ido,
        first_name=single["PRE"],
        last_name=single["NOM"],
        uai=uai_filter(values.get("UAI", ())),
        profile=single["PRO"],
        divisions=tuple(parse_division(v) for v in values.get("DIV", ())),
        groups=values.get("GRO", ()),
        issued_at=info.issued_at,
        not_on_or_after=info.not_on_or_after,
        session_index=info.session_index,
        issuer=info.issuer,
        raw_attributes=values,
    )
