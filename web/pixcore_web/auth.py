"""Logging in and out: staff (referent, jury) and invigilators, with attempt limits.

A browser session holds one role at a time; logging in clears whatever it held (a
shared school computer never keeps a previous user's role). Failed attempts are
counted per client and per target (role or session) before any secret is compared.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pixcore.errors import PixcoreError
from pixcore_web.errors import WebError, status_of
from pixcore_web.pages import (
    client_key,
    error_page,
    errors_of,
    form,
    redirect,
    render,
    text,
    web,
)
from pixcore_web.security import invigilator_secret, secrets_equal

__all__ = ["ROUTES"]

_STAFF_HOME = {"referent": "/referent", "jury": "/jury"}


def _fresh_session(request: Request, **values: object) -> None:
    request.session.clear()
    request.session.update(values)


async def home(request: Request) -> Response:
    """The landing page: one entry per role."""
    return render(request, "home.html")


async def staff_login(request: Request) -> Response:
    """Referent or jury access code."""
    if request.method == "GET":
        return render(request, "staff_login.html")
    try:
        data = await form(request)
        role = text(data, "role")
        if role not in _STAFF_HOME:
            raise WebError("WEB_FORM_INVALID")
        hub = web(request)
        keys = (f"staff:{role}:{client_key(request)}",)
        hub.per_client.check(*keys)
        hub.per_target.check(f"staff:{role}")
        expected = hub.config.referent_secret if role == "referent" else hub.config.jury_secret
        if not secrets_equal(expected, text(data, "code", limit=200)):
            hub.per_client.failed(*keys)
            hub.per_target.failed(f"staff:{role}")
            raise WebError("WEB_STAFF_SECRET_INVALID")
    except PixcoreError as error:
        return render(request, "staff_login.html", status=status_of(error), errors=errors_of(error))
    _fresh_session(request, role=role)
    return redirect(_STAFF_HOME[role])


async def invigilator_login(request: Request) -> Response:
    """Session number and the session's invigilator code."""
    if request.method == "GET":
        return render(request, "invigilator_login.html")
    try:
        data = await form(request)
        number = text(data, "session_number", limit=12)
        hub = web(request)
        keys = (f"invigilator:{number}:{client_key(request)}",)
        hub.per_client.check(*keys)
        hub.per_target.check(f"invigilator:{number}")
        code = text(data, "code", limit=64).upper().replace(" ", "")
        valid = number.isdigit() and secrets_equal(
            invigilator_secret(hub.config.secret_key, int(number)), code
        )
        if not valid or hub.service.load(int(number)).session is None:
            hub.per_client.failed(*keys)
            hub.per_target.failed(f"invigilator:{number}")
            raise WebError("WEB_INVIGILATOR_SECRET_INVALID")
    except PixcoreError as error:
        return render(
            request, "invigilator_login.html", status=status_of(error), errors=errors_of(error)
        )
    _fresh_session(request, role="invigilator", session=int(number))
    return redirect("/surveillant/salle")


async def logout(request: Request) -> Response:
    """Forget the browser's role (POST with the CSRF token)."""
    try:
        await form(request)
    except PixcoreError as error:
        return error_page(request, error)
    request.session.clear()
    return redirect("/")


ROUTES = [
    Route("/", home),
    Route("/connexion", staff_login, methods=["GET", "POST"]),
    Route("/surveillant", invigilator_login, methods=["GET", "POST"]),
    Route("/deconnexion", logout, methods=["POST"]),
]
