"""The caps around every uploaded candidate file, and the coded errors that enforce them.

A candidate list is a few dozen rows of a dozen short cells. pixcore reads nothing
beyond what such a list can need, whatever a file declares: these numbers bound the
work (time and memory) of any import, hostile or careless, before the data reaches a
parser. Each refusal is an :class:`~pixcore.errors.InvalidInputError` with its own code
and a French message that says what to do (``pixcore/messages.py``).
"""

from __future__ import annotations

from pixcore.errors import InvalidInputError, MetaValue

__all__ = [
    "IMPORT_FILE_CODES",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "MAX_SPACES",
    "MAX_TOTAL_BYTES",
    "cell_too_long",
    "corrupt",
    "too_large",
    "too_many_columns",
    "too_many_rows",
    "unsafe",
]

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest file accepted (the archive of a spreadsheet, or a CSV): 10 MB."""
MAX_ENTRIES = 500
"""Most entries in a spreadsheet archive (an Excel file has a few dozen)."""
MAX_PART_BYTES = 16 * 1024 * 1024
"""Largest uncompressed XML part read (``content.xml``, a worksheet, shared strings)."""
MAX_TOTAL_BYTES = 32 * 1024 * 1024
"""Largest sum of the uncompressed parts read from one archive (zip bombs end here)."""
MAX_ROWS = 5_000
"""Last row that may hold data (title and header rows included)."""
MAX_COLUMNS = 100
"""Last column that may hold data (the template has 12, Pix's mass import 21)."""
MAX_CELL_CHARS = 1_000
"""Longest cell text (an e-mail address is at most 254 characters)."""
MAX_DEPTH = 48
"""Deepest XML nesting (a spreadsheet's content is about 10 levels deep)."""
MAX_ELEMENTS = 1_000_000
"""Most XML elements read from one archive."""
MAX_SPACES = 1_000
"""Most spaces one ``<text:s text:c="…"/>`` may stand for; the whole file gets 100×."""

IMPORT_FILE_CODES = frozenset(
    {
        "IMPORT_FILE_TOO_LARGE",
        "IMPORT_FILE_CORRUPT",
        "IMPORT_FILE_UNSAFE",
        "IMPORT_TOO_MANY_ROWS",
        "IMPORT_TOO_MANY_COLUMNS",
        "IMPORT_CELL_TOO_LONG",
        "CSV_ENCODING_NOT_UTF8",
        "CSV_SEPARATOR_NOT_VALID",
    }
)
"""Codes of a refused file (the command line exits with 3 for them, like other inputs)."""


def _error(code: str, **meta: MetaValue) -> InvalidInputError:
    return InvalidInputError(code, meta=meta)


def too_large(reason: str) -> InvalidInputError:
    """``IMPORT_FILE_TOO_LARGE``: the file, or what it expands to, exceeds the caps."""
    return _error("IMPORT_FILE_TOO_LARGE", reason=reason, max_mb=MAX_FILE_BYTES // 2**20)


def corrupt(kind: str, reason: str) -> InvalidInputError:
    """``IMPORT_FILE_CORRUPT``: not a readable archive or document of ``kind``."""
    return _error("IMPORT_FILE_CORRUPT", format=kind, reason=reason)


def unsafe(reason: str) -> InvalidInputError:
    """``IMPORT_FILE_UNSAFE``: a structure refused for safety (``reason`` says which)."""
    return _error("IMPORT_FILE_UNSAFE", reason=reason)


def too_many_rows() -> InvalidInputError:
    """``IMPORT_TOO_MANY_ROWS``: data beyond row :data:`MAX_ROWS`."""
    return _error("IMPORT_TOO_MANY_ROWS", max=MAX_ROWS)


def too_many_columns() -> InvalidInputError:
    """``IMPORT_TOO_MANY_COLUMNS``: data beyond column :data:`MAX_COLUMNS`."""
    return _error("IMPORT_TOO_MANY_COLUMNS", max=MAX_COLUMNS)


def cell_too_long(line: int) -> InvalidInputError:
    """``IMPORT_CELL_TOO_LONG``: a cell of ``line`` exceeds :data:`MAX_CELL_CHARS`."""
    return _error("IMPORT_CELL_TOO_LONG", line=line, max=MAX_CELL_CHARS)
