"""Personal data out of the event log: seal values behind references, resolve them back.

Pure (issue 17). Four kinds of values are personal data: a candidate's civil data
(``CandidateEnrolled``, ``CandidatesImported``), the account a candidate joined with
(``CandidateJoined.user``: a GAR IDO, a Pix user id), the free-text description of an
incident report and the comments of the finalisation and of the jury. Each such value
lives in a *record* of the personal-data store under a random reference; events keep
only the reference.

An event has three forms:

- *plain*: what :func:`~pixcore.lifecycle.decide.decide` returns (values, no reference);
- *resolved*: values **and** references (:func:`protect` gives it; :func:`resolve`
  gives it back from a sealed event and the records), a value whose record was erased
  reads as erased (:data:`~pixcore.lifecycle.state.ERASED`, or no civil data at all);
- *sealed*: references only, what a store keeps (:func:`seal`).

The references come from the caller (``new_ref``): the core draws nothing at random.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

from pydantic import ValidationError

from pixcore import events as ev
from pixcore.errors import StoreCorruptError
from pixcore.lifecycle.state import ERASED
from pixcore.models.candidate import Candidate

__all__ = [
    "NewRecord",
    "PersonalKind",
    "carries_personal_data",
    "plain",
    "protect",
    "references",
    "resolve",
    "seal",
]

PersonalKind = Literal["candidate", "account", "text"]
"""What a record holds: civil data, an account id, a free text."""

RefFactory = Callable[[], str]


@dataclasses.dataclass(frozen=True, slots=True)
class NewRecord:
    """A record to store before the events naming it: reference, kind, JSON text."""

    ref: str
    kind: PersonalKind
    data: str = dataclasses.field(repr=False)


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _read_text(data: str) -> str:
    value = json.loads(data)
    if not isinstance(value, str):
        raise ValueError("a text record holds one string")
    return value


def _read_candidate(data: str) -> Candidate:
    return Candidate.model_validate_json(data)


# ------------------------------------------------------------------ protect (plain → resolved)


class _Protector:
    """Gives each personal value of a batch of plain events a reference and a record."""

    def __init__(self, new_ref: RefFactory) -> None:
        self.new_ref = new_ref
        self.records: list[NewRecord] = []

    def keep(self, kind: PersonalKind, data: str) -> str:
        ref = self.new_ref()
        self.records.append(NewRecord(ref, kind, data))
        return ref

    def person(self, entry: ev.EnrolledCandidate) -> ev.EnrolledPerson:
        ref = self.keep("candidate", entry.candidate.model_dump_json())
        return ev.EnrolledPerson(candidate_id=entry.candidate_id, person_ref=ref)

    def _report(self, event: ev.IssueReportFiled) -> ev.Event:
        if event.description_ref or not event.report.description:
            return event
        ref = self.keep("text", _text(event.report.description))
        return event.model_copy(update={"description_ref": ref})

    def _comment(self, event: ev.SessionFinalised | ev.JuryDecisionMade) -> ev.Event:
        if event.comment_ref or not event.comment:
            return event
        return event.model_copy(update={"comment_ref": self.keep("text", _text(event.comment))})

    def event(self, event: ev.Event) -> ev.Event:
        if isinstance(event, ev.CandidateEnrolled) and event.enrolled and not event.person:
            return event.model_copy(update={"person": self.person(event.enrolled)})
        if isinstance(event, ev.CandidatesImported) and event.candidates and not event.persons:
            persons = tuple(self.person(entry) for entry in event.candidates)
            return event.model_copy(update={"persons": persons})
        if isinstance(event, ev.CandidateJoined) and event.user is not None and not event.user_ref:
            return event.model_copy(update={"user_ref": self.keep("account", _text(event.user))})
        if isinstance(event, ev.IssueReportFiled) and event.report.description:
            return self._report(event)
        if isinstance(event, ev.SessionFinalised | ev.JuryDecisionMade) and event.comment:
            return self._comment(event)
        return event


def protect(
    events: Sequence[ev.Event], new_ref: RefFactory
) -> tuple[list[ev.Event], list[NewRecord]]:
    """The events resolved (values and new references) and the records to store first.

    ``new_ref`` returns a fresh, random, meaningless reference at each call. Values that
    already have a reference keep it; events without personal data are returned as is.
    """
    protector = _Protector(new_ref)
    resolved = [protector.event(event) for event in events]
    return resolved, protector.records


# ------------------------------------------------------------------ seal (resolved → sealed)


def _sealed_enrolment(event: ev.CandidateEnrolled) -> ev.Event:
    if event.person is None:
        raise ValueError("civil data without a reference: protect() it first")
    return event.model_copy(update={"enrolled": None})


def _sealed_import(event: ev.CandidatesImported) -> ev.Event:
    if event.candidates and not event.persons:
        raise ValueError("civil data without a reference: protect() it first")
    return event.model_copy(update={"candidates": ()})


def _sealed_join(event: ev.CandidateJoined) -> ev.Event:
    if event.user_ref is None:
        raise ValueError("an account id without a reference: protect() it first")
    return event.model_copy(update={"user": None})


def _sealed_report(event: ev.IssueReportFiled) -> ev.Event:
    if event.report.description and event.description_ref is None:
        raise ValueError("a description without a reference: protect() it first")
    report = event.report.model_copy(update={"description": None})
    return event.model_copy(update={"report": report})


def _sealed_comment(event: ev.SessionFinalised | ev.JuryDecisionMade) -> ev.Event:
    if event.comment and event.comment_ref is None:
        raise ValueError("a comment without a reference: protect() it first")
    return event.model_copy(update={"comment": None})


_SEALS: Mapping[type[ev.Event], Callable[[Any], ev.Event]] = {
    ev.CandidateEnrolled: _sealed_enrolment,
    ev.CandidatesImported: _sealed_import,
    ev.CandidateJoined: _sealed_join,
    ev.IssueReportFiled: _sealed_report,
    ev.SessionFinalised: _sealed_comment,
    ev.JuryDecisionMade: _sealed_comment,
}


def seal(event: ev.Event) -> ev.Event:
    """The event as a store keeps it: references only, no personal value.

    :raises ValueError: a personal value has no reference (it was never protected).
    """
    sealer = _SEALS.get(type(event))
    return event if sealer is None else sealer(event)


# ------------------------------------------------------------------ resolve (sealed → resolved)


class _Resolver:
    """Fills sealed events from the records held; a missing record reads as erased."""

    def __init__(self, records: Mapping[str, str]) -> None:
        self.records = records

    def candidate(self, person: ev.EnrolledPerson) -> ev.EnrolledCandidate | None:
        data = self.records.get(person.person_ref)
        if data is None:
            return None
        candidate = _parse(_read_candidate, data, "candidate")
        return ev.EnrolledCandidate(candidate_id=person.candidate_id, candidate=candidate)

    def text(self, ref: str, kind: PersonalKind) -> str | None:
        data = self.records.get(ref)
        return None if data is None else _parse(_read_text, data, kind)

    def event(self, event: ev.Event) -> ev.Event:
        if type(event) not in _SEALS:  # most events hold no personal data: fast path
            return event
        if isinstance(event, ev.CandidateEnrolled) and event.person is not None:
            return event.model_copy(update={"enrolled": self.candidate(event.person)})
        if isinstance(event, ev.CandidatesImported) and event.persons:
            found = (self.candidate(person) for person in event.persons)
            return event.model_copy(update={"candidates": tuple(e for e in found if e)})
        if isinstance(event, ev.CandidateJoined) and event.user_ref is not None:
            return event.model_copy(update={"user": self.text(event.user_ref, "account")})
        if isinstance(event, ev.IssueReportFiled) and event.description_ref is not None:
            description = self.text(event.description_ref, "text") or ERASED
            report = event.report.model_copy(update={"description": description})
            return event.model_copy(update={"report": report})
        if isinstance(event, ev.SessionFinalised | ev.JuryDecisionMade) and event.comment_ref:
            comment = self.text(event.comment_ref, "text") or ERASED
            return event.model_copy(update={"comment": comment})
        return event


def _parse(reader: Callable[[str], Any], data: str, kind: PersonalKind) -> Any:
    try:
        return reader(data)
    except (ValueError, TypeError, ValidationError):
        raise StoreCorruptError("PERSONAL_DATA_UNREADABLE", meta={"kind": kind}) from None


def resolve(events: Iterable[ev.Event], records: Mapping[str, str]) -> list[ev.Event]:
    """The sealed ``events`` with their values from ``records`` (reference → JSON text).

    A reference with no record was erased: no civil data (the candidate is erased), no
    account id, :data:`~pixcore.lifecycle.state.ERASED` for a text.

    :raises StoreCorruptError: ``PERSONAL_DATA_UNREADABLE`` when a record does not parse.
    """
    resolver = _Resolver(records)
    return [resolver.event(event) for event in events]


# ------------------------------------------------------------------ inspection


def references(event: ev.Event) -> tuple[str, ...]:
    """The references of personal-data records the event names."""
    if isinstance(event, ev.CandidateEnrolled):
        return (event.person.person_ref,) if event.person else ()
    if isinstance(event, ev.CandidatesImported):
        return tuple(person.person_ref for person in event.persons)
    if isinstance(event, ev.CandidateJoined):
        return (event.user_ref,) if event.user_ref else ()
    if isinstance(event, ev.IssueReportFiled):
        return (event.description_ref,) if event.description_ref else ()
    if isinstance(event, ev.SessionFinalised | ev.JuryDecisionMade):
        return (event.comment_ref,) if event.comment_ref else ()
    return ()


def carries_personal_data(event: ev.Event) -> bool:
    """Whether the event holds a personal value itself (a plain or legacy event).

    Stores refuse to append such an event: the event log must hold none.
    """
    if isinstance(event, ev.CandidateEnrolled):
        return event.enrolled is not None
    if isinstance(event, ev.CandidatesImported):
        return bool(event.candidates)
    if isinstance(event, ev.CandidateJoined):
        return event.user is not None
    if isinstance(event, ev.IssueReportFiled):
        return bool(event.report.description)
    if isinstance(event, ev.SessionFinalised | ev.JuryDecisionMade):
        return bool(event.comment)
    return False


_REF_FIELDS: Mapping[type[ev.Event], dict[str, Any]] = {
    ev.CandidateEnrolled: {"person": None},
    ev.CandidatesImported: {"persons": ()},
    ev.CandidateJoined: {"user_ref": None},
    ev.IssueReportFiled: {"description_ref": None},
    ev.SessionFinalised: {"comment_ref": None},
    ev.JuryDecisionMade: {"comment_ref": None},
}


def plain(event: ev.Event) -> ev.Event:
    """The resolved event without its references: what ``decide`` returned."""
    update = _REF_FIELDS.get(type(event))
    return event if update is None else event.model_copy(update=update)
