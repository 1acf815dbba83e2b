"""The invigilator's screens: the live room view and its actions, for one session only.

The room table is rendered on the server (``/surveillant/salle/tableau``); the page's
script reloads it on every server-sent event (``/surveillant/salle/flux``), fed by
``pixcore_on_event`` through :class:`~pixcore_web.live.LiveHub`.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from pixcore.errors import PixcoreError
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.state import SessionState
from pixcore.rules.issue_reports import CATEGORIES, validate_issue_report
from pixcore_web.errors import WebError, status_of
from pixcore_web.live import event_stream
from pixcore_web.pages import errors_of, execute, form, redirect, render, require, text, web
from pixcore_web.room import PARIS, room_rows

__all__ = [
    "REPORT_CHOICES",
    "ROUTES",
    "checked_report",
    "report_fields",
    "report_targets",
    "typed_report",
]

REPORT_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (f"{category}:{sub}", f"{code} — {category} / {sub}")
    for category, spec in CATEGORIES.items()
    for sub, code in spec.subcategories.items()
) + tuple(
    (f"{category}:", f"{spec.code} — {category}")
    for category, spec in CATEGORIES.items()
    if not spec.subcategories
)
"""The report kinds of the form: ``CATEGORY:SUBCATEGORY`` → ``code — names``."""


def _number(request: Request) -> int:
    session = require(request, "invigilator")
    number: int = session["session"]
    return number


def _room(request: Request, status: int = 200, **context: Any) -> Response:
    number = _number(request)
    hub = web(request)
    state = hub.service.load(number)
    now = hub.service.host.now()
    noted = state.noted_start.astimezone(PARIS).strftime("%H:%M") if state.noted_start else None
    return render(
        request, "invigilator_room.html", status=status, state=state, number=number,
        rows=room_rows(state, now), noted=noted, choices=REPORT_CHOICES,
        report_targets=report_targets(state), **{"typed": {}, **context},
    )  # fmt: skip


async def room(request: Request) -> Response:
    """The live room view."""
    return _room(request)


async def table(request: Request) -> Response:
    """The room table alone (the page's script swaps it in on every update)."""
    number = _number(request)
    hub = web(request)
    state = hub.service.load(number)
    rows = room_rows(state, hub.service.host.now())
    return render(request, "_room_table.html", rows=rows, state=state)


async def stream(request: Request) -> Response:
    """Server-sent events: one ``room`` event per change of the session."""
    number = _number(request)
    hub = web(request).hub
    return StreamingResponse(
        event_stream(hub, str(number), disconnected=request.is_disconnected),
        media_type="text/event-stream",
        headers={"X-Accel-Buffering": "no"},
    )


async def _act(request: Request, command: cmd.Command) -> Response:
    number = _number(request)
    try:
        await form(request)
        await execute(request, number, command)
    except PixcoreError as error:
        return _room(request, status=status_of(error), errors=errors_of(error))
    return redirect("/surveillant/salle")


async def note_start(request: Request) -> Response:
    """Note the start time of the test (now)."""
    _number(request)
    return await _act(request, cmd.NoteStartTime(noted_start=web(request).service.host.now()))


async def seen(request: Request) -> Response:
    """Confirm one candidate's end screen ("J'ai vu l'écran de fin")."""
    _number(request)
    certification = request.path_params["certification"]
    return await _act(request, cmd.ConfirmEndScreen(certification_number=certification))


async def end_test(request: Request) -> Response:
    """End one candidate's test ("Terminer le test")."""
    _number(request)
    return await _act(
        request, cmd.EndTest(certification_number=request.path_params["certification"])
    )


def report_targets(state: SessionState) -> list[tuple[int, str]]:
    """(certification number, candidate's name) of every started test, for the report form."""
    names = {k: f"{v.last_name.upper()} {v.first_name}" for k, v in state.candidates.items()}
    return [(c.certification_number, names.get(c.candidate_id, ""))
            for c in state.certifications.values()]  # fmt: skip


def typed_report(data: FormData) -> dict[str, str]:
    """What was typed in the report form, to show it again after a refusal."""
    names = ("certification_number", "kind", "question_number", "description")
    return {name: text(data, name, limit=1000) for name in names}


def report_fields(data: FormData) -> dict[str, object]:
    """The report typed in the form, as the data ``validate_issue_report`` reads."""
    kind = text(data, "kind")
    if ":" not in kind:
        raise WebError("WEB_FORM_INVALID")
    category, sub = kind.split(":", 1)
    fields: dict[str, object] = {"category": category}
    if sub:
        fields["subcategory"] = sub
    for name in ("certification_number", "question_number"):
        value = text(data, name, limit=12)
        if value:
            fields[name] = int(value) if value.isdigit() else value
    description = text(data, "description", limit=1000)
    if description:
        fields["description"] = description
    return fields


async def report(request: Request) -> Response:
    """File an issue report; the rules validate it and every problem is shown."""
    number = _number(request)
    data = None
    try:
        data = await form(request)
        command = cmd.FileIssueReport(data=report_fields(data), filed_by="invigilator")
        await execute(request, number, command)
    except PixcoreError as error:
        typed = typed_report(data) if data is not None else {}
        return _room(request, status=status_of(error), errors=errors_of(error), typed=typed)
    return _room(request, notice="Signalement enregistré.")


async def check_report(request: Request) -> Response:
    """Validate the report being typed, without filing it (the form's script asks)."""
    return await checked_report(request, _number(request), "invigilator")


async def checked_report(request: Request, number: int, filed_by: str) -> Response:
    """The rules' verdict on the report being typed in ``number`` (nothing is filed)."""
    try:
        data = await form(request)
        state = web(request).service.load(number)
        report = validate_issue_report(
            report_fields(data), filed_by=filed_by,
            certification_numbers=set(state.certifications),
        )  # fmt: skip
    except PixcoreError as error:
        return render(request, "_report_check.html", errors=errors_of(error), code=None)
    return render(request, "_report_check.html", code=report.code)


ROUTES = [
    Route("/surveillant/salle", room),
    Route("/surveillant/salle/tableau", table),
    Route("/surveillant/salle/flux", stream),
    Route("/surveillant/salle/debut", note_start, methods=["POST"]),
    Route("/surveillant/salle/fin-vue/{certification:int}", seen, methods=["POST"]),
    Route("/surveillant/salle/terminer/{certification:int}", end_test, methods=["POST"]),
    Route("/surveillant/salle/signalement", report, methods=["POST"]),
    Route("/surveillant/salle/signalement/verifier", check_report, methods=["POST"]),
]
