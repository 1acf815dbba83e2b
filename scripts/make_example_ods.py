"""Write examples/candidates.ods: the Pix ODS template filled with the example candidates.

Usage: ``python scripts/make_example_ods.py`` (reads ``examples/candidates.csv``).

Only the standard library (zipfile): the ``mimetype`` entry first and uncompressed, a
manifest, and ``content.xml`` with one sheet. Like the template of Pix Certif, a title
row comes before the header row; "Temps majoré ?" cells are percentage cells
(``office:value="0.33"``); numeric INSEE codes (``06088``) are number cells that lost
their leading zero, as a spreadsheet stores them, so that the import pads them back.

:func:`build_ods` is reused by the tests to build valid and broken files.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]

ODS_HEADERS = (
    "* Nom de naissance",
    "* Prénom",
    "Identifiant local",
    "Temps majoré ?",
    "* Date de naissance (format : jj/mm/aaaa)",
    "Nom de la commune",
    "Code postal",
    "Code Insee",
    "Pays",
    "E-mail de convocation",
    "E-mail du destinataire des résultats (formateur, enseignant…)",
    "* Sexe (M ou F)",
    "Classe",
)

_CSV_TO_ODS = {
    "* Date de naissance (format: jj/mm/aaaa)": "* Date de naissance (format : jj/mm/aaaa)",
    "* Pays": "Pays",
}

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<office:document-content \
xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Liste des candidats">
"""
_EMPTY_ROWS = (
    '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>\n'
)
_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>\n"


def _cell(header: str, value: str) -> str:
    if not value:
        return "<table:table-cell/>"
    if header == "Temps majoré ?":
        fraction = str(int(value) / 100) if value.isdigit() else value
        return (
            f'<table:table-cell office:value-type="percentage" office:value={quoteattr(fraction)}>'
            f"<text:p>{escape(value)} %</text:p></table:table-cell>"
        )
    if header in ("Code Insee", "Code postal") and value.isdigit():
        number = str(int(value))
        return (
            f'<table:table-cell office:value-type="float" office:value="{number}">'
            f"<text:p>{number}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def _row(cells: Sequence[str]) -> str:
    return "<table:table-row>" + "".join(cells) + "</table:table-row>\n"


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed date: the same input always gives the same bytes."""
    return zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))


def build_ods(
    rows: Sequence[Sequence[str]],
    *,
    headers: Sequence[str] = ODS_HEADERS,
    title: str | None = "Liste des candidats de la session",
    doctype: str = "",
) -> bytes:
    """An ``.ods`` file: optional title row, ``headers``, then ``rows`` (cell texts).

    ``doctype`` is inserted verbatim before the root element (tests of the refusal).
    An empty row in ``rows`` is written as a repeated empty row.
    """
    body = [_HEAD.format(doctype=doctype)]
    if title is not None:
        body.append(
            _row([f"<table:table-cell><text:p>{escape(title)}</text:p></table:table-cell>"])
        )
    body.append(_row([_cell("", header) for header in headers]))
    for values in rows:
        if not any(values):
            body.append(_EMPTY_ROWS)
            continue
        body.append(_row([_cell(h, v) for h, v in zip(headers, values, strict=False)]))
    body.append(_TAIL)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            _entry("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        for name, text in (("META-INF/manifest.xml", _MANIFEST), ("content.xml", "".join(body))):
            archive.writestr(_entry(name), text, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def rows_from_csv(path: Path) -> list[list[str]]:
    """The example CSV's lines, as ODS rows (columns in the ODS template's order)."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.DictReader(stream, delimiter=";"))
    return [
        [
            line.get(next((c for c, o in _CSV_TO_ODS.items() if o == h), h), "") or ""
            for h in ODS_HEADERS
        ]
        for line in lines
    ]


def main() -> None:
    rows = rows_from_csv(ROOT / "examples" / "candidates.csv")
    target = ROOT / "examples" / "candidates.ods"
    target.write_bytes(build_ods(rows))
    print(f"{target} : {len(rows)} candidats")


if __name__ == "__main__":
    main()
