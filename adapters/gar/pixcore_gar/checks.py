"""Application-side checks python3-saml leaves open (``saml.md`` §5.3, §8.2 step 3).

Each function decides on :class:`~pixcore_gar.facts.AssertionFacts` read from the
**verified** document and raises :class:`GarAuthError`: exact ``Destination`` and
``Recipient`` (python3-saml compares by prefix or substring and skips a missing
Recipient), G1 audience, G2–G4 InResponseTo binding, and the replay-cache key and
lifetime of G5.
"""

from __future__ import annotations

import dataclasses
import hashlib

from pixcore_gar.config import UnsolicitedPolicy
from pixcore_gar.errors import GarAuthError
from pixcore_gar.facts import AssertionFacts

__all__ = [
    "CLOCK_DRIFT_SECONDS",
    "MAX_LIFETIME_SECONDS",
    "Lifetime",
    "assertion_lifetime",
    "check_addressing",
    "check_binding",
    "replay_key",
]

CLOCK_DRIFT_SECONDS = 300
"""python3-saml's ``ALLOWED_CLOCK_DRIFT``."""
MAX_LIFETIME_SECONDS = 24 * 3600
"""An assertion accepted longer than this would need a replay entry as long: refused."""


def _refuse(check: str) -> GarAuthError:
    return GarAuthError("SAML_INVALID", meta={"check": check})


def check_addressing(facts: AssertionFacts, acs_url: str, sp_entity_id: str) -> None:
    """Exact ``Destination``, ``Recipient`` and Audience (G1).

    The Response's ``Destination`` must be present and equal the ACS URL; every bearer
    confirmation must carry data whose ``Recipient`` is exactly the ACS URL; at least
    one Audience, and every Audience exactly our entity ID.
    """
    if facts.destination != acs_url:
        raise _refuse("destination")
    bearers = [c for c in facts.confirmations if c.bearer]
    if not bearers or any(not c.has_data or c.recipient != acs_url for c in bearers):
        raise _refuse("recipient")
    if not facts.audiences or any(a != sp_entity_id for a in facts.audiences):
        raise _refuse("audience")


def _unsolicited(check: str) -> GarAuthError:
    return GarAuthError("SAML_UNSOLICITED", meta={"check": check})


def check_binding(policy: UnsolicitedPolicy, request_id: str | None, facts: AssertionFacts) -> bool:
    """G2–G4: bind the response to our stored request; ``True`` when it is solicited.

    A solicited response needs the stored ``request_id``, an outer ``InResponseTo`` equal
    to it, and the same value in every bearer ``SubjectConfirmationData`` of the signed
    assertion. A response with no ``InResponseTo`` at all is IdP-initiated: refused
    under ``"reject"``, accepted under ``"allow"``.
    """
    signed = [c.in_response_to for c in facts.confirmations if c.bearer]
    if facts.in_response_to is None and not any(signed):
        if policy == "allow":
            return False
        raise _unsolicited("no_in_response_to")
    if request_id is None:
        raise _unsolicited("no_stored_request")
    mismatch = any(irt != request_id for irt in signed)
    if facts.in_response_to != request_id or not signed or mismatch:
        raise _unsolicited("in_response_to")
    return True


@dataclasses.dataclass(frozen=True)
class Lifetime:
    """When an assertion stops being acceptable, in POSIX seconds.

    ``accepted_until``: the first instant at which the time checks python3-saml makes
    refuse it, with the clock drift on every bound (the replay entry must live until
    then). ``not_on_or_after``: the same bound without drift (for the identity).
    """

    accepted_until: int
    not_on_or_after: int


def assertion_lifetime(facts: AssertionFacts, now: int) -> Lifetime:
    """The acceptance window's end, over every confirmation python3-saml could pick.

    python3-saml accepts an assertion while its Conditions ``NotOnOrAfter`` (+ drift)
    and its ``SessionNotOnOrAfter`` lie ahead **and** at least one subject
    confirmation is still valid: the window ends at the earliest of the first two and
    the **latest** confirmation (one without ``NotOnOrAfter`` never ends). An extra,
    already-expired confirmation therefore never shortens it. The drift is added to
    every bound (1.16.0 adds it to Conditions only; later versions to all), so the
    result is never earlier than what the library accepts. No bound at all, or a window
    longer than :data:`MAX_LIFETIME_SECONDS`, is refused.
    """
    bounds = list(facts.session_not_on_or_after)
    if facts.conditions_not_on_or_after is not None:
        bounds.append(facts.conditions_not_on_or_after)
    ends = [c.not_on_or_after for c in facts.confirmations]
    if ends and None not in ends:
        bounds.append(max(end for end in ends if end is not None))
    if not bounds:
        raise _refuse("no_expiry")
    end = min(bounds)
    if end + CLOCK_DRIFT_SECONDS - now > MAX_LIFETIME_SECONDS:
        raise _refuse("lifetime")
    return Lifetime(accepted_until=end + CLOCK_DRIFT_SECONDS, not_on_or_after=end)


def replay_key(issuer: str, assertion_id: str) -> str:
    """G5: sha256 of issuer and assertion ID (not the Response ID)."""
    return hashlib.sha256(f"{issuer}\x00{assertion_id}".encode()).hexdigest()
