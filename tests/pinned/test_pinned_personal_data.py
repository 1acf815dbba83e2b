"""Personal data out of reprs, the flags a host may omit, and the retention of free text.

Written against the table mutator's survivors (docs/mutation.md). The personal fields are
those of docs/decisions.md PD2 (civil data, the joined account id, report descriptions,
finalisation and jury comments) and E11 (secrets such as the access code): a repr — what
a log line, a traceback or a debugger prints — shows none of their values. The flags a
host may leave out of ``RecordAnswer`` mean "not said, so not so" (rules.md §8.4 checks
them before neutralising), and PD7 gives report descriptions 365 days. The tests live
here, in the first suite the table mutator runs, because its reach analysis does not
follow class-level field declarations to the tests that build the classes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pixcore import RefusedError
from pixcore import events as ev
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle import decide
from pixcore.lifecycle.evolve import _thaw, replay
from pixcore.lifecycle.retention import DEFAULT_POLICIES, expired
from pixcore.lifecycle.state import AnswerState
from pixcore.lifecycle.vault import NewRecord
from pixcore.models import BirthPlace, Candidate, Session
from pixcore.models.report import IssueReport
from pixcore.rules.identity import CandidateIdentity

SECRET = "Zqxsentinelvalue"
"""A value no repr may show: any personal field below holds it."""
BORN = dt.date(2009, 11, 23)
T = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
PLACE = BirthPlace(country_code="99100", country="FRANCE", city="Paris", insee_code="75056",
                   department_code="75")  # fmt: skip


def _silent(value: object) -> None:
    text = repr(value)
    assert SECRET not in text and "2009-11-23" not in text and "2009, 11, 23" not in text, text


def test_a_join_command_shows_no_identity_no_code_and_no_account() -> None:
    """PD2: civil data and the joined account id; E11: the access code is a secret."""
    command = cmd.JoinSession(session_number=4242, access_code=SECRET, first_name=SECRET,
                              last_name=SECRET, birth_date=BORN, user=SECRET)  # fmt: skip
    _silent(command)


@pytest.mark.parametrize(
    "command",
    [
        cmd.FileIssueReport(data={"description": SECRET}, filed_by="invigilator"),
        cmd.Finalise(pv_scan="pv.pdf", comment=SECRET, has_incident=False, has_joining_issue=False),
        cmd.JuryAct(action="assign", jury_member="J", comment=SECRET),
    ],
    ids=["report", "finalisation", "jury"],
)
def test_free_text_commands_show_none_of_their_text(command: cmd.Command) -> None:
    """PD2: report descriptions, finalisation and jury comments may name anyone."""
    _silent(command)


def test_the_identity_typed_at_joining_shows_none_of_it() -> None:
    _silent(CandidateIdentity(first_name=SECRET, last_name=SECRET, birth_date=BORN))


def test_a_personal_data_record_shows_none_of_its_data() -> None:
    """PD1: a record holds the value itself (civil data, an account id, a free text)."""
    _silent(NewRecord("ref-1", "text", f'"{SECRET}"'))


def _joined_state_events() -> list[ev.Event]:
    candidate = Candidate(last_name="Nom", first_name="Prénom", birth_date=dt.date(2010, 5, 17),
                          sex="F", birth_place=PLACE)  # fmt: skip
    entry = ev.EnrolledCandidate(candidate_id="C2", candidate=candidate)
    return [
        ev.CandidateEnrolled(enrolled=entry),
        ev.CandidateJoined(candidate_id="C2", user=SECRET),
    ]


def test_a_session_state_and_its_working_copy_show_no_account_id() -> None:
    """PD2: the account a candidate joined with is personal data, in the state the fold
    returns and in the mutable copy it builds while folding."""
    state = replay(_joined_state_events())
    assert state.users == {"C2": SECRET}  # held, only not shown
    _silent(state)
    _silent(_thaw(state))


def test_an_account_id_is_never_empty() -> None:
    """JoinSession: ``user`` is the stable id of an account; an empty one names nobody."""
    with pytest.raises(ValueError, match="user"):
        cmd.JoinSession(session_number=4242, access_code="BCDF23", first_name="Léa",
                        last_name="Dubois", birth_date=BORN, user="")  # fmt: skip


def test_flags_a_host_does_not_give_are_false() -> None:
    """An answer is timed, focus-watched, illustrated, embedded, with a file or a QROCM-dep
    only when the host says so: §8.4 neutralises on these flags, never on a guess."""
    answer = cmd.RecordAnswer(certification_number=7, status="ko")
    flags = ("timed", "focus", "has_illustration", "has_embed", "has_attachment", "qrocm_dep")
    assert [getattr(answer, name) for name in flags] == [False] * len(flags)
    state = AnswerState(status="ko", at=None)
    assert [getattr(state, name) for name in flags] == [False] * len(flags)


def test_a_report_description_is_kept_one_year_from_the_session() -> None:
    """PD7: report descriptions 365 days after the session date."""
    day = dt.date(2025, 1, 6)
    session = Session(number=1, site="Collège", room="B1", date=day, time=dt.time(9),
                      invigilator="M", access_code="BCDF23")  # fmt: skip
    report = IssueReport(certification_number=2, category="NON_BLOCKING_TECHNICAL_ISSUE",
                         description="texte", filed_by="invigilator", code="C7",
                         impactful=False)  # fmt: skip
    start = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    state = replay([
        ev.SessionCreated(session=session),
        ev.IssueReportFiled(report_id="R1", report=report, at=start),
    ])  # fmt: skip
    assert expired(state, day + dt.timedelta(days=364)) is None
    due = expired(state, day + dt.timedelta(days=365))
    assert due is not None and due.report_ids == ("R1",)


def test_the_default_retention_periods_are_pd7s() -> None:
    """PD7: untested candidates 92 days after the session; tested ones 3 years + 1 day
    after publication; descriptions, comments, attachments and audit events 365 days;
    GAR records at expiry."""
    assert {p.kind: (p.days, p.anchor) for p in DEFAULT_POLICIES} == {
        "untested_civil_data": (92, "session_date"),
        "tested_civil_data": (3 * 365 + 1, "publication"),
        "report_descriptions": (365, "session_date"),
        "comments": (365, "session_date"),
        "attachments": (365, "session_date"),
        "gar_records": (0, "session_date"),
        "audit_events": (365, "session_date"),
    }
    assert all(policy.source for policy in DEFAULT_POLICIES)  # every policy carries its source


def test_an_erasure_without_a_reason_is_a_request() -> None:
    """ErasePersonalData: a person's request (the default) is refused for a candidate
    still enrolled in a session not finalised; joining needs the civil data."""
    day = dt.date(2026, 3, 12)
    session = Session(number=1, site="Collège", room="B1", date=day, time=dt.time(9),
                      invigilator="M", access_code="BCDF23")  # fmt: skip
    state = replay([ev.SessionCreated(session=session), *_joined_state_events()[:1]])
    with pytest.raises(RefusedError) as caught:
        decide(state, cmd.ErasePersonalData(candidate_ids=("C2",)), T)
    assert caught.value.code == "PERSONAL_DATA_STILL_NEEDED"
