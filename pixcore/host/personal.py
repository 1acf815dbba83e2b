"""Personal data between the session service and the store (issue 17).

:func:`append_sealed` gives each personal value of the events a fresh random reference
(:func:`secrets.token_urlsafe`) and appends the sealed events with their records in one
transaction; :func:`load_resolved` reads events back with their values (erased ones
read as erased); :func:`refs_to_erase` finds the records an erasure deletes. The
sealing and resolving themselves are pure (:mod:`pixcore.lifecycle.vault`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Iterable, Sequence

from pixcore import events as ev
from pixcore.host.store import EventStore, StoredEvent
from pixcore.lifecycle import vault

__all__ = ["append_sealed", "enrolled_ids", "load_resolved", "new_ref", "refs_to_erase"]


def new_ref() -> str:
    """A fresh, random, meaningless reference (128 bits)."""
    return secrets.token_urlsafe(16)


def append_sealed(
    store: EventStore,
    stream: str,
    events: Sequence[ev.Event],
    *,
    expected_version: int,
    recorded_at: dt.datetime,
) -> int:
    """Append ``events`` (plain) sealed, their personal values as records; the new version."""
    resolved, records = vault.protect(events, new_ref)
    sealed = [vault.seal(event) for event in resolved]
    return store.append(
        stream, sealed, expected_version=expected_version, recorded_at=recorded_at,
        personal=records,
    )  # fmt: skip


def load_resolved(store: EventStore, stream: str, after_version: int) -> list[StoredEvent]:
    """The stream's events after ``after_version`` with their personal values."""
    stored = store.load(stream, after_version=after_version)
    refs = {ref for item in stored for ref in vault.references(item.event)}
    if not refs:
        return list(stored)
    records = store.personal_data(refs)
    events = vault.resolve((item.event for item in stored), records)
    return [item._replace(event=event) for item, event in zip(stored, events, strict=True)]


def refs_to_erase(
    events: Iterable[ev.Event],
    candidate_ids: Collection[str],
    report_ids: Collection[str],
    comment: bool,
) -> set[str]:
    """The references of the records that hold what an erasure names (sealed events)."""
    refs: set[str] = set()
    for event in events:
        if isinstance(event, ev.CandidateEnrolled) and event.person is not None:
            if event.person.candidate_id in candidate_ids:
                refs.add(event.person.person_ref)
        elif isinstance(event, ev.CandidatesImported):
            refs.update(p.person_ref for p in event.persons if p.candidate_id in candidate_ids)
        elif (
            (isinstance(event, ev.CandidateJoined) and event.candidate_id in candidate_ids)
            or (isinstance(event, ev.IssueReportFiled) and event.report_id in report_ids)
            or (isinstance(event, ev.SessionFinalised | ev.JuryDecisionMade) and comment)
        ):
            refs.update(vault.references(event))
    return refs


def enrolled_ids(events: Iterable[ev.Event]) -> set[str]:
    """Every candidate id the (sealed) history ever enrolled, removed ones included."""
    ids: set[str] = set()
    for event in events:
        if isinstance(event, ev.CandidateEnrolled):
            ids.add(event.candidate_id)
        elif isinstance(event, ev.CandidatesImported):
            ids.update(p.candidate_id for p in event.persons)
            ids.update(e.candidate_id for e in event.candidates)
    return ids
