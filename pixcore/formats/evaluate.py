"""Evaluate one session document: per candidate, D1 eligibility, D2 deadline, D3, D4.

The pure half of ``pixcore evaluate`` (``docs/evaluate.md``), reusable by any host:
:func:`evaluate_session` takes the already-parsed JSON document (a mapping) and returns
a :class:`SessionEvaluation`, a JSON-dumpable pydantic model. No I/O, no clock: the
moment used for "time over" is the document's optional ``now``.

Two kinds of problems are kept apart:

- a document that does not follow the format (unknown key, wrong type, naive datetime,
  duplicate certification numbers, ...) raises :class:`SessionDocumentError`
  (``INVALID_DOCUMENT``) carrying every problem, each with its path in the document;
- a candidate whose civil data breaks D9, or a report that breaks D4, is a *result*:
  the row carries the codes and French messages, the rest is still evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from pydantic import (
    ValidationError,
)

from pixcore.errors import (
    CandidateDataError,
    ErrorDetail,
    InvalidInputError,
    IssueReportError,
    MetaValue,
)
from pixcore.formats.evaluate_models import (
    COMPETENCE_CODE,
    CandidateEntry,
    CandidateEvaluation,
    EligibilityResult,
    EndScreenResult,
    Message,
    ReportEntry,
    ReportEvaluation,
    SessionDocument,
    SessionDocumentError,
    SessionEvaluation,
    SessionInfo,
    Summary,
    TimingResult,
)
from pixcore.messages import render
from pixcore.models._coded import details_from_validation_error
from pixcore.models._guards import safe_name
from pixcore.models.candidate import Candidate
from pixcore.models.competence import CompetenceProfile
from pixcore.models.course import Answer, CertificationCourse
from pixcore.models.decisions import (
    Reason,
)
from pixcore.models.extra_time import ExtraTime
from pixcore.models.report import EndScreenConfirmation, IssueReport
from pixcore.models.session import Session
from pixcore.referential import Referential
from pixcore.rules.civil_data import validate_candidate
from pixcore.rules.eligibility import check_eligibility
from pixcore.rules.end_screen import end_screen_decision
from pixcore.rules.engine import Engine
from pixcore.rules.issue_reports import validate_issue_report
from pixcore.rules.timing import allowed_minutes, deadline, is_time_over, to_extra_time

__all__ = [
    "CandidateEntry",
    "CandidateEvaluation",
    "EligibilityResult",
    "EndScreenResult",
    "Message",
    "ReportEntry",
    "ReportEvaluation",
    "SessionDocument",
    "SessionDocumentError",
    "SessionEvaluation",
    "SessionInfo",
    "Summary",
    "TimingResult",
    "evaluate_document",
    "evaluate_session",
    "message_of",
    "parse_session_document",
]


def message_of(detail: ErrorDetail | Reason) -> Message:
    """Render an error detail or a decision reason as a :class:`Message`."""
    field = detail.field if isinstance(detail, ErrorDetail) else None
    meta: Mapping[str, object] = {"field": field or "", **detail.meta}
    return Message(
        code=detail.code,
        field=field,
        message=render(detail.code, meta, lang="fr"),
        message_en=render(detail.code, meta, lang="en"),
    )


_SHOWN_COMPETENCE = re.compile(r"(?=.*[0-9.])[0-9A-Za-z.]{1,6}", re.ASCII)
"""A wrong competence code is quoted only when it looks like one (short, with a digit
or a dot: ``6.x``); anything else, a name typed in the wrong place, is never echoed."""


def _path(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        name = safe_name(part)
        path += f"[{name}]" if isinstance(part, int) else (f".{name}" if path else name)
    return path


def _without_profile_wrapper(loc: Sequence[int | str]) -> tuple[int | str, ...]:
    """``candidates.3.profile.pix.1.1`` → ``candidates.3.profile.1.1`` (see ``_profile``)."""
    parts = tuple(loc)
    if len(parts) > 3 and parts[2] == "profile" and parts[3] == "pix":
        return parts[:3] + parts[4:]
    return parts


def _certification_meta(data: Mapping[str, Any], loc: Sequence[int | str]) -> dict[str, MetaValue]:
    if len(loc) < 2 or loc[0] != "candidates" or not isinstance(loc[1], int):
        return {}
    candidates = data.get("candidates")
    entry = candidates[loc[1]] if isinstance(candidates, list) else None
    number = entry.get("certification_number") if isinstance(entry, Mapping) else None
    return {"certification_number": number} if type(number) is int else {}


def _unknown_competence(data: Mapping[str, Any], loc: Sequence[int | str]) -> str:
    """The first competence code of ``candidates[i].profile`` that is not ``area.number``."""
    entry = data["candidates"][loc[1]]
    key = next((key for key in entry["profile"] if not COMPETENCE_CODE.match(key)), "")
    return key if _SHOWN_COMPETENCE.fullmatch(key) else "?"  # never echo free text


def _document_details(error: ValidationError, data: Mapping[str, Any]) -> list[ErrorDetail]:
    details = []
    items = error.errors(include_input=False, include_url=False)
    for item, detail in zip(items, details_from_validation_error(error), strict=True):
        loc = _without_profile_wrapper(item["loc"])
        code = "DATETIME_NOT_AWARE" if item["type"] == "timezone_aware" else detail.code
        path = _path(loc) or None
        meta = {"field": path or "", **_certification_meta(data, loc)}
        if code == "COMPETENCE_UNKNOWN":
            meta["competence"] = _unknown_competence(data, loc)
        details.append(ErrorDetail(code=code, field=path, meta=meta))
    return details


def _duplicates(data: Mapping[str, Any]) -> list[ErrorDetail]:
    """Certification numbers used twice, read from the raw ``candidates`` list."""
    entries = data.get("candidates")
    first: dict[int, int] = {}
    details = []
    for index, entry in enumerate(entries if isinstance(entries, list) else ()):
        number = entry.get("certification_number") if isinstance(entry, Mapping) else None
        if type(number) is not int:
            continue
        if number in first:
            meta = {"certification_number": number, "first_index": first[number]}
            field = f"candidates[{index}].certification_number"
            details.append(ErrorDetail("DUPLICATE_CERTIFICATION_NUMBER", field, meta))
        first.setdefault(number, index)
    return details


def parse_session_document(data: Mapping[str, Any]) -> SessionDocument:
    """Check the structure of a parsed document, or raise :class:`SessionDocumentError`.

    Every problem is reported at once, duplicate certification numbers included.
    """
    if not isinstance(data, Mapping):
        raise SessionDocumentError(errors=(ErrorDetail("DOCUMENT_NOT_AN_OBJECT"),))
    details = _duplicates(data)
    try:
        document = SessionDocument.model_validate(data)
    except ValidationError as error:
        details = _document_details(error, data) + details
    if details:
        raise SessionDocumentError(meta={"count": len(details)}, errors=details)
    return document


# ------------------------------------------------------------------------ evaluation


def evaluate_session(
    data: Mapping[str, Any], *, referential: Referential, engine: Engine | None = None
) -> SessionEvaluation:
    """Evaluate a parsed session document (``docs/evaluate.md``).

    Raises :class:`SessionDocumentError` when the document does not follow the format;
    invalid civil data and invalid reports are results, never errors.
    """
    return evaluate_document(parse_session_document(data), referential=referential, engine=engine)


def evaluate_document(
    document: SessionDocument, *, referential: Referential, engine: Engine | None = None
) -> SessionEvaluation:
    """Evaluate an already checked :class:`SessionDocument`."""
    numbers = frozenset(entry.certification_number for entry in document.candidates)
    reports = [_report(i, entry, numbers, engine) for i, entry in enumerate(document.reports)]
    candidates = tuple(
        _candidate(i, entry, document, referential, reports, engine)
        for i, entry in enumerate(document.candidates)
    )
    unattached = tuple(r for r in reports if r.certification_number not in numbers)
    return SessionEvaluation(
        session=_session_info(document.session),
        noted_start=document.noted_start,
        now=document.now,
        policy=document.policy,
        candidates=candidates,
        unattached_reports=unattached,
        summary=_summary(candidates, reports),
    )


def _session_info(session: Session) -> SessionInfo:
    return SessionInfo(
        number=session.number,
        site=session.site,
        room=session.room,
        date=session.date,
        time=session.time,
        invigilator=session.invigilator,
        description=session.description,
    )


def _candidate(
    index: int,
    entry: CandidateEntry,
    document: SessionDocument,
    referential: Referential,
    reports: Sequence[ReportEvaluation],
    engine: Engine | None,
) -> CandidateEvaluation:
    candidate, civil_errors = _civil(entry.civil, referential, engine)
    names = candidate or entry.civil
    timing = _timing(entry, candidate, document, engine)
    return CandidateEvaluation(
        index=index,
        certification_number=entry.certification_number,
        last_name=_text(_get(names, "last_name")),
        first_name=_text(_get(names, "first_name")),
        civil_valid=candidate is not None,
        civil_errors=civil_errors,
        eligibility=_eligibility(entry.profile, engine),
        timing=timing,
        state=entry.state,
        answers=len(entry.answers),
        end_screen=_end_screen(entry, document, engine),
        reports=tuple(r for r in reports if r.certification_number == entry.certification_number),
    )


def _get(source: Candidate | Mapping[str, Any], key: str) -> object:
    return getattr(source, key) if isinstance(source, Candidate) else source.get(key)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _civil(
    civil: Mapping[str, Any], referential: Referential, engine: Engine | None
) -> tuple[Candidate | None, tuple[Message, ...]]:
    try:
        return validate_candidate(civil, referential=referential, engine=engine), ()
    except CandidateDataError as error:
        return None, tuple(message_of(detail) for detail in error.errors)


def _eligibility(
    profile: CompetenceProfile | None, engine: Engine | None
) -> EligibilityResult | None:
    if profile is None:
        return None
    decision = check_eligibility(profile, engine=engine)
    return EligibilityResult(
        eligible=decision.eligible,
        count=decision.count,
        reason=message_of(decision.reasons[0]),
        details=decision.details,
    )


def _extra_time(
    civil: Mapping[str, Any], candidate: Candidate | None, engine: Engine | None
) -> tuple[bool, ExtraTime | None]:
    """(readable, extra time): the validated value, else the raw one if it is valid."""
    if candidate is not None:
        return True, candidate.extra_time
    raw = civil.get("extra_time")
    try:
        return True, to_extra_time(None if raw == "" else raw, engine=engine)
    except InvalidInputError:
        return False, None


def _timing(
    entry: CandidateEntry,
    candidate: Candidate | None,
    document: SessionDocument,
    engine: Engine | None,
) -> TimingResult | None:
    readable, extra_time = _extra_time(entry.civil, candidate, engine)
    if not readable:
        return None
    noted = document.noted_start
    start = noted if entry.first_start is None else max(noted, entry.first_start)
    deadline_at = deadline(noted, extra_time, entry.first_start)
    time_over = None
    if document.now is not None and entry.state == "started":
        time_over = is_time_over(deadline_at, document.now, engine=engine)
    return TimingResult(
        extra_time=None if extra_time is None else extra_time.fraction,
        allowed_minutes=allowed_minutes(extra_time),
        start=start.astimezone(noted.tzinfo),
        deadline=deadline_at,
        time_over=time_over,
    )


def _end_screen(
    entry: CandidateEntry, document: SessionDocument, engine: Engine | None
) -> EndScreenResult | None:
    if entry.state is None:
        return None
    number = entry.certification_number
    course = CertificationCourse(
        certification_number=number,
        started_at=entry.first_start or document.noted_start,
        answers=tuple(Answer(status=status) for status in entry.answers),
        state=entry.state,
    )
    seen = entry.end_screen_seen
    confirmation = (
        None if seen is None else EndScreenConfirmation(certification_number=number, seen=seen)
    )
    decision = end_screen_decision(course, confirmation, policy=document.policy, engine=engine)
    return EndScreenResult(
        outcome=decision.outcome, reason=decision.reason, pending_proposal=decision.pending_proposal
    )


def _report(
    index: int, entry: ReportEntry, numbers: Collection[int], engine: Engine | None
) -> ReportEvaluation:
    data = entry.model_dump(exclude={"filed_by"})
    try:
        report = validate_issue_report(
            data, filed_by=entry.filed_by, certification_numbers=numbers, engine=engine
        )
    except IssueReportError as error:
        return _invalid_report(index, entry, error)
    return _valid_report(index, report)


def _valid_report(index: int, report: IssueReport) -> ReportEvaluation:
    return ReportEvaluation(
        index=index,
        certification_number=report.certification_number,
        valid=True,
        category=report.category,
        subcategory=report.subcategory,
        code=report.code,
        impactful=report.impactful,
        needs_incident_report=report.needs_incident_report,
        errors=(),
    )


def _invalid_report(index: int, entry: ReportEntry, error: IssueReportError) -> ReportEvaluation:
    primary = Message(code=error.code, message=error.message, message_en=error.message_en)
    return ReportEvaluation(
        index=index,
        certification_number=entry.certification_number,
        valid=False,
        category=entry.category,
        subcategory=entry.subcategory,
        code=None,
        impactful=None,
        needs_incident_report=False,
        errors=(primary, *(message_of(detail) for detail in error.errors)),
    )


def _summary(
    candidates: Sequence[CandidateEvaluation], reports: Sequence[ReportEvaluation]
) -> Summary:
    eligibilities = [c.eligibility for c in candidates if c.eligibility is not None]
    outcomes = [c.end_screen.outcome for c in candidates if c.end_screen is not None]
    return Summary(
        candidates=len(candidates),
        civil_invalid=sum(not c.civil_valid for c in candidates),
        eligible=sum(e.eligible for e in eligibilities),
        not_eligible=sum(not e.eligible for e in eligibilities),
        time_over=sum(bool(c.timing and c.timing.time_over) for c in candidates),
        end_screen_proposals=outcomes.count("proposal_reject"),
        end_screen_rejections=outcomes.count("rejected"),
        reports=len(reports),
        reports_invalid=sum(not r.valid for r in reports),
        incident_reports_missing=sum(r.needs_incident_report for r in reports),
    )
