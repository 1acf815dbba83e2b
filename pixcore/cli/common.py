"""What every ``pixcore`` subcommand over a store shares: exit codes, errors, output, store.

The command line is the host's edge: it reads files, opens the embedded SQLite store
(``pixcore-sqlite``, imported lazily), keeps attachments in a folder next to the
database, and turns every error into a coded French message (never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pixcore.errors import InvalidInputError, PixcoreError
from pixcore.formats._limits import IMPORT_FILE_CODES
from pixcore.host.hookspecs import hookimpl
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService

__all__ = [
    "DEFAULT_STORE",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "CliError",
    "FileAttachments",
    "FileNotWritableError",
    "NoResultForDivisionError",
    "ResultsNotPublishedError",
    "StoreUnavailableError",
    "StoreUnreadableError",
    "UsageError",
    "add_common_options",
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
            "STORE_UNREADABLE",
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


class StoreUnreadableError(CliError):
    """The SQLite file cannot be opened or read (code ``STORE_UNREADABLE``, exit 3)."""

    default_code = "STORE_UNREADABLE"


class FileNotWritableError(CliError):
    """An output file cannot be written (code ``FILE_NOT_WRITABLE``, exit 3)."""

    default_code = "FILE_NOT_WRITABLE"


def error_exit_code(error: PixcoreError) -> int:
    """The exit code of a coded error: 2 store missing, 3 input file, 1 otherwise."""
    if isinstance(error, StoreUnavailableError):
        return EXIT_USAGE
    return EXIT_INPUT if error.code in _INPUT_CODES else EXIT_REFUSED


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


_SAFE_NAME = re.compile(r"[^0-9A-Za-z._-]+")


class FileAttachments:
    """Attachments (PV de session scanné, PV d'incident) kept as files in a folder.

    References look like ``file:12345/pv_session/<hash>-scan.pdf``; the folder is next
    to the database (``<database>.attachments``). Answers only for its own references.
    """

    PREFIX = "file:"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @hookimpl
    def pixcore_store_attachment(
        self, session_number: int, kind: str, filename: str, content: bytes
    ) -> str:
        """Write the file under ``<folder>/<session>/<kind>/`` and return its reference."""
        digest = hashlib.sha256(content).hexdigest()[:16]
        name = _SAFE_NAME.sub("_", Path(filename).name)[-80:] or "fichier"
        relative = f"{int(session_number)}/{_SAFE_NAME.sub('_', kind)}/{digest}-{name}"
        target = self.directory / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        except OSError:
            raise FileNotWritableError(meta={"path": str(target)}) from None
        return self.PREFIX + relative

    @hookimpl
    def pixcore_attachment_exists(self, reference: str) -> bool | None:
        """True when this folder holds the file; None for other stores' references."""
        if not reference.startswith(self.PREFIX):
            return None
        relative = Path(reference.removeprefix(self.PREFIX))
        if relative.is_absolute() or ".." in relative.parts:
            return False
        return (self.directory / relative).is_file()


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
    opens (``pixcore_open_store``). Attachments go to ``<store>.attachments``;
    ``plugins`` (a clock...) come first.
    """
    location = str(store) if synchronous == "FULL" else f"{store}?synchronous={synchronous}"
    opened = _store_plugin(location)
    attachments = FileAttachments(Path(f"{store}.attachments"))
    try:
        pm = create_plugin_manager(autoload=False, plugins=[opened, attachments, *plugins])
        yield SessionService(PluginHost(pm))
    finally:
        close = getattr(opened, "close", None)
        if callable(close):
            close()


def add_common_options(parser: argparse.ArgumentParser, *, store: bool = True) -> None:
    """``--store``, ``--json`` and ``--tz``, on every subcommand."""
    if store:
        parser.add_argument(
            "--store",
            type=Path,
            default=Path(DEFAULT_STORE),
            metavar="FICHIER",
            help=f"base de données des sessions (défaut : ./{DEFAULT_STORE})",
        )
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.add_argument(
        "--tz",
        type=zone,
        default=ZoneInfo("Europe/Paris"),
        metavar="FUSEAU",
        help="fuseau horaire d'affichage (défaut : Europe/Paris)",
    )
