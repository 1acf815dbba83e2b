"""``pixcore finalize``, ``jury``, ``publish``, ``results export`` and ``demo``.

The commands after the session: the referent finalises (with the scanned PV de session
and the PV d'incident, stored as attachments next to the database), a jury member
decides, results are published and exported per class.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any, get_args

from pixcore.cli.checklist import print_reminders
from pixcore.cli.common import (
    FileNotWritableError,
    NoResultForDivisionError,
    ResultsNotPublishedError,
    UsageError,
    add_common_options,
    emit,
    open_service,
    print_json,
    read_input,
    write_output,
)
from pixcore.cli.demo import run_demo
from pixcore.cli.demo_documents import DOCUMENTS_FOLDER
from pixcore.cli.show import load_session, positive_int, print_results, results_json
from pixcore.events import AbortReason, JuryAction
from pixcore.formats.export import NO_DIVISION, division_results_csv, divisions, results_file_name
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.checklist_view import finalisation_reminders
from pixcore.lifecycle.decide import decide

__all__ = ["register", "register_demo"]

_ATTACHMENT_LIMIT = 512 * 1024 * 1024
"""Largest attachment accepted (a scanned PV can be large)."""
_ABORT_REASONS: tuple[str, ...] = get_args(AbortReason)
_JURY_ACTIONS: tuple[str, ...] = (*get_args(JuryAction), "unfinalise")


def _abort(text: str) -> tuple[int, AbortReason]:
    number, _, reason = text.partition("=")
    if reason not in _ABORT_REASONS:
        raise argparse.ArgumentTypeError("CERTIFICATION=candidate|technical attendu")
    return positive_int(number), reason  # type: ignore[return-value]


def _incident(text: str) -> tuple[str, Path]:
    report, _, path = text.partition("=")
    if not report.strip() or not path.strip():
        raise argparse.ArgumentTypeError("SIGNALEMENT=FICHIER attendu")
    return report.strip(), Path(path)


# ------------------------------------------------------------------------ finalize


def _finalise_command(
    args: argparse.Namespace, pv: str, incidents: dict[str, str], others: tuple[str, ...]
) -> cmd.Finalise:
    return cmd.Finalise(
        abort_reasons=dict(args.abort), end_screen_confirmations=tuple(args.seen),
        pv_scan=pv, incident_reports=incidents, attachments=others, comment=args.comment,
        has_incident=args.incident, has_joining_issue=args.joining_issue,
    )  # fmt: skip


def _finalize(args: argparse.Namespace) -> int:
    pv_bytes = read_input(args.pv_scan, limit=_ATTACHMENT_LIMIT)
    incident_bytes = {
        report: (path, read_input(path, limit=_ATTACHMENT_LIMIT))
        for report, path in args.incident_report
    }
    other_bytes = [(path, read_input(path, limit=_ATTACHMENT_LIMIT)) for path in args.attachment]
    with open_service(args.store) as service:
        state = load_session(service, args.number)
        # Check every rule before storing any file: a refusal leaves nothing behind.
        pending = _finalise_command(
            args, "pending", dict.fromkeys(incident_bytes, "pending"),
            tuple("pending" for _ in other_bytes),
        )  # fmt: skip
        decide(state, pending, service.host.now(), policy=service.policy)
        host = service.host
        pv = host.store_attachment(args.number, "pv_session", args.pv_scan.name, pv_bytes)
        incidents = {
            report: host.store_attachment(args.number, "pv_incident", path.name, content)
            for report, (path, content) in incident_bytes.items()
        }
        others = tuple(
            host.store_attachment(args.number, "other", path.name, content)
            for path, content in other_bytes
        )
        service.execute(args.number, _finalise_command(args, pv, incidents, others))
        state = service.load(args.number)
    if args.json:
        print_json(
            {"session_number": args.number, "status": state.status, "pv_scan": pv,
             "incident_reports": incidents, "attachments": list(others),
             "results": results_json(state),
             "reminders": [r.code for r in finalisation_reminders(state)]},
            sys.stdout,
        )  # fmt: skip
        return 0
    out = sys.stdout
    emit(f"Session {args.number} finalisée : elle ne peut plus être modifiée par le centre.", out)
    effects = [change.effect for change in state.jury_changes]
    emit(
        f"Jury automatique : {effects.count('skipped')} question(s) passée(s), "
        f"{effects.count('neutralised')} neutralisée(s), "
        f"{sum(entry.resolved for entry in state.reports.values())} signalement(s) résolu(s).",
        out,
    )
    print_results(state, out)
    print_reminders(state, out)  # issue 16: the shared-storage clean-up (DAY-25)
    return 0


# ---------------------------------------------------------------------------- jury


def _jury(args: argparse.Namespace) -> int:
    command: cmd.Command
    if args.action == "unfinalise":
        command = cmd.Unfinalise(jury_member=args.member)
    else:
        command = cmd.JuryAct(
            action=args.action, jury_member=args.member,
            certification_number=args.certification, question_number=args.question,
            report_id=args.report, comment=args.comment,
        )  # fmt: skip
    with open_service(args.store) as service:
        load_session(service, args.number)
        service.execute(args.number, command)
        state = service.load(args.number)
    if args.json:
        print_json(
            {"session_number": args.number, "action": args.action, "status": state.status,
             "results": results_json(state) if state.jury_done and state.finalised else []},
            sys.stdout,
        )  # fmt: skip
        return 0
    emit(f"Décision du jury enregistrée ({args.action}) par {args.member}.", sys.stdout)
    if state.finalised and state.jury_done:
        print_results(state, sys.stdout)
    return 0


# ------------------------------------------------------------------------- publish


def _publish(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        load_session(service, args.number)
        service.execute(args.number, cmd.Publish())
        state = service.load(args.number)
    if args.json:
        print_json({"session_number": args.number, "status": state.status,
                    "results": results_json(state)}, sys.stdout)  # fmt: skip
        return 0
    emit(f"Résultats de la session {args.number} publiés.", sys.stdout)
    print_results(state, sys.stdout)
    return 0


# ------------------------------------------------------------------ results export


def _targets(args: argparse.Namespace, names: list[tuple[str, str]]) -> list[tuple[str, Path]]:
    if args.out is not None:
        if len(names) != 1:
            raise UsageError(
                "--out ne s'utilise qu'avec une seule classe : précisez --division, "
                "ou utilisez --dir"
            )
        return [(names[0][0], args.out)]
    return [(division, args.dir / name) for division, name in names]


def _export(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        state = load_session(service, args.number)
        today = service.host.now().astimezone(args.tz)
    if state.published_at is None:
        raise ResultsNotPublishedError(meta={"session_number": args.number})
    wanted = [args.division.strip()] if args.division is not None else list(divisions(state))
    files = []
    for division in wanted:
        text = division_results_csv(state, division)
        if text is None:
            raise NoResultForDivisionError(meta={"division": division})
        files.append((division, text))
    names = [(d, results_file_name(f"{today:%Y%m%d}", d)) for d, _ in files]
    targets = _targets(args, names)
    if args.out is None and not args.dir.is_dir():
        raise FileNotWritableError(meta={"path": str(args.dir)})
    for (_, path), (_, text) in zip(targets, files, strict=True):
        write_output(path, text)
    if args.json:
        print_json({"session_number": args.number, "files": [
            {"division": d, "path": str(p), "rows": t.count("\n") - 1}
            for (d, p), (_, t) in zip(targets, files, strict=True)]}, sys.stdout)  # fmt: skip
        return 0
    for (division, path), (_, text) in zip(targets, files, strict=True):
        label = "sans classe" if division == NO_DIVISION else f"classe {division}"
        emit(f"Résultats ({label}, {text.count(chr(10)) - 1} candidat(s)) : {path}", sys.stdout)
    return 0


# ---------------------------------------------------------------------------- demo


def _demo(args: argparse.Namespace) -> int:
    directory = args.dir or Path(tempfile.mkdtemp(prefix="pixcore-demo-"))
    if args.json:
        rows = run_demo(directory, out=lambda _line: None)
        print_json({"directory": str(directory),
                    "documents": str(directory / DOCUMENTS_FOLDER), "results": [
            {"certification_number": r.certification_number, "candidate": r.candidate,
             "status": r.status, "reason": r.reason, "pix": r.pix} for r in rows]},
            sys.stdout)  # fmt: skip
        return 0
    run_demo(directory, out=lambda line: emit(line, sys.stdout))
    return 0


# ------------------------------------------------------------------------ parsers


def register_demo(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``demo``."""
    demo = commands.add_parser(
        "demo", help="dérouler une session complète de démonstration",
        description="Déroule une session de certification complète (30 candidats) sur la "
        "base SQLite intégrée, dans un dossier temporaire ou --dir, et affiche chaque "
        "étape puis le tableau des résultats.",
    )  # fmt: skip
    demo.add_argument("--dir", type=Path, help="dossier de la démonstration")
    add_common_options(demo, store=False)
    demo.set_defaults(handler=_demo)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``finalize``, ``jury``, ``publish`` and ``results``."""
    final = commands.add_parser(
        "finalize", help="finaliser une session",
        description="Finalise la session (définitif) : PV de session scanné, raison "
        "d'abandon de chaque test non terminé, écrans de fin vus, PV d'incident des "
        "signalements de fraude ; puis le jury automatique.",
    )  # fmt: skip
    final.add_argument("number", type=positive_int, metavar="NUMERO")
    final.add_argument("--pv-scan", type=Path, required=True, metavar="FICHIER",
                       help="le PV de session scanné")  # fmt: skip
    final.add_argument("--abort", type=_abort, action="append", default=[],
                       metavar="CERTIFICATION=candidate|technical",
                       help="raison d'abandon d'un test non terminé")  # fmt: skip
    final.add_argument("--seen", type=positive_int, action="append", default=[],
                       metavar="CERTIFICATION", help="écran de fin de test vu")  # fmt: skip
    final.add_argument("--incident-report", type=_incident, action="append", default=[],
                       metavar="SIGNALEMENT=FICHIER", help="PV d'incident")  # fmt: skip
    final.add_argument("--attachment", type=Path, action="append", default=[],
                       metavar="FICHIER", help="autre fichier (photos...)")  # fmt: skip
    final.add_argument(
        "--comment", metavar="TEXTE", help="commentaire global (500 caractères au plus)"
    )
    incident = final.add_mutually_exclusive_group(required=True)
    incident.add_argument("--incident", dest="incident", action="store_true",
                          help="un incident s'est produit")  # fmt: skip
    incident.add_argument("--no-incident", dest="incident", action="store_false")
    joining = final.add_mutually_exclusive_group(required=True)
    joining.add_argument("--joining-issue", dest="joining_issue", action="store_true",
                         help="des candidats n'ont pas pu rejoindre la session")  # fmt: skip
    joining.add_argument("--no-joining-issue", dest="joining_issue", action="store_false")
    add_common_options(final)
    final.set_defaults(handler=_finalize)

    jury = commands.add_parser(
        "jury", help="décision d'un membre du jury",
        description="Enregistre une décision du jury sur une session finalisée : "
        + ", ".join(_JURY_ACTIONS) + ".",
    )  # fmt: skip
    jury.add_argument("number", type=positive_int, metavar="NUMERO")
    jury.add_argument("action", choices=_JURY_ACTIONS, metavar="ACTION")
    jury.add_argument("--member", required=True, metavar="NOM", help="nom du membre du jury")
    jury.add_argument(
        "--certification", type=positive_int, metavar="NUMERO", help="numéro de certification"
    )
    jury.add_argument("--question", type=positive_int, metavar="N", help="numéro de la question")
    jury.add_argument("--report", metavar="SIGNALEMENT", help="numéro du signalement (R1...)")
    jury.add_argument("--comment", metavar="TEXTE", help="commentaire")
    add_common_options(jury)
    jury.set_defaults(handler=_jury)

    publish = commands.add_parser("publish", help="publier les résultats")
    publish.add_argument("number", type=positive_int, metavar="NUMERO")
    add_common_options(publish)
    publish.set_defaults(handler=_publish)

    results = commands.add_parser("results", help="exporter les résultats")
    results_commands = results.add_subparsers(dest="subcommand", required=True,
                                              metavar="ACTION")  # fmt: skip
    export = results_commands.add_parser(
        "export", help="exporter les résultats par classe (CSV)",
        description="Écrit un fichier CSV par classe, colonnes de Pix, nommé "
        "AAAAMMJJ_resultats_CLASSE.csv. La session doit être publiée.",
    )  # fmt: skip
    export.add_argument("number", type=positive_int, metavar="NUMERO")
    export.add_argument("--division", metavar="CLASSE", help="une seule classe (ex. « 3e A »)")
    export.add_argument("--out", type=Path, metavar="FICHIER",
                        help="fichier de sortie (une seule classe)")  # fmt: skip
    export.add_argument("--dir", type=Path, default=Path("."), metavar="DOSSIER",
                        help="dossier de sortie (défaut : dossier courant)")  # fmt: skip
    add_common_options(export)
    export.set_defaults(handler=_export)
