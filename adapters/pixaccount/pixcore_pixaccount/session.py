"""What a successful login yields: the verified identity and an opaque token session."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from pixcore.models.identity import VerifiedIdentity

__all__ = ["LoginResult", "PixSession"]


@dataclasses.dataclass(frozen=True, slots=True)
class PixSession:
    """Opaque tokens from Pix (or an OIDC provider) and when the access token expires.

    The tokens are never verified nor decoded here: Pix signs its access tokens with a
    private secret (``saml.md`` §4.2). They and the user id are kept out of ``repr`` so
    that they do not end up in logs by accident.
    """

    access_token: str = dataclasses.field(repr=False)
    refresh_token: str | None = dataclasses.field(repr=False)
    expires_at: datetime
    user_id: str = dataclasses.field(repr=False)

    def is_expired(self, now: datetime, *, leeway: timedelta = timedelta(seconds=60)) -> bool:
        """Whether the access token is expired at ``now``, or will be within ``leeway``."""
        return now + leeway >= self.expires_at


@dataclasses.dataclass(frozen=True, slots=True)
class LoginResult:
    """A verified identity (``provider="PIX"``) and its token session.

    The identity (user id, names) is kept out of ``repr``.
    """

    identity: VerifiedIdentity = dataclasses.field(repr=False)
    session: PixSession
