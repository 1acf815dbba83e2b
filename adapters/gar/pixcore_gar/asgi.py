"""An optional Starlette sub-application for GAR login (extra ``pixcore-gar[asgi]``).

Routes: ``GET /saml/metadata.xml``, ``GET /saml/login``, ``POST /saml/acs``. The
AuthnRequest id is bound to the browser with a ``__Host-`` cookie (Secure, HttpOnly,
``SameSite=None`` because GAR posts cross-site) and is single-use on the server.
RelayState is only ever redirected to when it equals a configured value (G10); errors
answer 400 with the error's code and French message only (G13), a malformed form too
(wrong content type, body too large, not URL-encoded ASCII, bad percent-encoding, a
missing, repeated or extra field). A store that cannot answer (full, busy, down) is a
coded 503, and any other coded pixcore error from the host's plugins (a hook returning
the wrong type, a corrupt store) a coded 500: the body is always ``{code, message}``. Mount it with
``app.mount("/api", create_app(sp, on_identity=...))``: the ACS is then
``https://<host>/api/saml/acs``, :class:`~pixcore_gar.testing.FakeGarIdP`'s default.

``on_identity`` may be a plain function (run in the thread pool, so that a blocking
database call does not stall the event loop) or ``async`` (awaited: a FastAPI host
awaits its database there).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pixcore.errors import PixcoreError, ServiceUnavailableError
from pixcore.models.identity import VerifiedIdentity
from pixcore_gar.errors import GarAuthError, GarConfigError
from pixcore_gar.sp import GarServiceProvider

__all__ = ["REQUEST_COOKIE", "OnIdentity", "create_app"]

REQUEST_COOKIE = "__Host-pixcore-gar-request"
"""Cookie carrying the AuthnRequest id between ``/saml/login`` and ``/saml/acs``."""

OnIdentity = Callable[[VerifiedIdentity, str | None], Response | Awaitable[Response]]
"""The host's handler: ``(identity, safe_relay_state) -> response``, sync or ``async``."""

_FORM_TYPE = "application/x-www-form-urlencoded"
_FIELDS = frozenset({"SAMLResponse", "RelayState"})
_LENGTH = re.compile(r"[0-9]{1,12}")
"""A Content-Length the ACS reads: ASCII digits, at most 12 (far above any limit)."""


class _FormError(Exception):
    """The ACS form is malformed; ``check`` names how (a fixed word)."""

    def __init__(self, check: str) -> None:
        super().__init__(check)
        self.check = check


def _status(error: PixcoreError) -> int:
    if isinstance(error, GarAuthError | GarConfigError):
        return 400
    return 503 if isinstance(error, ServiceUnavailableError) else 500


def _error(error: PixcoreError) -> JSONResponse:
    body = {"code": error.code, "message": error.message}
    headers = {"Cache-Control": "no-store"}
    response = JSONResponse(body, status_code=_status(error), headers=headers)
    response.delete_cookie(REQUEST_COOKIE, path="/", secure=True, httponly=True, samesite="none")
    return response


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "0")
    # ASCII digits only, and few: str.isdigit() accepts "²" and int() refuses it, and a
    # 5,000-digit number is refused by int() too (both were a 500).
    if _LENGTH.fullmatch(declared) is None or int(declared) > limit:
        raise _FormError("size")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _FormError("size")
    return bytes(body)


async def _form(request: Request, limit: int) -> dict[str, str]:
    """The ACS form: exactly one ``SAMLResponse``, at most one ``RelayState``, nothing else."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != _FORM_TYPE:
        raise _FormError("content_type")
    body = await _body(request, limit)
    try:
        pairs = parse_qsl(body.decode("ascii"), max_num_fields=len(_FIELDS), errors="strict")
    except (UnicodeDecodeError, ValueError):  # non-ASCII body, bad %-escapes, too many fields
        raise _FormError("form_encoding") from None
    names = [name for name, _ in pairs]
    if "SAMLResponse" not in names or len(set(names)) != len(names) or set(names) - _FIELDS:
        raise _FormError("form_fields")
    return dict(pairs)


async def _respond(
    on_identity: OnIdentity, identity: VerifiedIdentity, relay: str | None
) -> Response:
    """Await an ``async`` handler; run a plain one in the thread pool (it may block)."""
    call = getattr(on_identity, "__call__", on_identity)  # noqa: B004 - async __call__ too
    if inspect.iscoroutinefunction(on_identity) or inspect.iscoroutinefunction(call):
        result = on_identity(identity, relay)
    else:
        result = await run_in_threadpool(on_identity, identity, relay)
    return await result if inspect.isawaitable(result) else result


def create_app(
    sp: GarServiceProvider, *, on_identity: OnIdentity | None = None, default_redirect: str = "/"
) -> Starlette:
    """Build the sub-application for ``sp``; ``on_identity`` opens the host's session."""
    ttl = sp.config.request_ttl_seconds
    limit = 3 * sp.config.max_response_bytes + 4096

    def metadata(request: Request) -> Response:
        return Response(sp.metadata(), media_type="application/xml")

    def login(request: Request) -> Response:
        try:
            url, request_id = sp.begin_login(request.query_params.get("relay_state"))
        except PixcoreError as error:  # a refused RelayState; a full or failing store
            return _error(error)
        response = RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})
        response.set_cookie(
            REQUEST_COOKIE, request_id, max_age=ttl, path="/", secure=True,
            httponly=True, samesite="none",
        )  # fmt: skip
        return response

    async def acs(request: Request) -> Response:
        try:
            form = await _form(request, limit)
        except _FormError as error:
            return _error(GarAuthError("SAML_INVALID", meta={"check": error.check}))
        except ClientDisconnect:
            return _error(GarAuthError("SAML_INVALID", meta={"check": "disconnected"}))
        request_id = request.cookies.get(REQUEST_COOKIE)
        try:
            identity = await run_in_threadpool(
                sp.consume, form["SAMLResponse"], request_id=request_id
            )
        except PixcoreError as error:  # a refusal; a store or hook failing (503, 500)
            return _error(error)
        relay = sp.safe_relay_state(form.get("RelayState"))
        if on_identity is not None:
            response = await _respond(on_identity, identity, relay)
        else:
            response = RedirectResponse(relay or default_redirect, status_code=303)
        response.delete_cookie(
            REQUEST_COOKIE, path="/", secure=True, httponly=True, samesite="none"
        )
        return response

    return Starlette(
        routes=[
            Route("/saml/metadata.xml", metadata, methods=["GET"]),
            Route("/saml/login", login, methods=["GET"]),
            Route("/saml/acs", acs, methods=["POST"]),
        ]
    )
