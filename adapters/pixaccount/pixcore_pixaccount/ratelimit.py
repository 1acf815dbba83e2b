"""A per-username limit on login attempts, in the host process, in bounded memory.

Every failed attempt counts toward the user's real Pix lock-out (10 failures: 2 min,
20: 4 min, 30: blocked until Pix support unblocks it, ``saml.md`` §4.4). The limiter
refuses attempts beyond ``max_attempts`` per ``window`` for one username before they
reach Pix, so that a script hammering the host cannot lock a student out of Pix.

Usernames are kept only as SHA-256 digests of the login as sent, lower-cased
(:func:`~pixcore_pixaccount.credentials.login_key`). The map holds at most
``max_usernames`` entries: usernames whose attempts have all left the window are
dropped first, then the least recently tried. An entry takes about 0.3 KB (one
attempt) to 0.55 KB (five): the default 10,000 entries stay under 6 MB however many
distinct usernames are tried (measured: 3.0 MiB after 1,000,000 distinct usernames).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from pixcore_pixaccount.clock import Clock, utc_now
from pixcore_pixaccount.credentials import login_key
from pixcore_pixaccount.errors import PixAccountError

__all__ = ["DEFAULT_MAX_USERNAMES", "AttemptLimiter"]

DEFAULT_MAX_USERNAMES = 10_000
"""How many distinct usernames the limiter remembers at most (3 to 6 MB when full)."""


class AttemptLimiter:
    """Sliding-window limit: at most ``max_attempts`` per ``window`` for one username.

    Thread-safe. A successful login clears the username's history (:meth:`reset`).
    ``len(limiter)`` is the number of usernames currently remembered.

    Past ``max_usernames`` live entries, the least recently tried username is
    forgotten: someone trying more than that many distinct usernames within one window
    can make the limiter forget the oldest ones (Pix's own lock-out still applies).
    """

    def __init__(
        self,
        *,
        max_attempts: int = 5,
        window: timedelta = timedelta(minutes=1),
        max_usernames: int = DEFAULT_MAX_USERNAMES,
        clock: Clock = utc_now,
    ) -> None:
        if max_attempts < 1 or window <= timedelta(0) or max_usernames < 1:
            raise ValueError("max_attempts and max_usernames must be >= 1 and window positive")
        self.max_attempts = max_attempts
        self.window = window
        self.max_usernames = max_usernames
        self._clock = clock
        self._lock = threading.Lock()
        self._attempts: OrderedDict[bytes, list[datetime]] = OrderedDict()

    def __len__(self) -> int:
        with self._lock:
            return len(self._attempts)

    def acquire(self, username: str) -> None:
        """Record one attempt for ``username``, or raise ``RATE_LIMITED``."""
        key = login_key(username)
        now = self._clock()
        with self._lock:
            self._forget_stale(now)
            recent = [at for at in self._attempts.get(key, ()) if at + self.window > now]
            if len(recent) >= self.max_attempts:
                wait = (recent[0] + self.window - now).total_seconds()
                raise PixAccountError(
                    "RATE_LIMITED", meta={"retry_after_seconds": max(1, math.ceil(wait))}
                )
            recent.append(now)
            self._attempts[key] = recent
            self._attempts.move_to_end(key)
            while len(self._attempts) > self.max_usernames:
                self._attempts.popitem(last=False)

    def reset(self, username: str) -> None:
        """Forget the attempts of ``username`` (after a successful login)."""
        key = login_key(username)
        with self._lock:
            self._attempts.pop(key, None)

    def _forget_stale(self, now: datetime) -> None:
        """Drop, from the least recently tried end, usernames with no attempt in the window."""
        while self._attempts:
            key, attempts = next(iter(self._attempts.items()))
            if attempts and attempts[-1] + self.window > now:
                return
            del self._attempts[key]
