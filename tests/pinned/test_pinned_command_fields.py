"""The documented defaults and bounds of commands, states, results and vault records.

Written against the table mutator's seed-15 survivors (docs/mutation.md): class-level
field declarations (a default, a ``min_length``, a ``repr=False``) are read by no
function, so the mutator's reach analysis finds no test for them and only
``tests/pinned`` is run against such mutants. Each expectation comes from the
documentation, never from the declaration:

- ``JoinSession``: ``user`` is an account id (a Pix user id such as ``7``, a GAR IDO
  hash), so never empty but possibly one character; eligibility is checked by default
  (docs/decisions.md 22) and a test without a profile has 48 questions (decisions.md 23);
- ``ConfirmEndScreen``: the invigilator *saw* the screen unless told otherwise (DAY-18);
- ``JuryAct`` and ``Unfinalise`` name the jury member who acted (D5, D6): never nobody;
- ``TickChecklistItem(item, done=True)`` (docs/readiness.md): a step id (``BEF-8``) is
  short: the command takes up to 16 characters, and the session says whether it knows
  the step;
- ``SessionState.version`` counts the events applied (its docstring);
- a ``CertificationResult`` built without comments carries none (``jury_comments`` gives
  empty comments to a certification without a decision);
- vault: the comment of a jury decision is personal data (docs/decisions.md PD2,
  docs/personal-data.md), sealed like the finalisation's, and a record's JSON text never
  shows in a repr.

Refusals are checked with their code and meta: a value the model refuses is reported by
hosts through :func:`~pixcore.models._coded.details_from_validation_error` (the CLI's
``INVALID_INPUT``), one detail naming the field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from lifecycle_support import T0, Driver
from pydantic import ValidationError

from pixcore import CompetenceProfile, InvalidInputError, Referential, RefusedError
from pixcore import events as ev
from pixcore.errors import ErrorDetail
from pixcore.lifecycle import EMPTY, SessionState, replay, vault
from pixcore.lifecycle import commands as c
from pixcore.lifecycle.comments import jury_comments
from pixcore.lifecycle.results import CertificationResult, results_json
from pixcore.lifecycle.state import ERASED
from pixcore.models._coded import details_from_validation_error

SECRET = "Zqxsentinelvalue"
"""A personal value no sealed event and no repr may show."""


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def _refused_field(build: Callable[[], object]) -> tuple[ErrorDetail, ...]:
    with pytest.raises(ValidationError) as caught:
        build()
    return details_from_validation_error(caught.value)


def _one_field_invalid(field: str) -> tuple[ErrorDetail, ...]:
    return (ErrorDetail(code="FIELD_INVALID", field=field, meta={"field": field}),)


def _finalised(driver: Driver) -> Driver:
    """A session whose one candidate answered nothing, finalised (the test abandoned)."""
    driver.started(1)
    driver.finalise(abort_reasons={driver.number(0): "candidate"})
    assert driver.state.finalised
    return driver


# ------------------------------------------------------------------ JoinSession


def test_an_account_id_of_one_character_joins(driver: Driver) -> None:
    """A Pix user id is a number: ``7`` is an account like any other."""
    driver.started(0)
    driver.enrol("Léa", "Dubois")
    driver.join(0, user="7")
    (candidate_id,) = driver.state.candidates
    assert driver.state.users[candidate_id] == "7"
    assert len(driver.state.certifications) == 1


def test_a_join_without_an_account_is_refused() -> None:
    details = _refused_field(
        lambda: c.JoinSession(session_number=4242, access_code="BCDF23", first_name="Léa",
                              last_name="Dubois", birth_date=dt.date(2010, 1, 2), user="")
    )  # fmt: skip
    assert details == _one_field_invalid("user")


def test_eligibility_is_checked_unless_the_host_says_otherwise(driver: Driver) -> None:
    """decisions.md 22: ``require_eligibility`` is the default; D1 refuses a profile of
    one competence, and nothing is recorded."""
    driver.started(0)
    driver.enrol("Léa", "Dubois")
    before = driver.state
    with pytest.raises(RefusedError) as caught:
        driver.join(0, profile=CompetenceProfile(pix={"1.1": 16}))
    assert (caught.value.code, dict(caught.value.meta)) == ("USER_NOT_AUTHORIZED_TO_CERTIFY", {})
    assert driver.state is before and driver.state.certifications == {}


def test_a_test_without_a_profile_has_48_questions(driver: Driver) -> None:
    """decisions.md 23: ``question_count`` given, or 3 per competence, or 48 without a
    profile."""
    driver.started(0)
    driver.enrol("Léa", "Dubois")
    events = driver.join(0, profile=None, question_count=None)
    started = [e for e in events if isinstance(e, ev.CertificationStarted)]
    assert [e.question_count for e in started] == [48]
    (course,) = driver.state.certifications.values()
    assert course.question_count == 48 and course.unanswered == 48


# ------------------------------------------------------------------ end screen, jury, checklist


def test_confirming_an_end_screen_says_it_was_seen(driver: Driver) -> None:
    """DAY-18: the invigilator confirms having seen the end screen (``seen``, unless the
    host says it was not)."""
    driver.started(1)
    number = driver.number(0)
    events = driver.run(c.ConfirmEndScreen(certification_number=number))
    assert [(type(e), e.seen) for e in events if isinstance(e, ev.EndScreenConfirmed)] == [
        (ev.EndScreenConfirmed, True)
    ]
    assert driver.state.certifications[number].end_screen_seen is True


def test_a_jury_member_of_one_character_acts(driver: Driver) -> None:
    _finalised(driver)
    driver.run(c.JuryAct(action="assign", jury_member="J"))
    assert driver.state.jury_member == "J"
    driver.run(c.Unfinalise(jury_member="K"))
    assert not driver.state.finalised and driver.state.jury_member is None


@pytest.mark.parametrize(
    "build",
    [lambda: c.JuryAct(action="assign", jury_member=""), lambda: c.Unfinalise(jury_member="")],
    ids=["jury_act", "unfinalise"],
)
def test_a_jury_action_by_nobody_is_refused(build: Callable[[], object]) -> None:
    assert _refused_field(build) == _one_field_invalid("jury_member")


def test_ticking_a_step_marks_it_done(driver: Driver) -> None:
    """docs/readiness.md: ``TickChecklistItem(item, done=True)``; BEF-8 is ticked by hand."""
    driver.create()
    events = driver.run(c.TickChecklistItem(item="BEF-8"))
    assert [(e.item, e.done) for e in events if isinstance(e, ev.ChecklistItemTicked)] == [
        ("BEF-8", True)
    ]
    assert "BEF-8" in driver.state.checklist.ticked


def test_a_step_id_of_16_characters_reaches_the_session_17_do_not(driver: Driver) -> None:
    """Up to 16 characters, the session judges the step (unknown here); beyond, the
    command itself is refused."""
    driver.create()
    with pytest.raises(InvalidInputError) as caught:
        driver.run(c.TickChecklistItem(item="BEF-" + "9" * 12))
    assert (caught.value.code, dict(caught.value.meta)) == (
        "CHECKLIST_ITEM_UNKNOWN", {"field": "item"},
    )  # fmt: skip
    assert _refused_field(lambda: c.TickChecklistItem(item="BEF-" + "9" * 13)) == (
        _one_field_invalid("item")
    )


# ------------------------------------------------------------------ state and results


def test_a_state_counts_the_events_applied_from_zero() -> None:
    assert SessionState().version == 0 and EMPTY.version == 0
    events = [ev.StartTimeNoted(noted_start=T0)] * 3
    assert replay(events).version == 3
    assert replay(events[:1], replay(events)).version == 4


def test_a_result_built_without_comments_carries_none() -> None:
    result = CertificationResult(certification_number=7, candidate_id="C2", status="started",
                                 reason=None, pix=0, reproducibility=0, end_screen="none",
                                 end_screen_pending=False)  # fmt: skip
    no_comment = jury_comments("started", None)
    assert no_comment == ("", "")
    assert (result.comment_for_candidate, result.comment_for_organization) == no_comment
    (data,) = json.loads(results_json([result]))
    assert (data["comment_for_candidate"], data["comment_for_organization"]) == ("", "")


# ------------------------------------------------------------------ vault


def _refs() -> Callable[[], str]:
    counter = iter(range(1, 1000))
    return lambda: f"ref-{next(counter)}"


def test_a_record_never_shows_its_data() -> None:
    """A record's JSON text is the personal value itself (here an account id)."""
    _, records = vault.protect([ev.CandidateJoined(candidate_id="C2", user=SECRET)], _refs())
    assert [(r.ref, r.kind) for r in records] == [("ref-1", "account")]
    assert json.loads(records[0].data) == SECRET
    assert SECRET not in repr(records[0]) and SECRET not in str(records)
    assert SECRET not in repr(vault.NewRecord("ref-2", "text", json.dumps(SECRET)))


def test_a_jury_comment_is_sealed_and_resolved_like_any_comment() -> None:
    """PD2: the jury's free-text comment may name anyone; the store keeps a reference."""
    decision = ev.JuryDecisionMade(action="assign", jury_member="J", comment=SECRET, at=T0)
    (protected,), (record,) = vault.protect([decision], _refs())
    assert (record.ref, record.kind) == ("ref-1", "text")
    sealed = vault.seal(protected)
    assert isinstance(sealed, ev.JuryDecisionMade)
    assert (sealed.comment, sealed.comment_ref) == (None, "ref-1")
    assert SECRET not in sealed.model_dump_json()
    assert not vault.carries_personal_data(sealed)
    (resolved,) = vault.resolve([sealed], {record.ref: record.data})
    assert isinstance(resolved, ev.JuryDecisionMade) and resolved.comment == SECRET
    (erased,) = vault.resolve([sealed], {})
    assert isinstance(erased, ev.JuryDecisionMade) and erased.comment == ERASED
    with pytest.raises(ValueError, match="protect"):
        vault.seal(decision)  # a comment never protected has no reference to keep
