"""An optional Starlette sub-application for GAR login (extra ``pixcore-gar[asgi]``).

Routes: ``GET /saml/metadata.xml``, ``GET /saml/login``, ``POST /saml/acs`` (:data:`ACS_PATH`:
the configured ``acs_url`` ends with the mount point plus this path). The
AuthnRequest id is bound to the browser with a ``__Host-`` cookie (Secure, HttpOnly,
``SameSite=None`` because GAR posts cross-site) and is single-use on the server.
RelayState is only ever redirected to when it equals a configured value (G10); errors
answer 400 with the error's code and French message only (G13). Mount it with
``app.mount("/api", create_app(sp, on_identity=...))``; ``on_identity`` may be a
coroutine function (a host awaits its database there).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pixcore.models.identity import VerifiedIdentity
from pixcore_gar.config import ACS_PATH
from pixcore_gar.errors import GarAuthError, GarConfigError
from pixcore_gar.sp import GarServiceProvider

__all__ = ["ACS_PATH", "REQUEST_COOKIE", "OnIdentity", "create_app"]

REQUEST_COOKIE = "__Host-pixcore-gar-request"
"""Cookie carrying the AuthnRequest id between ``/saml/login`` and ``/saml/acs``."""

OnIdentity = Callable[[VerifiedIdentity, str | None], Response | Awaitable[Response]]
"""The host's handler: ``(identity, safe_relay_state) -> response`` (opens its session);
a plain function or a coroutine function."""


class _TooLargeError(Exception):
    pass


def _error(error: GarAuthError | GarConfigError) -> JSONResponse:
    body = {"code": error.code, "message": error.message}
    response = JSONResponse(body, status_code=400, headers={"Cache-Control": "no-store"})
    response.delete_cookie(REQUEST_COOKIE, path="/", secure=True, httponly=True, samesite="none")
    return response


async def _form(request: Request, limit: int) -> dict[str, str]:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _TooLargeError
    fields = parse_qs(body.decode("latin-1"), max_num_fields=8)
    return {name: values[0] for name, values in fields.items() if len(values) == 1}


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
        except GarConfigError as error:
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
        except _TooLargeError:
            return _error(GarAuthError("SAML_INVALID", meta={"check": "size"}))
        request_id = request.cookies.get(REQUEST_COOKIE)
        try:
            identity = await run_in_threadpool(
                sp.consume, form.get("SAMLResponse", ""), request_id=request_id
            )
        except GarAuthError as error:
            return _error(error)
        relay = sp.safe_relay_state(form.get("RelayState"))
        if on_identity is not None:
            answer = on_identity(identity, relay)
            response = await answer if inspect.isawaitable(answer) else answer
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
            Route(ACS_PATH, acs, methods=["POST"]),
        ]
    )
