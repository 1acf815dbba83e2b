"""Builders of spreadsheet files for the tests: valid ones and hostile ones, in code.

No binary fixture is stored: every file is generated here (``zipfile`` and XML text),
so that each test shows what it feeds the importer. ODS files reuse
``scripts/make_example_ods.py``; XLSX files are the smallest package Excel and
python-calamine agree on (content types, relationships, workbook, styles with a
percentage and a date format, shared strings, one worksheet).
"""

from __future__ import annotations

import importlib.util
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]


def _load_ods_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_example_ods", ROOT / "scripts" / "make_example_ods.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ODS = _load_ods_script()
ODS_HEAD = ODS._HEAD.format(doctype="")
ODS_TAIL = ODS._TAIL
ODS_HEADERS: tuple[str, ...] = ODS.ODS_HEADERS

# ----------------------------------------------------------------------------- zips


def zip_of(entries: Iterable[tuple[str, bytes | str]], *, stored: bool = False) -> bytes:
    """A zip of ``entries`` (duplicates allowed, deflated unless ``stored``)."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are a hostile case on purpose
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, content in entries:
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = method
                archive.writestr(info, content)
    return buffer.getvalue()


def zip_bomb(name: str, size: int, others: Sequence[tuple[str, str]] = ()) -> bytes:
    """An archive whose ``name`` inflates to ``size`` bytes of spaces (streamed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for other, content in others:
            archive.writestr(other, content)
        chunk = b" " * (1024 * 1024)
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type, info._compresslevel = zipfile.ZIP_DEFLATED, 1  # type: ignore[attr-defined]
        with archive.open(info, "w", force_zip64=True) as stream:
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return buffer.getvalue()


def lying_sizes(data: bytes, name: str, declared: int) -> bytes:
    """``data`` with ``name``'s uncompressed size rewritten to ``declared`` in both headers."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            if raw[start + name_at : start + name_at + len(encoded)] == encoded:
                raw[start + size_at : start + size_at + 4] = declared.to_bytes(4, "little")
            start += 4
    return bytes(raw)


# ------------------------------------------------------------------------------ ODS

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def ods_of(content: bytes | str, *, extra: Sequence[tuple[str, bytes | str]] = ()) -> bytes:
    """An ``.ods`` archive around a raw ``content.xml``."""
    return zip_of([("mimetype", ODS_MIMETYPE), ("META-INF/manifest.xml", ODS._MANIFEST),
                   ("content.xml", content), *extra])  # fmt: skip


def ods_body(rows_xml: str) -> str:
    """A whole ``content.xml`` with ``rows_xml`` inside its one table."""
    return ODS_HEAD + rows_xml + ODS_TAIL


def ods_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'


# ----------------------------------------------------------------------------- XLSX

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name="Liste des candidats" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>\
<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/>\
<xf numFmtId="9" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"""
PERCENT_STYLE, DATE_STYLE = 1, 2
XLSX_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx_sheet(rows_xml: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{XLSX_NS}">'
            f"<sheetData>{rows_xml}</sheetData></worksheet>")  # fmt: skip


def xlsx_strings(strings: Sequence[str]) -> str:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{XLSX_NS}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')  # fmt: skip


def xlsx_of(sheet: bytes | str, strings: bytes | str | None = None,
            *, extra: Sequence[tuple[str, bytes | str]] = ()) -> bytes:  # fmt: skip
    """An ``.xlsx`` archive around a raw worksheet (and shared strings)."""
    return zip_of([
        ("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
        ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/styles.xml", _STYLES), ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings if strings is not None else xlsx_strings([])), *extra,
    ])  # fmt: skip


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def build_xlsx(rows: Sequence[Sequence[str]], *, headers: Sequence[str] = ODS_HEADERS,
               title: str | None = "Liste des candidats de la session") -> bytes:  # fmt: skip
    """The Pix template as Excel saves it: title, headers, then ``rows`` (cell texts).

    "Temps majoré ?" cells are percentage cells holding the fraction; numeric INSEE and
    postal codes are number cells (their leading zero lost); a birth date typed as an
    ISO date (``2011-03-14``) becomes a date cell (an Excel serial number).
    """
    strings: list[str] = []

    def shared(text: str) -> int:
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    def cell(ref: str, header: str, value: str) -> str:
        if not value:
            return ""
        if header == "Temps majoré ?" and value.isdigit():
            return f'<c r="{ref}" s="{PERCENT_STYLE}"><v>{int(value) / 100!r}</v></c>'
        if header in ("Code Insee", "Code postal") and value.isdigit():
            return f'<c r="{ref}"><v>{int(value)}</v></c>'
        if header.startswith("* Date") and len(value) == 10 and value[4] == "-":
            import datetime as dt

            serial = (dt.date.fromisoformat(value) - dt.date(1899, 12, 30)).days
            return f'<c r="{ref}" s="{DATE_STYLE}"><v>{serial}</v></c>'
        return f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>'

    lines = ([[title]] if title is not None else []) + [list(headers)] + [list(r) for r in rows]
    xml = []
    for number, values in enumerate(lines, start=1):
        heads = headers if number > (2 if title is not None else 1) else [""] * len(values)
        cells = "".join(cell(f"{_column(i)}{number}", h, v)
                        for i, (h, v) in enumerate(zip(heads, values, strict=False)))  # fmt: skip
        xml.append(f'<row r="{number}">{cells}</row>')
    return xlsx_of(xlsx_sheet("".join(xml)), xlsx_strings(strings))
