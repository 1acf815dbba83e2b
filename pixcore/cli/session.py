"""``pixcore session create``, ``pixcore candidates import``, ``pixcore report add``.

The referent's and invigilator's commands before and during the session. Each handler
takes the parsed arguments, runs one command through the :class:`SessionService` and
prints a French summary (or JSON with ``--json``); errors propagate to ``pixcore.cli``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from pixcore.cli.common import add_common_options, emit, open_service, print_json, read_input
from pixcore.cli.show import load_session, moment, positive_int, session_show
from pixcore.errors import ErrorDetail, InvalidInputError
from pixcore.events import IssueReportFiled
from pixcore.formats.importing import parse_candidates
from pixcore.lifecycle import commands as cmd
from pixcore.models._coded import details_from_validation_error
from pixcore.models.session import Session
from pixcore.referential import Referential
from pixcore.rules.access_code import generate_access_code

__all__ = ["register"]

_DATE_FORMATS = (
    (re.compile(r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$"), "%d/%m/%Y"),
    (re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), "%Y-%m-%d"),
)
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_PROGRESS_THRESHOLD = 200


# ------------------------------------------------------------------ session create


def session_date(text: str) -> dt.date | None:
    """A session date written ``jj/mm/aaaa`` (as on Pix's forms) or ``aaaa-mm-jj``.

    ``None`` when the text has neither form or names no real day (``31/02/2026``).
    """
    for pattern, layout in _DATE_FORMATS:
        if pattern.match(text):
            try:
                return dt.datetime.strptime(text, layout).date()
            except ValueError:
                return None
    return None


def _session_create(args: argparse.Namespace) -> int:
    errors = []
    day = session_date(args.date)
    if day is None:
        errors.append("SESSION_DATE_NOT_VALID")
    if not _TIME.match(args.time):
        errors.append("SESSION_TIME_NOT_VALID")
    if errors or day is None:
        raise InvalidInputError(errors[0], errors=[ErrorDetail(code) for code in errors])
    code = args.access_code or generate_access_code()
    try:
        session = Session(
            number=args.number, site=args.site, room=args.room, date=day,
            time=args.time, invigilator=args.invigilator, access_code=code,
            description=args.description,
        )  # fmt: skip
    except ValidationError as error:
        raise InvalidInputError(
            "INVALID_INPUT", errors=details_from_validation_error(error)
        ) from None
    with open_service(args.store) as service:
        service.execute(args.number, cmd.CreateSession(session=session))
    if args.json:
        body = {**session.model_dump(mode="json"), "access_code_generated": not args.access_code}
        print_json({"session": body}, sys.stdout)
        return 0
    out = sys.stdout
    emit(
        f"Session {session.number} créée : {session.site}, {session.room}, le "
        f"{session.date:%d/%m/%Y} à {session.time:%H:%M}, surveillant : {session.invigilator}.",
        out,
    )
    origin = "généré" if not args.access_code else "saisi"
    emit(
        f"Code d'accès ({origin}) : {code} — à remettre au surveillant, qui le donnera "
        "aux candidats au lancement du test.",
        out,
    )
    return 0


# --------------------------------------------------------------- candidates import


class _ProgressBar:
    """A one-line progress bar on stderr for files of more than 200 lines."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total <= _PROGRESS_THRESHOLD:
            return
        if done != total and done % 25:
            return
        filled = done * 30 // total
        self.stream.write(f"\rVérification : [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
        self.shown = True


def _candidates_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    data = read_input(path)
    with open_service(args.store) as service:
        load_session(service, args.number)
        candidates = parse_candidates(
            path.name, data, referential=Referential.load(), session_number=args.number,
            on_progress=None if args.json else _ProgressBar(sys.stderr),
        )  # fmt: skip
        service.execute(args.number, cmd.ImportCandidates(candidates=candidates))
    if args.json:
        print_json(
            {"session_number": args.number, "imported": len(candidates),
             "candidates": [c.model_dump(mode="json") for c in candidates]},
            sys.stdout,
        )  # fmt: skip
        return 0
    with_extra = sum(c.extra_time is not None for c in candidates)
    emit(
        f"{len(candidates)} candidat(s) importé(s) dans la session {args.number} "
        f"(la liste précédente est remplacée), dont {with_extra} avec temps majoré.",
        sys.stdout,
    )
    return 0


# ---------------------------------------------------------------------- report add


def _report_add(args: argparse.Namespace) -> int:
    data: dict[str, object] = {
        "certification_number": args.certification,
        "category": args.category,
    }
    for key, value in (
        ("subcategory", args.subcategory),
        ("question_number", args.question),
        ("description", args.description),
    ):
        if value is not None:
            data[key] = value
    with open_service(args.store) as service:
        load_session(service, args.number)
        events = service.execute(args.number, cmd.FileIssueReport(data=data, filed_by=args.by))
    filed = next(e for e in events if isinstance(e, IssueReportFiled))
    report = filed.report
    if args.json:
        print_json({"report_id": filed.report_id, "report": report.model_dump(mode="json")},
                   sys.stdout)  # fmt: skip
        return 0
    impact = "impactant" if report.impactful else "non impactant"
    emit(
        f"Signalement {filed.report_id} enregistré : {report.code} ({impact}) sur la "
        f"certification {report.certification_number}.",
        sys.stdout,
    )
    if report.needs_incident_report:
        emit(
            f"Joignez le PV d'incident à la finalisation : --incident-report "
            f"{filed.report_id}=FICHIER.",
            sys.stdout,
        )
    return 0


# ------------------------------------------------------------------------ parsers


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``session``, ``candidates`` and ``report`` to the ``pixcore`` parser."""
    session = commands.add_parser("session", help="créer ou afficher une session")
    session_commands = session.add_subparsers(dest="subcommand", required=True,
                                              metavar="ACTION")  # fmt: skip
    create = session_commands.add_parser(
        "create", help="créer une session",
        description="Crée une session de certification. Sans --access-code, un code "
        "d'accès est généré et affiché.",
    )  # fmt: skip
    create.add_argument("--number", type=positive_int, required=True, metavar="NUMERO",
                        help="numéro de session")  # fmt: skip
    create.add_argument("--site", required=True, metavar="SITE", help="nom du site")
    create.add_argument("--room", required=True, metavar="SALLE", help="nom de la salle")
    create.add_argument("--date", required=True, metavar="DATE",
                        help="date de la session, jj/mm/aaaa (ou aaaa-mm-jj)")  # fmt: skip
    create.add_argument("--time", required=True, metavar="HEURE",
                        help="heure de début, HH:MM")  # fmt: skip
    create.add_argument("--invigilator", required=True, metavar="NOM",
                        help="surveillant(s)")  # fmt: skip
    create.add_argument("--access-code", metavar="CODE",
                        help="code d'accès (4 lettres, 2 chiffres) ; généré sinon")  # fmt: skip
    create.add_argument("--description", metavar="TEXTE", help="observations")
    add_common_options(create)
    create.set_defaults(handler=_session_create)

    show = session_commands.add_parser(
        "show", help="afficher une session",
        description="Candidats, échéances, temps écoulé (à l'heure actuelle), "
        "certifications, signalements et résultats.",
    )  # fmt: skip
    show.add_argument("number", type=positive_int, metavar="NUMERO")
    show.add_argument("--at", type=moment, help="afficher à ce moment (ISO, avec fuseau)")
    show.add_argument("--access-code", action="store_true", help="afficher le code d'accès")
    add_common_options(show)
    show.set_defaults(handler=session_show)

    candidates = commands.add_parser("candidates", help="importer la liste des candidats")
    candidate_commands = candidates.add_subparsers(dest="subcommand", required=True,
                                                   metavar="ACTION")  # fmt: skip
    importing = candidate_commands.add_parser(
        "import", help="importer un fichier ODS (modèle Pix) ou CSV",
        description="Remplace les candidats de la session par ceux du fichier (modèle ODS "
        "de Pix ou CSV séparé par des points-virgules). Toutes les erreurs sont listées "
        "avec leur numéro de ligne ; rien n'est importé s'il y en a une.",
    )  # fmt: skip
    importing.add_argument("number", type=positive_int, metavar="NUMERO")
    importing.add_argument("file", type=Path, metavar="FICHIER")
    add_common_options(importing)
    importing.set_defaults(handler=_candidates_import)

    report = commands.add_parser("report", help="enregistrer un signalement")
    report_commands = report.add_subparsers(dest="subcommand", required=True, metavar="ACTION")
    add = report_commands.add_parser(
        "add", help="ajouter un signalement",
        description="Enregistre un signalement relevé par le surveillant (ou retranscrit "
        "du PV de session par le référent).",
    )  # fmt: skip
    add.add_argument("number", type=positive_int, metavar="NUMERO")
    add.add_argument("--certification", type=positive_int, required=True,
                     help="numéro de certification du candidat")  # fmt: skip
    add.add_argument(
        "--category", required=True, metavar="CATEGORIE", help="ex. IN_CHALLENGE, FRAUD"
    )
    add.add_argument("--subcategory", metavar="SOUS_CATEGORIE", help="ex. WEBSITE_UNAVAILABLE")
    add.add_argument(
        "--question", type=positive_int, metavar="N", help="numéro de la question (1–500)"
    )
    add.add_argument("--description", metavar="TEXTE", help="description détaillée")
    add.add_argument("--by", choices=("invigilator", "referent"), default="invigilator",
                     help="surveillant (défaut) ou référent (retranscrit du PV)")  # fmt: skip
    add_common_options(add)
    add.set_defaults(handler=_report_add)
