"""The hostile candidate files of issue 8 §1, generated (shared by tests and benchmark).

Each case is a name, the file name it is uploaded as, the bytes, and the code it must
end in. The ODS cases are those the issue lists; each has its XLSX equivalent where
the attack applies to Excel's format (``text:s``/``text:c`` has none).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from spreadsheets import (
    ODS_HEAD,
    ODS_MIMETYPE,
    ODS_TAIL,
    XLSX_NS,
    build_xlsx,
    lying_sizes,
    ods_body,
    ods_cell,
    ods_of,
    xlsx_of,
    xlsx_sheet,
    xlsx_strings,
    zip_bomb,
    zip_of,
)

ODS_TEMPLATE_ROWS = [["Dubois", "Léa", "", "33", "14/03/2011", "", "", "75056", "France",
                      "", "", "F", "3e A"]]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Hostile:
    """One hostile upload: what it is, its name, how to build it, the code it must get."""

    name: str
    filename: str
    build: Callable[[], bytes]
    code: str


def _utf16_with_entity_ods() -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE d [<!ENTITY e "Lefèvre">]>\n'
               + ODS_HEAD.split("\n", 1)[1] + f"<table:table-row>{ods_cell('x')}</table:table-row>"
               + ODS_TAIL).replace("<text:p>x</text:p>", "<text:p>&e;</text:p>")  # fmt: skip
    return ods_of(content.encode("utf-16"))


def _utf16_with_entity_xlsx() -> bytes:
    sheet = (f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE d [<!ENTITY e "Lefèvre">]>\n'
             f'<worksheet xmlns="{XLSX_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
             "<is><t>&e;</t></is></c></row></sheetData></worksheet>")  # fmt: skip
    return xlsx_of(sheet.encode("utf-16"))


def _spaces_ods(prefix: str = "text") -> bytes:
    rebind = ' xmlns:evil="urn:evil"' if prefix == "evil" else ""
    cell = (f'<table:table-cell office:value-type="string"><text:p>a<{prefix}:s{rebind} '
            f'{prefix}:c="400000000"/>b</text:p></table:table-cell>')  # fmt: skip
    return ods_of(ods_body(f"<table:table-row>{cell}</table:table-row>"))


def _row_repeat_ods() -> bytes:
    """The issue's 406-byte file: one row repeated 2,000,000 times (no manifest needed)."""
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
               'office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
               '<office:body><office:spreadsheet><table:table><table:table-row '
               'table:number-rows-repeated="2000000"><table:table-cell office:value-type='
               '"float" office:value="1"/></table:table-row></table:table></office:spreadsheet>'
               "</office:body></office:document-content>")  # fmt: skip
    return zip_of([("mimetype", ODS_MIMETYPE), ("content.xml", content)])


def _far_row_xlsx() -> bytes:
    return xlsx_of(xlsx_sheet('<row r="2000000"><c r="A2000000"><v>1</v></c></row>'))


def _row_after_empty_repeat_ods() -> bytes:
    rows = (f"<table:table-row>{ods_cell('x')}</table:table-row><table:table-row "
            'table:number-rows-repeated="1048570"><table:table-cell/></table:table-row>'
            f"<table:table-row>{ods_cell('y')}</table:table-row>")  # fmt: skip
    return ods_of(ods_body(rows))


def _column_repeat_ods() -> bytes:
    cell = ('<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
            "<text:p>x</text:p></table:table-cell>")  # fmt: skip
    return ods_of(ods_body(f"<table:table-row>{cell}</table:table-row>"))


def _far_column_xlsx() -> bytes:
    return xlsx_of(xlsx_sheet('<row r="1"><c r="XFD1"><v>1</v></c></row>'))


def _deep_ods() -> bytes:
    depth = 100_000
    cell = ('<table:table-cell office:value-type="string"><text:p>' + "<text:span>" * depth
            + "x" + "</text:span>" * depth + "</text:p></table:table-cell>")  # fmt: skip
    return ods_of(ods_body(f"<table:table-row>{cell}</table:table-row>"))


def _deep_xlsx() -> bytes:
    depth = 100_000
    strings = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{XLSX_NS}"><si>'
               + "<r>" * depth + "</r>" * depth + "</si></sst>")  # fmt: skip
    return xlsx_of(xlsx_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)


def _truncated_ods() -> bytes:
    from spreadsheets import ODS

    data = ODS.build_ods(ODS_TEMPLATE_ROWS)
    return data[: len(data) // 2]


def _truncated_xlsx() -> bytes:
    data = build_xlsx(ODS_TEMPLATE_ROWS)
    return data[: len(data) // 2]


def _corrupt_ods() -> bytes:
    """Deflated data flipped in the middle: a raw zlib.error or CRC error before."""
    from spreadsheets import ODS

    data = bytearray(ODS.build_ods(ODS_TEMPLATE_ROWS))
    start = data.find(b"content.xml") + len("content.xml") + 40
    for offset in range(start, start + 64):
        data[offset] ^= 0x5A
    return bytes(data)


BOMB_BYTES = 256 * 1024 * 1024
"""Uncompressed size of the bombs (8× the archive cap; benchmarks use 1 GiB)."""


def _bomb_ods() -> bytes:
    return zip_bomb("content.xml", BOMB_BYTES, [("mimetype", ODS_MIMETYPE)])


def _bomb_xlsx() -> bytes:
    return zip_bomb("xl/sharedStrings.xml", BOMB_BYTES)


def _lying_bomb_ods() -> bytes:
    """A 64 MiB content.xml whose headers declare 1,000 bytes."""
    return lying_sizes(zip_bomb("content.xml", 64 * 1024 * 1024), "content.xml", 1000)


def _many_entries_xlsx() -> bytes:
    return zip_of([(f"xl/x{i}.xml", "<a/>") for i in range(10_000)], stored=True)


def _doctype_strings_xlsx() -> bytes:
    strings = (
        '<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]>'
        + xlsx_strings(["&a;"]).split("\n", 1)[1]
    )
    return xlsx_of(xlsx_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)


def _long_cell_ods() -> bytes:
    return ods_of(ods_body(f"<table:table-row>{ods_cell('x' * 5000)}</table:table-row>"))


def _long_cell_xlsx() -> bytes:
    return xlsx_of(xlsx_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                   xlsx_strings(["x" * 5000]))  # fmt: skip


def _duplicate_entry_ods() -> bytes:
    good = ods_body(f"<table:table-row>{ods_cell('x')}</table:table-row>")
    return ods_of(good, extra=[("content.xml", "<evil/>")])


def _huge_file_ods() -> bytes:
    return b"PK" + b"\0" * (11 * 1024 * 1024)


HOSTILE: list[Hostile] = [
    Hostile("utf16+entity", "liste.ods", _utf16_with_entity_ods, "IMPORT_FILE_UNSAFE"),
    Hostile("utf16+entity", "liste.xlsx", _utf16_with_entity_xlsx, "IMPORT_FILE_UNSAFE"),
    Hostile("text:c=400000000", "liste.ods", _spaces_ods, "IMPORT_FILE_UNSAFE"),
    Hostile(
        "text:c, prefix rebound", "liste.ods", lambda: _spaces_ods("evil"), "IMPORT_FILE_UNSAFE"
    ),
    Hostile("2,000,000-row repeat", "liste.ods", _row_repeat_ods, "IMPORT_TOO_MANY_ROWS"),
    Hostile("row 2,000,000", "liste.xlsx", _far_row_xlsx, "IMPORT_TOO_MANY_ROWS"),
    Hostile(
        "data after 1M empty rows", "liste.ods", _row_after_empty_repeat_ods, "IMPORT_TOO_MANY_ROWS"
    ),
    Hostile("16,384-column repeat", "liste.ods", _column_repeat_ods, "IMPORT_TOO_MANY_COLUMNS"),
    Hostile("column XFD", "liste.xlsx", _far_column_xlsx, "IMPORT_TOO_MANY_COLUMNS"),
    Hostile("deep nesting", "liste.ods", _deep_ods, "IMPORT_FILE_UNSAFE"),
    Hostile("deep nesting", "liste.xlsx", _deep_xlsx, "IMPORT_FILE_UNSAFE"),
    Hostile("truncated archive", "liste.ods", _truncated_ods, "IMPORT_FILE_CORRUPT"),
    Hostile("truncated archive", "liste.xlsx", _truncated_xlsx, "IMPORT_FILE_CORRUPT"),
    Hostile("corrupt deflate data", "liste.ods", _corrupt_ods, "IMPORT_FILE_CORRUPT"),
    Hostile("zip bomb", "liste.ods", _bomb_ods, "IMPORT_FILE_TOO_LARGE"),
    Hostile("zip bomb", "liste.xlsx", _bomb_xlsx, "IMPORT_FILE_TOO_LARGE"),
    Hostile("zip bomb, lying sizes", "liste.ods", _lying_bomb_ods, "IMPORT_FILE_CORRUPT"),
    Hostile("10,000 entries", "liste.xlsx", _many_entries_xlsx, "IMPORT_FILE_UNSAFE"),
    Hostile("DOCTYPE in shared strings", "liste.xlsx", _doctype_strings_xlsx, "IMPORT_FILE_UNSAFE"),
    Hostile("5,000-character cell", "liste.ods", _long_cell_ods, "IMPORT_CELL_TOO_LONG"),
    Hostile("5,000-character cell", "liste.xlsx", _long_cell_xlsx, "IMPORT_CELL_TOO_LONG"),
    Hostile("duplicate content.xml", "liste.ods", _duplicate_entry_ods, "IMPORT_FILE_CORRUPT"),
    Hostile("11 MB file", "liste.ods", _huge_file_ods, "IMPORT_FILE_TOO_LARGE"),
]
