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
