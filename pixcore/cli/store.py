"""``pixcore store migrate`` and ``pixcore store seal-personal-data``: a store's upkeep.

``migrate --store LOCATION`` brings a durable store's schema up to date. The installed
store plugins answer ``pixcore_store_migrate`` for the locations they own
(``pixcore-postgres``: ``postgresql://...``). Migrating is versioned and idempotent: a
second run applies nothing. ``--dry-run`` lists what would be applied and changes
nothing. The location printed never holds the user nor the password. A location no
installed plugin migrates is ``STORE_MIGRATION_UNSUPPORTED`` (exit 2); SQLite files
need no command (their schema is created when first opened).

``seal-personal-data`` migrates a store written before issue 17: personal data moves
out of its events (``docs/personal-data.md``). A store without that migration is
``STORE_MIGRATION_UNSUPPORTED`` too; a PostgreSQL store answers that it had nothing to
seal (it was never written before issue 17).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pixcore.cli.common import (
    EXIT_OK,
    StoreUnavailableError,
    add_common_options,
    emit,
    open_service,
    print_json,
)
from pixcore.host.plugins import PluginHost, create_plugin_manager

__all__ = ["StoreMigrationUnsupportedError", "register"]


class StoreMigrationUnsupportedError(StoreUnavailableError):
    """No installed plugin migrates this store (``STORE_MIGRATION_UNSUPPORTED``, exit 2)."""

    default_code = "STORE_MIGRATION_UNSUPPORTED"


def _migrate(args: argparse.Namespace) -> int:
    host = PluginHost(create_plugin_manager(strict=True))
    report = host.migrate_store(args.store, apply=not args.dry_run)
    if report is None:
        raise StoreMigrationUnsupportedError()
    if args.json:
        print_json(report._asdict(), sys.stdout)
        return EXIT_OK
    verb = "à appliquer" if args.dry_run else "appliquées"
    lines = [f"{report.store} {report.location} : schéma {report.before} → {report.after}"]
    lines += [f"  - {name}" for name in report.applied] or ["  (déjà à jour)"]
    if report.applied:
        lines.insert(1, f"Migrations {verb} :")
    emit("\n".join(lines), sys.stdout)
    return EXIT_OK


def _seal(args: argparse.Namespace) -> int:
    with open_service(args.store) as service:
        store = service.host.event_store()
        seal = getattr(store, "seal_personal_data", None)
        if not callable(seal):
            raise StoreMigrationUnsupportedError()
        count = seal()
    if args.json:
        print_json({"events_rewritten": count}, sys.stdout)
    else:
        emit(f"{count} événement(s) réécrit(s) sans données personnelles.", sys.stdout)
    return EXIT_OK


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``store migrate`` and ``store seal-personal-data`` to the ``pixcore`` parser."""
    store = commands.add_parser("store", help="administrer et entretenir la base des sessions")
    actions = store.add_subparsers(dest="subcommand", required=True, metavar="ACTION")
    migrate = actions.add_parser(
        "migrate",
        help="mettre à jour le schéma d'une base partagée (PostgreSQL)",
        description="Applique les migrations manquantes du schéma (idempotent : une "
        "deuxième exécution n'applique rien).",
    )
    migrate.add_argument(
        "--store",
        required=True,
        metavar="ADRESSE",
        help="adresse de la base (postgresql://hôte/base?schema=pixcore)",
    )
    migrate.add_argument("--dry-run", action="store_true",
                         help="afficher les migrations à appliquer sans rien modifier")  # fmt: skip
    migrate.add_argument("--json", action="store_true", help="sortie JSON")
    migrate.set_defaults(handler=_migrate)
    seal = actions.add_parser(
        "seal-personal-data",
        help="sortir les données personnelles du journal (bases d'avant la version 2)",
    )
    add_common_options(seal)
    seal.set_defaults(handler=_seal)
