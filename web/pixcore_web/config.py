"""The web host's settings (:class:`WebConfig`) and what the screens share (:class:`Web`)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from pixcore.host.service import SessionService
from pixcore.models.identity import VerifiedIdentity
from pixcore_web.errors import DevModeError
from pixcore_web.live import LiveHub
from pixcore_web.security import AttemptLimiter

__all__ = ["MIN_SECRET_KEY", "PixLogin", "Web", "WebConfig"]

MIN_SECRET_KEY = 32
"""Shortest accepted server key (bytes)."""

PixLogin = Callable[[str, str], VerifiedIdentity]
"""Checks a Pix username and password; returns the identity or raises a coded AuthError."""


@dataclasses.dataclass(frozen=True, slots=True)
class WebConfig:
    """Settings of one web host.

    :param secret_key: signs the session cookies and derives the invigilator codes.
    :param referent_secret: the referent's access code (staff screens).
    :param jury_secret: the jury's access code.
    :param secure_cookies: send cookies with ``Secure`` (off only on loopback HTTP).
    :param dev: development mode (banner on every page; loopback only).
    :param max_upload_bytes: largest upload accepted (candidate lists, scanned PVs).
    """

    secret_key: bytes = dataclasses.field(repr=False)
    referent_secret: str = dataclasses.field(repr=False)
    jury_secret: str = dataclasses.field(repr=False)
    secure_cookies: bool = True
    dev: bool = False
    max_upload_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        if len(self.secret_key) < MIN_SECRET_KEY:
            raise DevModeError("WEB_SECRET_KEY_MISSING")
        for secret in (self.referent_secret, self.jury_secret):
            if len(secret) < 12:
                raise DevModeError("WEB_SECRET_KEY_MISSING")


@dataclasses.dataclass(slots=True)
class Web:
    """What every screen uses: the service, the settings, the live hub, the limiters."""

    service: SessionService
    config: WebConfig
    hub: LiveHub
    pix_login: PixLogin | None
    gar: bool = False
    """Whether GAR login is mounted (``/api/saml``)."""
    per_client: AttemptLimiter = dataclasses.field(
        default_factory=lambda: AttemptLimiter(limit=10, window_seconds=900)
    )
    per_target: AttemptLimiter = dataclasses.field(
        default_factory=lambda: AttemptLimiter(limit=100, window_seconds=900)
    )
    locks: tuple[threading.Lock, ...] = dataclasses.field(
        default_factory=lambda: tuple(threading.Lock() for _ in range(64))
    )
    """Striped locks serialising each session's commands in this process."""
