"""The ``pixcore`` command line (``docs/cli.md``, ``docs/evaluate.md``).

- ``pixcore evaluate FILE.json``: a thin edge around :mod:`pixcore.formats.evaluate`;
- ``pixcore demo``: a whole session end to end (:mod:`pixcore.cli.demo`);
- over a session database (``--store``, the embedded SQLite store): ``session create``,
  ``session show``, ``candidates import``, ``report add``, ``finalize``, ``jury``,
  ``publish``, ``results export`` (:mod:`pixcore.cli.session`, :mod:`pixcore.cli.after`);
- ``pixcore documents KIND NUMERO -o CHEMIN``: the printed documents as PDFs
  (:mod:`pixcore.cli.documents`).

Every problem becomes a coded French message on stderr, never a traceback. Exit codes:
0 done; 1 refused by a rule (coded message), a busy database (retry) or internal error
(``PIXCORE_ERROR``); 2 usage error (or the SQLite store is not installed); 3 input file
missing, unreadable or invalid, or the session database unusable (coded: disk full,
read-only, damaged...). ``evaluate`` keeps its own meaning of 0 (``docs/evaluate.md``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pixcore import __version__
from pixcore.cli import after as _cli_after
from pixcore.cli import batch as _cli_batch
from pixcore.cli import documents as _cli_documents
from pixcore.cli import personal as _cli_personal
from pixcore.cli import readiness as _cli_readiness
from pixcore.cli import session as _cli_session
from pixcore.cli import store as _cli_store
from pixcore.cli.common import (
    UsageError,
    emit,
    error_exit_code,
    error_text,
)
from pixcore.cli.evaluate import error_json, error_lines, render_text
from pixcore.cli.french import FrenchArgumentParser
from pixcore.errors import InvalidInputError, PixcoreError
from pixcore.formats.evaluate import evaluate_session
from pixcore.host.plugins import create_plugin_manager
from pixcore.models._coded import details_from_validation_error
from pixcore.referential import Referential

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "main",
    "render_text",
]

EXIT_OK = 0
"""Evaluation done (ineligible candidates, invalid reports are results)."""
EXIT_INTERNAL = 1
"""Unexpected internal error (a bug: please report it); code ``PIXCORE_ERROR``."""
EXIT_REFUSED = 1
"""A rule refused the command (coded French message on stderr)."""
EXIT_USAGE = 2
"""Wrong command line (argparse's own code)."""
EXIT_INPUT = 3
"""The input file is missing, unreadable, not JSON, or not a valid session document."""

EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl-C (shell convention 128 + SIGINT)."""

_PROG = "pixcore"
_log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog=_PROG,
        description="Règles de la certification Pix en établissement scolaire (pixcore).",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}",
        help="afficher la version de pixcore et quitter",
    )  # fmt: skip
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
    _cli_after.register_demo(commands)
    _cli_session.register(commands)
    _cli_after.register(commands)
    _cli_documents.register(commands)
    _cli_readiness.register(commands)  # readiness check, checklist (issue 16)
    _cli_batch.register(commands)  # a national batch on every core (issue 14)
    _cli_personal.register(commands)  # person, retention (issue 17)
    _cli_store.register(commands)  # store migrate (issue 13), seal-personal-data (issue 17)
    _plugin_commands(commands)  # installed distributions' subcommands (pixcore serve, issue 15)
    return parser


COMMANDS_GROUP = "pixcore.commands"
"""Entry-point group of the plugins that add subcommands (``pixcore_cli_commands``)."""


def _plugin_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Let installed distributions add subcommands (``pixcore_cli_commands``).

    Only the entry points of :data:`COMMANDS_GROUP` are loaded, not every
    ``pixcore.plugins`` one: a command-line run imports no adapter it does not use. One
    that fails to load adds no command (logged); the others still do.
    """
    plugins = []
    for entry_point in entry_points(group=COMMANDS_GROUP):
        try:
            plugins.append(entry_point.load())
        except Exception:
            _log.warning("pixcore commands %r skipped: they failed to load", entry_point.name)
    pm = create_plugin_manager(autoload=False, plugins=plugins)
    pm.hook.pixcore_cli_commands(commands=commands)


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
        return json.loads(
            text, parse_float=_json_decimal, parse_int=_json_int, parse_constant=_json_constant
        )
    except json.JSONDecodeError as error:
        position = {"line": error.lineno, "column": error.colno}
        raise InvalidInputError("INVALID_JSON", meta={**position, "path": str(path)}) from None
    except _NumberRefusedError:
        raise InvalidInputError("JSON_NUMBER_NOT_VALID", meta={"path": str(path)}) from None
    except RecursionError:
        raise InvalidInputError("INVALID_DOCUMENT", meta={"path": str(path)}) from None


_MAX_JSON_NUMBER = 40
"""Longest number read from a document; numbers are exact (``Decimal``), never floats,
so that ``1E-999999999`` is refused by the rule that reads it instead of becoming 0."""


class _NumberRefusedError(Exception):
    """A JSON number too long to read, or a NaN/Infinity constant."""


def _json_decimal(text: str) -> Decimal:
    if len(text) > _MAX_JSON_NUMBER:
        raise _NumberRefusedError
    return Decimal(text)


def _json_int(text: str) -> int:
    if len(text) > _MAX_JSON_NUMBER:
        raise _NumberRefusedError
    return int(text)


def _json_constant(text: str) -> object:
    raise _NumberRefusedError


# ---------------------------------------------------------------------------- output


# ------------------------------------------------------------------------------ main


def _evaluate(path: Path, as_json: bool) -> int:
    try:
        evaluation = evaluate_session(_read_document(path), referential=Referential.load())
    except PixcoreError as error:
        text = error_json(error) if as_json else "\n".join(error_lines(error))
        emit(text, sys.stderr)
        return EXIT_INPUT
    output = evaluation.model_dump_json(indent=2) if as_json else render_text(evaluation)
    emit(output, sys.stdout)
    return EXIT_OK


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a subcommand over the store; coded errors become messages and exit codes."""
    try:
        try:
            return handler(args)
        except ValidationError as invalid:  # a value typed on the command line
            details = details_from_validation_error(invalid)
            raise InvalidInputError("INVALID_INPUT", errors=details) from None
    except PixcoreError as error:
        if args.json:
            emit(json.dumps({"error": error.as_dict()}, ensure_ascii=False, indent=2), sys.stderr)
        else:
            emit(error_text(error), sys.stderr)
        return error_exit_code(error)
    except UsageError as error:
        emit(f"{_PROG} : erreur d'utilisation : {error}", sys.stderr)
        return EXIT_USAGE


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
        if args.command == "evaluate":
            return _evaluate(args.file, args.json)
        return _run(args.handler, args)
    except BrokenPipeError:  # `pixcore evaluate ... | head`
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:  # the edge: never a traceback
        emit(
            f"{_PROG} : PIXCORE_ERROR : Une erreur interne est survenue ({type(error).__name__}).",
            sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
