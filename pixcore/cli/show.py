"""``pixcore session show`` and the results tables the other commands print.

A session's candidates with their deadlines and live time-over (from the clock, or
``--at``), its reports, results and publishability, as a French table or JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any, TextIO

from pixcore.cli.common import emit, open_service, print_json
from pixcore.cli.table import render_table
from pixcore.errors import NotFoundError
from pixcore.formats.export import STATUS_LABELS
from pixcore.host.service import SessionService
from pixcore.lifecycle.decide import candidate_deadline
from pixcore.lifecycle.results import publishability, session_results
from pixcore.lifecycle.state import CertificationState, SessionState
from pixcore.messages import render
from pixcore.models.candidate import Candidate
from pixcore.rules.timing import deadline, is_time_over

__all__ = [
    "COURSE_STATES",
    "SESSION_STATUSES",
    "clock_time",
    "load_session",
    "moment",
    "positive_int",
    "print_results",
    "result_rows",
    "results_json",
    "session_show",
]

SESSION_STATUSES = {
    "created": "Créée",
    "finalized": "Finalisée",
    "in_process": "En cours de traitement",
    "processed": "Résultats transmis par Pix",
}
"""Pix's session statuses and their French labels (``rules.md`` §2.3)."""

COURSE_STATES = {
    "started": "en cours",
    "completed": "terminé",
    "endedByInvigilator": "arrêté par le surveillant",
    "endedDueToFinalization": "clos à la finalisation",
}
"""A test's state in French."""

_DASH = "—"


def positive_int(text: str) -> int:
    """An argparse type: a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("nombre entier attendu") from None
    if value < 1:
        raise argparse.ArgumentTypeError("nombre entier positif attendu")
    return value


def load_session(service: SessionService, number: int) -> SessionState:
    """The session's state, or ``SESSION_UNKNOWN``."""
    state = service.load(number)
    if state.session is None:
        raise NotFoundError("SESSION_UNKNOWN", meta={"session_number": number})
    return state


def moment(text: str) -> dt.datetime:
    """An argparse type: an ISO date and time with its time zone."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "date et heure attendues (AAAA-MM-JJTHH:MM+01:00)"
        ) from None
    if value.utcoffset() is None:
        raise argparse.ArgumentTypeError("précisez le fuseau horaire (+01:00)")
    return value


# -------------------------------------------------------------------- session show


def _percent(candidate: Candidate) -> str:
    extra = candidate.extra_time
    return _DASH if extra is None else f"{extra.percent:f} %".replace(".", ",")


def clock_time(moment: dt.datetime | None, tz: dt.tzinfo) -> str:
    """``10:45``, or ``10:45:10`` when the seconds matter (a deadline is never rounded)."""
    if moment is None:
        return _DASH
    local = moment.astimezone(tz)
    return f"{local:%H:%M:%S}" if local.second or local.microsecond else f"{local:%H:%M}"


def _deadline_of(
    state: SessionState, candidate: Candidate, course: CertificationState | None
) -> dt.datetime | None:
    if course is not None:
        return candidate_deadline(state, course)
    if state.noted_start is None:
        return None
    return deadline(state.noted_start, candidate.extra_time)


def _candidate_entries(state: SessionState, now: dt.datetime) -> list[dict[str, Any]]:
    entries = []
    for enrolled in state.enrolled():
        candidate = enrolled.candidate
        course = state.certification_of(enrolled.candidate_id)
        end = _deadline_of(state, candidate, course)
        running = course is not None and course.state == "started"
        entries.append(
            {
                "candidate_id": enrolled.candidate_id,
                "last_name": candidate.last_name,
                "first_name": candidate.first_name,
                "birth_date": candidate.birth_date,
                "division": candidate.division,
                "extra_time_percent": (
                    None if candidate.extra_time is None else f"{candidate.extra_time.percent:f}"
                ),
                "certification_number": course.certification_number if course else None,
                "state": course.state if course else None,
                "answers": len(course.answers) if course else 0,
                "questions": course.question_count if course else None,
                "deadline": end,
                "time_over": bool(running and end is not None and is_time_over(end, now)),
                "end_screen_seen": course.end_screen_seen if course else None,
            }
        )
    return entries


def _candidate_row(entry: dict[str, Any], candidate: Candidate, tz: dt.tzinfo) -> list[str]:
    number = entry["certification_number"]
    seen = entry["end_screen_seen"]
    return [
        f"{entry['last_name']} {entry['first_name']}",
        f"{entry['birth_date']:%d/%m/%Y}",
        entry["division"] or _DASH,
        _percent(candidate),
        _DASH if number is None else str(number),
        "non commencé" if entry["state"] is None else COURSE_STATES[entry["state"]],
        _DASH if number is None else f"{entry['answers']}/{entry['questions']}",
        clock_time(entry["deadline"], tz),
        "oui" if entry["time_over"] else ("non" if entry["state"] == "started" else _DASH),
        _DASH if seen is None else ("vu" if seen else "non vu"),
    ]


def _report_entries(state: SessionState) -> list[dict[str, Any]]:
    return [
        {
            "report_id": key,
            "certification_number": entry.report.certification_number,
            "code": entry.report.code,
            "category": entry.report.category,
            "subcategory": entry.report.subcategory,
            "question_number": entry.report.question_number,
            "filed_by": entry.report.filed_by,
            "impactful": entry.report.impactful,
            "resolution": entry.resolution,
        }
        for key, entry in state.reports.items()
    ]


def result_rows(state: SessionState) -> list[list[str]]:
    """Rows N° certification, candidat, statut, motif, pix of the session's results."""
    rows = []
    for result in session_results(state):
        candidate = state.candidates.get(result.candidate_id)
        name = f"{candidate.last_name} {candidate.first_name}" if candidate else _DASH
        reason = result.reason or ("rejet proposé (écran de fin non vu)"
                                   if result.end_screen_pending else _DASH)  # fmt: skip
        rows.append(
            [str(result.certification_number), name, STATUS_LABELS[result.status], reason,
             str(result.pix)]
        )  # fmt: skip
    return rows


def results_json(state: SessionState) -> list[dict[str, Any]]:
    """The session's results as JSON-ready dicts."""
    return [
        {
            "certification_number": r.certification_number,
            "candidate_id": r.candidate_id,
            "status": r.status,
            "status_label": STATUS_LABELS[r.status],
            "reason": r.reason,
            "pix": r.pix,
            "reproducibility": r.reproducibility,
            "end_screen": r.end_screen,
            "end_screen_pending": r.end_screen_pending,
        }
        for r in session_results(state)
    ]


def print_results(state: SessionState, out: TextIO) -> None:
    """The results table, then why the session is not automatically publishable."""
    emit(render_table(("N° certification", "Candidat", "Statut", "Motif", "Pix"),
                      result_rows(state)), out)  # fmt: skip
    if state.published_at is not None:
        return
    reasons = publishability(state)
    if not reasons:
        emit("Session publiable automatiquement.", out)
        return
    emit("Session non publiable automatiquement :", out)
    for code in reasons:
        emit(f"  - {code} : {render(code, {})}", out)


def session_show(args: argparse.Namespace) -> int:
    """``pixcore session show``: the session, candidates, reports and results."""
    with open_service(args.store) as service:
        state = load_session(service, args.number)
        now = args.at or service.host.now()
    from pixcore.cli.checklist import checklist_json, print_checklist  # issue 16
    from pixcore.lifecycle.checklist_view import finalisation_reminders

    session = state.session
    assert session is not None
    candidates = _candidate_entries(state, now)
    reports = _report_entries(state)
    if args.json:
        body = session.model_dump(
            mode="json", exclude=set() if args.access_code else {"access_code"}
        )
        print_json(
            {
                "session": body, "status": state.status, "noted_start": state.noted_start,
                "now": now, "candidates": candidates, "reports": reports,
                "results": results_json(state) if state.jury_done else [],
                "publishability": list(publishability(state)) if state.finalised else [],
                "checklist": checklist_json(state),
                "reminders": [r.code for r in finalisation_reminders(state)],
            },
            sys.stdout,
        )  # fmt: skip
        return 0
    out, tz = sys.stdout, args.tz
    emit(f"Session {session.number} — {session.site}, {session.room} — "
         f"{session.date:%d/%m/%Y} {session.time:%H:%M} — surveillant : {session.invigilator}",
         out)  # fmt: skip
    if args.access_code:
        emit(f"Code d'accès : {session.access_code}", out)
    emit(f"Statut : {SESSION_STATUSES.get(state.status, state.status)} · Début noté : "
         f"{clock_time(state.noted_start, tz)} · Maintenant : {now.astimezone(tz):%d/%m/%Y %H:%M}",
         out)  # fmt: skip
    emit("", out)
    emit(f"Candidats ({len(candidates)}) :", out)
    headers = ("Candidat", "Né(e) le", "Classe", "Temps maj.", "N° certification", "État",
               "Réponses", "Échéance", "Temps écoulé", "Écran de fin")  # fmt: skip
    rows = [
        _candidate_row(entry, state.candidates[entry["candidate_id"]], tz) for entry in candidates
    ]
    emit(render_table(headers, rows), out)
    if reports:
        emit("", out)
        emit(f"Signalements ({len(reports)}) :", out)
        emit(render_table(
            ("N°", "Certification", "Code", "Catégorie", "Question", "Par", "Résolution"),
            [[r["report_id"], str(r["certification_number"]), r["code"],
              r["category"] + (f" / {r['subcategory']}" if r["subcategory"] else ""),
              str(r["question_number"] or _DASH), r["filed_by"], r["resolution"] or _DASH]
             for r in reports],
        ), out)  # fmt: skip
    if state.jury_done:
        emit("", out)
        emit("Résultats :", out)
        print_results(state, out)
    emit("", out)
    emit("Étapes de la procédure :", out)
    print_checklist(state, out, tz)
    return 0
