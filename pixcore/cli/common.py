"""What every ``pixcore`` subcommand over a store shares: exit codes, errors, output, store.

The command line is the host's edge: it reads files, opens the embedded SQLite store
(``pixcore-sqlite``, found through its entry point), keeps attachments in a folder next
to the database (:class:`~pixcore.host.attachments.FolderAttachments`), and turns every
error into a coded French message (never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pixcore.errors import InvalidInputError, PixcoreError, StoreError
from pixcore.formats._limits import IMPORT_FILE_CODES
from pixcore.host.attachments import FolderAttachments
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService

__all__ = [
    "ATTACHMENTS_FOLDER",
    "DEFAULT_STORE",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "CliError",
    "FileNotWritableError",
    "NoResultForDivisionError",
    "ResultsNotPublishedError",
    "StoreUnavailableError",
    "UsageError",
    "add_common_options",
    "attachments_folder",
    "emit",
    "error_exit_code",
    "error_text",
    "open_service",
    "print_json",
    "read_input",
    "write_output",
    "zone",
]

EXIT_OK = 0
"""Done."""
EXIT_REFUSED = 1
"""Refused by a rule (coded message), or an unexpected internal error (``PIXCORE_ERROR``)."""
EXIT_USAGE = 2
"""Wrong command line, or the SQLite store (``pixcore-sqlite``) is not installed."""
EXIT_INPUT = 3
"""An input file is missing, unreadable or invalid (every line error is listed)."""

DEFAULT_STORE = "pixcore-sessions.db"
"""The database used when ``--store`` is not given (in the current folder)."""

PROG = "pixcore"


_INPUT_CODES = (
    frozenset(
        {
            "FILE_NOT_FOUND",
            "INVALID_DOCUMENT",
            "CANDIDATES_IMPORT_INVALID",
            "IMPORT_FORMAT_NOT_SUPPORTED",
            "FILE_NOT_WRITABLE",
        }
    )
    | IMPORT_FILE_CODES
)


class UsageError(Exception):
    """A wrong combination of options (exit 2, like argparse's own errors)."""


class CliError(PixcoreError):
    """An error of the command line itself, with its own message catalogue."""


class StoreUnavailableError(CliError):
    """``pixcore-sqlite`` cannot be imported (code ``STORE_PLUGIN_MISSING``, exit 2)."""

    default_code = "STORE_PLUGIN_MISSING"


class ResultsNotPublishedError(CliError):
    """Results are exported once published (code ``RESULTS_NOT_PUBLISHED``)."""

    default_code = "RESULTS_NOT_PUBLISHED"


class NoResultForDivisionError(CliError):
    """Pix's ``NoCertificationResultForDivision``: no result for that class."""

    default_code = "NO_CERTIFICATION_RESULT_FOR_DIVISION"


class FileNotWritableError(CliError):
    """An output file cannot be written (code ``FILE_NOT_WRITABLE``, exit 3)."""

    default_code = "FILE_NOT_WRITABLE"


def error_exit_code(error: PixcoreError) -> int:
    """The exit code of a coded error: 2 store missing, 3 input file or database, 1 otherwise.

    A database that cannot be used (disk full, read-only, damaged...: a ``StoreError``)
    is exit 3 like an unreadable input file; a busy one (retryable) is exit 1.
    """
    if isinstance(error, StoreUnavailableError):
        return EXIT_USAGE
    if isinstance(error, StoreError) or error.code in _INPUT_CODES:
        return EXIT_INPUT
    return EXIT_REFUSED


def error_text(error: PixcoreError) -> str:
    """``pixcore : CODE : message`` then one ``  - CODE : message (field)`` per detail."""
    where = f" ({error.meta['path']})" if "path" in error.meta else ""
    lines = [f"{PROG} : {error.code} : {error.message}{where}"]
    for detail in error.errors:
        field = f" ({detail.field})" if detail.field and detail.field not in detail.message else ""
        lines.append(f"  - {detail.code} : {detail.message}{field}")
    return "\n".join(lines)


def emit(text: str, stream: TextIO) -> None:
    """Write a line, replacing what the terminal's encoding cannot show."""
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")


def print_json(value: object, stream: TextIO) -> None:
    """Write ``value`` as indented JSON (dates as ISO text)."""
    emit(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default), stream)


def _json_default(value: object) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_input(path: Path, *, limit: int = 64 * 1024 * 1024) -> bytes:
    """The bytes of an input file, or ``FILE_NOT_FOUND`` / ``INVALID_DOCUMENT``."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInputError("FILE_NOT_FOUND", meta={"path": str(path)}) from None
    except OSError:
        raise InvalidInputError("INVALID_DOCUMENT", meta={"path": str(path)}) from None
    if len(data) > limit:
        raise InvalidInputError("INVALID_DOCUMENT", meta={"path": str(path)})
    return data


def write_output(path: Path, text: str) -> None:
    """Write ``text`` in UTF-8 (the BOM, if any, is in ``text``)."""
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError:
        raise FileNotWritableError(meta={"path": str(path)}) from None


def zone(name: str) -> ZoneInfo:
    """The time zone to show times in (``--tz``), or a usage error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError("fuseau horaire inconnu") from None


def _store_plugin(location: str) -> object:
    """The installed store plugin that opens ``location`` (found through entry points)."""
    host = PluginHost(create_plugin_manager(strict=True))
    plugin = host.open_store(location)
    if plugin is None:
        raise StoreUnavailableError()
    return plugin


@contextlib.contextmanager
def open_service(
    store: Path | str, *, plugins: Sequence[object] = (), synchronous: str = "FULL"
) -> Iterator[SessionService]:
    """A :class:`SessionService` on the session database ``store`` (closed on exit).

    ``store`` is a file path (the embedded SQLite store) or a location a store plugin
    opens (``pixcore_open_store``, e.g. ``postgresql://...``), as given to ``--store``.
    Attachments go to :func:`attachments_folder`; ``plugins`` (a clock...) come first.
    """
    location = str(store) if synchronous == "FULL" else f"{store}?synchronous={synchronous}"
    opened = _store_plugin(location)
    attachments = FolderAttachments(attachments_folder(str(store)))
    try:
        pm = create_plugin_manager(autoload=False, plugins=[opened, attachments, *plugins])
        yield SessionService(PluginHost(pm))
    finally:
        close = getattr(opened, "close", None)
        if callable(close):
            close()


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

ATTACHMENTS_FOLDER = "pixcore-attachments"
"""Where attachments go when ``--store`` is a database address, not a file."""


def attachments_folder(store: str) -> Path:
    """The attachments' folder: ``<store>.attachments`` next to a database file.

    A database address (``postgresql://...``) names no folder, and may hold a user or a
    password that must not become a folder's name: its attachments go to
    ``./pixcore-attachments``.
    """
    if _URI.match(store):
        return Path(ATTACHMENTS_FOLDER)
    return Path(f"{store}.attachments")


def add_common_options(parser: argparse.ArgumentParser, *, store: bool = True) -> None:
    """``--store``, ``--json`` and ``--tz``, on every subcommand.

    ``--store`` is kept as text, as ``pixcore store migrate`` reads it, and handed to the
    installed store plugins: a ``Path`` would turn ``postgresql://u@h/db`` into
    ``postgresql:/u@h/db``.
    """
    if store:
        parser.add_argument(
            "--store",
            default=DEFAULT_STORE,
            metavar="BASE",
            help="base des sessions : fichier SQLite, ou adresse d'une base partagée "
            f"(postgresql://hôte/base?schema=pixcore) ; défaut : ./{DEFAULT_STORE}",
        )
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.add_argument(
        "--tz",
        type=zone,
        default=ZoneInfo("Europe/Paris"),
        metavar="FUSEAU",
        help="fuseau horaire d'affichage (défaut : Europe/Paris)",
    )
