"""How documents are typeset: embedded fonts only, reproducible bytes, glyph coverage,
pages that are not blank (pdftoppm), the school's logo and wording, the docs' keys."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from documents_support import (
    demo_like_state,
    gray_png_pixels,
    pages_text,
    published_demo_state,
)
from pypdf import PdfReader

from pixcore.formats import documents as docs
from pixcore.formats.documents import _engine
from pixcore.formats.documents._text import PRINTABLE_RANGES, is_printable
from pixcore.models.school import SchoolDetails

DOCS = Path(__file__).resolve().parents[2] / "docs"
STATE = demo_like_state(30)

KINDS: dict[str, Callable[[], bytes]] = {
    "pv": lambda: docs.render_pv_session(STATE),
    "notice-pix": lambda: docs.render_notice(STATE, version="pix"),
    "notice-gar": lambda: docs.render_notice(STATE, version="gar"),
    "notice-projection": lambda: docs.render_notice(STATE, version="gar", layout="projection"),
    "instructions": lambda: docs.render_instructions(STATE),
    "incident": lambda: docs.render_incident_report(STATE),
    "convocation": lambda: next(docs.iter_convocations(STATE))[2],
    "attestation": lambda: next(docs.iter_attestations(published_demo_state()))[1],
    "class-summary": lambda: docs.render_class_summary(published_demo_state()),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_only_embedded_fonts_from_the_typst_package(kind: str) -> None:
    fonts = set()
    for page in PdfReader(io.BytesIO(KINDS[kind]())).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), "not embedded"
            name = str(font["/BaseFont"]).lstrip("/")
            fonts.add(re.sub(r"^[A-Z]{6}\+", "", name).split("-Identity")[0])
    assert fonts <= {
        "LibertinusSerif-Regular", "LibertinusSerif-Bold", "LibertinusSerif-Italic",
        "DejaVuSansMono", "DejaVuSansMono-Bold",
    }  # fmt: skip


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_same_state_same_bytes_even_from_a_fresh_compiler(kind: str) -> None:
    first, second = KINDS[kind](), KINDS[kind]()
    assert first == second
    fresh: list[bytes] = []
    thread = threading.Thread(target=lambda: fresh.append(KINDS[kind]()))  # new compilers
    thread.start()
    thread.join()
    assert fresh == [first]


def test_every_printable_character_is_drawn_and_reads_back() -> None:
    """The ranges that pass the text check are really in the embedded font."""
    chars = [
        chr(code)
        for low, high in PRINTABLE_RANGES
        for code in range(low, high + 1)
        if is_printable(chr(code)) and unicodedata.category(chr(code)) not in ("Mn", "Zs")
    ]
    assert len(chars) > 1000
    source = (
        '#set text(font: "Libertinus Serif", ligatures: false, hyphenate: false)\n'
        "#set page(height: auto)\n#let d = json(bytes(sys.inputs.d))\n"
        "#for (i, c) in d.enumerate() [#str(i)=#c \\ \n]\n"
    )
    import typst

    pdf = typst.compile(
        source.encode(), font_paths=_engine._fonts(), ignore_system_fonts=True,
        format="pdf", sys_inputs={"d": json.dumps(chars)},
    )  # fmt: skip
    got = {}
    for line in "\n".join(pages_text(pdf)).splitlines():
        found = re.match(r"^(\d+)=(.*)$", line)
        if found:
            got[int(found.group(1))] = found.group(2).strip()
    missing = [hex(ord(c)) for i, c in enumerate(chars) if got.get(i) != c]
    assert missing == []
    assert not is_printable("\u2041") and not is_printable("\u200b") and not is_printable("😀")


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is required here (Debian: apt-get install poppler-utils)")
        pytest.skip("pdftoppm not installed (Debian: apt-get install poppler-utils)")
    return found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_first_page_renders_to_a_png_that_is_not_blank(kind: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(KINDS[kind]())
    command = [_pdftoppm(), "-png", "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pdf), str(tmp_path / kind)], check=True, timeout=60)
    width, height, pixels = gray_png_pixels((tmp_path / f"{kind}.png").read_bytes())
    assert width > 100 and height > 100
    ink = sum(1 for value in pixels if value < 128) / len(pixels)
    assert 0.005 < ink < 0.5, f"{kind}: {ink:.2%} of the page is ink"
    top, bottom = pixels[: len(pixels) // 2], pixels[len(pixels) // 2 :]
    assert min(top) < 64, "text at the top of the page"
    assert bottom.count(255) < len(bottom), "the page goes on below the middle"


def test_school_logo_address_and_wording_are_printed() -> None:
    import segno

    logo = io.BytesIO()
    segno.make("logo").save(logo, kind="png", scale=4)
    school = SchoolDetails(
        name="Lycée Marie Curie", address=("1 place de la Mairie", "64500 Saint-Jean-de-Luz"),
        logo=logo.getvalue(), wording={"pv.title": "Procès-verbal — certification Pix"},
    )  # fmt: skip
    pdf = docs.render_pv_session(STATE, school)
    text = pages_text(pdf)[0]
    assert "Lycée Marie Curie" in text and "64500 Saint-Jean-de-Luz" in text
    assert "Procès-verbal — certification Pix" in text
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) >= 1  # the logo (the QR code is a vector drawing)


def test_an_invalid_logo_or_too_long_texts_are_refused() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        SchoolDetails(logo=b"GIF89a...")
    assert caught.value.errors()[0]["type"] == "SCHOOL_LOGO_INVALID"
    with pytest.raises(ValidationError):
        SchoolDetails(wording={"pv.title": "x" * 2001})
    with pytest.raises(ValidationError):
        SchoolDetails(address=("a",) * 7)


def test_every_wording_key_is_documented() -> None:
    """docs/documents.md has one table row per wording key, no more."""
    text = (DOCS / "documents.md").read_text("utf-8")
    documented = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", text, re.MULTILINE)
    assert sorted(documented) == sorted(docs.DEFAULT_WORDING)


def test_french_spacing_is_applied_to_wording_never_to_names() -> None:
    state = demo_like_state(1)
    text = pages_text(docs.render_notice(state))[0]
    assert "«\u00a0Certification\u00a0»" in text and "session\u00a0:" in text
    assert "N'Diaye Aminata" in pages_text(docs.render_pv_session(state))[0]
