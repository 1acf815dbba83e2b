"""Documented defaults and bounds: what a host may leave out of a command, what it may
send, and what a value of the lifecycle holds until something happens to it.

Each expectation is the command's or value's docstring (``pixcore.lifecycle.commands``,
``state``, ``results``) or the rule it carries out: a command a host builds with only
the fields it knows must mean what the docstring says, and a bound refuses the value
before any session is read. The tests live here, in the first suite the table mutator runs, because its reach analysis
does not follow class-level field declarations to the tests that build the classes
(docs/mutation.md).
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from pixcore import InvalidInputError, NotFoundError
from pixcore import events as ev
from pixcore.lifecycle import EMPTY, decide
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.comments import jury_comments
from pixcore.lifecycle.evolve import replay
from pixcore.lifecycle.results import CertificationResult
from pixcore.lifecycle.state import AnswerState, SessionState
from pixcore.models import Session

T = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)


def _session() -> SessionState:
    session = Session(number=1, site="Collège", room="B1", date=dt.date(2026, 3, 12),
                      time=dt.time(9), invigilator="M", access_code="BCDF23")  # fmt: skip
    return replay([ev.SessionCreated(session=session)])


def test_an_end_screen_confirmation_says_seen_unless_told() -> None:
    """ConfirmEndScreen: the invigilator *saw* the end screen (DAY-18); ``seen=False``
    records that they did not."""
    assert cmd.ConfirmEndScreen(certification_number=7).seen is True


def test_a_tick_ticks_unless_told() -> None:
    """TickChecklistItem: tick, or untick with ``done=False``."""
    (event,) = decide(_session(), cmd.TickChecklistItem(item="BEF-8"), T)
    assert isinstance(event, ev.ChecklistItemTicked)
    assert (event.item, event.done) == ("BEF-8", True)


def test_a_checklist_item_id_is_one_to_sixteen_characters() -> None:
    """TickChecklistItem: ``item`` has 1 to 16 characters; one or sixteen reach the
    checklist (no step has such an id: ``CHECKLIST_ITEM_UNKNOWN``), none or seventeen are
    refused by validation."""
    for item in ("X", "X" * 16):
        with pytest.raises(InvalidInputError) as unknown:
            decide(_session(), cmd.TickChecklistItem(item=item), T)
        assert (unknown.value.code, dict(unknown.value.meta)) == (
            "CHECKLIST_ITEM_UNKNOWN", {"field": "item"},
        )  # fmt: skip
    for item in ("", "X" * 17):
        with pytest.raises(ValidationError, match="item"):
            cmd.TickChecklistItem(item=item)


@pytest.mark.parametrize("command", [cmd.JuryAct, cmd.Unfinalise])
def test_a_jury_member_is_named(command: type[cmd.JuryAct | cmd.Unfinalise]) -> None:
    """JuryAct, Unfinalise: a jury member's action names the member (one letter is a
    name, as an initial); an empty name names nobody."""
    fields: dict[str, object] = {"action": "assign"} if command is cmd.JuryAct else {}
    assert command(jury_member="J", **fields).jury_member == "J"  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="jury_member"):
        command(jury_member="", **fields)  # type: ignore[arg-type]


def test_an_erasure_erases_only_what_it_names() -> None:
    """ErasePersonalData: the comments and the attachments go only when asked
    (``comments=True``, ``attachments=True``; their retention periods are their own,
    personal-data.md); a command naming nothing is ``NOTHING_TO_ERASE``."""
    command = cmd.ErasePersonalData(reason="retention", report_ids=())
    assert (command.comments, command.attachments) == (False, False)
    with pytest.raises(NotFoundError) as nothing:
        decide(_session(), command, T)
    assert (nothing.value.code, dict(nothing.value.meta)) == ("NOTHING_TO_ERASE", {})


def _join(**fields: object) -> cmd.JoinSession:
    return cmd.JoinSession(session_number=4242, access_code="BCDF23", first_name="Léa",
                           last_name="Dubois", birth_date=dt.date(2010, 1, 2),
                           **fields)  # type: ignore[arg-type]  # fmt: skip


def test_joining_checks_eligibility_unless_the_host_switches_it_off() -> None:
    """decisions.md 22: eligibility (D1) is checked at joining by default."""
    assert _join(user="gar:1").require_eligibility is True


def test_an_account_id_of_one_character_is_an_id() -> None:
    """JoinSession: ``user`` is the account's stable id — a Pix user id is a number, and
    ``7`` is one; only an empty id names nobody."""
    assert _join(user="7").user == "7"
    with pytest.raises(ValidationError, match="user"):
        _join(user="")


def test_a_session_s_version_counts_the_events_applied() -> None:
    """SessionState: ``version`` counts the events applied — none before the first."""
    assert (EMPTY.version, SessionState().version) == (0, 0)
    assert _session().version == 1


def test_an_answer_is_untouched_by_the_jury_until_it_acts() -> None:
    """AnswerState: what the jury did to an answer — nothing, until it neutralises it or
    skips it (D6)."""
    answer = AnswerState(status="aband", at=T)
    assert (answer.neutralised, answer.auto_skipped) == (False, False)


def test_a_result_without_comments_has_empty_ones() -> None:
    """CertificationResult: no comment given is the empty comment that
    ``jury_comments`` gives before a result."""
    result = CertificationResult(certification_number=7, candidate_id="C2", status="started",
                                 reason=None, pix=0, reproducibility=0, end_screen="none",
                                 end_screen_pending=False)  # fmt: skip
    pair = (result.comment_for_candidate, result.comment_for_organization)
    assert pair == jury_comments("started", None) == ("", "")
