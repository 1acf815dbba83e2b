"""The ``pixcore`` command line: ``pixcore evaluate FILE.json [--json]``.

A thin edge around :mod:`pixcore.evaluate`: it reads the file, loads the referential,
prints the result as a table (or JSON) and turns every problem into a coded French
message on stderr, never a traceback. Exit codes (``docs/evaluate.md``): 0 done (even
with ineligible candidates or invalid reports: those are results), 1 internal error,
2 usage error, 3 input file unreadable or invalid.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TextIO

from pixcore import __version__
from pixcore._table import render_table
from pixcore.errors import ErrorDetail, InvalidInputError, PixcoreError
from pixcore.evaluate import (
    CandidateEvaluation,
    ReportEvaluation,
    SessionEvaluation,
    evaluate_session,
    message_of,
)
from pixcore.referential import Referential

__all__ = ["EXIT_INPUT", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "main", "render_text"]

EXIT_OK = 0
"""Evaluation done (ineligible candidates, invalid reports are results)."""
EXIT_INTERNAL = 1
"""Unexpected internal error (a bug: please report it)."""
EXIT_USAGE = 2
"""Wrong command line (argparse's own code)."""
EXIT_INPUT = 3
"""The input file is missing, unreadable, not JSON, or not a valid session document."""

EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl-C (shell convention 128 + SIGINT)."""

_PROG = "pixcore"


class _Parser(argparse.ArgumentParser):
    """argparse with a French, prefixed usage error; exits with :data:`EXIT_USAGE`."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{_PROG} : erreur d'utilisation : {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=_PROG,
        description="Règles de la certification Pix en établissement scolaire (pixcore).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    evaluate = commands.add_parser(
        "evaluate",
        help="évaluer une session décrite dans un fichier JSON",
        description=(
            "Lit FILE.json (une session, format décrit dans docs/evaluate.md) et affiche, "
            "par candidat : éligibilité, échéance, validité des signalements et décision "
            "d'écran de fin de test. Codes de sortie : 0 évaluation faite, 1 erreur "
            "interne, 2 erreur d'utilisation, 3 fichier illisible ou invalide."
        ),
    )
    evaluate.add_argument("file", metavar="FILE.json", type=Path, help="le fichier de session")
    evaluate.add_argument("--json", action="store_true", help="sortie JSON au lieu du tableau")
    return parser


# ----------------------------------------------------------------------------- input


def _read_document(path: Path) -> Any:
    """Read and parse ``path``; raise a coded :class:`InvalidInputError` on failure."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InvalidInputError("FILE_NOT_FOUND", meta={"path": str(path)}) from None
    except (OSError, UnicodeDecodeError):
        raise InvalidInputError("INVALID_DOCUMENT", meta={"path": str(path)}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        position = {"line": error.lineno, "column": error.colno}
        raise InvalidInputError("INVALID_JSON", meta={**position, "path": str(path)}) from None
    except RecursionError:
        raise InvalidInputError("INVALID_DOCUMENT", meta={"path": str(path)}) from None


# ---------------------------------------------------------------------------- output


def _emit(text: str, stream: TextIO) -> None:
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")


def _where(detail: ErrorDetail, message: str) -> str:
    parts = [detail.field] if detail.field and detail.field not in message else []
    number = detail.meta.get("certification_number")
    parts += [f"certification {number}"] if number is not None else []
    first = detail.meta.get("first_index")
    parts += [f"déjà en candidates[{first}]"] if first is not None else []
    return f" ({', '.join(parts)})" if parts else ""


def _error_lines(error: PixcoreError) -> list[str]:
    where = f" ({error.meta['path']})" if "path" in error.meta else ""
    lines = [f"{_PROG} : {error.code} : {error.message}{where}"]
    for detail in error.errors:
        message = message_of(detail).message
        lines.append(f"  - {detail.code} : {message}{_where(detail, message)}")
    return lines


def _error_json(error: PixcoreError) -> str:
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


# ------------------------------------------------------------------------------ main


def _evaluate(path: Path, as_json: bool) -> int:
    try:
        evaluation = evaluate_session(_read_document(path), referential=Referential.load())
    except PixcoreError as error:
        text = _error_json(error) if as_json else "\n".join(_error_lines(error))
        _emit(text, sys.stderr)
        return EXIT_INPUT
    output = evaluation.model_dump_json(indent=2) if as_json else render_text(evaluation)
    _emit(output, sys.stdout)
    return EXIT_OK


def _exit_code(code: object) -> int:
    return code if isinstance(code, int) else EXIT_USAGE


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pixcore`` command with ``argv`` (default: ``sys.argv[1:]``); return the code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version (0) and usage errors (2)
        return EXIT_OK if exit_.code is None else _exit_code(exit_.code)
    try:
        return _evaluate(args.file, args.json)
    except BrokenPipeError:  # `pixcore evaluate ... | head`
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:  # the edge: never a traceback
        _emit(
            f"{_PROG} : PIXCORE_ERROR : Une erreur interne est survenue ({type(error).__name__}).",
            sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
