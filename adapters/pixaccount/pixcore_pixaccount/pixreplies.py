"""Reading Pix's ``/api/token`` replies: a session, or a coded error (``saml.md`` §4.1, §4.3).

Pix answers errors in JSON:API form, ``{"errors": [{"status", "code", "title", "detail",
"meta"}]}``. Only the code and a few safe ``meta`` fields are kept, each checked for
its type and range; ``detail`` and the password-expiration token that
``SHOULD_CHANGE_PASSWORD`` sends as ``meta`` (a bare string) are dropped.

A reply of any other shape (not JSON, JSON too deep, of the wrong type, missing or
ill-typed members, values out of range, a 200 carrying an OAuth ``error``) gives a
coded error, ``PIX_RESPONSE_INVALID`` when nothing better applies: never a raw exception.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any, TypeGuard

import httpx2

from pixcore.errors import MetaValue
from pixcore_pixaccount._http import translate_transport_errors
from pixcore_pixaccount.errors import PixAccountError, PixUnavailableError
from pixcore_pixaccount.session import PixSession

__all__ = [
    "MAX_EXPIRES_IN",
    "MAX_TOKEN_LENGTH",
    "check_token_body",
    "error_for",
    "is_token",
    "json_body",
    "raise_unless_ok",
    "refresh_session",
    "session_from",
]

_PIX_CODES = frozenset(
    {
        "MISSING_OR_INVALID_CREDENTIALS",
        "USER_IS_TEMPORARY_BLOCKED",
        "USER_IS_BLOCKED",
        "SHOULD_CHANGE_PASSWORD",
    }
)

MAX_EXPIRES_IN = 366 * 24 * 3600
"""The longest access-token lifetime accepted, in seconds (Pix: 20 minutes)."""
MAX_TOKEN_LENGTH = 8192
"""The longest access or refresh token accepted (Pix's are a few hundred characters)."""
_MAX_BLOCKING_MS = 24 * 3600 * 1000
"""A ``blockingDurationMs`` above one day is not believed (Pix: 2 or 4 minutes)."""
_MAX_REMAINING_ATTEMPTS = 30
"""Pix's ``LOGIN_BLOCKING_LIMIT_FAILURE_COUNT``: no more attempts can remain."""
_MAX_USER_ID_LENGTH = 255


def _invalid(reason: str) -> PixAccountError:
    return PixAccountError("PIX_RESPONSE_INVALID", meta={"reason": reason})


def json_body(response: httpx2.Response) -> object:
    """The reply parsed as JSON, or ``None`` when it is not JSON (or nested too deep)."""
    try:
        return response.json()
    except (ValueError, RecursionError):
        return None


def _first_error(body: object) -> Mapping[str, Any]:
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return errors[0]
    return {}


def _is_count(value: object, maximum: int) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum


def _safe_meta(code: str, meta: object) -> dict[str, MetaValue]:
    """The few ``meta`` fields worth keeping, when ``meta`` is an object and they fit."""
    if not isinstance(meta, dict):
        return {}
    safe: dict[str, MetaValue] = {}
    with_username = meta.get("isLoginFailureWithUsername")
    if isinstance(with_username, bool):
        safe["login_failure_with_username"] = with_username
    remaining = meta.get("remainingAttempts")
    if code == "MISSING_OR_INVALID_CREDENTIALS" and _is_count(remaining, _MAX_REMAINING_ATTEMPTS):
        safe["remaining_attempts"] = remaining
    duration = meta.get("blockingDurationMs")
    if code == "USER_IS_TEMPORARY_BLOCKED" and _is_count(duration, _MAX_BLOCKING_MS) and duration:
        safe["blocking_duration_ms"] = duration
        safe["blocking_minutes"] = math.ceil(duration / 60_000)
    return safe


def error_for(response: httpx2.Response) -> PixAccountError | PixUnavailableError:
    """Map a Pix reply that is not a success to a coded error (5xx: ``PIX_UNAVAILABLE``)."""
    status = response.status_code
    if status >= 500:
        return PixUnavailableError(meta={"reason": "http", "status": status})
    if status == 429:
        return PixAccountError("RATE_LIMITED", meta={"retry_after_seconds": _retry_after(response)})
    if 200 <= status < 300:
        return _invalid("status")
    error = _first_error(json_body(response))
    code = error.get("code")
    if status in (401, 403) and isinstance(code, str) and code in _PIX_CODES:
        return PixAccountError(code, meta=_safe_meta(code, error.get("meta")))
    if status == 401:
        return PixAccountError("MISSING_OR_INVALID_CREDENTIALS")
    return PixAccountError("PIX_REQUEST_REJECTED", meta={"status": status})


def _retry_after(response: httpx2.Response) -> int:
    """``Retry-After`` in seconds, within 1 s to 1 h; 60 when absent or an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 6:
        return min(max(int(value), 1), 3600)
    return 60


def is_token(value: object) -> TypeGuard[str]:
    """Whether ``value`` can be a token: 1 to 8192 visible ASCII characters or spaces.

    RFC 6749 appendix A: a token is one or more ``VSCHAR`` (``%x20-7E``).
    """
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_TOKEN_LENGTH
        and value.isascii()
        and value.isprintable()
    )


def check_token_body(body: object) -> Mapping[str, Any]:
    """Return ``body`` if it is a usable token reply, else raise ``PIX_RESPONSE_INVALID``.

    Checked so that authlib, which parses the same body next, cannot fail on it: an
    object, no OAuth ``error`` member, a token, a bounded ``expires_in``, optional
    ``refresh_token``, ``expires_at`` (an integer) and ``token_type`` (``bearer``).
    """
    if not isinstance(body, dict):
        raise _invalid("not_an_object")
    if "error" in body:
        raise _invalid("oauth_error")
    if not is_token(body.get("access_token")):
        raise _invalid("access_token")
    if not _is_count(body.get("expires_in"), MAX_EXPIRES_IN):
        raise _invalid("expires_in")
    refresh = body.get("refresh_token")
    if refresh is not None and not is_token(refresh):
        raise _invalid("refresh_token")
    expires_at = body.get("expires_at")
    if expires_at is not None and not _is_count(expires_at, 2**40):
        raise _invalid("expires_at")
    token_type = body.get("token_type")
    is_bearer = isinstance(token_type, str) and token_type.lower() == "bearer"
    if token_type is not None and not is_bearer:
        raise _invalid("token_type")
    return body


def raise_unless_ok(response: httpx2.Response) -> httpx2.Response:
    """Authlib compliance hook: refuse any reply but a well-formed 200 before authlib reads it.

    authlib would otherwise take a JSON:API error body for a token (it only looks for
    an RFC 6749 ``error`` key), raise its own ``OAuthError`` on one, and a bare
    ``ValueError``/``TypeError`` on a non-JSON 200 or an ill-typed ``expires_in``.
    """
    if response.status_code != httpx2.codes.OK:
        raise error_for(response)
    check_token_body(json_body(response))
    return response


def _user_id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**18:
        return str(value)
    if (
        isinstance(value, str)
        and 0 < len(value) <= _MAX_USER_ID_LENGTH
        and value.isprintable()
        and value.strip() == value
    ):
        return value
    raise _invalid("user_id")


def session_from(
    body: Mapping[str, Any], *, now: datetime, previous: PixSession | None = None
) -> PixSession:
    """Build a :class:`PixSession` from a 200 token reply; ``PIX_RESPONSE_INVALID`` if malformed.

    The refresh grant echoes the same refresh token (§4.1); when it or ``user_id`` is
    absent, the value of the ``previous`` session is kept.
    """
    check_token_body(body)
    user_id = body.get("user_id", previous.user_id if previous else None)
    refresh = body.get("refresh_token", previous.refresh_token if previous else None)
    expires_in = int(body["expires_in"])
    return PixSession(
        access_token=str(body["access_token"]),
        refresh_token=refresh if isinstance(refresh, str) else None,
        expires_at=now + timedelta(seconds=expires_in),
        user_id=_user_id(user_id),
    )


_PASSED_THROUGH = frozenset({"PIX_RESPONSE_INVALID", "RATE_LIMITED"})
"""Refresh failures that say nothing about the refresh token: kept as they are."""


def refresh_session(
    client: Callable[[], AbstractContextManager[Any]],
    token_url: str,
    session: PixSession,
    clock: Callable[[], datetime],
) -> PixSession:
    """One ``grant_type=refresh_token`` call; a refusal is ``RELOGIN_REQUIRED``.

    Shared by every backend: ``client`` opens an authlib OAuth2 client. An unreadable
    reply stays ``PIX_RESPONSE_INVALID`` and a rate limit ``RATE_LIMITED``.
    """
    if not isinstance(session, PixSession) or not is_token(session.refresh_token):
        raise PixAccountError("RELOGIN_REQUIRED")
    try:
        with client() as oauth, translate_transport_errors():
            token = oauth.refresh_token(token_url, refresh_token=session.refresh_token)
    except PixAccountError as exc:
        if exc.code in _PASSED_THROUGH:
            raise
        raise PixAccountError("RELOGIN_REQUIRED") from exc
    return session_from(token, now=clock(), previous=session)
