"""Helpers every screen uses: templates, roles, forms, uploads, coded errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from pixcore.errors import PixcoreError
from pixcore.events import Event
from pixcore.lifecycle.commands import Command
from pixcore_web.config import Web
from pixcore_web.errors import ForbiddenError, UploadError, status_of
from pixcore_web.security import check_csrf, csrf_token

T = TypeVar("T")

__all__ = [
    "TEMPLATES",
    "client_key",
    "error_page",
    "execute",
    "form",
    "in_turn",
    "redirect",
    "render",
    "require",
    "upload",
    "web",
]

TEMPLATES = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
)
"""Autoescaped templates; an undefined name is an error, never an empty string."""


def web(request: Request) -> Web:
    """The host's shared objects."""
    value: Web = request.app.state.web
    return value


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the CSRF token, the role and the dev banner."""
    session = request.session
    context.setdefault("errors", [])
    context.setdefault("notice", None)
    return TEMPLATES.TemplateResponse(
        request, template,
        {"csrf": csrf_token(session), "role": session.get("role"), "dev": web(request).config.dev,
         **context},
        status_code=status,
    )  # fmt: skip


def error_page(request: Request, error: PixcoreError) -> HTMLResponse:
    """A page showing one coded refusal and its details, with its HTTP status."""
    return render(request, "error.html", status=status_of(error), errors=errors_of(error))


def errors_of(error: PixcoreError) -> list[dict[str, str]]:
    """A refusal and its details as (code, message) pairs for a template."""
    items = [{"code": error.code, "message": error.message, "field": ""}]
    items += [{"code": d.code, "message": d.message, "field": d.field or ""} for d in error.errors]
    return items


async def execute(request: Request, number: int, command: Command) -> list[Event]:
    """Run a command in a worker thread (the store's I/O never blocks the event loop).

    Commands on one session run one at a time in this process (:func:`in_turn`): forty
    pupils answering at once would otherwise race on the session's version and exhaust
    the service's retries (``CONCURRENT_MODIFICATION``).
    """
    return await in_turn(request, number, web(request).service.execute, number, command)


async def in_turn(
    request: Request, number: int, call: Callable[..., T], *args: object, **kwargs: object
) -> T:
    """Call ``call`` in a worker thread, after the other commands on session ``number``.

    The host's striped thread locks (``Web.locks``, 64) serialise a session's commands
    within this process; other processes still meet the service's optimistic retries.
    """
    lock = web(request).locks[number % len(web(request).locks)]

    def locked() -> T:
        with lock:
            return call(*args, **kwargs)

    return await run_in_threadpool(locked)


def redirect(url: str) -> RedirectResponse:
    """Redirect after a POST (303: the browser then GETs)."""
    return RedirectResponse(url, status_code=303)


MAX_FILES = 12
"""Files one form may carry (the scanned PV and one PV d'incident per fraud report)."""


async def _read_bounded(request: Request, total: int, limit: int) -> None:
    """Read a body of unknown length, refusing it as soon as it passes ``total`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > total:
            raise _too_large(limit)
        chunks.append(chunk)
    request._body = b"".join(chunks)  # Starlette's form parser reads it from there


async def form(request: Request) -> FormData:
    """The submitted form, once its CSRF token is checked (:class:`CsrfError` otherwise)."""
    limit = web(request).config.max_upload_bytes
    total = 2 * limit + 2**16  # the whole body, every file and field together
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > total:  # refused before reading
        raise _too_large(limit)
    if not declared.isdigit():  # chunked: counted while read, refused past the total
        await _read_bounded(request, total, limit)
    data = await request.form(max_files=MAX_FILES, max_fields=200, max_part_size=limit)
    files: dict[str, tuple[str, bytes]] = {}
    for name, value in data.multi_items():
        if isinstance(value, UploadFile):
            files[name] = (value.filename or "", await value.read(limit + 1))
    await data.close()  # the spooled temporary files, at once
    request.state.files = files
    check_csrf(request.session, data.get("csrf"))
    return data


def require(request: Request, role: str, session_number: int | None = None) -> dict[str, Any]:
    """The browser session when it has ``role`` (and that session), else :class:`ForbiddenError`."""
    session = request.session
    if session.get("role") != role:
        raise ForbiddenError()
    if session_number is not None and session.get("session") != session_number:
        raise ForbiddenError()
    return session


def upload(
    request: Request, field: str, *, limit: int, kinds: dict[str, bytes | None]
) -> tuple[str, bytes]:
    """An uploaded file: name and bytes, size- and type-checked.

    ``kinds`` maps accepted extensions to the magic bytes the content must start with
    (``None``: no magic, e.g. CSV). Refused: empty, over ``limit``, another extension,
    or content that does not match its extension.
    """
    files: dict[str, tuple[str, bytes]] = getattr(request.state, "files", {})
    filename, content = files.get(field, ("", b""))
    expected = ", ".join(f".{k}" for k in kinds)
    if not filename:
        raise UploadError("WEB_UPLOAD_TYPE_REFUSED", meta={"expected": expected})
    if len(content) > limit:
        raise _too_large(limit)
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in kinds or not content:
        raise UploadError("WEB_UPLOAD_TYPE_REFUSED", meta={"expected": expected})
    magic = kinds[suffix]
    if magic is not None and not content.startswith(magic):
        raise UploadError("WEB_UPLOAD_TYPE_REFUSED", meta={"expected": expected})
    return name, content


def _too_large(limit: int) -> UploadError:
    return UploadError("WEB_UPLOAD_TOO_LARGE", meta={"max_megabytes": max(limit // 2**20, 1)})


def client_key(request: Request) -> str:
    """The client's address, to count failed attempts per client."""
    return request.client.host if request.client else "unknown"


def text(data: FormData, name: str, *, limit: int = 200) -> str:
    """A text field, stripped and bounded (missing: empty)."""
    value = data.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def not_allowed() -> Response:
    """405 for unexpected methods (never reached with Starlette's routing)."""
    return Response(status_code=405)
