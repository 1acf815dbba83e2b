"""Printed documents as downloads: the referent's, and the pupil's attestation.

The referent prints the PV de session, the notices (Pix account, GAR, projection), the
convocations, the invigilator's instructions, a blank PV d'incident and, once
published, the results by class.

Rendered by the library (:mod:`pixcore.formats.documents`, Typst) in a worker thread,
with the school's details from ``pixcore_school_details``. A pupil downloads only the
attestation of a certification linked to her own account, once results are published
(the library refuses before: ``DOCUMENT_RESULTS_NOT_PUBLISHED``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pixcore.formats.documents import (
    SchoolDetails,
    render_attestation,
    render_class_summary,
    render_convocation,
    render_incident_report,
    render_instructions,
    render_notice,
    render_pv_session,
)
from pixcore.lifecycle.state import SessionState
from pixcore_web.errors import ForbiddenError, WebError
from pixcore_web.pages import require, web

__all__ = ["ROUTES", "SESSION_DOCUMENTS"]


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


Renderer = Callable[[SessionState, SchoolDetails], bytes]

SESSION_DOCUMENTS: dict[str, tuple[str, Renderer]] = {
    "notice-pix": ("Notice candidat (compte Pix)",
                   functools.partial(render_notice, version="pix")),
    "notice-gar": ("Notice candidat (ENT, GAR)", functools.partial(render_notice, version="gar")),
    "notice-projection": ("Notice à projeter (compte Pix)",
                          functools.partial(render_notice, version="pix", layout="projection")),
    "consignes": ("Consignes pour le surveillant", render_instructions),
    "pv-incident": ("PV d'incident vierge", render_incident_report),
    "resultats-par-classe": ("Résultats par classe (après publication)",
                             lambda state, school: render_class_summary(state, school)),
}  # fmt: skip
"""The referent's other printed documents: slug → (link text, renderer)."""


async def session_document(request: Request) -> Response:
    """One of :data:`SESSION_DOCUMENTS` for a session (referent only)."""
    require(request, "referent")
    number: int = request.path_params["number"]
    slug: str = request.path_params["slug"]
    if slug not in SESSION_DOCUMENTS:
        raise WebError("WEB_NOT_FOUND")
    state = _state(request, number)
    school = web(request).service.host.school_details(number, state.establishment)
    content = await run_in_threadpool(SESSION_DOCUMENTS[slug][1], state, school)
    return _pdf(content, f"{slug}-{number}.pdf")


async def convocation(request: Request) -> Response:
    """One candidate's convocation (referent only)."""
    require(request, "referent")
    number: int = request.path_params["number"]
    candidate_id: str = request.path_params["candidate"]
    state = _state(request, number)
    if candidate_id not in state.candidates:
        raise WebError("WEB_NOT_FOUND")
    school = web(request).service.host.school_details(number, state.establishment)
    content = await run_in_threadpool(render_convocation, state, candidate_id, school)
    line = list(state.candidates).index(candidate_id) + 1
    return _pdf(content, f"convocation-{number}-{line}.pdf")


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
    Route("/referent/sessions/{number:int}/documents/{slug}.pdf", session_document),
    Route("/referent/sessions/{number:int}/convocations/{candidate}.pdf", convocation),
    Route("/candidat/attestation/{number:int}/{certification:int}.pdf", attestation),
]
