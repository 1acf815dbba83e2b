"""A cheap streaming pre-scan of a spreadsheet's XML, before any library reads it.

python-calamine refuses a DOCTYPE and a UTF-16 document, but it materialises every row
up to the sheet's limit and expands ``<text:s text:c="400000000"/>`` into 1.5 GB. This
scan reads each XML part once with expat (C, streaming, no tree) and refuses:

- anything but UTF-8 (a byte-order mark, another declared encoding, invalid bytes);
- any ``<!DOCTYPE`` (so no entity, internal or external, is ever declared);
- nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_ELEMENTS` elements;
- space runs (``text:s``/``text:c``) beyond :data:`MAX_SPACES` each;
- data in a cell beyond row :data:`MAX_ROWS` or column :data:`MAX_COLUMNS`, whether
  reached by repeats (ODS ``number-rows-repeated``, ``number-columns-repeated``) or by
  cell references (XLSX ``<c r="XFD1048576">``). Repeated *empty* rows and cells, as
  LibreOffice writes them up to the sheet's end, are fine.

Names are matched on their local part (after any prefix) so that rebinding a namespace
prefix cannot hide an attribute that the reader, which matches raw names, would see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from pixcore.formats._limits import (
    MAX_COLUMNS,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_ROWS,
    MAX_SPACES,
    corrupt,
    too_many_columns,
    too_many_rows,
    unsafe,
)

__all__ = ["XmlBudget", "scan_xml"]

_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x00\x00", b"\x00<", b"<\x00")
_UTF8 = {"utf-8", "utf8"}
_CELL_LAYOUT = {"style-name", "number-columns-repeated", "content-validation-name",
                "number-columns-spanned", "number-rows-spanned"}  # fmt: skip
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})", re.ASCII)
_DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _attributes(attributes: dict[str, str]) -> dict[str, str]:
    """Attributes by local name; two with one local name (``text:c``, ``x:c``) are refused."""
    local = {_local(name): value for name, value in attributes.items()}
    if len(local) != len(attributes):
        raise unsafe("attributes")
    return local


def _count(value: str | None) -> int:
    """A repeat count; absent is 1, anything but 1 to 9 ASCII digits is refused."""
    if value is None:
        return 1
    if not _DIGITS.fullmatch(value.strip()):
        raise unsafe("repeat")
    return max(int(value), 1)


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class XmlBudget:
    """What one archive may still use, shared by its parts."""

    elements: int = MAX_ELEMENTS
    spaces: int = 100 * MAX_SPACES


@dataclass
class _Cell:
    repeat: int
    content: bool


@dataclass
class _Grid:
    """Where the scan stands in the current sheet (ODS table or XLSX sheetData)."""

    row: int = 0  # rows before the current one (ODS) / the current row number (XLSX)
    row_repeat: int = 1
    column: int = 0
    row_content: bool = False
    cells: list[_Cell] = field(default_factory=list)


class _Scanner:
    """expat handlers: depth, counts and the grid checks of ODS and XLSX."""

    def __init__(self, budget: XmlBudget) -> None:
        self.budget = budget
        self.depth = 0
        self.grids: list[_Grid] = []

    def start(self, name: str, raw: dict[str, str]) -> None:
        self.depth += 1
        self.budget.elements -= 1
        if self.depth > MAX_DEPTH:
            raise unsafe("depth")
        if self.budget.elements < 0:
            raise unsafe("elements")
        grid = self.grids[-1] if self.grids else None
        if grid is not None and grid.cells:
            grid.cells[-1].content = True  # a child element: the cell holds something
        self._open(_local(name), _attributes(raw), grid)

    def _open(self, local: str, attributes: dict[str, str], grid: _Grid | None) -> None:
        if local in ("table", "sheetData"):
            self.grids.append(_Grid())
        elif local == "s" and "c" in attributes:
            spaces = _count(attributes["c"])
            self.budget.spaces -= spaces
            if spaces > MAX_SPACES or self.budget.spaces < 0:
                raise unsafe("spaces")
        elif grid is None:
            return
        elif local == "table-row":
            grid.row_repeat, grid.column, grid.row_content = (
                _count(attributes.get("number-rows-repeated")),
                0,
                False,
            )
        elif local in ("table-cell", "covered-table-cell"):
            content = not set(attributes) <= _CELL_LAYOUT
            grid.cells.append(_Cell(_count(attributes.get("number-columns-repeated")), content))
        elif local == "row":
            grid.row = _count(attributes["r"]) if "r" in attributes else grid.row + 1
            grid.column = 0
        elif local == "c":
            self._xlsx_cell(attributes.get("r"), grid)

    def _xlsx_cell(self, reference: str | None, grid: _Grid) -> None:
        if reference is None:
            grid.column += 1
        else:
            match = _REF.fullmatch(reference.strip())
            if match is None:
                raise unsafe("reference")
            grid.column, grid.row = _column(match[1]), int(match[2])
        grid.cells.append(_Cell(1, False))

    def end(self, name: str) -> None:
        self.depth -= 1
        local = _local(name)
        if not self.grids:
            return
        grid = self.grids[-1]
        if local in ("table", "sheetData"):
            self.grids.pop()
        elif local in ("table-cell", "covered-table-cell") and grid.cells:
            cell = grid.cells.pop()
            if cell.content:
                self._check(grid.row + grid.row_repeat, grid.column + cell.repeat)
                grid.row_content = True
            grid.column += cell.repeat
        elif local == "table-row":
            grid.row += grid.row_repeat
        elif local == "c" and grid.cells and grid.cells.pop().content:
            self._check(grid.row, grid.column)

    @staticmethod
    def _check(last_row: int, last_column: int) -> None:
        if last_row > MAX_ROWS:
            raise too_many_rows()
        if last_column > MAX_COLUMNS:
            raise too_many_columns()


def _refuse_declaration(*_: object) -> None:
    raise unsafe("declaration")


def _encoding_checked(content: bytes) -> None:
    if content.startswith(_BOMS):
        raise unsafe("encoding")
    declared = _DECLARED.match(content.removeprefix(b"\xef\xbb\xbf"))
    if declared is not None and declared[1].decode("ascii").lower() not in _UTF8:
        raise unsafe("encoding")


def scan_xml(content: bytes, kind: str, budget: XmlBudget) -> None:
    """Refuse ``content`` (one XML part of a ``kind`` spreadsheet) unless safe and small.

    Raises ``IMPORT_FILE_UNSAFE``, ``IMPORT_TOO_MANY_ROWS``, ``IMPORT_TOO_MANY_COLUMNS``
    or ``IMPORT_FILE_CORRUPT`` (not well-formed XML).
    """
    _encoding_checked(content)
    scanner = _Scanner(budget)
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    parser.StartElementHandler = scanner.start
    parser.EndElementHandler = scanner.end
    try:
        parser.Parse(content, True)
    except expat.ExpatError:
        raise corrupt(kind, "xml") from None
