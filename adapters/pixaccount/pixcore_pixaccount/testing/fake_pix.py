"""``FakePixApi``: a WSGI double of Pix's ``/api/token`` and ``/api/revoke`` (``saml.md`` §4).

Reproduced from the sourced facts of §4.1–§4.4: form body only (JSON gets 415), the
Joi alternatives with unknown keys rejected (400), JSON:API errors with Pix's codes and
``meta``, the success headers (``Cache-Control: no-store``, ``Pragma: no-cache``), the
lock-out state machine (:mod:`~pixcore_pixaccount.testing.fake_pix_state`), the refresh
grant echoing the same refresh token, revocation by ``token_type_hint=refresh_token``.

Also sourced (1024pix/pix ``token.route.js``, ``token.controller.js``, the use cases):
logins are looked up lower-cased; ``SHOULD_CHANGE_PASSWORD`` carries the
password-expiration token as a bare string in ``meta``; ``refresh_token`` is optional
in the refresh grant and ``token_type_hint`` optional on ``/api/revoke`` (without it the
token is revoked as a refresh token); a refresh token Pix does not know is 401
``INVALID_REFRESH_TOKEN``; ``isLoginFailureWithUsername`` is false for an unknown user.

Inferred, not sourced: the exact body of a 400/415, the reply to a refresh grant
without a refresh token (401 ``INVALID_REFRESH_TOKEN`` here), the ``blockingDurationMs``
sent while a block is active (the full duration of that block).

Knobs for failure tests: ``delay_seconds`` (answer late), ``drop_connection`` (close the
socket without a reply), ``fail_status`` (answer every request with that status),
``send_blocking_duration`` (``False``: temporary blocks without ``blockingDurationMs``,
as older Pix versions), ``canned_reply`` (answer every request with these exact bytes).
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from joserfc import jwt
from joserfc.jwk import OctKey
from werkzeug.wrappers import Request, Response

from pixcore_pixaccount.clock import Clock, utc_now
from pixcore_pixaccount.testing.fake_pix_state import FakePixUser, Outcome, check_password
from pixcore_pixaccount.testing.forms import Alternative, FormError, parse_form

__all__ = [
    "ACCESS_TOKEN_LIFESPAN",
    "REFRESH_TOKEN_LIFESPAN",
    "CannedReply",
    "FakePixApi",
    "RecordedRequest",
]

ACCESS_TOKEN_LIFESPAN = timedelta(minutes=20)
"""Pix ``ACCESS_TOKEN_LIFESPAN`` default (``saml.md`` §1.9)."""
REFRESH_TOKEN_LIFESPAN = timedelta(days=7)
"""Pix ``REFRESH_TOKEN_LIFESPAN`` default."""

_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}
_DETAILS = {
    "MISSING_OR_INVALID_CREDENTIALS": "Missing or invalid credentials",
    "SHOULD_CHANGE_PASSWORD": "User password must be changed.",
    "USER_IS_TEMPORARY_BLOCKED": "User has been temporary blocked.",
    "USER_IS_BLOCKED": "User has been blocked.",
    "INVALID_REFRESH_TOKEN": "Refresh token is invalid",
}
_REVOKE_BAD_REQUEST = "The server could not understand the request due to invalid token."
_TOKEN_TYPE_HINTS = frozenset({"access_token", "refresh_token"})
_TOKEN_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclasses.dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the fake received it: method, path, headers, exact body bytes.

    The headers and the body (credentials, tokens) are kept out of ``repr``.
    """

    method: str
    path: str
    headers: Mapping[str, str] = dataclasses.field(repr=False)
    body: bytes = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class CannedReply:
    """A reply served as is, whatever the request: status, headers, body bytes."""

    status: int
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    body: bytes = dataclasses.field(default=b"", repr=False)


def _json(status: int, payload: object, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        json.dumps(payload),
        status=status,
        content_type="application/json;charset=UTF-8",
        headers=dict(headers or {}),
    )


def _jsonapi_error(
    status: int, code: str | None, meta: Mapping[str, object] | str, detail: str | None = None
) -> Response:
    error: dict[str, object] = {"status": str(status), "title": _TITLES.get(status, "Error")}
    if code is not None:
        error["code"] = code
        error["detail"] = _DETAILS.get(code, code)
    if detail is not None:
        error["detail"] = detail
    if meta:
        error["meta"] = meta if isinstance(meta, str) else dict(meta)
    return _json(status, {"errors": [error]})


class FakePixApi:
    """A WSGI app reproducing Pix's password login; serve it with ``LoopbackServer``."""

    def __init__(self, *, clock: Clock = utc_now, audience: str = "https://app.pix.fr") -> None:
        self.clock = clock
        self.audience = audience
        self.users: list[FakePixUser] = []
        self.requests: list[RecordedRequest] = []
        self.statuses: list[int] = []
        self.refresh_tokens: dict[str, tuple[int, datetime]] = {}
        self.delay_seconds = 0.0
        self.drop_connection = False
        self.fail_status: int | None = None
        self.send_blocking_duration = True
        self.canned_reply: CannedReply | None = None
        self._secret = OctKey.generate_key(256)
        self._lock = threading.Lock()

    def add_user(self, user_id: int, password: str, **fields: Any) -> FakePixUser:
        """Create a Pix account (``email``, ``username``, names, ``should_change_password``)."""
        user = FakePixUser(user_id=user_id, password=password, **fields)
        self.users.append(user)
        return user

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """The recorded requests to ``path``, oldest first."""
        return [request for request in self.requests if request.path == path]

    def __call__(self, environ: Any, start_response: Any) -> Iterable[bytes]:
        """WSGI entry point."""
        request = Request(environ)
        body = request.get_data(cache=True)
        self.requests.append(
            RecordedRequest(request.method, request.path, dict(request.headers), body)
        )
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.drop_connection:
            return _drop(environ, start_response)
        canned = self.canned_reply
        if canned is not None:
            reply = Response(canned.body, status=canned.status, headers=dict(canned.headers))
            return reply(environ, start_response)
        with self._lock:
            response = self._dispatch(request)
            self.statuses.append(response.status_code)
        return response(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        if self.fail_status is not None:
            return _json(self.fail_status, {"errors": [{"status": str(self.fail_status)}]})
        routes = {"/api/token": self._token, "/api/revoke": self._revoke}
        handler = routes.get(request.path)
        if handler is None or request.method != "POST":
            return _jsonapi_error(404, None, {})
        if request.mimetype != "application/x-www-form-urlencoded":
            return _json(415, {"statusCode": 415, "error": "Unsupported Media Type"})
        try:
            return handler(request)
        except FormError:
            return _jsonapi_error(400, None, {})

    def _token(self, request: Request) -> Response:
        form = parse_form(request.get_data(), _TOKEN_ALTERNATIVES)
        if form["grant_type"] == "password":
            return self._password_grant(form["username"], form["password"])
        if form["grant_type"] == "refresh_token":
            return self._refresh_grant(form.get("refresh_token"))
        return _jsonapi_error(400, None, {})

    def _password_grant(self, login: str, password: str) -> Response:
        now = self.clock()
        user = next((candidate for candidate in self.users if candidate.matches(login)), None)
        outcome = check_password(user, password, now)
        if outcome.status != 200 or user is None:
            return self._login_error(outcome, login, user)
        refresh = f"{user.user_id}:{secrets.token_hex(16)}"
        self.refresh_tokens[refresh] = (user.user_id, now + REFRESH_TOKEN_LIFESPAN)
        return self._token_reply(user.user_id, refresh, now)

    def _login_error(self, outcome: Outcome, login: str, user: FakePixUser | None) -> Response:
        if outcome.code == "SHOULD_CHANGE_PASSWORD":
            claims = {"user_id": user.user_id if user else 0, "scope": "password-expiration"}
            expiration_token = jwt.encode({"alg": "HS256"}, claims, self._secret)
            return _jsonapi_error(outcome.status, outcome.code, expiration_token)
        with_username = user is not None and user.matched_by_username(login)
        meta: dict[str, object] = {"isLoginFailureWithUsername": with_username}
        meta.update(outcome.meta)
        if not self.send_blocking_duration:
            meta.pop("blockingDurationMs", None)
        return _jsonapi_error(outcome.status, outcome.code, meta)

    def _refresh_grant(self, refresh: str | None) -> Response:
        now = self.clock()
        entry = self.refresh_tokens.get(refresh) if refresh is not None else None
        if refresh is None or entry is None or entry[1] <= now:
            return _jsonapi_error(401, "INVALID_REFRESH_TOKEN", {})
        return self._token_reply(entry[0], refresh, now)

    def _token_reply(self, user_id: int, refresh: str, now: datetime) -> Response:
        expires_in = int(ACCESS_TOKEN_LIFESPAN.total_seconds())
        claims = {
            "user_id": user_id,
            "source": "pix",
            "aud": self.audience,
            "iat": int(now.timestamp()),
            "exp": int(now.timestamp()) + expires_in,
        }
        access = jwt.encode({"alg": "HS256", "typ": "at+jwt"}, claims, self._secret)
        payload = {
            "token_type": "bearer",
            "access_token": access,
            "user_id": user_id,
            "refresh_token": refresh,
            "expires_in": expires_in,
        }
        return _json(200, payload, _TOKEN_HEADERS)

    def _revoke(self, request: Request) -> Response:
        try:
            form = parse_form(request.get_data(), _REVOKE_ALTERNATIVES)
        except FormError:
            return _jsonapi_error(400, None, {}, detail=_REVOKE_BAD_REQUEST)
        hint = form.get("token_type_hint")
        if hint is not None and hint not in _TOKEN_TYPE_HINTS:
            return _jsonapi_error(400, None, {}, detail=_REVOKE_BAD_REQUEST)
        if hint != "access_token":
            self.refresh_tokens.pop(form["token"], None)
        return Response(status=204)


_TOKEN_ALTERNATIVES: tuple[Alternative, ...] = (
    ({"grant_type": "password", "username": None, "password": None}, {"scope"}),
    ({"grant_type": "refresh_token"}, {"refresh_token"}),
    (
        {
            "grant_type": "authorization_code",
            "code": None,
            "client_id": None,
            "code_verifier": None,
        },
        set(),
    ),
)
_REVOKE_ALTERNATIVES: tuple[Alternative, ...] = (({"token": None}, {"token_type_hint"}),)


def _drop(environ: Any, start_response: Any) -> Iterable[bytes]:
    """Shut the client socket down before any byte of a reply is sent.

    The server's own write then fails with a broken pipe, which it treats as a client
    that went away (no error log).
    """
    connection: socket.socket = environ["werkzeug.socket"]
    connection.shutdown(socket.SHUT_RDWR)
    start_response("200 OK", [])
    return [b""]
