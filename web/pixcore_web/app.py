"""The ASGI application: :func:`create_app` wires the screens, sessions and security.

- cookies: Starlette's signed session cookie (itsdangerous, HMAC-SHA1 keyed by the
  server key), ``HttpOnly``, ``SameSite=Strict``, ``Secure`` unless explicitly off for
  loopback HTTP, 8 hours;
- every POST checks the CSRF token of the browser session (:mod:`pixcore_web.security`);
- every response carries the security headers and the strict CSP;
- a coded refusal anywhere becomes a French page with its code and HTTP status; any
  other exception a generic page (no trace, no data) with its code ``PIXCORE_ERROR``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from pixcore.errors import PixcoreError
from pixcore.host.service import SessionService
from pixcore_web import auth, candidate, documents, invigilator, jury, referent
from pixcore_web.config import PixLogin, Web, WebConfig
from pixcore_web.errors import WebError
from pixcore_web.gar import GarLogin
from pixcore_web.live import LiveHub
from pixcore_web.pages import error_page

__all__ = ["COOKIE_NAME", "create_app"]

COOKIE_NAME = "pixcore_session"
"""The signed session cookie."""

_log = logging.getLogger("pixcore_web")


async def _coded(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PixcoreError)
    return error_page(request, exc)


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_page(request, WebError("WEB_NOT_FOUND"))


async def _internal(request: Request, exc: Exception) -> Response:
    _log.error("internal error (%s) on %s", type(exc).__name__, request.url.path)
    return error_page(request, PixcoreError())


def create_app(
    service: SessionService,
    config: WebConfig,
    hub: LiveHub,
    *,
    pix_login: PixLogin | None,
    gar: GarLogin | None = None,
) -> Starlette:
    """The web host over ``service``; ``hub`` must be registered in the service's plugins.

    :param pix_login: checks a Pix username and password (the candidate's login).
    :param gar: the GAR login (pixcore-gar's app at ``/api``), if any.
    """
    from pixcore_web.security import SecurityHeaders

    routes = [
        *auth.ROUTES, *referent.ROUTES, *invigilator.ROUTES, *candidate.ROUTES, *jury.ROUTES,
        *documents.ROUTES, *(gar.routes() if gar is not None else ()),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
    ]  # fmt: skip
    middleware = [
        Middleware(SecurityHeaders, hsts=config.secure_cookies),
        Middleware(
            SessionMiddleware, secret_key=config.secret_key.decode("latin-1"),
            session_cookie=COOKIE_NAME, max_age=8 * 3600, same_site="strict",
            https_only=config.secure_cookies,
        ),
    ]  # fmt: skip
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={PixcoreError: _coded, 404: _not_found, Exception: _internal},
    )
    app.state.web = Web(
        service=service, config=config, hub=hub, pix_login=pix_login, gar=gar is not None
    )
    return app
