"""``pixcore person erase|export``, ``retention apply`` (``store seal-personal-data``: store.py).

Personal data (issue 17, ``docs/personal-data.md``): erase a pupil on request, export
everything held about them (right of access), apply the retention periods at a date
(with a dry run that lists what would go, without personal data). Migrating a store
written before issue 17 is ``pixcore store seal-personal-data`` (:mod:`pixcore.cli.store`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from pixcore.cli.common import add_common_options, emit, open_service, print_json
from pixcore.cli.show import positive_int
from pixcore.host.privacy import apply_retention, export_person, retention_plan
from pixcore.lifecycle.retention import DEFAULT_POLICIES

__all__ = ["register"]


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("date attendue (aaaa-mm-jj)") from None


def _erase(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        service.erase_person(args.number, args.candidate)
    if args.json:
        print_json({"session": args.number, "candidate_id": args.candidate, "erased": True},
                   sys.stdout)  # fmt: skip
    else:
        emit(f"Données personnelles du candidat {args.candidate} effacées "
             f"(session {args.number}).", sys.stdout)  # fmt: skip
    return 0


def _export(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        export = export_person(service, args.number, args.candidate)
    print_json(export, sys.stdout)
    return 0


def _retention(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        plan = retention_plan(service, args.date)
        if not args.dry_run:
            apply_retention(service, plan)
    listed: list[dict[str, Any]] = [
        {"session": number, "candidate_ids": list(c.candidate_ids),
         "report_ids": list(c.report_ids), "comments": c.comments,
         "attachments": c.attachments}
        for number, c in plan
    ]  # fmt: skip
    if args.json:
        print_json({"date": args.date, "dry_run": args.dry_run, "erasures": listed}, sys.stdout)
        return 0
    verb = "seraient effacées" if args.dry_run else "effacées"
    if not listed:
        emit(f"Rien n'expire au {args.date.isoformat()}.", sys.stdout)
    for entry in listed:
        parts = [f"candidats {', '.join(entry['candidate_ids'])}"] if entry["candidate_ids"] else []
        if entry["report_ids"]:
            parts.append(f"descriptions des signalements {', '.join(entry['report_ids'])}")
        if entry["comments"]:
            parts.append("commentaires")
        if entry["attachments"]:
            parts.append("pièces jointes de la finalisation")
        emit(f"Session {entry['session']} : données {verb} — {' ; '.join(parts)}.", sys.stdout)
    return 0


def _policies_help() -> str:
    return " ; ".join(f"{p.kind} {p.days} j" for p in DEFAULT_POLICIES)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``person`` and ``retention``."""
    person = commands.add_parser("person", help="effacer ou exporter les données d'un élève")
    actions = person.add_subparsers(dest="subcommand", required=True, metavar="ACTION")
    erase = actions.add_parser(
        "erase", help="effacer les données personnelles d'un candidat",
        description="Efface l'état civil, le compte (IDO GAR, compte Pix) et les "
        "descriptions des signalements d'un candidat ; le numéro de certification, le "
        "statut et le score restent. Refusé tant que la session n'est pas finalisée pour "
        "un candidat encore inscrit.",
    )  # fmt: skip
    export = actions.add_parser(
        "export", help="exporter tout ce que pixcore garde sur un candidat (JSON)"
    )
    for sub, handler in ((erase, _erase), (export, _export)):
        sub.add_argument("number", type=positive_int, metavar="NUMERO")
        sub.add_argument("candidate", metavar="CANDIDAT", help="identifiant du candidat (C2)")
        add_common_options(sub)
        sub.set_defaults(handler=handler)
    retention = commands.add_parser("retention", help="appliquer les durées de conservation")
    steps = retention.add_subparsers(dest="subcommand", required=True, metavar="ACTION")
    apply = steps.add_parser(
        "apply", help="effacer ce qui a dépassé sa durée de conservation à une date",
        description=f"Durées par défaut : {_policies_help()}.",
    )  # fmt: skip
    apply.add_argument("--date", type=_iso_date, required=True, metavar="AAAA-MM-JJ")
    apply.add_argument("--dry-run", action="store_true",
                       help="lister ce qui serait effacé, sans rien effacer")  # fmt: skip
    add_common_options(apply)
    apply.set_defaults(handler=_retention)
