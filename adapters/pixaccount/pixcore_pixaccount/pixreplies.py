"""Reading Pix's ``/api/token`` replies: a session, or a coded error (``saml.md`` §4.1, §4.3).

Pix answers errors in JSON:API form, ``{"errors": [{"status", "code", "title", "detail",
"meta"}]}``. Only the code and a few safe ``meta`` fields are kept; ``detail`` and the
password-expiration token of ``SHOULD_CHANGE_PASSWORD`` are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any, TypeGuard

import httpx2

from pixcore.errors import MetaValue
from pixcore_pixaccount._http import translate_transport_errors
from pixcore_pixaccount.errors import PixAccountError, PixUnavailableError
from pixcore_pixaccount.session import PixSession

__all__ = ["error_for", "raise_unless_ok", "refresh_session", "session_from"]

_PIX_CODES = frozenset(
    {
        "MISSING_OR_INVALID_CREDENTIALS",
        "USER_IS_TEMPORARY_BLOCKED",
        "USER_IS_BLOCKED",
        "SHOULD_CHANGE_PASSWORD",
    }
)


def _first_error(response: httpx2.Response) -> Mapping[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return errors[0]
    return {}


def _safe_meta(code: str, meta: Mapping[str, Any]) -> dict[str, MetaValue]:
    safe: dict[str, MetaValue] = {}
    with_username = meta.get("isLoginFailureWithUsername")
    if isinstance(with_username, bool):
        safe["login_failure_with_username"] = with_username
    remaining = meta.get("remainingAttempts")
    if code == "MISSING_OR_INVALID_CREDENTIALS" and _is_count(remaining):
        safe["remaining_attempts"] = remaining
    duration = meta.get("blockingDurationMs")
    if code == "USER_IS_TEMPORARY_BLOCKED" and _is_count(duration):
        safe["blocking_duration_ms"] = duration
        safe["blocking_minutes"] = max(1, round(duration / 60_000))
    return safe


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def error_for(response: httpx2.Response) -> PixAccountError | PixUnavailableError:
    """Map a non-2xx Pix reply to a coded error (5xx: retryable ``PIX_UNAVAILABLE``)."""
    status = response.status_code
    if status >= 500:
        return PixUnavailableError(meta={"reason": "http", "status": status})
    if status == 429:
        return PixAccountError("RATE_LIMITED", meta={"retry_after_seconds": _retry_after(response)})
    error = _first_error(response)
    code = error.get("code")
    if status in (401, 403) and code in _PIX_CODES:
        meta = error.get("meta")
        return PixAccountError(str(code), meta=_safe_meta(str(code), meta or {}))
    if status == 401:
        return PixAccountError("MISSING_OR_INVALID_CREDENTIALS")
    return PixAccountError("PIX_REQUEST_REJECTED", meta={"status": status})


def raise_unless_ok(response: httpx2.Response) -> httpx2.Response:
    """Authlib compliance hook: refuse any non-200 token reply before authlib parses it.

    authlib would otherwise take a JSON:API error body for a token (it only looks for
    an RFC 6749 ``error`` key), and raise a bare ``ValueError`` on a non-JSON 200.
    """
    if response.status_code != httpx2.codes.OK:
        raise error_for(response)
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise PixAccountError("PIX_RESPONSE_INVALID")
    return response


def _retry_after(response: httpx2.Response) -> int:
    value = response.headers.get("Retry-After", "")
    return int(value) if value.isdigit() else 60


def session_from(
    body: Mapping[str, Any], *, now: datetime, previous: PixSession | None = None
) -> PixSession:
    """Build a :class:`PixSession` from a 200 token reply; ``PIX_RESPONSE_INVALID`` if malformed.

    The refresh grant echoes the same refresh token (§4.1); when it or ``user_id`` is
    absent, the value of the ``previous`` session is kept.
    """
    access = body.get("access_token")
    user_id = body.get("user_id", previous.user_id if previous else None)
    expires_in = body.get("expires_in")
    refresh = body.get("refresh_token", previous.refresh_token if previous else None)
    valid_user = isinstance(user_id, str | int) and not isinstance(user_id, bool)
    if not (isinstance(access, str) and access and valid_user and _is_count(expires_in)):
        raise PixAccountError("PIX_RESPONSE_INVALID")
    if refresh is not None and not isinstance(refresh, str):
        raise PixAccountError("PIX_RESPONSE_INVALID")
    return PixSession(
        access_token=access,
        refresh_token=refresh,
        expires_at=now + timedelta(seconds=expires_in),
        user_id=str(user_id),
    )


def refresh_session(
    client: Callable[[], AbstractContextManager[Any]],
    token_url: str,
    session: PixSession,
    clock: Callable[[], datetime],
) -> PixSession:
    """One ``grant_type=refresh_token`` call; any refusal is ``RELOGIN_REQUIRED``.

    Shared by every backend: ``client`` opens an authlib OAuth2 client.
    """
    if not session.refresh_token:
        raise PixAccountError("RELOGIN_REQUIRED")
    try:
        with client() as oauth, translate_transport_errors():
            token = oauth.refresh_token(token_url, refresh_token=session.refresh_token)
    except PixAccountError as exc:
        raise PixAccountError("RELOGIN_REQUIRED") from exc
    return session_from(token, now=clock(), previous=session)
