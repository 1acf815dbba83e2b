"""Read the first sheet of a spreadsheet (``.ods`` or ``.xlsx``) as rows of cell texts.

Pure: takes the file's bytes. The archive is opened and repacked within bounds
(:mod:`pixcore.formats._archive`), every XML part pre-scanned
(:mod:`pixcore.formats._xmlscan`); only then does python-calamine, a maintained reader
(Rust), parse the clean copy. Its values become texts as the import expects them: a
number cell gives its shortest exact form (``0.33``, ``6088``), a date cell
``AAAA-MM-JJ``, any other cell its text. Every cell is capped at
:data:`~pixcore.formats._limits.MAX_CELL_CHARS` characters.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Literal

import python_calamine

from pixcore.formats._archive import repack
from pixcore.formats._limits import MAX_CELL_CHARS, MAX_COLUMNS, cell_too_long, corrupt
from pixcore.formats._xmlscan import XmlBudget, scan_xml

__all__ = ["SheetKind", "read_sheet_rows"]

SheetKind = Literal["ODS", "XLSX"]
_READER_ERRORS = (python_calamine.CalamineError, ValueError, TypeError, OverflowError,
                  KeyError, IndexError)  # fmt: skip


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _rows(values: Sequence[Sequence[object]]) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for number, row in enumerate(values, start=1):
        cells = [_text(value) for value in row[:MAX_COLUMNS]]
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            raise cell_too_long(number)
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            rows.append((number, cells))
    return rows


def _calamine_values(clean: bytes, kind: SheetKind) -> list[list[object]]:
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(clean)) as workbook:
            if not workbook.sheet_names:
                raise corrupt(kind, "no_sheet")
            sheet = workbook.get_sheet_by_index(0)
            return list(sheet.to_python(skip_empty_area=False))  # type: ignore[arg-type]
    except _READER_ERRORS:
        raise corrupt(kind, "reader") from None
    except BaseException as error:  # a panic of the Rust reader is a BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise corrupt(kind, "reader") from None


def read_sheet_rows(data: bytes, kind: SheetKind) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the first sheet, each with its 1-based row number.

    Fully empty rows are skipped (they still count for the numbering). Raises the
    coded errors of :mod:`pixcore.formats._limits` (``IMPORT_FILE_TOO_LARGE``,
    ``IMPORT_FILE_CORRUPT``, ``IMPORT_FILE_UNSAFE``, ``IMPORT_TOO_MANY_ROWS``,
    ``IMPORT_TOO_MANY_COLUMNS``, ``IMPORT_CELL_TOO_LONG``).
    """
    budget = XmlBudget()
    clean = repack(data, kind, lambda _, content: scan_xml(content, kind, budget))
    return _rows(_calamine_values(clean, kind))
