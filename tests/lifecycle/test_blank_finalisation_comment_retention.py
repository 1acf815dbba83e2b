"""Retention (issue 17): a blank finalisation comment holds nothing to erase.

``expired`` says "what the session store must erase"; a comment that is empty (an event
may carry ``comment=""``: the field only has to be a string) names nobody, and
publishability already reads it as no comment. Only the comments' period is due here,
so with a blank comment nothing expires; the same session with a real comment asks for
the comments, and once they are erased nothing is asked again.
"""

from __future__ import annotations

import datetime as dt

from pixcore import events as ev
from pixcore.lifecycle.evolve import replay
from pixcore.lifecycle.retention import RetentionPolicy, expired
from pixcore.models import Session

DAY = dt.date(2025, 1, 6)
T = dt.datetime.combine(DAY, dt.time(9), tzinfo=dt.UTC)
COMMENTS_ONLY = [RetentionPolicy("comments", 0, "session_date", "test")]


def _finalised(comment: str | None) -> list[ev.Event]:
    session = Session(number=1, site="Collège", room="B1", date=DAY, time=dt.time(9),
                      invigilator="M", access_code="BCDF23")  # fmt: skip
    return [
        ev.SessionCreated(session=session),
        ev.SessionFinalised(
            pv_scan="pv", comment=comment, has_incident=False, has_joining_issue=False, at=T
        ),
    ]


def test_a_blank_comment_does_not_expire() -> None:
    state = replay(_finalised(""))
    assert state.finalisation is not None and state.finalisation.comment == ""
    assert expired(state, DAY, policies=COMMENTS_ONLY) is None


def test_a_real_comment_expires_once() -> None:
    events = _finalised("Coupure de courant à 10 h")
    command = expired(replay(events), DAY, policies=COMMENTS_ONLY)
    assert command is not None
    assert (command.comments, command.candidate_ids, command.report_ids, command.attachments) == (
        True, (), (), False,
    )  # fmt: skip
    erased = ev.PersonalDataErased(reason="retention", comments=True, at=T)
    assert expired(replay([*events, erased]), DAY, policies=COMMENTS_ONLY) is None
