"""The backend protocols, and the one-refresh-then-re-login rule.

A backend turns a Pix-account login into a :class:`~pixcore_pixaccount.session.LoginResult`.
:class:`PasswordBackend` takes credentials (Pix ``/api/token``); the OIDC backend
sends the browser to a provider and back, then refreshes like any :class:`Backend`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from pixcore_pixaccount.session import LoginResult, PixSession

__all__ = ["Backend", "PasswordBackend", "ensure_fresh"]


@runtime_checkable
class Backend(Protocol):
    """What every backend can do with a session it issued."""

    def refresh(self, session: PixSession) -> PixSession:
        """Return a session with a new access token; ``RELOGIN_REQUIRED`` when refused."""
        ...

    def logout(self, session: PixSession) -> None:
        """Revoke the session's refresh token where the provider supports it."""
        ...


@runtime_checkable
class PasswordBackend(Backend, Protocol):
    """A backend that checks a username (or e-mail) and a password."""

    def login(self, username: str, password: str) -> LoginResult:
        """Log in once; never retried on a refusal (each failure counts at Pix)."""
        ...


def ensure_fresh(
    backend: Backend,
    session: PixSession,
    *,
    now: datetime,
    leeway: timedelta = timedelta(seconds=60),
) -> PixSession:
    """Return ``session`` if still valid, else refresh it exactly once.

    A refused refresh raises ``RELOGIN_REQUIRED`` and is never retried: the caller must
    send the user back to the login page (``saml.md`` §9 case 65).
    """
    if not session.is_expired(now, leeway=leeway):
        return session
    return backend.refresh(session)
