"""The state behind :class:`~pixcore_pixaccount.testing.FakePixApi`: users and lock-out.

Lock-out rules reproduced from ``saml.md`` §4.4 (Pix ``config.login``, ``UserLogin.js``,
``pix-authentication-service.js``):

- each wrong password: ``failureCount += 1``;
- ``failureCount >= 30``: permanent block (403 ``USER_IS_BLOCKED``);
- else every 10th failure: temporary block of ``2 min × 2^(failureCount/10 − 1)``
  (403 ``USER_IS_TEMPORARY_BLOCKED`` with ``blockingDurationMs``);
- else 401, with ``remainingAttempts = 30 − failureCount`` only while it is 1 to 10;
- the block check runs before the password check: attempts during a block are not
  counted; a successful login resets the counter and clears the temporary block.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

__all__ = [
    "BLOCKING_LIMIT_FAILURE_COUNT",
    "TEMPORARY_BLOCKING_BASE_TIME",
    "TEMPORARY_BLOCKING_THRESHOLD_FAILURE_COUNT",
    "FakePixUser",
    "Outcome",
    "check_password",
]

TEMPORARY_BLOCKING_THRESHOLD_FAILURE_COUNT = 10
"""Pix ``LOGIN_TEMPORARY_BLOCKING_THRESHOLD_FAILURE_COUNT``."""
TEMPORARY_BLOCKING_BASE_TIME = timedelta(minutes=2)
"""Pix ``LOGIN_TEMPORARY_BLOCKING_BASE_TIME``."""
BLOCKING_LIMIT_FAILURE_COUNT = 30
"""Pix ``LOGIN_BLOCKING_LIMIT_FAILURE_COUNT``."""


@dataclasses.dataclass
class FakePixUser:
    """A Pix account in the fake, with its ``UserLogin`` counters.

    Its ``repr`` shows the counters only (no id, e-mail, username or names).
    """

    user_id: int = dataclasses.field(repr=False)
    password: str = dataclasses.field(repr=False)
    email: str | None = dataclasses.field(default=None, repr=False)
    username: str | None = dataclasses.field(default=None, repr=False)
    first_name: str = dataclasses.field(default="Annie", repr=False)
    last_name: str = dataclasses.field(default="Mâle", repr=False)
    should_change_password: bool = False
    failure_count: int = 0
    temporary_blocked_until: datetime | None = None
    blocking_duration: timedelta | None = None
    blocked_at: datetime | None = None

    def matched_by_username(self, login: str) -> bool:
        """Whether ``login`` is this user's username, compared lower-cased as Pix does."""
        return self.username is not None and self.username.lower() == login.lower()

    def matches(self, login: str) -> bool:
        """Whether ``login`` is this user's e-mail or username, compared lower-cased.

        Pix looks users up by the lower-cased login (``saml.md`` §4.3); it does not
        trim: its sign-in form does.
        """
        by_email = self.email is not None and self.email.lower() == login.lower()
        return by_email or self.matched_by_username(login)


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one password check: an HTTP status, a Pix code, its ``meta``."""

    status: int
    code: str | None = None
    meta: dict[str, object] = dataclasses.field(default_factory=dict)


def _block_check(user: FakePixUser, now: datetime) -> Outcome | None:
    """Pix's ``checkIfUserIsBlocked`` pre-handler: runs before the password check."""
    if user.blocked_at is not None:
        return Outcome(403, "USER_IS_BLOCKED")
    until = user.temporary_blocked_until
    if until is not None and now < until and user.blocking_duration is not None:
        duration_ms = int(user.blocking_duration.total_seconds() * 1000)
        return Outcome(403, "USER_IS_TEMPORARY_BLOCKED", {"blockingDurationMs": duration_ms})
    return None


def _record_failure(user: FakePixUser, now: datetime) -> Outcome:
    user.failure_count += 1
    count = user.failure_count
    if count >= BLOCKING_LIMIT_FAILURE_COUNT:
        user.blocked_at = now
        return Outcome(403, "USER_IS_BLOCKED")
    if count % TEMPORARY_BLOCKING_THRESHOLD_FAILURE_COUNT == 0:
        exponent = count // TEMPORARY_BLOCKING_THRESHOLD_FAILURE_COUNT - 1
        user.blocking_duration = TEMPORARY_BLOCKING_BASE_TIME * 2**exponent
        user.temporary_blocked_until = now + user.blocking_duration
        duration_ms = int(user.blocking_duration.total_seconds() * 1000)
        return Outcome(403, "USER_IS_TEMPORARY_BLOCKED", {"blockingDurationMs": duration_ms})
    remaining = BLOCKING_LIMIT_FAILURE_COUNT - count
    meta: dict[str, object] = {}
    if 0 < remaining <= TEMPORARY_BLOCKING_THRESHOLD_FAILURE_COUNT:
        meta["remainingAttempts"] = remaining
    return Outcome(401, "MISSING_OR_INVALID_CREDENTIALS", meta)


def check_password(user: FakePixUser | None, password: str, now: datetime) -> Outcome:
    """Apply the block check, then the password check, updating ``user``'s counters."""
    if user is None:
        return Outcome(401, "MISSING_OR_INVALID_CREDENTIALS")
    blocked = _block_check(user, now)
    if blocked is not None:
        return blocked
    if password != user.password:
        return _record_failure(user, now)
    user.failure_count = 0
    user.temporary_blocked_until = None
    user.blocking_duration = None
    if user.should_change_password:
        return Outcome(401, "SHOULD_CHANGE_PASSWORD")
    return Outcome(200)
