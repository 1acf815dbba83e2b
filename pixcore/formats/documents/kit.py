"""The room's documents: candidate notices, instructions to read, PV d'incident template.

- The **candidate notice** (BEF-11, DAY-3, DAY-5, DAY-14, DAY-15, DAY-18, DAY-21,
  DAY-24): how to join the session, in a Pix-account version and a GAR/ENT version, to
  print (A4) or to project (16:9 slides, large type). It shows the session number and
  tells candidates to type their identity exactly as on the PV; the access code is
  given in the room, never printed.
- The **instructions to read aloud** (DAY-7), with the invigilator's reminders.
- The **PV d'incident** template (DAY-12): the session pre-filled, the rest to write.

None of them carries a pupil's data: they are the same for every candidate.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pixcore.errors import InvalidInputError
from pixcore.formats.documents._engine import compile_pdf
from pixcore.formats.documents._text import school_data, session_data, session_of
from pixcore.formats.documents.wording import wording_for
from pixcore.lifecycle.state import SessionState
from pixcore.models.school import SchoolDetails
from pixcore.models.session import Session

__all__ = [
    "NoticeLayout",
    "NoticeVersion",
    "render_incident_report",
    "render_instructions",
    "render_notice",
]

NoticeVersion = Literal["pix", "gar"]
"""``pix``: login with a Pix account; ``gar``: through the school's ENT (GAR)."""
NoticeLayout = Literal["print", "projection"]
"""``print``: A4 portrait; ``projection``: 16:9 slides in large type."""


def _when(session: Session) -> dt.datetime:
    return dt.datetime.combine(session.date, session.time, tzinfo=dt.UTC)


def render_notice(
    state: SessionState,
    school: SchoolDetails | None = None,
    *,
    version: NoticeVersion = "pix",
    layout: NoticeLayout = "print",
) -> bytes:
    """The candidate notice of the session, as PDF bytes."""
    if version not in ("pix", "gar"):
        raise InvalidInputError("FIELD_INVALID", meta={"field": "version"})
    if layout not in ("print", "projection"):
        raise InvalidInputError("FIELD_INVALID", meta={"field": "layout"})
    session = session_of(state)
    school = school or SchoolDetails()
    data = {
        "school": school_data(school, session),
        "session": session_data(session),
        "t": wording_for("notice", school.wording),
        "version": version,
        "layout": layout,
    }
    return compile_pdf("notice", data, access_code=session.access_code, when=_when(session))


def render_instructions(state: SessionState, school: SchoolDetails | None = None) -> bytes:
    """The instructions the invigilator reads aloud (consignes), as PDF bytes.

    Says how many candidates have extra time (their names are on the PV, not here).
    """
    session = session_of(state)
    school = school or SchoolDetails()
    extra = sum(
        1
        for candidate in state.candidates.values()
        if candidate.extra_time is not None and candidate.extra_time.fraction > 0
    )
    data = {
        "school": school_data(school, session),
        "session": session_data(session),
        "t": wording_for("instructions", school.wording),
        "extra_time_count": str(extra),
    }
    return compile_pdf("instructions", data, access_code=session.access_code, when=_when(session))


def render_incident_report(state: SessionState, school: SchoolDetails | None = None) -> bytes:
    """The PV d'incident template with the session pre-filled, as PDF bytes."""
    session = session_of(state)
    school = school or SchoolDetails()
    data = {
        "school": school_data(school, session),
        "session": session_data(session),
        "t": wording_for("incident", school.wording),
    }
    return compile_pdf("incident", data, access_code=session.access_code, when=_when(session))
