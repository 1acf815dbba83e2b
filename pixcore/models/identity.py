"""A login identity proven by an adapter (GAR SAML or Pix account).

Adapters turn an external proof of identity into a :class:`VerifiedIdentity`, a frozen
value object (``saml.md`` §8.1). The core never imports SAML or HTTP libraries.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from pydantic import Field

from pixcore.models._base import PixcoreModel

__all__ = ["Division", "IdentityProvider", "VerifiedIdentity"]

IdentityProvider = Literal["GAR", "PIX", "OIDC"]
"""``OIDC``: any other OpenID Connect provider; ``issuer`` then names it."""


class Division(PixcoreModel, frozen=True, extra="forbid"):
    """A class ("division") from GAR's ``DIV`` attribute, sent as ``code##label``."""

    code: str
    label: str = ""


class VerifiedIdentity(PixcoreModel, frozen=True, extra="forbid"):
    """An identity an adapter has verified; ``subject`` is the GAR IDO or the Pix user id.

    ``issuer`` is the identity provider's entity ID or OIDC issuer, when known.

    Names are those the provider sent, when it sent any. ``raw_attributes`` keeps every
    attribute value as received (GAR) for hosts that need more; it must never be logged.
    The subject, the names and the session index never show in a repr.
    """

    provider: IdentityProvider
    subject: str = Field(min_length=1, repr=False)
    first_name: str | None = Field(default=None, repr=False)
    last_name: str | None = Field(default=None, repr=False)
    uai: tuple[str, ...] = ()
    profile: str | None = None
    divisions: tuple[Division, ...] = ()
    groups: tuple[str, ...] = ()
    issued_at: datetime | None = None
    not_on_or_after: datetime | None = None
    session_index: str | None = Field(default=None, repr=False)
    issuer: str | None = None
    raw_attributes: Mapping[str, tuple[str, ...]] = Field(default_factory=dict, repr=False)
