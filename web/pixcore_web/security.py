"""Security of the web host: headers, CSRF tokens, attempt limits, per-session secrets.

- :class:`SecurityHeaders`: a pure ASGI middleware adding a strict Content-Security-Policy
  (only this origin's scripts and styles, no inline code, no framing) and the usual
  headers to every response;
- :func:`csrf_token` / :func:`check_csrf`: one random token per browser session, kept in
  the signed session cookie and required in every form (synchroniser-token pattern);
- :class:`AttemptLimiter`: failed attempts at a secret (access code, invigilator code,
  staff code) counted per key in a sliding window; over the limit, refused with
  ``WEB_TOO_MANY_ATTEMPTS`` before the secret is even compared;
- :func:`invigilator_secret`: the per-session invigilator code, derived from the
  server's key by HMAC (nothing to store, different for every session).
"""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import math
import secrets
import threading
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pixcore_web.errors import CsrfError, TooManyAttemptsError

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "SECURITY_HEADERS",
    "AttemptLimiter",
    "SecurityHeaders",
    "check_csrf",
    "csrf_token",
    "invigilator_secret",
    "secrets_equal",
]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
"""No inline script or style, nothing from another origin, no framing."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cache-control", b"no-store"),
)
"""Added to every response (pages carry personal data: never cached)."""


class SecurityHeaders:
    """ASGI middleware: add :data:`SECURITY_HEADERS` (and HSTS when ``hsts``) to responses."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        extra = ((b"strict-transport-security", b"max-age=63072000"),) if hsts else ()
        self.headers = SECURITY_HEADERS + extra

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                added = [(n, v) for n, v in self.headers if n not in names]
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The browser session's CSRF token (created on first use)."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf(session: MutableMapping[str, Any], submitted: object) -> None:
    """Raise :class:`CsrfError` unless ``submitted`` is the session's token."""
    expected = session.get("csrf")
    if not isinstance(expected, str) or not isinstance(submitted, str):
        raise CsrfError()
    if not secrets_equal(expected, submitted):
        raise CsrfError()


def secrets_equal(a: str, b: str) -> bool:
    """Compare two secrets in constant time (as UTF-8 bytes)."""
    return hmac.compare_digest(a.encode(), b.encode())


_SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def invigilator_secret(key: bytes, session_number: int) -> str:
    """The session's invigilator code: 10 characters of HMAC-SHA256(key, number)."""
    digest = hmac.new(key, f"invigilator:{session_number}".encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(10):
        value, index = divmod(value, len(_SECRET_ALPHABET))
        chars.append(_SECRET_ALPHABET[index])
    return "".join(chars)


def fingerprint(text: str) -> str:
    """A short, non-reversible tag for a key (so no secret or number is kept in memory)."""
    return base64.b32encode(hashlib.sha256(text.encode()).digest()[:10]).decode()


class AttemptLimiter:
    """Failed attempts per key in a sliding window; thread-safe, bounded memory.

    :param limit: failures allowed in ``window_seconds``; the next attempt is refused.
    :param window_seconds: the window.
    :param clock: monotonic seconds (injected by tests).
    :param max_keys: keys kept at most (the oldest are forgotten first).
    """

    def __init__(
        self,
        *,
        limit: int = 5,
        window_seconds: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit, self.window, self.clock, self.max_keys = limit, window_seconds, clock, max_keys
        self._failures: collections.OrderedDict[str, list[float]] = collections.OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def check(self, *keys: str) -> None:
        """Raise :class:`TooManyAttemptsError` when any key is over its limit."""
        now = self.clock()
        with self._lock:
            for key in keys:
                times = self._recent(fingerprint(key), now)
                if len(times) >= self.limit:
                    wait = math.ceil(self.window - (now - times[0]))
                    raise TooManyAttemptsError(meta={"retry_after_seconds": max(wait, 1)})

    def failed(self, *keys: str) -> None:
        """Count one failure against each key."""
        now = self.clock()
        with self._lock:
            for key in keys:
                tag = fingerprint(key)
                self._failures.setdefault(tag, []).append(now)
                self._failures.move_to_end(tag)
                while len(self._failures) > self.max_keys:
                    self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key`` (a successful attempt)."""
        with self._lock:
            self._failures.pop(fingerprint(key), None)
