"""Helpers for the documents' tests: sessions to print, and the PDFs' text read back.

States are built through the lifecycle's commands, as a host would; the PDFs are read
with pypdf, independently of how pixcore built them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from pixcore import Referential, Session, validate_candidate
from pixcore.formats.documents import PV_ROWS_FIRST_PAGE, PV_ROWS_PER_PAGE
from pixcore.lifecycle import EMPTY, SessionState, decide, replay
from pixcore.lifecycle import commands as c

T0 = dt.datetime(2026, 3, 12, 8, 0, tzinfo=dt.UTC)
ACCESS_CODE = "BCDF23"
NUMBER = 4242

NAMES: tuple[tuple[str, str], ...] = (
    ("N'Diaye", "Aminata"),
    ("Lefèvre", "Maël"),
    ("García López", "Lucía"),
    ("D’Almeida", "Sarah"),
    ("Œuvray", "Chloé"),
    ("Dubois-Martin", "Jean-Baptiste"),
    ("de La Fontaine", "Anaïs"),
    ("Nguyễn", "Thị Hồng"),
    ("O'Neil", "Zoé"),
    ("Griffith", "Sofiane"),
)
"""Names that trip typesetters: apostrophes (straight and curly), accents, ligatures."""


def session(number: int = NUMBER, access_code: str = ACCESS_CODE) -> Session:
    return Session(
        number=number, site="Collège Jean Moulin", room="Salle B12",
        date=dt.date(2026, 3, 12), time=dt.time(9, 0), invigilator="Mme Martin",
        access_code=access_code,
    )  # fmt: skip


def state_of(candidates: Sequence[dict[str, Any]], **session_fields: Any) -> SessionState:
    """A created session with ``candidates`` (raw data for validate_candidate) enrolled."""
    referential = _referential()
    state = replay(decide(EMPTY, c.CreateSession(session=session(**session_fields)), T0))
    for data in candidates:
        full = {"sex": "F", "birth_country": "France", "birth_insee_code": "75056", **data}
        command = c.EnrolCandidate(candidate=validate_candidate(full, referential=referential))
        state = replay(decide(state, command, T0), state)
    return state


def candidate_data(index: int, **fields: Any) -> dict[str, Any]:
    last, first = NAMES[index % len(NAMES)]
    born = dt.date(2010, 1, 1) + dt.timedelta(days=index)
    extra = "0.33" if index % 4 == 1 else None
    return {
        "last_name": last, "first_name": first, "birth_date": born.isoformat(),
        "extra_time": extra, "division": f"3e {'AB'[index % 2]}", **fields,
    }  # fmt: skip


def demo_like_state(count: int, **session_fields: Any) -> SessionState:
    """A session with ``count`` candidates named from :data:`NAMES` (distinct birth dates)."""
    return state_of([candidate_data(i) for i in range(count)], **session_fields)


@cache
def _referential() -> Referential:
    return Referential.load()


@cache
def published_demo_state() -> SessionState:
    """The state of ``pixcore demo``'s session 12345, published (run once per process)."""
    from pixcore.cli.common import open_service
    from pixcore.cli.demo import DEMO_DATABASE, DEMO_SESSION_NUMBER, run_demo

    with tempfile.TemporaryDirectory() as folder:
        run_demo(Path(folder), out=lambda _: None)
        with open_service(Path(folder) / DEMO_DATABASE) as service:
            return service.load(DEMO_SESSION_NUMBER)


def pages_text(pdf: bytes) -> list[str]:
    """The text of every page, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Whitespace runs (line breaks, no-break spaces) as one space; a name wrapped
    after a hyphen joined again."""
    spaced = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))
    return re.sub(r"- ", "-", spaced).strip()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------ the PV's oracle

BIRTH_DATE = re.compile(r"\b\d\d/\d\d/\d{4}\b")
HEADER = (
    "N° Nom de naissance Prénom Date de naissance Temps majoré Signature N° de certification "
    "Écran de fin de test vu Signalements"
)


def expected_rows(state: SessionState) -> list[str]:
    """Each candidate's line as the PV must show it, in the PV's order (oracle below)."""
    people = sorted(
        state.candidates.values(),
        key=lambda c: (*oracle_key(c.last_name, c.first_name), c.birth_date),
    )
    rows = []
    for line, person in enumerate(people, start=1):
        extra = ""
        if person.extra_time is not None and person.extra_time.fraction > 0:
            extra = f" {int(person.extra_time.fraction * 100)} %"
        born = person.birth_date.strftime("%d/%m/%Y")
        rows.append(f"{line} {nfc(person.last_name)} {nfc(person.first_name)} {born}{extra}")
    return rows


_FRENCH = str.maketrans(
    {**dict.fromkeys("àâä", "a"), "ç": "c", **dict.fromkeys("éèêë", "e"),
     **dict.fromkeys("îï", "i"), **dict.fromkeys("ôö", "o"), **dict.fromkeys("ùûü", "u"),
     "ÿ": "y", "œ": "oe", "æ": "ae"}
)  # fmt: skip


def oracle_key(last: str, first: str) -> tuple[str, str]:
    """Naive French alphabetical order: lower case, French accents dropped, letters only.

    Ties (same names) are ordered by birth date by the caller; identical names and birth
    dates cannot both be enrolled (``DUPLICATE_CANDIDATE``)."""

    def spelt(text: str) -> str:
        lowered = unicodedata.normalize("NFC", text).lower().translate(_FRENCH)
        return "".join(char for char in lowered if char.isalnum())

    return spelt(last), spelt(first)


def check_pv(state: SessionState, pdf: bytes) -> None:
    """Every enrolled candidate exactly once, in order, page by page; nothing else."""
    rows = expected_rows(state)
    pages = [flat(text) for text in pages_text(pdf)]
    chunks = [rows[:PV_ROWS_FIRST_PAGE]] + [
        rows[i : i + PV_ROWS_PER_PAGE]
        for i in range(PV_ROWS_FIRST_PAGE, len(rows), PV_ROWS_PER_PAGE)
    ]
    assert len(pages) == len(chunks)
    assert state.session is not None
    for text, chunk in zip(pages, chunks, strict=True):
        assert HEADER in text  # the header repeats on every page
        assert f"PV de session n° {state.session.number}" in text
        body = text.split(HEADER, 1)[1]
        listed = " ".join(flat(row) for row in chunk)
        assert listed in body
        assert not BIRTH_DATE.search(body.replace(listed, "")), "a line that is not expected"


# ------------------------------------------------------------------ PNG, read back


def gray_png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and gray levels of an 8-bit PNG (gray, RGB or RGBA; not interlaced)."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunk = data[position + 8 : position + 8 + length]
        header = chunk if kind == b"IHDR" else header
        idat += chunk if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0 and colour in (0, 2, 6), "8-bit, not interlaced"
    step = {0: 1, 2: 3, 6: 4}[colour]
    stride = width * step
    raw, gray, previous = zlib.decompress(idat), bytearray(), bytes(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, corner = previous[x], previous[x - step] if x >= step else 0
            predictor = (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]
            line[x] = (line[x] + predictor) & 0xFF
        gray += bytes(
            sum(line[x : x + min(step, 3)]) // min(step, 3) for x in range(0, stride, step)
        )
        previous = bytes(line)
    return width, height, bytes(gray)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)
