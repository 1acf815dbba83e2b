"""Read Pix's CSV mass-import format within bounds, naming what is wrong with a file.

A referent who saves a list from Excel gets, by default, a file in Windows-1252 (or
"Unicode text": UTF-16 with tabs); a file from another tool may be comma-separated.
Rather than twelve "missing header" errors, such a file gets one coded error that names
the problem and the fix: ``CSV_ENCODING_NOT_UTF8`` (with the encoding detected by
charset-normalizer, from a fixed list of labels) or ``CSV_SEPARATOR_NOT_VALID``. Files
are capped in size, rows, columns and cell length (:mod:`pixcore.formats._limits`).

Decision (``docs/decisions.md``, edges): a file not in UTF-8 is refused, never
decoded by guess — a wrong guess would silently change pupils' names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from charset_normalizer import from_bytes

from pixcore.errors import InvalidInputError
from pixcore.formats._limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    cell_too_long,
    too_large,
    too_many_columns,
    too_many_rows,
)

__all__ = ["SEPARATOR", "csv_rows", "decode_csv", "separator_error"]

SEPARATOR = ";"
_SAMPLE = 64 * 1024
_LABELS = {
    "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16",
    "utf_32": "UTF-32", "utf_32_le": "UTF-32", "utf_32_be": "UTF-32",
    "cp1252": "Windows-1252", "latin_1": "ISO-8859-1", "iso8859_15": "ISO-8859-15",
    "mac_roman": "Mac Roman", "cp850": "DOS (CP850)", "cp437": "DOS (CP437)",
}  # fmt: skip
_UNKNOWN = "inconnu / unknown"
_OTHER_SEPARATORS = {",": ",", "\t": "tabulation", "|": "|"}


def _encoding_label(data: bytes) -> str:
    """A label for the encoding of ``data`` from a fixed list (never a text of the file)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    best = from_bytes(data[:_SAMPLE]).best()
    name = best.encoding if best is not None else ""
    return _LABELS.get(name, "Windows-1252" if name.startswith("cp125") else _UNKNOWN)


def decode_csv(data: bytes | str) -> str:
    """The file's text (UTF-8, with or without BOM), or ``CSV_ENCODING_NOT_UTF8``."""
    if isinstance(data, str):
        if len(data) > MAX_FILE_BYTES:
            raise too_large("file")
        return data.removeprefix("\ufeff")
    if len(data) > MAX_FILE_BYTES:
        raise too_large("file")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        label = _encoding_label(data)
        raise InvalidInputError("CSV_ENCODING_NOT_UTF8", meta={"encoding": label}) from None


def separator_error(header: Sequence[str], expected: Iterable[str]) -> InvalidInputError | None:
    """``CSV_SEPARATOR_NOT_VALID`` when the header line is split by another separator.

    ``header`` is the first line read with ``;``: one cell that, split by ``,``, a tab or
    ``|``, holds at least two of the ``expected`` headers.
    """
    if len([cell for cell in header if cell.strip()]) != 1:
        return None
    line = header[0]
    wanted = {name.strip() for name in expected}
    for separator, label in _OTHER_SEPARATORS.items():
        found = {part.strip().strip('"') for part in line.split(separator)}
        if len(found & wanted) >= 2:
            return InvalidInputError("CSV_SEPARATOR_NOT_VALID", meta={"separator": label})
    return None


def csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """The non-empty lines, split by ``;``, each with its 1-based line number.

    Raises ``IMPORT_TOO_MANY_ROWS``, ``IMPORT_TOO_MANY_COLUMNS``,
    ``IMPORT_CELL_TOO_LONG``, or ``INVALID_DOCUMENT`` (reason ``csv``).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if line > MAX_ROWS:
                raise too_many_rows()
            if any(cell.strip() for cell in cells):
                _check_cells(line, cells)
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error:
        raise InvalidInputError("INVALID_DOCUMENT", meta={"reason": "csv"}) from None
    return rows


def _check_cells(line: int, cells: list[str]) -> None:
    while cells and not cells[-1].strip():
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise too_many_columns()
    if any(len(cell) > MAX_CELL_CHARS for cell in cells):
        raise cell_too_long(line)
