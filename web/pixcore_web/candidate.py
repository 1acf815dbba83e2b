"""The candidate's screens: Pix-account login, joining, the stand-in test, the result.

The real questions are Pix's: the host serves placeholder questions (three choices, the
first one right) and records each answer with the competence of the question (three
questions per competence of the candidate's profile, in order). "Je passe" records a
skip; once the time is over only skips are accepted (the library refuses answers), and
the page says so. Closing the browser loses nothing: the candidate logs in again, joins
again with the same details, and the test resumes at the first unanswered question.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pixcore.errors import PixcoreError
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.decide import candidate_deadline
from pixcore.lifecycle.state import CertificationState, SessionState
from pixcore.models.competence import level
from pixcore.models.course import AnswerStatus
from pixcore.models.identity import VerifiedIdentity
from pixcore_web.errors import ForbiddenError, WebError, status_of
from pixcore_web.pages import (
    client_key,
    errors_of,
    execute,
    form,
    in_turn,
    redirect,
    render,
    require,
    text,
    web,
)
from pixcore_web.room import PARIS

__all__ = ["ROUTES", "question_competence", "start_candidate"]

_CHOICES = (("ok", "Réponse A"), ("ko", "Réponse B"), ("ko2", "Réponse C"))


async def login(request: Request) -> Response:
    """Log in with a Pix account (the pixcore-pixaccount adapter checks it with Pix)."""
    if request.method == "GET":
        return render(request, "candidate_login.html", gar=web(request).gar)
    hub = web(request)
    try:
        data = await form(request)
        if hub.pix_login is None:
            raise WebError("WEB_PIX_LOGIN_NOT_CONFIGURED")
        identity: VerifiedIdentity = hub.pix_login(
            text(data, "username", limit=200), text(data, "password", limit=200)
        )
    except PixcoreError as error:
        return render(request, "candidate_login.html", status=status_of(error),
                      errors=errors_of(error), gar=hub.gar)  # fmt: skip
    return start_candidate(request, identity)


def start_candidate(request: Request, identity: VerifiedIdentity) -> Response:
    """Open a candidate's browser session (Pix account or GAR) and go to joining."""
    request.session.clear()
    request.session.update(role="candidate", user=f"{identity.provider}:{identity.subject}",
                           provider=identity.provider, subject=identity.subject)  # fmt: skip
    return redirect("/candidat/rejoindre")


def _identity(session: dict[str, Any]) -> VerifiedIdentity:
    return VerifiedIdentity(provider=session["provider"], subject=session["subject"])


async def join(request: Request) -> Response:
    """Session number, names, birth date and access code; Pix's refusals in French."""
    session = require(request, "candidate")
    if request.method == "GET":
        return render(request, "candidate_join.html", results=_published(request))
    hub = web(request)
    number = 0
    try:
        data = await form(request)
        raw = text(data, "session_number", limit=12)
        number = int(raw) if raw.isdigit() else 0
        keys = (f"join:{number}:{client_key(request)}",)
        hub.per_client.check(*keys)
        hub.per_target.check(f"join:{number}")
        born = _date(text(data, "birth_date", limit=10))
        typed = cmd.JoinSession(
            session_number=max(number, 1), access_code=text(data, "access_code", limit=20),
            first_name=text(data, "first_name"), last_name=text(data, "last_name"),
            birth_date=born, user=session["user"],
        )  # fmt: skip
        try:
            join_session = functools.partial(
                hub.service.join, number, identity=_identity(session),
                access_code=typed.access_code, typed=typed,
            )  # fmt: skip
            await in_turn(request, number, join_session)
        except PixcoreError:
            hub.per_client.failed(*keys)
            hub.per_target.failed(f"join:{number}")
            raise
    except PixcoreError as error:
        return render(request, "candidate_join.html", status=status_of(error),
                      errors=errors_of(error), results=_published(request))  # fmt: skip
    state = hub.service.load(number)
    course = _course_of(state, session["user"])
    if course is None:  # pragma: no cover - a join always starts or resumes a test
        raise ForbiddenError()
    session.update(session=number, certification=course.certification_number)
    return redirect("/candidat/test")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise WebError("WEB_FORM_INVALID") from None


def _course_of(state: SessionState, user: str) -> CertificationState | None:
    candidate_id = state.candidate_of_user(user)
    return None if candidate_id is None else state.certification_of(candidate_id)


def question_competence(
    state: SessionState, course: CertificationState, position: int
) -> str | None:
    """The competence of question ``position`` (1-based): 3 per competence at level ≥ 1."""
    profile = state.profiles.get(course.candidate_id)
    if profile is None:
        return None
    codes = sorted(code for code, pix in profile.pix.items() if level(pix) >= 1)
    return codes[(position - 1) // 3 % len(codes)] if codes else None


def _mine(request: Request) -> tuple[int, SessionState, CertificationState]:
    session = require(request, "candidate")
    number, certification = session.get("session"), session.get("certification")
    if not isinstance(number, int) or not isinstance(certification, int):
        raise ForbiddenError()
    state = web(request).service.load(number)
    course = state.certifications.get(certification)
    if course is None or state.users.get(course.candidate_id) != session["user"]:
        raise ForbiddenError()
    return number, state, course


def _test_page(request: Request, status: int = 200, **context: Any) -> Response:
    _number, state, course = _mine(request)
    now = web(request).service.host.now()
    end = candidate_deadline(state, course)
    if course.state != "started":
        return render(request, "candidate_end.html", status=status, course=course, **context)
    return render(
        request, "candidate_test.html", status=status, course=course,
        position=len(course.answers) + 1, time_over=now >= end, choices=_CHOICES,
        deadline=f"{end.astimezone(PARIS):%H:%M}", **context,
    )  # fmt: skip


async def test(request: Request) -> Response:
    """The current question, or the end screen."""
    return _test_page(request)


async def answer(request: Request) -> Response:
    """Answer (A, B, C) or skip ("Je passe") the question shown."""
    number, state, course = _mine(request)
    try:
        data = await form(request)
        position = len(course.answers) + 1
        if text(data, "position", limit=6) != str(position):
            return redirect("/candidat/test")  # a second click on an answered question
        choice = text(data, "choice", limit=8)
        status: AnswerStatus = (
            "aband" if text(data, "skip", limit=8) else ("ok" if choice == "ok" else "ko")
        )
        if status != "aband" and not choice:
            raise WebError("WEB_FORM_INVALID")
        await execute(request, number, cmd.RecordAnswer(
            certification_number=course.certification_number, status=status,
            competence=question_competence(state, course, position),
        ))  # fmt: skip
    except PixcoreError as error:
        return _test_page(request, status=status_of(error), errors=errors_of(error))
    return redirect("/candidat/test")


def _published(request: Request) -> list[dict[str, Any]]:
    """The candidate's published results, in every session the account joined."""
    user = str(request.session.get("user"))
    hub = web(request)
    service = hub.service
    found = []
    numbers = hub.hub.joined.sessions_of(
        user, streams=service.host.event_store().streams, load=service.load
    )
    for number in numbers:
        state = service.load(number)
        course = _course_of(state, user)
        if course is None or state.published_at is None:
            continue
        for result in service.results(number):
            if result.certification_number == course.certification_number:
                found.append({"session": number, "result": result})
    return found


async def result(request: Request) -> Response:
    """The candidate's results, once published."""
    require(request, "candidate")
    return render(request, "candidate_result.html", results=_published(request))


ROUTES = [
    Route("/candidat", login, methods=["GET", "POST"]),
    Route("/candidat/rejoindre", join, methods=["GET", "POST"]),
    Route("/candidat/test", test),
    Route("/candidat/test/repondre", answer, methods=["POST"]),
    Route("/candidat/resultat", result),
]
