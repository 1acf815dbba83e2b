"""Convocations (BEF-3, BEF-4): one document per enrolled candidate.

Each convocation is typeset on its own, from that candidate's data only: date, time
and place of the session, the test's duration with the candidate's extra time when
any, what to bring (an identity document, the Pix or ENT credentials) and the
identity exactly as printed on the PV. It never shows the access code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pixcore.errors import NotFoundError
from pixcore.formats.documents._engine import compile_pdf
from pixcore.formats.documents._text import (
    candidate_order,
    duration_text,
    extra_time_text,
    printable,
    school_data,
    session_data,
    session_of,
    short_date,
)
from pixcore.formats.documents.wording import wording_for
from pixcore.lifecycle.state import SessionState
from pixcore.models.candidate import Candidate
from pixcore.models.school import SchoolDetails

__all__ = ["iter_convocations", "render_convocation"]


def _candidate_data(candidate: Candidate) -> dict[str, str]:
    return {
        "last_name": printable(candidate.last_name, "last_name"),
        "first_name": printable(candidate.first_name, "first_name"),
        "birth_date": short_date(candidate.birth_date),
        "division": printable(candidate.division or "", "division"),
        "extra_time": extra_time_text(candidate.extra_time),
        "duration": duration_text(candidate.extra_time),
    }


def _render(state: SessionState, candidate: Candidate, school: SchoolDetails) -> bytes:
    session = session_of(state)
    data = {
        "school": school_data(school, session),
        "session": session_data(session),
        "t": wording_for("convocation", school.wording),
        "candidate": _candidate_data(candidate),
    }
    when = dt.datetime.combine(session.date, session.time, tzinfo=dt.UTC)
    return compile_pdf("convocation", data, access_code=session.access_code, when=when)


def render_convocation(
    state: SessionState, candidate_id: str, school: SchoolDetails | None = None
) -> bytes:
    """The convocation of one enrolled candidate, as PDF bytes (``CANDIDATE_UNKNOWN``)."""
    session_of(state)
    candidate = state.candidates.get(candidate_id)
    if candidate is None:
        raise NotFoundError("CANDIDATE_UNKNOWN")
    return _render(state, candidate, school or SchoolDetails())


def iter_convocations(
    state: SessionState, school: SchoolDetails | None = None
) -> Iterator[tuple[int, str, bytes]]:
    """Every convocation in the PV's order: (PV line, candidate id, PDF bytes).

    Lazy: one candidate is typeset per step (for a progress bar).
    """
    session_of(state)
    school = school or SchoolDetails()
    for line, (candidate_id, candidate) in enumerate(candidate_order(state), start=1):
        yield line, candidate_id, _render(state, candidate, school)
