"""The PV de session (BEF-8, DAY-4, DAY-11, DAY-16–19): the pre-filled attendance sheet.

A4 landscape. Page 1: the school, the session (number, date, planned start, site,
room, invigilators, candidates enrolled), a QR code, the invigilator's box (start time
noted, candidates present, global comment, signature) and the table's first
:data:`PV_ROWS_FIRST_PAGE` lines; each next page :data:`PV_ROWS_PER_PAGE` lines under a
repeated header. One line per enrolled candidate in :func:`candidate_order`: birth
name, first name, birth date, extra time when any, then empty cells for the signature,
the certification number, the "Écran de fin de test vu" box and the "Signalements".

The QR code holds ``PIXCORE-PV:1:<session>:<fingerprint>``: the fingerprint is a
digest of the session number and of the enrolled list as printed, so a host that reads
the QR code on an uploaded scan can tell (:func:`check_pv_code`) whether it is the PV
of this session and of its current list. It holds no personal data and never the
access code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
from typing import Literal

import segno

from pixcore.formats.documents._engine import compile_pdf
from pixcore.formats.documents._text import (
    candidate_order,
    extra_time_text,
    printable,
    school_data,
    session_data,
    session_of,
    short_date,
)
from pixcore.formats.documents.wording import wording_for
from pixcore.lifecycle.state import SessionState
from pixcore.models.school import SchoolDetails

__all__ = [
    "PV_ROWS_FIRST_PAGE",
    "PV_ROWS_PER_PAGE",
    "PvCheck",
    "check_pv_code",
    "pv_check_code",
    "pv_fingerprint",
    "pv_page_count",
    "pv_rows",
    "render_pv_session",
]

PV_ROWS_FIRST_PAGE = 11
"""Candidate lines on the PV's first page (under the session's details)."""
PV_ROWS_PER_PAGE = 18
"""Candidate lines on each next page."""

PvCheck = Literal["match", "other_session", "list_changed", "not_a_pv_code"]
"""What :func:`check_pv_code` says about a code read on a scanned PV."""

_CODE = re.compile(r"^PIXCORE-PV:1:([0-9]{1,12}):([0-9]{20})$")


def pv_page_count(candidates: int) -> int:
    """The PV's number of pages for ``candidates`` enrolled candidates."""
    beyond = max(candidates - PV_ROWS_FIRST_PAGE, 0)
    return 1 + -(-beyond // PV_ROWS_PER_PAGE)


def pv_rows(state: SessionState) -> list[dict[str, str]]:
    """The PV's lines, in order: line number, names (NFC), birth date, extra time."""
    rows = []
    for line, (_, candidate) in enumerate(candidate_order(state), start=1):
        rows.append(
            {
                "line": str(line),
                "last_name": printable(candidate.last_name, "last_name", line=line),
                "first_name": printable(candidate.first_name, "first_name", line=line),
                "birth_date": short_date(candidate.birth_date),
                "extra_time": extra_time_text(candidate.extra_time),
            }
        )
    return rows


def pv_fingerprint(state: SessionState) -> str:
    """20 digits: a digest of the session number and of the enrolled list as printed."""
    session = session_of(state)
    digest = hashlib.sha256(f"pixcore-pv\n{session.number}\n".encode())
    for _, candidate in candidate_order(state):
        fields = (
            unicodedata.normalize("NFC", candidate.last_name),
            unicodedata.normalize("NFC", candidate.first_name),
            candidate.birth_date.isoformat(),
            str(candidate.extra_time.fraction) if candidate.extra_time else "",
        )
        digest.update(("\t".join(fields) + "\n").encode())
    return f"{int.from_bytes(digest.digest()[:8], 'big'):020d}"


def pv_check_code(state: SessionState) -> str:
    """The text of the PV's QR code: ``PIXCORE-PV:1:<session>:<fingerprint>``."""
    return f"PIXCORE-PV:1:{session_of(state).number}:{pv_fingerprint(state)}"


def check_pv_code(state: SessionState, scanned: str) -> PvCheck:
    """Compare the QR code read on an uploaded scan with this session's PV.

    ``match``: the PV of this session and of its current list; ``list_changed``: this
    session, but candidates were enrolled, removed or changed since it was printed;
    ``other_session``: another session's PV; ``not_a_pv_code``: not a pixcore PV code.
    """
    found = _CODE.match(scanned.strip()[:80])
    if found is None:
        return "not_a_pv_code"
    if int(found.group(1)) != session_of(state).number:
        return "other_session"
    return "match" if found.group(2) == pv_fingerprint(state) else "list_changed"


def _qr_svg(text: str) -> str:
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        out, kind="svg", xmldecl=False, svgns=True, scale=4, border=4
    )
    return out.getvalue().decode("ascii")


def _chunks(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    pages = [rows[:PV_ROWS_FIRST_PAGE]]
    rest = rows[PV_ROWS_FIRST_PAGE:]
    pages += [rest[i : i + PV_ROWS_PER_PAGE] for i in range(0, len(rest), PV_ROWS_PER_PAGE)]
    return pages


def render_pv_session(state: SessionState, school: SchoolDetails | None = None) -> bytes:
    """The PV de session of ``state``'s session, as PDF bytes (A4 landscape)."""
    session = session_of(state)
    school = school or SchoolDetails()
    rows = pv_rows(state)
    fingerprint = pv_fingerprint(state)
    data = {
        "school": school_data(school, session),
        "session": session_data(session),
        "t": wording_for("pv", school.wording),
        "enrolled": str(len(rows)),
        "pages": _chunks(rows),
        "qr_svg": _qr_svg(pv_check_code(state)),
        "fingerprint": " ".join(fingerprint[i : i + 4] for i in range(0, 20, 4)),
    }
    when = dt.datetime.combine(session.date, session.time, tzinfo=dt.UTC)
    return compile_pdf("pv", data, access_code=session.access_code, when=when)
