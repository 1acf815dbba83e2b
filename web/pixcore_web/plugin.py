"""The distribution's command-line plugin (group ``pixcore.commands``): ``pixcore serve``.

Light on purpose: the command line loads it on every run, so the web stack is imported
only when ``serve`` runs (:mod:`pixcore_web.serve`).
"""

from __future__ import annotations

import argparse

from pixcore.host.hookspecs import hookimpl

__all__ = ["DEFAULT_STORE", "pixcore_cli_commands"]

DEFAULT_STORE = "pixcore-web.db"
"""The session database of ``pixcore serve`` (embedded SQLite), in the current folder."""


def _serve(args: argparse.Namespace) -> int:
    from pixcore_web.serve import run_server

    return run_server(args)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError("port invalide")
    return int(value)


@hookimpl
def pixcore_cli_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``pixcore serve``."""
    serve = commands.add_parser(
        "serve",
        help="servir l'application web (référent, surveillant, candidats, jury)",
        description=(
            "Sert l'application web de pixcore sur la base SQLite intégrée. --dev lance un "
            "faux service Pix et des comptes de démonstration : boucle locale uniquement."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (défaut 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (défaut 8000)")
    serve.add_argument("--store", default=DEFAULT_STORE, metavar="FICHIER",
                       help=f"base de données des sessions (défaut ./{DEFAULT_STORE})")  # fmt: skip
    serve.add_argument("--dev", action="store_true",
                       help="mode développement (jamais en production)")  # fmt: skip
    serve.set_defaults(handler=_serve, json=False)
