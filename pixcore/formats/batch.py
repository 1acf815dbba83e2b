"""The pure half of ``pixcore batch``: one input line in, one JSON result line out.

Each line is a candidate (:class:`~pixcore.formats.batch_models.BatchRecord`), as a
JSON object or a CSV row (:func:`csv_layout`). :func:`evaluate_line` never raises: a
line that cannot be read or checked gives a result carrying its coded errors
(``errors``: code, field, French and English messages), and the next line is evaluated.
What is computed per line, through the public rules: eligibility (D1), deadline and
time over (D2), the end-screen decision (D3), the reports (D4) and, for a finalised
session, the automatic jury and the result (D6) of a one-candidate session state.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, get_args

from pydantic import ValidationError

from pixcore.errors import (
    ErrorDetail,
    InvalidInputError,
    IssueReportError,
    MetaValue,
    PixcoreError,
)
from pixcore.formats.batch_models import (
    CSV_COLUMNS,
    CSV_REQUIRED,
    MAX_ANSWERS,
    BatchAnswer,
    BatchRecord,
    BatchReport,
)
from pixcore.lifecycle.competences import QUESTIONS_PER_COMPETENCE
from pixcore.lifecycle.decide import DEFAULT_QUESTION_COUNT
from pixcore.lifecycle.single import single_result
from pixcore.lifecycle.state import AnswerState, CertificationState
from pixcore.messages import render
from pixcore.models._coded import details_from_validation_error
from pixcore.models.competence import CORE_COMPETENCES
from pixcore.models.course import AnswerStatus, CertificationCourse
from pixcore.models.report import EndScreenConfirmation, IssueReport
from pixcore.rules.eligibility import check_eligibility, competence_counts, level
from pixcore.rules.end_screen import end_screen_decision
from pixcore.rules.issue_reports import validate_issue_report
from pixcore.rules.timing import (
    allowed_minutes,
    deadline,
    extra_time_from_csv,
    is_time_over,
    to_extra_time,
)

__all__ = [
    "MAX_LINE_BYTES",
    "BatchLine",
    "CsvLayout",
    "compact_answers",
    "csv_layout",
    "evaluate_line",
    "evaluate_record",
]

MAX_LINE_BYTES = 1 << 20
"""A line longer than 1 MiB is not read (``BATCH_LINE_TOO_LONG``): bounded memory."""

_CANDIDATE_ID = "candidate"
_YES, _NO = (
    frozenset({"oui", "o", "true", "1", "vrai"}),
    frozenset({"non", "n", "false", "0", "faux"}),
)


@dataclasses.dataclass(frozen=True, slots=True)
class CsvLayout:
    """What each column of a CSV file holds: a record key, ``profile:<code>``, or None."""

    keys: tuple[str | None, ...]


def csv_layout(header: str) -> CsvLayout:
    """Read the header line (``;``-separated); ``INVALID_DOCUMENT`` if a column is missing.

    Known headers are :data:`~pixcore.formats.batch_models.CSV_COLUMNS` and the core
    competence codes; other columns are ignored (as Pix's import does).
    """
    names = [name.strip() for name in next(csv.reader([header.lstrip("\ufeff")], delimiter=";"))]
    missing = [name for name in CSV_REQUIRED if name not in names]
    if missing:
        details = [ErrorDetail("FIELD_REQUIRED", name, {"field": name}) for name in missing]
        raise InvalidInputError("INVALID_DOCUMENT", errors=details)
    core = set(CORE_COMPETENCES)
    return CsvLayout(
        tuple(CSV_COLUMNS.get(n) or (f"profile:{n}" if n in core else None) for n in names)
    )


class BatchLine(NamedTuple):
    """The result of one line: its JSON text (no line break) and whether it has no error."""

    text: str
    ok: bool


def evaluate_line(raw: bytes, line: int, layout: CsvLayout | None = None) -> BatchLine:
    """The JSON result of one input line (JSON Lines, or CSV with ``layout``); never raises."""
    try:
        result = _evaluate_raw(raw, line, layout)
    except Exception:
        result = _failed(line, None, [ErrorDetail("BATCH_INTERNAL_ERROR", None, {"line": line})])
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    return BatchLine(text, not result["errors"])


def _evaluate_raw(raw: bytes, line: int, layout: CsvLayout | None) -> dict[str, Any]:
    if len(raw) > MAX_LINE_BYTES:
        limit = {"line": line, "max": MAX_LINE_BYTES}
        return _failed(line, None, [ErrorDetail("BATCH_LINE_TOO_LONG", None, limit)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _failed(line, None, [ErrorDetail("BATCH_LINE_NOT_UTF8", None, {"line": line})])
    if line == 1:
        text = text.removeprefix("\ufeff")
    data = _json_record(text, line) if layout is None else _csv_record(text, line, layout)
    if isinstance(data, ErrorDetail):
        return _failed(line, None, [data])
    return evaluate_record(data, line)


def _json_record(text: str, line: int) -> Mapping[str, Any] | ErrorDetail:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        return ErrorDetail("BATCH_LINE_NOT_JSON", None, {"line": line, "column": error.colno})
    except (ValueError, RecursionError):  # a 5,000-digit number, a 100,000-deep nesting
        return ErrorDetail("BATCH_LINE_NOT_JSON", None, {"line": line, "column": 1})
    if not isinstance(data, dict):
        return ErrorDetail("BATCH_LINE_NOT_AN_OBJECT", None, {"line": line})
    return data


def _csv_record(text: str, line: int, layout: CsvLayout) -> Mapping[str, Any] | ErrorDetail:
    cells = next(csv.reader([text.rstrip("\r\n")], delimiter=";"), [])
    if len(cells) != len(layout.keys):
        meta = {"line": line, "count": len(cells), "expected": len(layout.keys)}
        return ErrorDetail("BATCH_CSV_COLUMNS", None, meta)
    data: dict[str, Any] = {}
    profile: dict[str, Any] = {}
    for key, cell in zip(layout.keys, cells, strict=True):
        value = cell.strip()
        if key is None or not value:
            continue
        if key.startswith("profile:"):
            profile[key[8:]] = int(value) if value.isascii() and value.isdigit() else value
        else:
            data[key] = _csv_value(key, value)
    if profile:
        data["profile"] = profile
    return data


def _csv_value(key: str, value: str) -> object:
    if key in ("certification_number", "question_count"):
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else value
    if key in ("end_screen_seen", "finalised"):
        lowered = value.lower()
        return True if lowered in _YES else False if lowered in _NO else value
    if key == "answers":
        return [_csv_answer(item) for item in value.split()]
    if key == "extra_time":
        return _CsvPercent(value)
    return value


def _csv_answer(item: str) -> object:
    status, _, competence = item.partition(":")
    return {"status": status, "competence": competence} if competence else status


class _CsvPercent(str):
    """A CSV "Temps majoré ?" cell: an integer percentage, read by D2's CSV reader."""

    __slots__ = ()


# -------------------------------------------------------------------------- evaluation


def evaluate_record(data: Mapping[str, Any], line: int) -> dict[str, Any]:
    """Evaluate one parsed line; a line that breaks the format gives its coded errors."""
    csv_percent = data.get("extra_time")
    if type(csv_percent) is _CsvPercent:
        try:
            extra = extra_time_from_csv(str(csv_percent))
        except InvalidInputError as error:
            return _failed(line, data, [_with_field(error, "extra_time")])
        data = {**data, "extra_time": None if extra is None else extra.fraction}
    compact = data.get("answers")
    states: tuple[AnswerState, ...] | None = None
    wrong: list[ErrorDetail] = []
    if type(compact) is str:  # "ok:1.1 ko:1.1 aband": read here, checked token by token
        states, wrong = compact_answers(compact)
        data = {**data, "answers": ()}
    try:
        record = BatchRecord.model_validate(data)
    except ValidationError as error:
        return _failed(line, data, [*wrong, *_validation_details(error)])
    if wrong:
        return _failed(line, data, wrong)
    try:
        return _evaluate(record, line, states)
    except PixcoreError as error:
        return _failed(line, data, [*_details(error)])


_COMPETENCE = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
_STATUSES = frozenset(get_args(AnswerStatus))


def compact_answers(text: str) -> tuple[tuple[AnswerState, ...], list[ErrorDetail]]:
    """Answers written compactly (``"ok:1.1 ko:1.1 aband"``): their states and errors.

    The same checks as the object form, with the same codes and fields: a status out of
    :data:`~pixcore.models.course.AnswerStatus` (``answers.N.status``) or a competence
    not ``d.d`` (``answers.N.competence``) is ``FIELD_INVALID``; more than
    :data:`~pixcore.formats.batch_models.MAX_ANSWERS` answers is ``FIELD_INVALID`` on
    ``answers``. Equal tokens share one frozen state.
    """
    tokens = text.split()
    if len(tokens) > MAX_ANSWERS:
        return (), [ErrorDetail("FIELD_INVALID", "answers", {"field": "answers"})]
    states: list[AnswerState] = []
    wrong: list[ErrorDetail] = []
    for index, token in enumerate(tokens):
        state = _COMPACT.get(token)
        if state is None:
            state = _compact_state(token, index, wrong)
        if state is not None:
            states.append(state)
    return tuple(states), wrong


def _compact_state(token: str, index: int, wrong: list[ErrorDetail]) -> AnswerState | None:
    status, _, competence = token.partition(":")
    bad = [] if status in _STATUSES else ["status"]
    if (competence or ":" in token) and not _COMPETENCE.fullmatch(competence):
        bad.append("competence")
    for part in bad:
        field = f"answers.{index}.{part}"
        wrong.append(ErrorDetail("FIELD_INVALID", field, {"field": field}))
    if bad:
        return None
    state = AnswerState(status=status, at=_ANSWERED, competence=competence or None)  # type: ignore[arg-type]
    if len(_COMPACT) < _ANSWERS_KEPT:
        _COMPACT[token] = state
    return state


def _evaluate(
    record: BatchRecord, line: int, states: tuple[AnswerState, ...] | None = None
) -> dict[str, Any]:
    number = record.certification_number
    result: dict[str, Any] = {"line": line, "certification_number": number, "errors": []}
    if record.profile is not None:
        decision = check_eligibility(record.profile)
        reason = decision.reasons[0]
        result["eligibility"] = {"eligible": decision.eligible, "count": decision.count,
                                 "code": reason.code}  # fmt: skip
    extra = _extra_time(record.extra_time)
    if record.noted_start is not None:
        result["timing"] = _timing(record, extra)
    if record.state is not None:
        result["end_screen"] = _end_screen(record)
    reports = [_report(report, number) for report in record.reports]
    if reports:
        result["reports"] = [entry for entry, _ in reports]
    if record.finalised:
        valid = [report for _, report in reports if report is not None]
        answers = tuple(map(_answer, record.answers)) if states is None else states
        result["result"] = _result(record, answers, valid)
    return result


def _extra_time(value: Decimal | str | int | None) -> Decimal | None:
    checked = to_extra_time(None if value == "" else value)
    return None if checked is None else checked.fraction


def _timing(record: BatchRecord, extra: Decimal | None) -> dict[str, Any]:
    assert record.noted_start is not None  # checked by the caller
    deadline_at = deadline(record.noted_start, extra, record.first_start)
    over = None
    if record.now is not None and record.state in (None, "started"):
        over = is_time_over(deadline_at, record.now)
    return {"allowed_minutes": allowed_minutes(extra), "deadline": deadline_at.isoformat(),
            "time_over": over}  # fmt: skip


def _end_screen(record: BatchRecord) -> dict[str, Any]:
    assert record.state is not None  # checked by the caller
    started = record.first_start or record.noted_start or _EPOCH
    course = CertificationCourse(
        certification_number=record.certification_number, started_at=started, state=record.state
    )
    seen = record.end_screen_seen
    confirmation = (
        None
        if seen is None
        else EndScreenConfirmation(certification_number=record.certification_number, seen=seen)
    )
    decision = end_screen_decision(course, confirmation)
    return {"outcome": decision.outcome, "reason": decision.reason}


_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _report(report: BatchReport, number: int) -> tuple[dict[str, Any], IssueReport | None]:
    data = report.model_dump(exclude={"filed_by"})
    data["certification_number"] = number
    try:
        valid = validate_issue_report(
            data, filed_by=report.filed_by, certification_numbers={number}
        )
    except IssueReportError as error:
        return {
            "valid": False,
            "code": None,
            "errors": [_message(d) for d in _details(error)],
        }, None
    entry = {"valid": True, "code": valid.code, "impactful": valid.impactful,
             "needs_incident_report": valid.needs_incident_report, "errors": []}  # fmt: skip
    return entry, valid


def _question_count(record: BatchRecord) -> int:
    """As when joining: given, else 3 per competence at level ≥ 1, else 48."""
    if record.question_count is not None:
        return record.question_count
    if record.profile is None:
        return DEFAULT_QUESTION_COUNT
    counting = sum(competence_counts(level(pix)) for pix in record.profile.pix.values())
    return max(counting, 1) * QUESTIONS_PER_COMPETENCE


def _answer(answer: BatchAnswer) -> AnswerState:
    """The state of an answered question; equal answers share one frozen value."""
    key = tuple(answer.items())  # checked keys and values: str, bool or None (hashable)
    state = _ANSWERS.get(key)
    if state is None:
        state = _new_answer(answer)
        if len(_ANSWERS) < _ANSWERS_KEPT:
            _ANSWERS[key] = state
    return state


def _new_answer(answer: BatchAnswer) -> AnswerState:
    return AnswerState(
        status=answer["status"], at=_ANSWERED, timed=answer.get("timed", False),
        focus=answer.get("focus", False),
        has_illustration=answer.get("has_illustration", False),
        has_embed=answer.get("has_embed", False),
        has_attachment=answer.get("has_attachment", False),
        competence=answer.get("competence"),
    )  # fmt: skip


_ANSWERED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""The moment of a recorded answer, which a line does not give: it only tells an answer
the candidate gave from a question the jury completed (no moment), as in the lifecycle."""
_ANSWERS: dict[object, AnswerState] = {}
_COMPACT: dict[str, AnswerState] = {}
_ANSWERS_KEPT = 4096
"""At most this many distinct answers remembered (statuses × competences × flags)."""


def _result(
    record: BatchRecord, answers: tuple[AnswerState, ...], reports: Sequence[IssueReport]
) -> dict[str, Any]:
    """The automatic jury and D6 result of a one-candidate session (:func:`single_result`)."""
    if record.state is None:
        raise InvalidInputError("BATCH_NOT_FINALISED_STATE", meta={"field": "state"})
    questions = _question_count(record)
    if len(answers) > questions:
        meta: dict[str, MetaValue] = {"count": len(answers), "max": questions}
        raise InvalidInputError("BATCH_TOO_MANY_ANSWERS", meta={**meta, "field": "answers"})
    started = record.first_start or record.noted_start or _EPOCH
    number = record.certification_number
    course = CertificationState(
        certification_number=number, candidate_id=_CANDIDATE_ID, started_at=started,
        question_count=questions, answers=answers,
        state=record.state, end_screen_seen=bool(record.end_screen_seen),
        abort_reason=record.abort_reason,
    )  # fmt: skip
    outcome = single_result(course, record.profile, reports)
    return {
        "status": outcome.status, "reason": outcome.reason, "pix": outcome.pix,
        "reproducibility": outcome.reproducibility,
        "end_screen_pending": outcome.end_screen_pending,
        "competence_pix": dict(outcome.competence_pix),
    }  # fmt: skip


# ------------------------------------------------------------------------------ errors


def _details(error: PixcoreError) -> list[ErrorDetail]:
    primary = ErrorDetail(error.code, _field_of(error), dict(error.meta))
    return [primary, *(d for d in error.errors if d.code != error.code)]


def _validation_details(error: ValidationError) -> list[ErrorDetail]:
    """Pydantic's errors, coded; a naive datetime is ``DATETIME_NOT_AWARE``."""
    items = error.errors(include_input=False, include_url=False)
    return [
        ErrorDetail("DATETIME_NOT_AWARE", d.field, d.meta) if i["type"] == "timezone_aware" else d
        for i, d in zip(items, details_from_validation_error(error), strict=True)
    ]


def _field_of(error: PixcoreError) -> str | None:
    field = error.meta.get("field")
    return field if isinstance(field, str) and field else None


def _with_field(error: PixcoreError, field: str) -> ErrorDetail:
    return ErrorDetail(error.code, field, {**error.meta, "field": field})


def _message(detail: ErrorDetail) -> dict[str, Any]:
    meta = {"field": detail.field or "", **detail.meta}
    return {
        "code": detail.code, "field": detail.field,
        "message": render(detail.code, meta, lang="fr"),
        "message_en": render(detail.code, meta, lang="en"),
    }  # fmt: skip


def _failed(
    line: int, data: Mapping[str, Any] | None, details: Sequence[ErrorDetail]
) -> dict[str, Any]:
    number = data.get("certification_number") if isinstance(data, Mapping) else None
    return {
        "line": line,
        "certification_number": number if type(number) is int else None,
        "errors": [_message(detail) for detail in details],
    }
