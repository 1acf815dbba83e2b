"""The vault's records, the references events name, and its refusal to seal a value that
was never protected (issue 17).

Sources: ``vault``'s docstrings and ``personal-data.md``: a record holds one value, of a
kind (``PersonalKind``: ``candidate`` for civil data, ``account`` for the account a
candidate joined with, ``text`` for a description or a comment) and its JSON text;
``references(event)`` names the records an event needs (one per imported candidate, in
order); ``seal`` raises ``ValueError`` for a personal value without its reference ("it
was never protected"), the message naming the value and what to do. The store contract
checks an erasure by scanning the store's raw bytes for each value's own bytes
(``PersonalDataContract``, ``value.encode() in raw``; PostgreSQL keeps ``data``
uncompressed to stay "findable byte for byte"): a record holds a text as written, not
escaped, or that scan could not tell an erased value from one still held.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest

from pixcore import events as ev
from pixcore.lifecycle import vault
from pixcore.models import BirthPlace, Candidate
from pixcore.models.report import IssueReport

T = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
PLACE = BirthPlace(country_code="99100", country="FRANCE", city="Paris", insee_code="75056",
                   department_code="75")  # fmt: skip
DESCRIPTION = "Zoé a été déconnectée — « écran noir » à 10h12."
COMMENT = "Coupure réseau à 10h12 ; reprise après l'incident de Maël."


def _entry(candidate_id: str, last: str, first: str) -> ev.EnrolledCandidate:
    candidate = Candidate(last_name=last, first_name=first, birth_date=dt.date(2010, 5, 17),
                          sex="F", birth_place=PLACE)  # fmt: skip
    return ev.EnrolledCandidate(candidate_id=candidate_id, candidate=candidate)


def _report(description: str | None) -> IssueReport:
    return IssueReport(certification_number=4242001, category="NON_BLOCKING_TECHNICAL_ISSUE",
                       description=description, filed_by="invigilator", code="C7",
                       impactful=False)  # fmt: skip


def _plain_session() -> list[ev.Event]:
    """One event of each kind holding personal data, in a session's order."""
    return [
        ev.CandidatesImported(
            candidates=(_entry("C2-1", "N'DIAYE", "Zoé"), _entry("C2-2", "LEFÈVRE", "Maël"))
        ),
        ev.CandidateEnrolled(enrolled=_entry("C3", "DUBOIS", "Léa")),
        ev.CandidateJoined(candidate_id="C2-1", user="gar:Zoé-IDO-42"),
        ev.IssueReportFiled(report_id="R1", report=_report(DESCRIPTION), at=T),
        ev.SessionFinalised(
            pv_scan="pv.pdf", comment=COMMENT, has_incident=True, has_joining_issue=False, at=T
        ),
    ]


def _protect(events: list[ev.Event]) -> tuple[list[ev.Event], list[vault.NewRecord]]:
    counter = itertools.count(1)
    return vault.protect(events, lambda: f"ref-{next(counter)}")


def test_each_value_gets_a_record_of_its_kind() -> None:
    """Civil data → ``candidate`` (one per imported candidate), the joining account →
    ``account``, a description or a comment → ``text``; each record reads back as the
    value it holds."""
    _, records = _protect(_plain_session())
    assert [(r.ref, r.kind) for r in records] == [
        ("ref-1", "candidate"), ("ref-2", "candidate"), ("ref-3", "candidate"),
        ("ref-4", "account"), ("ref-5", "text"), ("ref-6", "text"),
    ]  # fmt: skip
    values = [json.loads(r.data) for r in records]
    assert [(v["last_name"], v["first_name"]) for v in values[:3]] == [
        ("N'DIAYE", "Zoé"), ("LEFÈVRE", "Maël"), ("DUBOIS", "Léa"),
    ]  # fmt: skip
    assert values[3:] == ["gar:Zoé-IDO-42", DESCRIPTION, COMMENT]


def test_an_event_names_the_references_of_its_records() -> None:
    """``references``: the import names one record per candidate, in order; each other
    event names its own; a plain event (not protected yet) names none."""
    plain = _plain_session()
    protected, records = _protect(plain)
    assert [vault.references(event) for event in protected] == [
        ("ref-1", "ref-2"), ("ref-3",), ("ref-4",), ("ref-5",), ("ref-6",),
    ]  # fmt: skip
    named = [ref for event in protected for ref in vault.references(event)]
    assert named == [r.ref for r in records]
    assert [vault.references(vault.seal(event)) for event in protected] == [
        vault.references(event) for event in protected
    ]
    assert all(vault.references(event) == () for event in plain)


def test_a_record_holds_a_text_as_written() -> None:
    """Accounts, descriptions and comments are kept as their own characters (UTF-8 JSON,
    not ``\\u`` escapes): a byte scan of the store finds the value while it is held."""
    _, records = _protect(_plain_session())
    for record, value in zip(records[3:], ["gar:Zoé-IDO-42", DESCRIPTION, COMMENT], strict=True):
        assert value.encode() in record.data.encode()
        assert json.loads(record.data) == value


@pytest.mark.parametrize(
    ("event", "what"),
    [
        (ev.CandidateEnrolled(enrolled=_entry("C3", "DUBOIS", "Léa")), "civil data"),
        (ev.CandidatesImported(candidates=(_entry("C2-1", "PETIT", "Hugo"),)), "civil data"),
        (ev.CandidateJoined(candidate_id="C3", user="pix:1234"), "an account id"),
        (ev.IssueReportFiled(report_id="R1", report=_report(DESCRIPTION), at=T),
         "a description"),
        (ev.SessionFinalised(pv_scan="pv.pdf", comment=COMMENT, has_incident=False,
                             has_joining_issue=False, at=T), "a comment"),
        (ev.JuryDecisionMade(action="assign", jury_member="J", comment=COMMENT, at=T),
         "a comment"),
    ],
)  # fmt: skip
def test_sealing_an_unprotected_value_names_it_and_says_what_to_do(
    event: ev.Event, what: str
) -> None:
    """``seal`` refuses a personal value with no reference; the message names the value
    and the remedy, ``protect()`` (a function name: its case matters)."""
    message = f"{what} without a reference: protect() it first"
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        vault.seal(event)
    assert str(caught.value) == message
    (protected,), _ = _protect([event])
    assert not vault.carries_personal_data(vault.seal(protected))


def test_an_import_with_no_candidate_left_seals_as_it_is() -> None:
    """An import whose candidates were all erased holds no value: nothing to protect."""
    empty = ev.CandidatesImported()
    assert vault.seal(empty) == empty
    assert vault.references(empty) == ()
