"""A small FastAPI host for pixcore: GAR login, join, answers, finalisation, results.

An example to copy from, not a product (the reference web host is ``web/``). It shows the
wiring a school platform needs and nothing else:

- GAR login through :func:`pixcore_gar.asgi.create_app`, mounted at ``/api``; the
  ``on_identity`` callback is ``async`` and opens the host's own login session (a
  random token in an HttpOnly cookie);
- the candidate joins with the access code and what they typed, answers questions;
- staff endpoints (a bearer token stands in for your staff authentication) create the
  session, enrol, note the start, confirm end screens, upload the scanned PV, finalise,
  publish and read the results as JSON;
- every :class:`pixcore.PixcoreError` becomes a JSON answer with its code and French
  message (never a stack trace).

``examples/fastapi_host/README.md`` shows how to build it on the SQLite store and your
GAR settings; the test suite builds it with :func:`create_app`, in-memory stores and the
test IdP, and drives a whole session through it (``tests/examples/test_fastapi_host.py``).
"""

# No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations
# (``Depends(login)`` on a local function) at runtime.
import datetime as dt
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pixcore_gar.asgi import create_app as create_gar_app
from pixcore_gar.sp import GarServiceProvider
from pydantic import BaseModel

import pixcore

LOGIN_COOKIE = "pixcore_example_login"
STATUS = {
    pixcore.NotFoundError: 404,
    pixcore.ConflictError: 409,
    pixcore.AuthError: 401,
    pixcore.ServiceUnavailableError: 503,
}


@dataclass
class Logins:
    """The host's login sessions: token → verified identity (use your own store)."""

    identities: dict[str, pixcore.VerifiedIdentity] = field(default_factory=dict)
    certifications: dict[str, tuple[int, int]] = field(default_factory=dict)
    """token → (session number, certification number) once joined."""


class NewSession(BaseModel):
    """What the referent types to create a session."""

    site: str
    room: str
    date: dt.date
    time: dt.time
    invigilator: str


class JoinForm(BaseModel):
    """What the candidate types on the joining page."""

    access_code: str
    first_name: str
    last_name: str
    birth_date: dt.date


class AnswerForm(BaseModel):
    """One answer, with the competence of its question (scoring needs it)."""

    status: pixcore.AnswerStatus
    competence: str


class FinaliseForm(BaseModel):
    """The referent's finalisation form; ``pv_scan`` is an attachment reference."""

    pv_scan: str
    abort_reasons: dict[int, pixcore.AbortReason] = {}
    has_incident: bool
    has_joining_issue: bool


def _problem(error: pixcore.PixcoreError) -> JSONResponse:
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 422)
    body = {"code": error.code, "message": error.message, "errors": error.as_dict()["errors"]}
    return JSONResponse(body, status_code=status)


def create_app(
    *, service: pixcore.SessionService, gar: GarServiceProvider, staff_token: str
) -> FastAPI:
    """The host application: ``service`` runs sessions, ``gar`` logs candidates in."""
    app = FastAPI(title="pixcore example host")
    logins = Logins()
    referential = pixcore.Referential.load()  # once: reading it takes about a second

    # --8<-- [start:gar]
    async def on_identity(identity: pixcore.VerifiedIdentity, relay: str | None) -> Response:
        token = secrets.token_urlsafe(32)
        logins.identities[token] = identity  # a real host awaits its database here
        response = RedirectResponse(relay or "/", status_code=303)
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, secure=True, samesite="lax")
        return response

    app.mount("/api", create_gar_app(gar, on_identity=on_identity))
    # --8<-- [end:gar]

    @app.exception_handler(pixcore.PixcoreError)
    async def coded(request: Request, error: pixcore.PixcoreError) -> JSONResponse:
        return _problem(error)

    def staff(authorization: Annotated[str, Header()] = "") -> None:
        expected = f"Bearer {staff_token}"
        if not hmac.compare_digest(authorization.encode(), expected.encode()):
            raise HTTPException(status_code=401, detail="staff only")

    def login(request: Request) -> str:
        token = request.cookies.get(LOGIN_COOKIE, "")
        if token not in logins.identities:
            raise HTTPException(status_code=401, detail="login first")
        return token

    staff_only = [Depends(staff)]

    @app.post("/sessions/{number}", dependencies=staff_only, status_code=201)
    def create_session(number: int, form: NewSession) -> dict[str, object]:
        code = pixcore.generate_access_code()  # a CSPRNG draws it
        session = pixcore.Session(number=number, access_code=code, **form.model_dump())
        service.execute(number, pixcore.CreateSession(session=session))
        return {"number": number, "access_code": code}

    @app.post("/sessions/{number}/candidates", dependencies=staff_only, status_code=201)
    def enrol(number: int, data: Annotated[dict[str, str], Body()]) -> dict[str, str]:
        candidate = pixcore.validate_candidate(data, referential=referential)
        events = service.execute(number, pixcore.EnrolCandidate(candidate=candidate))
        return {"candidate_id": str(getattr(events[0], "candidate_id", ""))}

    @app.post("/sessions/{number}/start", dependencies=staff_only)
    def note_start(number: int) -> dict[str, str]:
        now = service.host.now()
        service.execute(number, pixcore.NoteStartTime(noted_start=now))
        return {"noted_start": now.isoformat()}

    @app.post("/sessions/{number}/join")
    # --8<-- [start:join]
    def join(
        number: int, form: JoinForm, token: Annotated[str, Depends(login)]
    ) -> dict[str, object]:
        typed = pixcore.CandidateIdentity(form.first_name, form.last_name, form.birth_date)
        joined = service.join(
            number, identity=logins.identities[token], access_code=form.access_code, typed=typed
        )
        logins.certifications[token] = (number, joined.certification_number)
        return {
            "certification_number": joined.certification_number,
            "question_count": joined.question_count,
            "next_question": joined.next_question,
            "resumed": joined.resumed,
        }
        # --8<-- [end:join]

    @app.post("/me/answers")
    def answer(form: AnswerForm, token: Annotated[str, Depends(login)]) -> dict[str, object]:
        if token not in logins.certifications:
            raise HTTPException(status_code=409, detail="join a session first")
        number, certification = logins.certifications[token]
        command = pixcore.RecordAnswer(
            certification_number=certification, status=form.status, competence=form.competence
        )
        service.execute(number, command)
        course = service.load(number).certifications[certification]
        return {"answered": len(course.answers), "finished": course.finished}

    @app.post("/sessions/{number}/end-screens/{certification}", dependencies=staff_only)
    def end_screen(number: int, certification: int) -> dict[str, bool]:
        service.execute(number, pixcore.ConfirmEndScreen(certification_number=certification))
        return {"seen": True}

    @app.post("/sessions/{number}/attachments/{kind}", dependencies=staff_only, status_code=201)
    async def attach(
        number: int, kind: Literal["pv_session", "pv_incident"], request: Request
    ) -> dict[str, str]:
        content = await request.body()  # cap the size in your server or proxy
        name = f"{kind}.pdf"
        return {"reference": service.host.store_attachment(number, kind, name, content)}

    @app.post("/sessions/{number}/finalise", dependencies=staff_only)
    def finalise(number: int, form: FinaliseForm) -> dict[str, object]:
        service.execute(number, pixcore.Finalise(**form.model_dump()))
        return {"not_publishable_because": list(service.publishability(number))}

    @app.post("/sessions/{number}/publish", dependencies=staff_only)
    def publish(number: int) -> dict[str, bool]:
        service.execute(number, pixcore.Publish())
        return {"published": True}

    @app.get("/sessions/{number}/results", dependencies=staff_only)
    def results(number: int) -> list[Mapping[str, object]]:
        return [result.to_dict() for result in service.results(number)]

    return app
