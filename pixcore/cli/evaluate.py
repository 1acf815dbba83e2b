"""The text and JSON rendering of ``pixcore evaluate`` (``docs/evaluate.md``)."""

from __future__ import annotations

import json
from decimal import Decimal

from pixcore.cli.table import render_table
from pixcore.errors import ErrorDetail, PixcoreError
from pixcore.formats.evaluate import (
    CandidateEvaluation,
    ReportEvaluation,
    SessionEvaluation,
    message_of,
)

__all__ = ["error_json", "error_lines", "render_text"]

_PROG = "pixcore"


def _where(detail: ErrorDetail, message: str) -> str:
    parts = [detail.field] if detail.field and detail.field not in message else []
    number = detail.meta.get("certification_number")
    parts += [f"certification {number}"] if number is not None else []
    first = detail.meta.get("first_index")
    parts += [f"déjà en candidates[{first}]"] if first is not None else []
    return f" ({', '.join(parts)})" if parts else ""


def error_lines(error: PixcoreError) -> list[str]:
    """The coded error and its details, one line each."""
    where = f" ({error.meta['path']})" if "path" in error.meta else ""
    lines = [f"{_PROG} : {error.code} : {error.message}{where}"]
    for detail in error.errors:
        message = message_of(detail).message
        lines.append(f"  - {detail.code} : {message}{_where(detail, message)}")
    return lines


def error_json(error: PixcoreError) -> str:
    """The coded error as JSON, with each detail's messages."""
    details = [
        {**message_of(detail).model_dump(), "meta": dict(detail.meta)} for detail in error.errors
    ]
    body = {
        "code": error.code,
        "message": error.message,
        "message_en": error.message_en,
        "meta": dict(error.meta),
        "errors": details,
    }
    return json.dumps({"error": body}, ensure_ascii=False, indent=2)


_STATES = {
    None: "non commencé",
    "started": "en cours",
    "completed": "terminé",
    "endedByInvigilator": "arrêté (surveillant)",
    "endedDueToFinalization": "clos (finalisation)",
}
_END_SCREEN = {
    "seen": "vu",
    "not_applicable": "sans objet",
    "proposal_reject": "non vu, rejet proposé",
    "rejected": "non vu, rejeté",
}
_HEADERS = (
    "N°",
    "Candidat",
    "Données",
    "Éligible",
    "Temps maj.",
    "Durée",
    "Échéance",
    "État",
    "Écoulé",
    "Écran de fin",
    "Signalements",
)
_DASH = "—"


def _yes_no(value: bool | None) -> str:
    return _DASH if value is None else ("oui" if value else "non")


def _percent(fraction: Decimal) -> str:
    """``0.33`` → ``33 %``, ``0.125`` → ``12,5 %`` (French decimal comma)."""
    return f"{(fraction * 100).normalize():f} %".replace(".", ",")


def _report_cell(report: ReportEvaluation) -> str:
    if not report.valid:
        return f"invalide (reports[{report.index}])"
    return (
        f"{report.code} PV d'incident manquant"
        if report.needs_incident_report
        else (report.code or _DASH)
    )


def _row(candidate: CandidateEvaluation, evaluation: SessionEvaluation) -> list[str]:
    name = " ".join(part for part in (candidate.last_name, candidate.first_name) if part)
    eligibility = candidate.eligibility
    timing = candidate.timing
    tz = evaluation.noted_start.tzinfo
    end_screen = candidate.end_screen
    return [
        str(candidate.certification_number),
        name or _DASH,
        "ok" if candidate.civil_valid else f"{len(candidate.civil_errors)} err.",
        _DASH if eligibility is None else f"{_yes_no(eligibility.eligible)} ({eligibility.count})",
        _DASH if timing is None or timing.extra_time is None else _percent(timing.extra_time),
        _DASH if timing is None else f"{timing.allowed_minutes} min",
        _DASH if timing is None else timing.deadline.astimezone(tz).strftime("%H:%M"),
        _STATES[candidate.state],
        _DASH if timing is None else _yes_no(timing.time_over),
        _DASH if end_screen is None else _END_SCREEN[end_screen.outcome],
        ", ".join(_report_cell(report) for report in candidate.reports) or _DASH,
    ]


def _heading(evaluation: SessionEvaluation) -> list[str]:
    session = evaluation.session
    tz = evaluation.noted_start.tzinfo
    now = evaluation.now
    return [
        f"Session {session.number} — {session.site}, {session.room} — "
        f"{session.date:%d/%m/%Y} {session.time:%H:%M} — surveillant : {session.invigilator}",
        f"Début noté : {evaluation.noted_start:%H:%M} · Maintenant : "
        + (
            "non fourni (temps écoulé non calculé)"
            if now is None
            else f"{now.astimezone(tz):%H:%M}"
        ),
        "",
    ]


def _candidate_notes(candidate: CandidateEvaluation) -> list[str]:
    where = f"candidates[{candidate.index}] (certification {candidate.certification_number})"
    lines = []
    if not candidate.civil_valid:
        lines.append(f"{where} : données civiles invalides")
        lines += [f"  - {m.code} : {m.message} ({m.field})" for m in candidate.civil_errors]
    if candidate.end_screen and candidate.end_screen.reason:
        verdict = "rejet proposé au jury" if candidate.end_screen.pending_proposal else "rejeté"
        lines.append(f"{where} : {candidate.end_screen.reason} : écran de fin non vu, {verdict}")
    return lines


def _report_notes(report: ReportEvaluation) -> list[str]:
    where = f"reports[{report.index}] (certification {report.certification_number})"
    if report.needs_incident_report:
        fraud = message_of(ErrorDetail("FRAUD_REPORT_WITHOUT_INCIDENT_REPORT"))
        return [f"{where} : {fraud.code} : {fraud.message}"]
    if report.valid:
        return []
    first, *rest = report.errors
    return [f"{where} : {first.code} : {first.message}"] + [
        f"  - {m.code} : {m.message}" for m in rest
    ]


def _notes(evaluation: SessionEvaluation) -> list[str]:
    lines = [line for c in evaluation.candidates for line in _candidate_notes(c)]
    reports = [r for c in evaluation.candidates for r in c.reports]
    reports += evaluation.unattached_reports
    lines += [line for r in sorted(reports, key=lambda r: r.index) for line in _report_notes(r)]
    return ["", "Remarques :", *lines] if lines else []


def _summary_line(evaluation: SessionEvaluation) -> str:
    s = evaluation.summary
    parts = (
        f"candidats : {s.candidates}",
        f"éligibles : {s.eligible}, non éligibles : {s.not_eligible}",
        f"données civiles invalides : {s.civil_invalid}",
        f"temps écoulé : {s.time_over}",
        f"écran de fin non vu : {s.end_screen_proposals} rejet proposé, "
        f"{s.end_screen_rejections} rejeté",
        f"signalements : {s.reports} dont invalides : {s.reports_invalid}",
        f"PV d'incident manquants : {s.incident_reports_missing}",
    )
    return "Bilan : " + " ; ".join(parts)


def render_text(evaluation: SessionEvaluation) -> str:
    """The human-readable report: heading, one table row per candidate, notes, summary."""
    rows = [_row(candidate, evaluation) for candidate in evaluation.candidates]
    lines = [*_heading(evaluation), render_table(_HEADERS, rows), *_notes(evaluation)]
    return "\n".join([*lines, "", _summary_line(evaluation)])
