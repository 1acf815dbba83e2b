"""``pixcore checklist``: the procedure's steps before, on and after the day (issue 16).

``checklist show`` lists every step with its actor and status (also printed by
``pixcore session show``); ``checklist tick`` ticks (``--undo`` unticks) a step done by
hand; ``checklist room`` declares whether the computers share storage between users
(DAY-25: the invigilator then erases it after the session).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any, TextIO

from pixcore.cli.common import add_common_options, emit, open_service, print_json
from pixcore.cli.show import load_session, positive_int
from pixcore.cli.table import render_table
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.checklist_view import ChecklistEntry, checklist, finalisation_reminders
from pixcore.lifecycle.state import SessionState
from pixcore.rules.checklist import ACTORS, ITEMS, PHASES

__all__ = ["checklist_json", "print_checklist", "print_reminders", "register"]

STATUS_LABELS = {"done": "fait", "pending": "à faire", "not_applicable": "sans objet"}
"""An item's status in French."""
_DASH = "—"


def checklist_json(state: SessionState) -> list[dict[str, Any]]:
    """Every item with its phase, actor, status, hand tick and pending reason."""
    return [
        {
            "item": entry.item.id, "phase": entry.item.phase, "actor": entry.item.actor,
            "label": entry.item.label, "label_en": entry.item.label_en,
            "status": entry.status, "ticked_at": entry.ticked_at,
            "automatic": entry.item.automatic, "manual": entry.item.manual,
            "reason": None if entry.reason is None else {
                "code": entry.reason.code, "message": entry.reason.message,
                "message_en": entry.reason.message_en,
            },
        }
        for entry in checklist(state)
    ]  # fmt: skip


def _row(entry: ChecklistEntry, tz: dt.tzinfo) -> list[str]:
    ticked = entry.ticked_at
    status = STATUS_LABELS[entry.status]
    if ticked is not None:
        status += f" ({ticked.astimezone(tz):%d/%m %H:%M})"
    label = entry.item.label + (f" — {entry.reason.message}" if entry.reason else "")
    return [entry.item.id, ACTORS[entry.item.actor][0], label, status]


def print_checklist(state: SessionState, out: TextIO, tz: dt.tzinfo) -> None:
    """The checklist, one table per phase, then the reminders."""
    entries = checklist(state)
    for phase, (heading, _) in PHASES.items():
        rows = [_row(entry, tz) for entry in entries if entry.item.phase == phase]
        emit(f"{heading} :", out)
        emit(render_table(("Étape", "Qui", "Quoi", "État"), rows), out)
    print_reminders(state, out)


def print_reminders(state: SessionState, out: TextIO) -> None:
    """The reminders due once the session is finalised (the shared-storage clean-up)."""
    for reason in finalisation_reminders(state):
        emit(f"{reason.code} : {reason.message}", out)


def _show(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        state = load_session(service, args.number)
    if args.json:
        reminders = [{"code": r.code, "message": r.message} for r in finalisation_reminders(state)]
        print_json({"session_number": args.number, "checklist": checklist_json(state),
                    "reminders": reminders}, sys.stdout)  # fmt: skip
        return 0
    print_checklist(state, sys.stdout, args.tz)
    return 0


def _tick(args: argparse.Namespace) -> int:
    command = cmd.TickChecklistItem(item=args.item.upper(), done=not args.undo)
    with open_service(args.store) as service:
        load_session(service, args.number)
        events = service.execute(args.number, command)
        state = service.load(args.number)
    entry = next(e for e in checklist(state) if e.item.id == command.item)
    if args.json:
        print_json({"item": entry.item.id, "status": entry.status, "changed": bool(events)},
                   sys.stdout)  # fmt: skip
        return 0
    change = "" if events else " (inchangé)"
    emit(f"{entry.item.id} « {entry.item.label} » : {STATUS_LABELS[entry.status]}{change}.",
         sys.stdout)  # fmt: skip
    return 0


def _room(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        load_session(service, args.number)
        service.execute(args.number, cmd.DeclareRoom(shared_storage=args.shared_storage))
    if args.json:
        print_json({"session_number": args.number, "shared_storage": args.shared_storage},
                   sys.stdout)  # fmt: skip
        return 0
    text = ("partagent un espace de stockage : le surveillant l'effacera après la session (DAY-25)"
            if args.shared_storage else "ne partagent pas d'espace de stockage")  # fmt: skip
    emit(f"Session {args.number} : les ordinateurs de la salle {text}.", sys.stdout)
    return 0


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``checklist show``, ``checklist tick`` and ``checklist room``."""
    group = commands.add_parser("checklist", help="étapes de la procédure (avant, jour J, après)")
    actions = group.add_subparsers(dest="subcommand", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="afficher les étapes et ce qui reste à faire")
    show.add_argument("number", type=positive_int, metavar="NUMERO")
    add_common_options(show)
    show.set_defaults(handler=_show)

    manual = ", ".join(item.id for item in ITEMS if item.manual)
    tick = actions.add_parser(
        "tick", help="cocher une étape faite",
        description=f"Coche (ou décoche avec --undo) une étape faite à la main : {manual}. "
        "Les autres se cochent d'elles-mêmes.",
    )  # fmt: skip
    tick.add_argument("number", type=positive_int, metavar="NUMERO")
    tick.add_argument("item", metavar="ETAPE", help="ex. BEF-8 (PV de session imprimé)")
    tick.add_argument("--undo", action="store_true", help="décocher")
    add_common_options(tick)
    tick.set_defaults(handler=_tick)

    room = actions.add_parser(
        "room", help="déclarer le stockage partagé des ordinateurs",
        description="Déclare si les ordinateurs de la salle partagent un espace de stockage "
        "entre utilisateurs (le surveillant l'efface alors après la session, DAY-25).",
    )  # fmt: skip
    room.add_argument("number", type=positive_int, metavar="NUMERO")
    shared = room.add_mutually_exclusive_group(required=True)
    shared.add_argument("--shared-storage", dest="shared_storage", action="store_true",
                        help="stockage partagé entre utilisateurs")  # fmt: skip
    shared.add_argument("--no-shared-storage", dest="shared_storage", action="store_false")
    add_common_options(room)
    room.set_defaults(handler=_room)
