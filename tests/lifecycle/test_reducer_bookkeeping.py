"""What the reducer keeps: the version, erased candidates, the finalisation after an
erasure, the finalisation's other files.

Sources: ``SessionState`` ("``version`` counts the events applied"; ``evolve``: "events
of unknown kinds only advance the version"); ``personal-data.md`` (a reference whose
record is gone reads as erased: no civil data, the candidate listed in
``SessionState.erased``; erasing comments leaves the finalisation, its comment reading
``[données effacées]``); ``rules.md`` D5 row 9 (other attachments — PV d'incident,
photos, other session files — are allowed at finalisation) and ``personal-data.md``
(the finalisation's files, "others" included, have their own retention).
"""

from __future__ import annotations

import itertools

import pytest
from lifecycle_support import Driver

from pixcore import Referential
from pixcore import events as ev
from pixcore.lifecycle import EMPTY, evolve, replay, vault
from pixcore.lifecycle import commands as c
from pixcore.lifecycle.state import ERASED


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def test_the_version_counts_the_events_applied(driver: Driver) -> None:
    """Each event adds one, whether replayed at once or evolved one by one."""
    driver.started(2)
    driver.answer(0, "ok", "ko")
    events = driver.events
    assert replay(events).version == len(events) == driver.state.version
    state = EMPTY
    for count, event in enumerate(events, start=1):
        state = evolve(state, event)
        assert state.version == count
    assert state == driver.state
    assert replay(events[3:], replay(events[:3])).version == len(events)


def test_a_candidate_whose_record_is_gone_is_listed_as_erased(driver: Driver) -> None:
    """A sealed enrolment resolved without its record: no civil data, the candidate's id
    in ``erased`` (and that one only); the others keep theirs."""
    driver.create()
    driver.enrol("Léa", "Dubois")
    driver.enrol("Maël", "Lefèvre")
    refs = (f"ref-{n}" for n in itertools.count(1))
    protected, records = vault.protect(driver.events, refs.__next__)
    sealed = [vault.seal(event) for event in protected]
    lea, mael = list(driver.state.candidates)
    held = {r.ref: r.data for r in records}
    (gone,) = [r.ref for r in records if "Léa" in r.data]
    del held[gone]
    state = replay(vault.resolve(sealed, held))
    assert state.erased == frozenset({lea})
    assert state.is_erased(lea) and not state.is_erased(mael)
    assert list(state.candidates) == [mael]
    assert state.candidates[mael] == driver.state.candidates[mael]
    assert [e.candidate_id for e in state.enrolled()] == [mael]


def test_erasing_comments_leaves_the_session_finalised(driver: Driver) -> None:
    """The finalisation stays (the session is still finalised, its PV and flags kept);
    only its comment reads as erased."""
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise(comment="Coupure réseau à 10h12, reprise à 10h20.", has_incident=True)
    finalisation = driver.state.finalisation
    assert finalisation is not None
    driver.run(c.ErasePersonalData(reason="retention", comments=True))
    after = driver.state.finalisation
    assert driver.state.finalised and driver.state.status == "finalized"
    assert after == finalisation.model_copy(update={"comment": ERASED})
    assert (after.pv_scan, after.has_incident) == ("pv.pdf", True)


def test_the_finalisation_records_its_other_files(driver: Driver) -> None:
    """D5 row 9: other files are allowed; the finalisation event names each of them, so
    that their retention (``attachments``) can find them later."""
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    others = ("photo-salle.jpg", "liste-emargement.pdf")
    events = driver.finalise(attachments=others)
    finalised = events[0]
    assert isinstance(finalised, ev.SessionFinalised)
    assert finalised.attachments == others
    assert driver.state.finalisation is not None
    assert driver.state.finalisation.attachments == others
