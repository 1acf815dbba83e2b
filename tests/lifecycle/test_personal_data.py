"""Issue 17, the pure parts: sealing and resolving events, erasure in the fold, retention.

The retention decision is checked against an independent oracle that counts days with
ordinals; sealing against the plain events it started from.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixcore import events as ev
from pixcore.errors import StoreCorruptError
from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle import vault
from pixcore.lifecycle.evolve import replay
from pixcore.lifecycle.retention import DEFAULT_POLICIES, RetentionPolicy, expired
from pixcore.lifecycle.state import ERASED
from pixcore.models import BirthPlace, Candidate, Session
from pixcore.models.report import IssueReport
from pixcore.testing.strategies import french_names

T = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
PLACE = BirthPlace(country_code="99100", country="FRANCE", city="Paris", insee_code="75056",
                   department_code="75")  # fmt: skip


def _candidate(last: str, first: str) -> Candidate:
    return Candidate(last_name=last, first_name=first, birth_date=dt.date(2010, 5, 17),
                     sex="F", birth_place=PLACE)  # fmt: skip


def _report(number: int, description: str | None) -> IssueReport:
    return IssueReport(certification_number=number, category="NON_BLOCKING_TECHNICAL_ISSUE",
                       description=description, filed_by="invigilator", code="C7",
                       impactful=False)  # fmt: skip


@st.composite
def personal_events(draw: st.DrawFn) -> list[ev.Event]:
    """Plain events holding each kind of personal value, mixed with others."""
    names = draw(st.lists(st.tuples(french_names(), french_names()), min_size=1, max_size=4))
    entries = [
        ev.EnrolledCandidate(candidate_id=f"C{i}", candidate=_candidate(*pair))
        for i, pair in enumerate(names, start=2)
    ]
    events: list[ev.Event] = [ev.CandidatesImported(candidates=tuple(entries))]
    events += [ev.CandidateEnrolled(enrolled=entry) for entry in entries[:1]]
    text = st.text(min_size=1, max_size=20).filter(str.strip)
    events.append(ev.CandidateJoined(candidate_id="C2", user=draw(text)))
    events.append(ev.IssueReportFiled(report_id="R1", report=_report(1, draw(text)), at=T))
    events.append(
        ev.SessionFinalised(
            pv_scan="pv",
            comment=draw(st.none() | text),
            has_incident=False,
            has_joining_issue=False,
            at=T,
        )
    )
    events.append(ev.CandidateRemoved(candidate_id="C9"))
    return draw(st.permutations(events))


def _refs() -> object:
    counter = itertools.count()
    return lambda: f"ref-{next(counter)}"


@given(personal_events())
def test_sealing_keeps_no_value_and_resolving_gives_the_events_back(events: list[ev.Event]) -> None:
    resolved, records = vault.protect(events, _refs())  # type: ignore[arg-type]
    sealed = [vault.seal(event) for event in resolved]
    assert not any(vault.carries_personal_data(event) for event in sealed)
    texts = " ".join(ev.dump_event(event) for event in sealed)
    assert not any(record.data in texts for record in records if len(record.data) > 4)
    table = {record.ref: record.data for record in records}
    back = vault.resolve(sealed, table)
    assert [vault.plain(event) for event in back] == events
    assert replay(back) == replay(events)


@given(personal_events())
def test_without_its_records_every_value_reads_as_erased(events: list[ev.Event]) -> None:
    resolved, _ = vault.protect(events, _refs())  # type: ignore[arg-type]
    state = replay(vault.resolve([vault.seal(e) for e in resolved], {}))
    assert dict(state.candidates) == {}
    assert state.erased >= {"C2"}
    assert set(state.users.values()) <= {ERASED}
    assert all(r.report.description == ERASED for r in state.reports.values())
    assert state.finalisation is None or state.finalisation.comment in (None, ERASED)


def test_an_erasure_event_erases_in_the_fold_what_resolving_would() -> None:
    entries = tuple(
        ev.EnrolledCandidate(candidate_id=c, candidate=_candidate(c + "NOM", c + "PRENOM"))
        for c in ("C2", "C3")
    )
    events: list[ev.Event] = [
        ev.CandidatesImported(candidates=entries),
        ev.CandidateJoined(candidate_id="C2", user="gar:1"),
        ev.IssueReportFiled(report_id="R1", report=_report(1, "texte"), at=T),
    ]
    erasure = ev.PersonalDataErased(reason="request", candidate_ids=("C2",), report_ids=("R1",),
                                    at=T)  # fmt: skip
    state = replay([*events, erasure])
    assert set(state.candidates) == {"C3"} and state.erased == {"C2"}
    assert state.users["C2"] == ERASED and state.reports["R1"].report.description == ERASED


# ------------------------------------------------------------------ retention


def _session_events(day: dt.date, tested: list[bool], described: bool, comment: bool,
                    published: int | None) -> list[ev.Event]:  # fmt: skip
    session = Session(number=1, site="Collège", room="B1", date=day, time=dt.time(9),
                      invigilator="M", access_code="BCDF23")  # fmt: skip
    start = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    events: list[ev.Event] = [ev.SessionCreated(session=session)]
    for i, started in enumerate(tested, start=2):
        entry = ev.EnrolledCandidate(candidate_id=f"C{i}", candidate=_candidate(f"N{i}", "P"))
        events.append(ev.CandidateEnrolled(enrolled=entry))
        if started:
            events.append(
                ev.CertificationStarted(
                    candidate_id=f"C{i}", certification_number=i, started_at=start, question_count=6
                )
            )
    if described and any(tested):
        number = next(i for i, s in enumerate(tested, start=2) if s)
        events.append(ev.IssueReportFiled(report_id="R1", report=_report(number, "x"), at=start))
    events.append(
        ev.SessionFinalised(
            pv_scan="pv",
            comment="c" if comment else None,
            has_incident=False,
            has_joining_issue=False,
            at=start,
        )
    )
    if published is not None:
        events.append(ev.SessionPublished(at=start + dt.timedelta(days=published)))
    return events


def _oracle(day: dt.date, today: dt.date, tested: list[bool], described: bool, comment: bool,
            published: int | None, periods: dict[str, int]) -> cmd.ErasePersonalData | None:  # fmt: skip
    """Days between as ordinals; the tested period runs from the publication if any."""
    age = today.toordinal() - day.toordinal()
    since_publication = age - (published or 0) if published is not None else age
    ids = []
    for i, started in enumerate(tested, start=2):
        limit, elapsed = ((periods["tested_civil_data"], min(age, since_publication)) if started
                          else (periods["untested_civil_data"], age))  # fmt: skip
        if elapsed >= limit:
            ids.append(f"C{i}")
    reports = ["R1"] if described and any(tested) and age >= periods["report_descriptions"] else []
    comments = comment and age >= periods["comments"]
    files = "attachments" in periods and age >= periods["attachments"]  # always finalised
    if not (ids or reports or comments or files):
        return None
    return cmd.ErasePersonalData(reason="retention", candidate_ids=tuple(sorted(ids)),
                                 report_ids=tuple(reports), comments=comments,
                                 attachments=files)  # fmt: skip


@given(
    day=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    offset=st.integers(-10, 2000),
    tested=st.lists(st.booleans(), min_size=1, max_size=4),
    described=st.booleans(),
    comment=st.booleans(),
    published=st.none() | st.integers(0, 60),
    periods=st.fixed_dictionaries(
        {
            kind: st.integers(0, 1200)
            for kind in (
                "untested_civil_data",
                "tested_civil_data",
                "report_descriptions",
                "comments",
                "attachments",
            )
        }
    )
    | st.just({p.kind: p.days for p in DEFAULT_POLICIES}),
)
def test_retention_matches_an_independent_oracle(
    day: dt.date, offset: int, tested: list[bool], described: bool, comment: bool,
    published: int | None, periods: dict[str, int],
) -> None:  # fmt: skip
    today = day + dt.timedelta(days=offset)
    state = replay(_session_events(day, tested, described, comment, published))
    anchors = {"tested_civil_data": "publication"}
    policies = [RetentionPolicy(kind, days, anchors.get(kind, "session_date"), "test")  # type: ignore[arg-type]
                for kind, days in periods.items()]  # fmt: skip
    assert expired(state, today, policies=policies) == _oracle(
        day, today, tested, described, comment, published, periods
    )


def test_erased_data_is_not_erased_again() -> None:
    events = _session_events(dt.date(2025, 1, 6), [False, True], True, True, None)
    later = dt.date(2030, 1, 1)
    command = expired(replay(events), later)
    assert command is not None
    erasure = ev.PersonalDataErased(reason="retention", candidate_ids=command.candidate_ids,
                                    report_ids=command.report_ids, comments=command.comments,
                                    attachments=command.attachments, at=T)  # fmt: skip
    assert expired(replay([*events, erasure]), later) is None


def test_a_jury_comment_expires_with_the_comments_and_only_once() -> None:
    day = dt.date(2025, 1, 6)
    events = _session_events(day, [True], False, False, None)
    jury = ev.JuryDecisionMade(action="assign", jury_member="J", comment="texte libre", at=T)
    state = replay([*events, jury])
    assert state.jury_comments == 1
    assert expired(state, day + dt.timedelta(days=364)) is None
    command = expired(state, day + dt.timedelta(days=365))
    assert command is not None and command.comments and command.candidate_ids == ()
    erasure = ev.PersonalDataErased(reason="retention", comments=True, attachments=True, at=T)
    assert expired(replay([*events, jury, erasure]), day + dt.timedelta(days=365)) is None


# ------------------------------------------------------------------ one value of each kind

ACCOUNT = "gar:4f1c2e"
DESCRIPTION = "L'élève n'a pas pu ouvrir l'image (écran noir)"
COMMENT = "Coupure réseau à 9 h 40 : élèves déplacés en salle B12"
KINDS = ["candidate", "candidate", "account", "text", "text", "text"]
"""The kind of the record each event of :func:`_one_of_each` gives (PersonalKind)."""


def _one_of_each() -> list[ev.Event]:
    """One plain event per place personal data lives (PD2)."""
    entry = ev.EnrolledCandidate(candidate_id="C2", candidate=_candidate("Dubois", "Léa"))
    return [
        ev.CandidateEnrolled(enrolled=entry),
        ev.CandidatesImported(candidates=(entry,)),
        ev.CandidateJoined(candidate_id="C2", user=ACCOUNT),
        ev.IssueReportFiled(report_id="R1", report=_report(2, DESCRIPTION), at=T),
        ev.SessionFinalised(
            pv_scan="pv", comment=COMMENT, has_incident=False, has_joining_issue=False, at=T
        ),
        ev.JuryDecisionMade(action="assign", jury_member="J", comment=COMMENT, at=T),
    ]


def test_each_personal_value_becomes_a_record_of_its_kind() -> None:
    """PersonalKind: civil data is a ``candidate`` record, an account id an ``account``
    record, a description or a comment a ``text`` record. A record is the value's JSON
    text as written — the store contract scans a store's bytes for a kept value and must
    find it — and the sealed event names its reference, nothing else."""
    plain = _one_of_each()
    assert [vault.carries_personal_data(event) for event in plain] == [True] * len(plain)
    assert [vault.references(event) for event in plain] == [()] * len(plain)
    resolved, records = vault.protect(plain, _refs())  # type: ignore[arg-type]
    assert [record.kind for record in records] == KINDS
    texts = [record.data for record in records if record.kind != "candidate"]
    values = [ACCOUNT, DESCRIPTION, COMMENT, COMMENT]
    assert [json.loads(text) for text in texts] == values
    assert all(value in text for value, text in zip(values, texts, strict=True))
    sealed = [vault.seal(event) for event in resolved]
    assert [vault.references(event) for event in sealed] == [(r.ref,) for r in records]
    assert not any(vault.carries_personal_data(event) for event in sealed)
    back = vault.resolve(sealed, {record.ref: record.data for record in records})
    assert back == resolved
    assert [vault.plain(event) for event in back] == plain  # what decide returned


def test_values_that_have_a_reference_keep_it() -> None:
    """``protect``: values that already have a reference keep it — protecting resolved
    events again gives them back unchanged, with no new record."""
    resolved, _ = vault.protect(_one_of_each(), _refs())  # type: ignore[arg-type]
    assert vault.protect(resolved, _refs()) == (resolved, [])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("index", "what"),
    [(0, "civil data"), (1, "civil data"), (2, "an account id"), (3, "a description"),
     (4, "a comment"), (5, "a comment")],
)  # fmt: skip
def test_sealing_an_unprotected_value_says_which_and_what_to_do(index: int, what: str) -> None:
    """``seal``: ValueError when a personal value was never protected, naming the value
    and what to do."""
    with pytest.raises(ValueError, match=rf"^{what} without a reference: protect\(\) it first$"):
        vault.seal(_one_of_each()[index])


@pytest.mark.parametrize("index", range(6))
def test_an_unreadable_record_names_its_kind(index: int) -> None:
    """``resolve``: ``PERSONAL_DATA_UNREADABLE`` with the kind of the record that does not
    parse."""
    resolved, records = vault.protect([_one_of_each()[index]], _refs())  # type: ignore[arg-type]
    sealed = [vault.seal(event) for event in resolved]
    with pytest.raises(StoreCorruptError) as caught:
        vault.resolve(sealed, {record.ref: "[not json" for record in records})
    assert (caught.value.code, dict(caught.value.meta)) == (
        "PERSONAL_DATA_UNREADABLE", {"kind": KINDS[index]},
    )  # fmt: skip
