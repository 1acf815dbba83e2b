"""GAR login for candidates: pixcore-gar's ASGI app mounted at ``/api``.

The adapter's app verifies the SAML response (signature, request bound to the browser,
replay, time) and hands the :class:`VerifiedIdentity` to :meth:`GarLogin.on_identity`.
That callback has no access to the browser session, so it hands the identity over in a
one-time ticket: a random token kept server-side for a minute and sent to the browser in
an HttpOnly cookie; ``GET /candidat/gar`` takes the ticket back (once), opens the
candidate's session and clears the cookie. The ticket is bound to the browser that came
back from GAR (cookie, never a URL), so a link cannot log another browser in.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from pixcore.models.identity import VerifiedIdentity
from pixcore_web.candidate import start_candidate
from pixcore_web.errors import WebError
from pixcore_web.pages import error_page

if TYPE_CHECKING:
    from pixcore_gar import GarServiceProvider

__all__ = ["HANDOFF_COOKIE", "GarLogin"]

HANDOFF_COOKIE = "pixcore_gar_ticket"
"""The cookie carrying the one-time ticket from the ACS to ``/candidat/gar``."""

_TTL_SECONDS = 60.0
_MAX_TICKETS = 10_000


class GarLogin:
    """The GAR side of the candidate's login (one process: tickets live in memory).

    :param sp: a configured :class:`pixcore_gar.GarServiceProvider`.
    :param secure_cookies: send the ticket cookie with ``Secure``.
    """

    def __init__(
        self,
        sp: GarServiceProvider,
        *,
        secure_cookies: bool,
        wrap: Callable[[ASGIApp], ASGIApp] | None = None,
        extra_routes: tuple[BaseRoute, ...] = (),
    ) -> None:
        self.sp = sp
        self.secure = secure_cookies
        self.wrap = wrap
        self.extra_routes = extra_routes
        self._tickets: OrderedDict[str, tuple[float, VerifiedIdentity]] = OrderedDict()
        self._lock = threading.Lock()

    def on_identity(self, identity: VerifiedIdentity, relay_state: str | None) -> Response:
        """Keep the identity under a fresh ticket and send the browser to take it."""
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            while self._tickets:
                oldest, (created, _) = next(iter(self._tickets.items()))
                if now - created <= _TTL_SECONDS and len(self._tickets) < _MAX_TICKETS:
                    break
                del self._tickets[oldest]
            self._tickets[token] = (now, identity)
        response = RedirectResponse("/candidat/gar", status_code=303)
        response.set_cookie(
            HANDOFF_COOKIE, token, max_age=int(_TTL_SECONDS), path="/candidat/gar",
            secure=self.secure, httponly=True, samesite="lax",
        )  # fmt: skip
        return response

    def take(self, token: str | None) -> VerifiedIdentity:
        """The identity of a ticket, once; an unknown or expired ticket is refused."""
        with self._lock:
            found = self._tickets.pop(token, None) if token else None
        if found is None or time.monotonic() - found[0] > _TTL_SECONDS:
            raise WebError("WEB_GAR_LOGIN_EXPIRED")
        return found[1]

    def routes(self) -> list[BaseRoute]:
        """The adapter's app at ``/api`` and the ticket route."""
        from pixcore_gar.asgi import create_app

        async def finish(request: Request) -> Response:
            try:
                identity = self.take(request.cookies.get(HANDOFF_COOKIE))
            except WebError as error:
                return error_page(request, error)
            response = start_candidate(request, identity)
            response.delete_cookie(HANDOFF_COOKIE, path="/candidat/gar")
            return response

        app: ASGIApp = create_app(self.sp, on_identity=self.on_identity)
        if self.wrap is not None:
            app = self.wrap(app)
        return [Route("/candidat/gar", finish), Mount("/api", app), *self.extra_routes]
