"""A per-username limit on login attempts, in the host process.

Every failed attempt counts toward the user's real Pix lock-out (10 failures: 2 min,
20: 4 min, 30: blocked until Pix support unblocks it, ``saml.md`` §4.4). The limiter
refuses attempts beyond ``max_attempts`` per ``window`` for one username before they
reach Pix, so that a script hammering the host cannot lock a student out of Pix.
Usernames are kept only as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import deque
from datetime import datetime, timedelta

from pixcore_pixaccount.clock import Clock, utc_now
from pixcore_pixaccount.errors import PixAccountError

__all__ = ["AttemptLimiter"]


def _key(username: str) -> str:
    return hashlib.sha256(username.strip().casefold().encode("utf-8")).hexdigest()


class AttemptLimiter:
    """Sliding-window limit: at most ``max_attempts`` per ``window`` for one username.

    Thread-safe. A successful login clears the username's history (:meth:`reset`).
    """

    def __init__(
        self,
        *,
        max_attempts: int = 5,
        window: timedelta = timedelta(minutes=1),
        clock: Clock = utc_now,
    ) -> None:
        if max_attempts < 1 or window <= timedelta(0):
            raise ValueError("max_attempts must be >= 1 and window positive")
        self.max_attempts = max_attempts
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._attempts: dict[str, deque[datetime]] = {}

    def acquire(self, username: str) -> None:
        """Record one attempt for ``username``, or raise ``RATE_LIMITED``."""
        now = self._clock()
        key = _key(username)
        with self._lock:
            recent = self._recent(key, now)
            if recent:
                self._attempts[key] = recent
            if len(recent) >= self.max_attempts:
                wait = (recent[0] + self.window - now).total_seconds()
                raise PixAccountError(
                    "RATE_LIMITED", meta={"retry_after_seconds": max(1, math.ceil(wait))}
                )
            recent.append(now)
            self._attempts[key] = recent

    def reset(self, username: str) -> None:
        """Forget the attempts of ``username`` (after a successful login)."""
        with self._lock:
            self._attempts.pop(_key(username), None)

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        recent = self._attempts.pop(key, deque())
        while recent and recent[0] + self.window <= now:
            recent.popleft()
        return recent
