"""The referent's screens: sessions, candidate import, removal, finalisation.

Every refusal of the rules is shown in French with its code; an import shows every
line's error at once (the library collects them all).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pixcore.errors import PixcoreError
from pixcore.formats.importing import parse_candidates
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.state import SessionState
from pixcore.models.session import Session
from pixcore.referential import Referential
from pixcore.rules.access_code import generate_access_code
from pixcore_web.documents import SESSION_DOCUMENTS
from pixcore_web.errors import WebError, status_of
from pixcore_web.invigilator import (
    REPORT_CHOICES,
    checked_report,
    report_fields,
    report_targets,
    typed_report,
)
from pixcore_web.pages import (
    error_page,
    errors_of,
    execute,
    form,
    redirect,
    render,
    require,
    text,
    upload,
    web,
)
from pixcore_web.room import PARIS
from pixcore_web.security import invigilator_secret

__all__ = ["ROUTES"]

_CANDIDATE_FILES: dict[str, bytes | None] = {"csv": None, "ods": b"PK", "xlsx": b"PK"}
_PDF: dict[str, bytes | None] = {"pdf": b"%PDF-"}


def _sessions(request: Request) -> list[Any]:
    service = web(request).service
    states = [service.load(int(s)) for s in service.host.event_store().streams() if s.isdigit()]
    return sorted((s for s in states if s.session is not None), key=lambda s: s.session.number)


async def sessions(request: Request) -> Response:
    """The referent's sessions and the creation form."""
    require(request, "referent")
    return render(request, "referent_sessions.html", sessions=_sessions(request))


async def create(request: Request) -> Response:
    """Create a session (a fresh access code; the number follows the highest)."""
    require(request, "referent")
    try:
        data = await form(request)
        existing = [s.session.number for s in _sessions(request)]
        number = max(existing, default=10000) + 1
        session = Session(
            number=number, site=text(data, "site"), room=text(data, "room"),
            date=dt.date.fromisoformat(text(data, "date")),
            time=dt.time.fromisoformat(text(data, "time")),
            invigilator=text(data, "invigilator"), access_code=generate_access_code(),
        )  # fmt: skip
        await execute(request, number, cmd.CreateSession(session=session))
    except ValueError:
        error = WebError("WEB_FORM_INVALID")
        return render(request, "referent_sessions.html", status=400,
                      sessions=_sessions(request), errors=errors_of(error))  # fmt: skip
    except PixcoreError as error:
        return render(request, "referent_sessions.html", status=status_of(error),
                      sessions=_sessions(request), errors=errors_of(error))  # fmt: skip
    return redirect(f"/referent/sessions/{number}")


def _detail(request: Request, number: int, status: int = 200, **context: Any) -> Response:
    hub = web(request)
    state = hub.service.load(number)
    if state.session is None:
        return error_page(request, WebError("WEB_NOT_FOUND"))
    return render(
        request, "referent_session.html", status=status, state=state, number=number,
        secret=invigilator_secret(hub.config.secret_key, number), documents=SESSION_DOCUMENTS,
        **context,
    )  # fmt: skip


async def detail(request: Request) -> Response:
    """One session: codes, candidates, import, finalisation link."""
    require(request, "referent")
    return _detail(request, request.path_params["number"])


async def import_candidates(request: Request) -> Response:
    """Import a candidate list (CSV, ODS, XLSX): all or nothing, every line's error shown."""
    require(request, "referent")
    number = request.path_params["number"]
    hub = web(request)
    try:
        await form(request)
        name, content = upload(
            request, "file", limit=hub.config.max_upload_bytes, kinds=_CANDIDATE_FILES
        )
        parse = functools.partial(
            parse_candidates, name, content, referential=Referential.load(), session_number=number
        )
        candidates = await run_in_threadpool(parse)
        await execute(request, number, cmd.ImportCandidates(candidates=candidates))
    except PixcoreError as error:
        return _detail(request, number, status=status_of(error), errors=errors_of(error))
    return _detail(request, number, notice=f"{len(candidates)} candidats importés.")


async def remove(request: Request) -> Response:
    """Remove a candidate who has not joined."""
    require(request, "referent")
    number = request.path_params["number"]
    try:
        data = await form(request)
        await execute(request, number, cmd.RemoveCandidate(candidate_id=text(data, "candidate_id")))
    except PixcoreError as error:
        return _detail(request, number, status=status_of(error), errors=errors_of(error))
    return redirect(f"/referent/sessions/{number}")


def _finalise_page(request: Request, number: int, status: int = 200, **context: Any) -> Response:
    state = web(request).service.load(number)
    if state.session is None:
        return error_page(request, WebError("WEB_NOT_FOUND"))
    unfinished = [c for c in state.certifications.values() if c.state == "started"]
    unseen = [c for c in state.certifications.values()
              if c.state == "completed" and not c.end_screen_seen]  # fmt: skip
    names = {k: f"{v.last_name.upper()} {v.first_name}" for k, v in state.candidates.items()}
    frauds = [r for r in state.reports.values() if r.report.category == "FRAUD"]
    return render(
        request, "referent_finalise.html", status=status, state=state, number=number,
        unfinished=unfinished, unseen=unseen, names=names, frauds=frauds, choices=REPORT_CHOICES,
        report_targets=report_targets(state), **{"typed": {}, **context},
    )  # fmt: skip


async def finalise(request: Request) -> Response:
    """Finalise: abort reasons, end-screen confirmations, scanned PV, incidents, comment."""
    require(request, "referent")
    number = request.path_params["number"]
    if request.method == "GET":
        return _finalise_page(request, number)
    hub = web(request)
    try:
        data = await form(request)
        state = hub.service.load(number)
        name, content = upload(request, "pv", limit=hub.config.max_upload_bytes, kinds=_PDF)
        pv = hub.service.host.store_attachment(number, "pv_session", name, content)
        reasons: dict[int, Any] = {}
        for course in state.certifications.values():
            reason = text(data, f"abort_{course.certification_number}")
            if reason in ("candidate", "technical"):
                reasons[course.certification_number] = reason
        confirmed = tuple(
            int(v) for v in data.getlist("seen") if isinstance(v, str) and v.isdigit()
        )
        incidents = _incident_pvs(request, number, state)
        command = cmd.Finalise(
            abort_reasons=reasons, end_screen_confirmations=confirmed, pv_scan=pv,
            incident_reports=incidents, comment=text(data, "comment", limit=2000) or None,
            has_incident=text(data, "has_incident") == "oui",
            has_joining_issue=text(data, "has_joining_issue") == "oui",
        )  # fmt: skip
        await execute(request, number, command)
    except PixcoreError as error:
        return _finalise_page(request, number, status=status_of(error), errors=errors_of(error))
    return _detail(request, number, notice="Session finalisée.")


def _incident_pvs(request: Request, number: int, state: SessionState) -> dict[str, str]:
    """One PV d'incident per fraud report (field ``incident_pv_<report id>``), stored."""
    hub = web(request)
    files: dict[str, tuple[str, bytes]] = request.state.files
    incidents: dict[str, str] = {}
    for filed in state.reports.values():
        field = f"incident_pv_{filed.report_id}"
        if filed.report.category == "FRAUD" and files.get(field, ("", b""))[0]:
            name, content = upload(request, field, limit=hub.config.max_upload_bytes, kinds=_PDF)
            incidents[filed.report_id] = hub.service.host.store_attachment(
                number, "pv_incident", name, content
            )
    return incidents


async def transcribe_report(request: Request) -> Response:
    """File a report transcribed from the PV de session; a refusal keeps what was typed."""
    require(request, "referent")
    number = request.path_params["number"]
    data = None
    try:
        data = await form(request)
        command = cmd.FileIssueReport(data=report_fields(data), filed_by="referent")
        await execute(request, number, command)
    except PixcoreError as error:
        typed = typed_report(data) if data is not None else {}
        return _finalise_page(request, number, status=status_of(error),
                              errors=errors_of(error), typed=typed)  # fmt: skip
    return _finalise_page(request, number, notice="Signalement transcrit du PV enregistré.")


async def check_transcribed(request: Request) -> Response:
    """The rules' verdict on the report being transcribed (nothing is filed)."""
    require(request, "referent")
    return await checked_report(request, request.path_params["number"], "referent")


def local_time(value: dt.datetime | None) -> str:
    """A time in French time (``HH:MM``), ``—`` when none."""
    return "—" if value is None else f"{value.astimezone(PARIS):%H:%M}"


ROUTES = [
    Route("/referent", sessions),
    Route("/referent/sessions", create, methods=["POST"]),
    Route("/referent/sessions/{number:int}", detail),
    Route("/referent/sessions/{number:int}/import", import_candidates, methods=["POST"]),
    Route("/referent/sessions/{number:int}/retirer", remove, methods=["POST"]),
    Route("/referent/sessions/{number:int}/finaliser", finalise, methods=["GET", "POST"]),
    Route("/referent/sessions/{number:int}/signalement", transcribe_report, methods=["POST"]),
    Route(
        "/referent/sessions/{number:int}/signalement/verifier",
        check_transcribed,
        methods=["POST"],
    ),
]
