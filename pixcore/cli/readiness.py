"""``pixcore readiness check REPORT.json``: is the room ready for the session's date.

The report (``docs/readiness.md``) lists the room's computers, declared or measured by
the technical test. It is judged at ``--date`` for ``--enrolled`` candidates (or the
report's ``enrolled``), or, with ``--session``, at that session's date for its enrolled
candidates; ``--record`` then stores the verdict in the session (checklist BEF-9, and
BEF-10 when a technical test is among the computers). Exit codes: 0 ready, 1 not ready
(every reason listed), 2 usage, 3 report missing or invalid.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from pixcore.cli import checklist as _cli_checklist
from pixcore.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    add_common_options,
    emit,
    open_service,
    print_json,
    read_input,
)
from pixcore.cli.session import session_date
from pixcore.cli.show import load_session, positive_int
from pixcore.cli.table import render_table
from pixcore.errors import InvalidInputError
from pixcore.lifecycle import commands as cmd
from pixcore.models._coded import details_from_validation_error
from pixcore.models.decisions import Reason
from pixcore.models.readiness import MachineVerdict, ReadinessVerdict, RoomReport
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.readiness import check_room

__all__ = ["read_report", "register", "verdict_json"]

_REPORT_LIMIT = 4 * 1024 * 1024
_DASH = "—"


def read_report(path: Path) -> RoomReport:
    """The room report in ``path``, or ``FILE_NOT_FOUND`` / ``INVALID_DOCUMENT`` (listed)."""
    data = read_input(path, limit=_REPORT_LIMIT)
    try:
        return RoomReport.model_validate_json(data)
    except ValidationError as error:
        details = details_from_validation_error(error)
        raise InvalidInputError("INVALID_DOCUMENT", meta={"path": str(path)},
                                errors=details) from None  # fmt: skip


def _date(text: str) -> dt.date:
    day = session_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"date attendue (jj/mm/aaaa ou aaaa-mm-jj) : {text!r}")
    return day


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"nombre de candidats attendu (0 ou plus) : {text!r}")
    return value


def _reason_json(reason: Reason) -> dict[str, object]:
    return {"code": reason.code, "meta": dict(reason.meta), "message": reason.message,
            "message_en": reason.message_en}  # fmt: skip


def _machine_json(verdict: MachineVerdict) -> dict[str, object]:
    browser = verdict.browser
    return {
        "machine": verdict.machine, "label": verdict.label, "ready": verdict.ready,
        "technical_test": verdict.technical_test,
        "browser": None if browser is None else browser.model_dump(mode="json"),
        "failures": [_reason_json(reason) for reason in verdict.failures],
    }  # fmt: skip


def verdict_json(verdict: ReadinessVerdict) -> dict[str, object]:
    """The verdict as JSON-ready data, with French and English messages."""
    return {
        "session_date": verdict.session_date.isoformat(), "enrolled": verdict.enrolled,
        "ready": verdict.ready, "ready_machines": verdict.ready_machines,
        "shared_storage": verdict.shared_storage, "source": verdict.source,
        "failures": [_reason_json(reason) for reason in verdict.failures],
        "machines": [_machine_json(machine) for machine in verdict.machines],
    }  # fmt: skip


def _browser_cell(verdict: MachineVerdict) -> tuple[str, str]:
    found = verdict.browser
    if found is None:
        return "non reconnu", _DASH
    released = f"{found.released:%d/%m/%Y}" + ("" if found.exact else " au plus tôt")
    return f"{found.name} {found.version}", released


def print_verdict(verdict: ReadinessVerdict, out: TextIO) -> None:
    """The verdict as a French table, every failure with its code, then the conclusion."""
    emit(f"Salle contrôlée pour le {verdict.session_date:%d/%m/%Y} : "
         f"{verdict.enrolled} candidat(s) inscrit(s), {len(verdict.machines)} ordinateur(s), "
         f"{verdict.ready_machines} prêt(s).", out)  # fmt: skip
    rows = [
        [str(m.machine), m.label or _DASH, *_browser_cell(m),
         "oui" if m.technical_test else "non", "oui" if m.ready else "non"]
        for m in verdict.machines
    ]  # fmt: skip
    if rows:
        emit(render_table(("N°", "Ordinateur", "Navigateur", "Sorti le", "Test technique",
                           "Prêt"), rows), out)  # fmt: skip
    problems = [reason for machine in verdict.machines for reason in machine.failures]
    for reason in problems:
        emit(f"  - {reason.code} : {reason.message}", out)
    if verdict.ready:
        emit("Salle prête : un ordinateur prêt par candidat inscrit.", out)
    else:
        emit("Salle non prête :", out)
        for reason in verdict.failures:
            emit(f"  - {reason.code} : {reason.message}", out)
    emit(f"Dates de sortie des navigateurs : {verdict.source}.", out)


def _check(args: argparse.Namespace) -> int:
    if (args.date is None) == (args.session is None):
        raise UsageError("donnez --date ou --session (l'un des deux)")
    if args.record and args.session is None:
        raise UsageError("--record enregistre le contrôle dans une session : donnez --session")
    report = read_report(args.report)
    releases = BrowserReleases.load()
    if args.session is None:
        verdict = check_room(report, session_date=args.date, releases=releases,
                             enrolled=args.enrolled)  # fmt: skip
    else:
        if args.enrolled is not None:
            raise UsageError("avec --session, les candidats inscrits sont ceux de la session")
        with open_service(args.store) as service:
            state = load_session(service, args.session)
            assert state.session is not None
            verdict = check_room(report, session_date=state.session.date, releases=releases,
                                 enrolled=len(state.candidates))  # fmt: skip
            if args.record:
                service.execute(args.session, cmd.RecordReadiness(verdict=verdict))
    if args.json:
        print_json({**verdict_json(verdict), "recorded": bool(args.record)}, sys.stdout)
    else:
        print_verdict(verdict, sys.stdout)
        if args.record:
            emit(f"Contrôle enregistré dans la session {args.session}.", sys.stdout)
    return EXIT_OK if verdict.ready else EXIT_REFUSED


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``readiness check`` and the ``checklist`` commands."""
    group = commands.add_parser("readiness", help="contrôler la salle et ses ordinateurs")
    actions = group.add_subparsers(dest="subcommand", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check", help="contrôler les ordinateurs d'une salle pour une date de session",
        description="Juge chaque ordinateur du rapport (navigateur de moins de 2 ans le jour "
        "de la session, connexion, suite bureautique, lecteur PDF, téléchargement) et la "
        "salle (un ordinateur prêt par candidat inscrit). Codes de sortie : 0 salle prête, "
        "1 salle non prête, 2 erreur d'utilisation, 3 rapport illisible ou invalide.",
    )  # fmt: skip
    check.add_argument("report", type=Path, metavar="REPORT.json", help="le rapport de la salle")
    check.add_argument("--date", type=_date, metavar="DATE",
                       help="date de la session, jj/mm/aaaa (ou aaaa-mm-jj)")  # fmt: skip
    check.add_argument("--enrolled", type=_count, metavar="N",
                       help="nombre de candidats inscrits (sinon celui du rapport)")  # fmt: skip
    check.add_argument("--session", type=positive_int, metavar="NUMERO",
                       help="juger à la date de cette session, pour ses candidats")  # fmt: skip
    check.add_argument("--record", action="store_true",
                       help="enregistrer le contrôle dans la session (avec --session)")  # fmt: skip
    add_common_options(check)
    check.set_defaults(handler=_check)
    _cli_checklist.register(commands)
