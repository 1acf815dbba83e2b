"""What goes into a document's data: checked text, French dates, durations, stable order.

Pure helpers shared by every document. Text printed from the session (names, site,
school) is checked, never altered: a character the embedded fonts cannot draw, or one
that does not print (control, zero-width, soft hyphen), refuses the document with
``DOCUMENT_TEXT_NOT_PRINTABLE`` rather than printing a name the pupil cannot read or
type. Names are shown in NFC (the same glyphs; what copy and extraction give).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal

from pixcore.errors import InvalidInputError, NotFoundError
from pixcore.lifecycle.state import SessionState
from pixcore.models.candidate import Candidate
from pixcore.models.extra_time import ExtraTime
from pixcore.models.school import SchoolDetails, logo_format
from pixcore.models.session import Session
from pixcore.rules.timing import allowed_duration

__all__ = [
    "MAX_FIELD_CHARS",
    "PRINTABLE_RANGES",
    "candidate_order",
    "clock",
    "duration_text",
    "extra_time_text",
    "french_date",
    "is_printable",
    "printable",
    "school_data",
    "session_data",
    "session_of",
    "short_date",
    "strings_in",
]

MAX_FIELD_CHARS = 200
"""Longest text printed from the session (a name, a site, a room)."""

PRINTABLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x02B0, 0x02FF),  # spacing modifier letters (ʼ ˈ)
    (0x0300, 0x036F),  # combining diacritical marks
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese...)
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis
    (0x202F, 0x202F),  # narrow no-break space (French punctuation)
    (0x2030, 0x205E),  # per mille, primes, guillemets ‹ ›...
    (0x20A0, 0x20C0),  # currency signs
)
"""Characters the embedded Libertinus Serif draws (checked by a test, one by one)."""

_NOT_DRAWN = frozenset("\u2041\u2043\u2053\u00ad")
"""In the ranges but without a glyph (⁁ ⁃ ⁓), or invisible (soft hyphen)."""
_NOT_PRINTING = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Me", "Zl", "Zp"})

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def is_printable(char: str) -> bool:
    """True when the documents' fonts draw ``char`` visibly."""
    code = ord(char)
    if char in _NOT_DRAWN or unicodedata.category(char) in _NOT_PRINTING:
        return False
    return any(low <= code <= high for low, high in PRINTABLE_RANGES)


def printable(
    text: str, field: str, *, line: int | None = None, limit: int = MAX_FIELD_CHARS
) -> str:
    """``text`` in NFC when every character prints; otherwise a coded refusal.

    ``field`` and ``line`` (a PV line, never a name) say where the problem is.
    """
    meta: dict[str, str | int] = {"field": field}
    if line is not None:
        meta["line"] = line
    value = unicodedata.normalize("NFC", text)
    if len(value) > limit:
        raise InvalidInputError("DOCUMENT_TEXT_TOO_LONG", meta=meta)
    if not all(is_printable(char) for char in value):
        raise InvalidInputError("DOCUMENT_TEXT_NOT_PRINTABLE", meta=meta)
    return value


def _sort_text(text: str) -> str:
    """French alphabetical key: accents and case ignored, ligatures spelt out."""
    spelt = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", spelt.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def candidate_order(state: SessionState) -> tuple[tuple[str, Candidate], ...]:
    """The enrolled candidates in the PV's stable order, with their ids.

    Alphabetical by birth name then first name (accents, case, spaces, hyphens and
    apostrophes ignored), then birth date; exact spellings and the candidate id break
    the remaining ties, so the order never depends on enrolment order.
    """

    def key(item: tuple[str, Candidate]) -> tuple[str, str, dt.date, str, str, str]:
        candidate_id, candidate = item
        last = unicodedata.normalize("NFC", candidate.last_name)
        first = unicodedata.normalize("NFC", candidate.first_name)
        return (
            _sort_text(last), _sort_text(first), candidate.birth_date, last, first, candidate_id,
        )  # fmt: skip

    return tuple(sorted(state.candidates.items(), key=key))


def short_date(day: dt.date) -> str:
    """``JJ/MM/AAAA``, as Pix prints birth dates."""
    return f"{day:%d/%m/%Y}"


def french_date(day: dt.date) -> str:
    """``jeudi 12 mars 2026``."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{_DAYS[day.weekday()]} {number} {_MONTHS[day.month - 1]} {day.year}"


def clock(time: dt.time) -> str:
    """``09 h 05``: hours and minutes, French style."""
    return f"{time:%H} h {time:%M}"


def _percent(fraction: Decimal) -> str:
    value = (fraction * 100).normalize()
    text = f"{value:f}".replace(".", ",")
    return f"{text}\u00a0%"


def extra_time_text(extra_time: ExtraTime | None) -> str:
    """``33 %``; empty when the candidate has no extra time (or 0 %)."""
    if extra_time is None or extra_time.fraction == 0:
        return ""
    return _percent(extra_time.fraction)


def duration_text(extra_time: ExtraTime | None) -> str:
    """The test's duration with the candidate's extra time: ``1 h 45``, ``2 h 20``."""
    minutes = int(allowed_duration(extra_time).total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


def session_of(state: SessionState) -> Session:
    """The session, or ``SESSION_UNKNOWN`` for a state before its creation."""
    if state.session is None:
        raise NotFoundError("SESSION_UNKNOWN")
    return state.session


def session_data(session: Session) -> dict[str, str]:
    """The session's printed facts (never its access code)."""
    return {
        "number": str(session.number),
        "site": printable(session.site, "site"),
        "room": printable(session.room, "room"),
        "invigilator": printable(session.invigilator, "invigilator"),
        "date": french_date(session.date),
        "date_short": short_date(session.date),
        "time": clock(session.time),
    }


def school_data(school: SchoolDetails, session: Session) -> dict[str, object]:
    """The school's header: name (the session's site when none), address, logo bytes."""
    logo = school.logo
    return {
        "name": printable(school.name or session.site, "school.name"),
        "address": [printable(line, "school.address") for line in school.address],
        "logo": list(logo) if logo else None,
        "logo_format": logo_format(logo) if logo else None,
    }


def strings_in(value: object) -> Iterable[str]:
    """Every string inside a JSON-like value (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)
