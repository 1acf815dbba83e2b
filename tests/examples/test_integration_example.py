"""How a host property-tests its integration with pixcore.testing (docs/guides/testing.md).

The guide includes the sections between the ``--8<--`` markers; this file runs in CI.
"""

from __future__ import annotations

# --8<-- [start:strategies]
from hypothesis import given, settings

import pixcore
from pixcore.testing import candidate_data, competence_profiles

REFERENTIAL = pixcore.Referential.load()


@settings(max_examples=50)
@given(data=candidate_data(REFERENTIAL))
def test_our_enrolment_form_accepts_every_valid_candidate(data: dict[str, object]) -> None:
    candidate = pixcore.validate_candidate(data, referential=REFERENTIAL)
    assert candidate.last_name  # what your form stores, e.g. in your database


@settings(max_examples=50)
@given(profile=competence_profiles())
def test_our_profile_import_round_trips(profile: pixcore.CompetenceProfile) -> None:
    stored = profile.model_dump_json()  # what your platform keeps
    assert pixcore.CompetenceProfile.model_validate_json(stored) == profile


# --8<-- [end:strategies]

# --8<-- [start:machine]
from pixcore.host.store import EventStore, InMemoryEventStore  # noqa: E402
from pixcore.testing.machine import SessionMachine  # noqa: E402


class OurEventStore(InMemoryEventStore):
    """Stands for your platform's event store (a SQL table, a document store...)."""


class OurSessionMachine(SessionMachine):
    """Whole random sessions, checked step by step, on our store."""

    def make_store(self) -> EventStore:
        return OurEventStore()


TestOurSessions = OurSessionMachine.TestCase
TestOurSessions.settings = settings(max_examples=5, stateful_step_count=20, deadline=None)
# --8<-- [end:machine]
