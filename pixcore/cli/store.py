"""``pixcore store migrate --store LOCATION``: bring a durable store's schema up to date.

The installed store plugins answer ``pixcore_store_migrate`` for the locations they own
(``pixcore-postgres``: ``postgresql://...``). Migrating is versioned and idempotent: a
second run applies nothing. ``--dry-run`` lists what would be applied and changes
nothing. The location printed never holds the user nor the password. A location no
installed plugin migrates is ``STORE_MIGRATION_NOT_SUPPORTED`` (exit 2); SQLite files
need no command (their schema is created when first opened).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pixcore.cli.common import EXIT_OK, StoreUnavailableError, emit, print_json
from pixcore.host.plugins import PluginHost, create_plugin_manager

__all__ = ["StoreMigrationNotSupportedError", "register"]


class StoreMigrationNotSupportedError(StoreUnavailableError):
    """No installed plugin migrates this location (``STORE_MIGRATION_NOT_SUPPORTED``)."""

    default_code = "STORE_MIGRATION_NOT_SUPPORTED"


def _migrate(args: argparse.Namespace) -> int:
    host = PluginHost(create_plugin_manager(strict=True))
    report = host.migrate_store(args.store, apply=not args.dry_run)
    if report is None:
        raise StoreMigrationNotSupportedError()
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


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``store migrate`` to the ``pixcore`` parser."""
    store = commands.add_parser("store", help="administrer le stockage des sessions")
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
