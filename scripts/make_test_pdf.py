"""Write the technical test's PDF (issue 16, BEF-10): one page showing a code to type back.

Usage: ``python scripts/make_test_pdf.py`` (writes into ``pixcore/host/technical_test/``).

Only the standard library: a PDF 1.4 file with one page, the standard Helvetica font in
WinAnsiEncoding (so that French accents need no embedded font), an uncompressed content
stream and a cross-reference table with exact offsets. Deterministic: no date, no id.
The code comes from :data:`pixcore.rules.technical_test.TEST_PDF_CODE`;
:func:`build_pdf` is reused by the tests (the shipped file must equal its output).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "pixcore" / "host" / "technical_test"


def _pdf_text(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding, with ``\\ ( )`` escaped."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def build_pdf(code: str) -> bytes:
    """The test PDF's bytes: a title, one explanation line and ``code`` in large type."""
    lines = [
        (24, 72, 720, "Test technique pixcore"),
        (13, 72, 680, "Ce fichier PDF s'est bien ouvert : un lecteur de PDF est présent."),
        (13, 72, 655, "Saisissez le code ci-dessous dans la page du test technique."),
        (48, 72, 570, f"Code : {code}"),
    ]
    content = b"".join(
        b"BT /F1 %d Tf %d %d Td " % (size, x, y) + _pdf_text(text) + b" Tj ET\n"
        for size, x, y, text in lines
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def main() -> int:
    """Write the PDF next to the technical-test page."""
    sys.path.insert(0, str(ROOT))
    from pixcore.rules.technical_test import TEST_PDF_CODE, TEST_PDF_NAME

    (TARGET / TEST_PDF_NAME).write_bytes(build_pdf(TEST_PDF_CODE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
