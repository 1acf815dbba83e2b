"""The jury's screens: results and reasons a session is not publishable, actions, publish."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pixcore.errors import PixcoreError
from pixcore.lifecycle import commands as cmd
from pixcore.messages import render as message
from pixcore_web.errors import WebError, status_of
from pixcore_web.pages import (
    error_page,
    errors_of,
    execute,
    form,
    redirect,
    render,
    require,
    text,
    web,
)

__all__ = ["DECISIONS", "JURY_ACTIONS", "ROUTES"]

JURY_ACTIONS = frozenset({
    "confirm_end_screen_rejection", "dismiss_end_screen_rejection", "resolve_report",
    "neutralise", "deneutralise", "cancel", "uncancel", "reject_for_fraud",
    "unreject_for_fraud",
})  # fmt: skip
"""The actions this screen offers (the library checks each one)."""

DECISIONS: tuple[tuple[str, str], ...] = (
    ("neutralise", "Neutraliser la question"),
    ("deneutralise", "Dé-neutraliser la question"),
    ("cancel", "Annuler la certification"),
    ("uncancel", "Rétablir la certification annulée"),
    ("reject_for_fraud", "Rejeter pour fraude"),
    ("unreject_for_fraud", "Lever le rejet pour fraude"),
)
"""The jury's other decisions on one certification (the form's choices)."""

_JURY_MEMBER = "jury (pixcore-web)"


async def sessions(request: Request) -> Response:
    """The finalised sessions."""
    require(request, "jury")
    service = web(request).service
    states = [service.load(int(s)) for s in service.host.event_store().streams() if s.isdigit()]
    finalised = [s for s in states if s.finalised]
    return render(request, "jury_sessions.html", sessions=finalised)


def _page(request: Request, number: int, status: int = 200, **context: Any) -> Response:
    service = web(request).service
    state = service.load(number)
    if not state.finalised:
        return error_page(request, WebError("WEB_NOT_FOUND"))
    reasons = [(code, message(code, {})) for code in service.publishability(number)]
    names = {k: f"{v.last_name.upper()} {v.first_name}" for k, v in state.candidates.items()}
    return render(
        request, "jury_session.html", status=status, state=state, number=number,
        results=service.results(number), reasons=reasons, names=names, decisions=DECISIONS,
        **context,
    )  # fmt: skip


async def detail(request: Request) -> Response:
    """One session: results, reasons, reports, proposed rejections."""
    require(request, "jury")
    return _page(request, request.path_params["number"])


async def act(request: Request) -> Response:
    """A jury action on a certification or a report."""
    require(request, "jury")
    number = request.path_params["number"]
    try:
        data = await form(request)
        action = text(data, "action", limit=40)
        if action not in JURY_ACTIONS:
            raise WebError("WEB_FORM_INVALID")
        certification = text(data, "certification_number", limit=12)
        question = text(data, "question_number", limit=4)
        await execute(request, number, cmd.JuryAct.model_validate({
            "action": action, "jury_member": _JURY_MEMBER,
            "certification_number": int(certification) if certification.isdigit() else None,
            "question_number": int(question) if question.isdigit() else None,
            "report_id": text(data, "report_id", limit=12) or None,
            "comment": text(data, "comment", limit=500) or None,
        }))  # fmt: skip
    except PixcoreError as error:
        return _page(request, number, status=status_of(error), errors=errors_of(error))
    return redirect(f"/jury/sessions/{number}")


async def publish(request: Request) -> Response:
    """Publish the results (refused with the library's reasons when not publishable)."""
    require(request, "jury")
    number = request.path_params["number"]
    try:
        await form(request)
        await execute(request, number, cmd.Publish())
    except PixcoreError as error:
        return _page(request, number, status=status_of(error), errors=errors_of(error))
    return _page(request, number, notice="Résultats publiés.")


ROUTES = [
    Route("/jury", sessions),
    Route("/jury/sessions/{number:int}", detail),
    Route("/jury/sessions/{number:int}/action", act, methods=["POST"]),
    Route("/jury/sessions/{number:int}/publier", publish, methods=["POST"]),
]
