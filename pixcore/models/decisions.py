"""Decisions the rules return: values, never exceptions (``rules.md`` D1, D3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field, computed_field

from pixcore.messages import render
from pixcore.models._base import PixcoreModel
from pixcore.models.competence import CORE_COMPETENCES, level

__all__ = [
    "CompetenceDetail",
    "EligibilityDecision",
    "EndScreenDecision",
    "EndScreenOutcome",
    "JuryPolicy",
    "Reason",
]


class Reason(PixcoreModel, frozen=True, extra="forbid"):
    """Why a decision came out as it did: a stable ``code`` and safe ``meta``."""

    code: str
    meta: Mapping[str, int | str] = Field(default_factory=dict)

    @property
    def message(self) -> str:
        """The French explanation for end users."""
        return render(self.code, self.meta, lang="fr")

    @property
    def message_en(self) -> str:
        """The English explanation."""
        return render(self.code, self.meta, lang="en")


class CompetenceDetail(PixcoreModel, frozen=True, extra="forbid"):
    """One core competence in an eligibility decision."""

    competence: str
    pix: int
    level: int
    counts: bool


class EligibilityDecision(PixcoreModel, frozen=True, extra="forbid"):
    """Whether a profile may be certified (D1): ≥ 5 core competences at level ≥ 1.

    ``core_pix`` holds the pix of the 16 core competences in framework order and
    ``minimum_level`` the level from which the rule counted a competence; ``details``
    derives the per-competence level and whether it counts.
    """

    eligible: bool
    count: int = Field(description="core competences at level 1 or more")
    core_pix: tuple[int, ...] = Field(min_length=16, max_length=16)
    reasons: tuple[Reason, ...]
    minimum_level: int = Field(default=1, description="level from which a competence counts")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def details(self) -> tuple[CompetenceDetail, ...]:
        """Per core competence: pix, level (``floor(pix / 8)``) and whether it counts."""
        return tuple(
            CompetenceDetail(
                competence=code,
                pix=pix,
                level=level(pix),
                counts=level(pix) >= self.minimum_level,
            )
            for code, pix in zip(CORE_COMPETENCES, self.core_pix, strict=True)
        )


EndScreenOutcome = Literal["not_applicable", "seen", "proposal_reject", "rejected"]


class JuryPolicy(PixcoreModel, frozen=True, extra="forbid"):
    """Policy flags of the jury (D3)."""

    auto_reject_unseen_end_screen: bool = False


class EndScreenDecision(PixcoreModel, frozen=True, extra="forbid"):
    """D3 for one certification.

    ``proposal_reject``: a jury member must confirm the rejection (the session is not
    automatically publishable meanwhile); ``rejected``: applied by policy;
    ``not_applicable``: the test is unfinished (abort reasons apply instead).
    """

    certification_number: int
    outcome: EndScreenOutcome
    reason: Literal["END_SCREEN_NOT_SEEN"] | None = None

    @property
    def pending_proposal(self) -> bool:
        """True while a jury member must confirm or dismiss the proposal."""
        return self.outcome == "proposal_reject"
