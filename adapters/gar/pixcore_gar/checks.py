"""Application-side checks python3-saml leaves open (``saml.md`` §5.3, §8.2 step 3).

Each function reads the **verified** assertion (the only one in the document, signed)
and raises :class:`GarAuthError`: G1 audience, G2–G4 InResponseTo binding, and the
replay-cache key and lifetime of G5.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from pixcore_gar.algorithms import NS_SAML
from pixcore_gar.config import UnsolicitedPolicy
from pixcore_gar.errors import GarAuthError

__all__ = [
    "CLOCK_DRIFT",
    "assertion_expiry",
    "check_audience",
    "check_binding",
    "replay_key",
]

CLOCK_DRIFT = timedelta(seconds=300)
"""python3-saml's ``ALLOWED_CLOCK_DRIFT``."""

_NS = {"saml": NS_SAML}
_BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"


def check_audience(assertion: Any, sp_entity_id: str) -> None:
    """G1: an Audience must be present, and every Audience must be our entity ID."""
    audiences = assertion.xpath(
        "saml:Conditions/saml:AudienceRestriction/saml:Audience", namespaces=_NS
    )
    if not audiences or any((a.text or "").strip() != sp_entity_id for a in audiences):
        raise GarAuthError("SAML_INVALID", meta={"check": "audience"})


def _signed_in_response_to(assertion: Any) -> list[str | None]:
    confirmations = assertion.xpath("saml:Subject/saml:SubjectConfirmation", namespaces=_NS)
    data = [
        c.find("saml:SubjectConfirmationData", _NS)
        for c in confirmations
        if c.get("Method", _BEARER) == _BEARER
    ]
    return [None if d is None else d.get("InResponseTo") for d in data]


def _unsolicited(check: str) -> GarAuthError:
    return GarAuthError("SAML_UNSOLICITED", meta={"check": check})


def check_binding(
    policy: UnsolicitedPolicy, request_id: str | None, outer: str | None, assertion: Any
) -> bool:
    """G2–G4: bind the response to our stored request; ``True`` when it is solicited.

    A solicited response needs the stored ``request_id``, an outer ``InResponseTo`` equal
    to it, and the same value in every bearer ``SubjectConfirmationData`` of the signed
    assertion. A response with no ``InResponseTo`` at all is IdP-initiated: refused
    under ``"reject"``, accepted under ``"allow"``.
    """
    signed = _signed_in_response_to(assertion)
    if outer is None and not any(signed):
        if policy == "allow":
            return False
        raise _unsolicited("no_in_response_to")
    if request_id is None:
        raise _unsolicited("no_stored_request")
    if outer != request_id or not signed or any(irt != request_id for irt in signed):
        raise _unsolicited("in_response_to")
    return True


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    from onelogin.saml2.utils import OneLogin_Saml2_Utils  # type: ignore[import-untyped]

    return datetime.fromtimestamp(OneLogin_Saml2_Utils.parse_SAML_to_time(value), UTC)


def assertion_expiry(assertion: Any) -> datetime:
    """The earliest ``NotOnOrAfter`` (Conditions, bearer SubjectConfirmationData).

    An assertion with none would need an unbounded replay cache: refused.
    """
    values = assertion.xpath(
        "saml:Conditions/@NotOnOrAfter"
        " | saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData/@NotOnOrAfter",
        namespaces=_NS,
    )
    times = [t for t in (_parse_time(str(v)) for v in values) if t is not None]
    if not times:
        raise GarAuthError("SAML_INVALID", meta={"check": "no_expiry"})
    return min(times)


def replay_key(issuer: str, assertion_id: str) -> str:
    """G5: sha256 of issuer and assertion ID (not the Response ID)."""
    return hashlib.sha256(f"{issuer}\x00{assertion_id}".encode()).hexdigest()
