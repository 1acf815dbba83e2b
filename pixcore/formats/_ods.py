"""Read the first sheet of an OpenDocument spreadsheet (``.ods``) as rows of cell texts.

Pure: takes the file's bytes. An ``.ods`` file is a zip holding ``content.xml``. That XML
is parsed only after refusing any ``<!DOCTYPE`` or ``<!ENTITY`` declaration (no entity
expansion, no external resource), and only within a size limit (no zip bomb). Cells are
read as text, never through a float: a percentage or number cell gives its
``office:value`` attribute as written (``"0.33"``), a date cell its ``office:date-value``
(``"2011-03-14"``), any other cell its displayed text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree as ET

__all__ = ["MAX_CONTENT_BYTES", "OdsError", "read_ods_rows"]

MAX_CONTENT_BYTES = 64 * 1024 * 1024
"""Largest ``content.xml`` accepted (uncompressed)."""

MAX_COLUMNS = 256
"""Cells kept per row; LibreOffice repeats empty cells up to the sheet's width."""

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_T = "{" + _NS["table"] + "}"
_O = "{" + _NS["office"] + "}"
_X = "{" + _NS["text"] + "}"
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_NUMERIC = ("float", "percentage", "currency")


class OdsError(ValueError):
    """The bytes are not a readable, safe ODS spreadsheet (``reason`` says why)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _content(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > MAX_CONTENT_BYTES:
                raise OdsError("too_large")
            with archive.open(info) as stream:
                content = stream.read(MAX_CONTENT_BYTES + 1)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError):
        raise OdsError("not_an_ods") from None
    if len(content) > MAX_CONTENT_BYTES:
        raise OdsError("too_large")
    return content


def _text(element: ET.Element) -> str:
    """The displayed text of a cell: paragraphs joined by newlines, spaces expanded."""
    parts: list[str] = []

    def walk(node: ET.Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == _X + "s":
                parts.append(" " * int(child.get(_X + "c", "1") or 1))
            elif child.tag == _X + "tab":
                parts.append("\t")
            elif child.tag == _X + "line-break":
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    paragraphs = []
    for paragraph in element.findall(_X + "p"):  # not the comments (annotations)
        parts = []
        walk(paragraph)
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _cell_value(cell: ET.Element) -> str:
    kind = cell.get(_O + "value-type")
    if kind in _NUMERIC and cell.get(_O + "value") is not None:
        return cell.get(_O + "value") or ""
    if kind == "date" and cell.get(_O + "date-value"):
        return (cell.get(_O + "date-value") or "")[:10]
    return _text(cell)


def _repeat(element: ET.Element, attribute: str) -> int:
    try:
        return max(int(element.get(_T + attribute, "1")), 1)
    except ValueError:
        return 1


def _row_cells(row: ET.Element) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag not in (_T + "table-cell", _T + "covered-table-cell"):
            continue
        value = _cell_value(cell)
        count = min(_repeat(cell, "number-columns-repeated"), MAX_COLUMNS - len(cells))
        cells.extend([value] * count)
        if len(cells) >= MAX_COLUMNS:
            break
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _rows(table: ET.Element) -> Iterator[ET.Element]:
    """Rows in order, also inside header-rows and row-groups."""
    for child in table:
        if child.tag == _T + "table-row":
            yield child
        elif child.tag in (_T + "table-header-rows", _T + "table-row-group", _T + "table-rows"):
            yield from _rows(child)


def read_ods_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the first sheet, each with its 1-based row number.

    Fully empty rows are skipped (their repetitions still count for the numbering).
    Raises :class:`OdsError` (``not_an_ods``, ``too_large``, ``declaration``,
    ``not_xml``, ``no_sheet``).
    """
    content = _content(data)
    if _DECLARATION.search(content):
        raise OdsError("declaration")
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        raise OdsError("not_xml") from None
    table = root.find(f"{_O}body/{_O}spreadsheet/{_T}table")
    if table is None:
        raise OdsError("no_sheet")
    rows: list[tuple[int, list[str]]] = []
    number = 0
    for row in _rows(table):
        cells = _row_cells(row)
        repeat = _repeat(row, "number-rows-repeated")
        if not cells:
            number += repeat
            continue
        for _ in range(min(repeat, 10_000)):
            number += 1
            rows.append((number, list(cells)))
        number += max(repeat - 10_000, 0)
    return rows
