"""Printed documents as downloads: the PV de session (referent), the attestation (pupil).

Rendered by the library (:mod:`pixcore.formats.documents`, Typst) in a worker thread,
with the school's details from ``pixcore_school_details``. A pupil downloads only the
attestation of a certification linked to her own account, once results are published
(the library refuses before: ``DOCUMENT_RESULTS_NOT_PUBLISHED``).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pixcore.formats.documents import render_attestation, render_pv_session
from pixcore.lifecycle.state import SessionState
from pixcore_web.errors import ForbiddenError, WebError
from pixcore_web.pages import require, web

__all__ = ["ROUTES"]


def _pdf(content: bytes, filename: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )


def _state(request: Request, number: int) -> SessionState:
    state = web(request).service.load(number)
    if state.session is None:
        raise WebError("WEB_NOT_FOUND")
    return state


async def pv_session(request: Request) -> Response:
    """The session's PV de session (referent only)."""
    require(request, "referent")
    number: int = request.path_params["number"]
    state = _state(request, number)
    school = web(request).service.host.school_details(number, state.establishment)
    content = await run_in_threadpool(render_pv_session, state, school)
    return _pdf(content, f"pv-session-{number}.pdf")


async def attestation(request: Request) -> Response:
    """The pupil's own attestation, once published."""
    session = require(request, "candidate")
    number: int = request.path_params["number"]
    certification: int = request.path_params["certification"]
    state = _state(request, number)
    course = state.certifications.get(certification)
    if course is None or state.users.get(course.candidate_id) != session.get("user"):
        raise ForbiddenError()
    service = web(request).service
    school = service.host.school_details(number, state.establishment)
    content = await run_in_threadpool(
        render_attestation, state, certification, school, policy=service.policy
    )
    return _pdf(content, f"attestation-{certification}.pdf")


ROUTES = [
    Route("/referent/sessions/{number:int}/pv-de-session.pdf", pv_session),
    Route("/candidat/attestation/{number:int}/{certification:int}.pdf", attestation),
]
