"""D3 end-of-test screen (P11–P13)."""

from __future__ import annotations

import datetime as dt

import pytest

from pixcore import (
    CertificationCourse,
    EndScreenConfirmation,
    InvalidInputError,
    JuryPolicy,
    end_screen_decision,
)
from pixcore.rules import Engine

START = dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC)


def course(state: str = "completed", number: int = 7) -> CertificationCourse:
    return CertificationCourse(certification_number=number, started_at=START, state=state)  # type: ignore[arg-type]


class TestEndScreenDecision:
    def test_p11_finished_without_confirmation_is_a_proposal(self, engine: Engine) -> None:
        """Finished, no confirmation → REJECT proposal END_SCREEN_NOT_SEEN, pending."""
        decision = end_screen_decision(course(), None, engine=engine)
        assert decision.outcome == "proposal_reject"
        assert decision.reason == "END_SCREEN_NOT_SEEN"
        assert decision.pending_proposal is True

    def test_p12_policy_rejects_directly(self, engine: Engine) -> None:
        """With auto_reject_unseen_end_screen → rejected, no pending proposal."""
        policy = JuryPolicy(auto_reject_unseen_end_screen=True)
        decision = end_screen_decision(course(), None, policy=policy, engine=engine)
        assert decision.outcome == "rejected"
        assert decision.reason == "END_SCREEN_NOT_SEEN"
        assert decision.pending_proposal is False

    def test_p13_confirmation_after_resume_counts(self, engine: Engine) -> None:
        """A confirmation (whenever made) → seen, no proposal."""
        confirmation = EndScreenConfirmation(certification_number=7, seen=True)
        decision = end_screen_decision(course(), confirmation, engine=engine)
        assert (decision.outcome, decision.reason) == ("seen", None)

    def test_explicit_not_seen(self, engine: Engine) -> None:
        """A box left unticked ("seen": false) is the same as no confirmation."""
        confirmation = EndScreenConfirmation(certification_number=7, seen=False)
        assert end_screen_decision(course(), confirmation, engine=engine).outcome == (
            "proposal_reject"
        )

    @pytest.mark.parametrize("state", ["started", "endedByInvigilator", "endedDueToFinalization"])
    def test_unfinished_is_out_of_scope(self, engine: Engine, state: str) -> None:
        """Unfinished tests are handled by abort reasons, not by D3."""
        decision = end_screen_decision(course(state), None, engine=engine)
        assert (decision.outcome, decision.reason) == ("not_applicable", None)

    def test_a_host_s_own_subclasses_of_the_models_are_accepted(self) -> None:
        """A course and a confirmation are the models or any subclass of them (a host's
        own, e.g. with extra helpers): decided exactly as the models themselves."""

        class HostCourse(CertificationCourse):
            pass

        class HostConfirmation(EndScreenConfirmation):
            pass

        mine = HostCourse(certification_number=7, started_at=START, state="completed")
        for confirmation, model in (
            (HostConfirmation(certification_number=7, seen=True),
             EndScreenConfirmation(certification_number=7, seen=True)),
            (HostConfirmation(certification_number=7, seen=False), None),
            (None, None),
        ):  # fmt: skip
            assert end_screen_decision(mine, confirmation) == end_screen_decision(course(), model)

    @pytest.mark.parametrize(
        ("argument", "call"),
        [("course", lambda: end_screen_decision(None, None)),  # type: ignore[arg-type]
         ("confirmation", lambda: end_screen_decision(course(), {"seen": True})),  # type: ignore[arg-type]
         ("policy", lambda: end_screen_decision(course(), None, policy={}))],  # type: ignore[arg-type]
    )  # fmt: skip
    def test_arguments_of_another_type_are_refused_and_named(
        self, argument: str, call: object
    ) -> None:
        with pytest.raises(InvalidInputError) as caught:
            call()  # type: ignore[operator]
        assert (caught.value.code, dict(caught.value.meta)) == (
            "ARGUMENT_NOT_VALID",
            {"argument": argument},
        )

    def test_confirmation_of_another_certification_is_refused(self) -> None:
        """A confirmation must name the same certification number."""
        other = EndScreenConfirmation(certification_number=8)
        with pytest.raises(InvalidInputError) as caught:
            end_screen_decision(course(), other)
        assert (caught.value.code, caught.value.meta) == (
            "FIELD_INVALID",
            {"field": "certification_number"},
        )
