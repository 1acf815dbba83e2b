"""D1 — eligibility ("certificabilité"): at least 5 core competences at level 1 or more.

Declared rule (``rules.md`` D1, Pix §5): a competence's level is ``floor(pix / 8)``; it
counts when its level is at least 1; a profile is eligible when at least 5 of the 16
core competences count. Non-core competences are ignored. The result is a value, never
an exception: the host decides what to do with an ineligible candidate.
"""

from __future__ import annotations

from collections.abc import Mapping

from pixcore.models.competence import CORE_COMPETENCES, CompetenceProfile
from pixcore.models.decisions import EligibilityDecision, Reason
from pixcore.rules.engine import Engine, first_outcome
from pixcore.rules.table import DecisionTable, Row, fact

__all__ = [
    "ELIGIBILITY",
    "MINIMUM_CERTIFIABLE_COMPETENCES",
    "MINIMUM_COMPETENCE_LEVEL",
    "PIX_COUNT_BY_LEVEL",
    "check_eligibility",
    "competence_counts",
    "eligibility_facts",
    "level",
]

PIX_COUNT_BY_LEVEL = 8
"""Pix's ``PIX_COUNT_BY_LEVEL``: 8 pix make one level."""
MINIMUM_COMPETENCE_LEVEL = 1
"""Pix's ``MINIMUM_COMPETENCE_LEVEL_FOR_CERTIFIABILITY``."""
MINIMUM_CERTIFIABLE_COMPETENCES = 5
"""Pix's ``MINIMUM_CERTIFIABLE_COMPETENCES_FOR_CERTIFIABILITY``."""

ELIGIBILITY = DecisionTable(
    name="eligibility",
    description="D1: eligible iff at least 5 core competences have level >= 1",
    facts={"nb_competences_ok": int},
    rows=(
        Row(
            "eligible",
            "eligible",
            when=(fact("nb_competences_ok") >= MINIMUM_CERTIFIABLE_COMPETENCES,),
            cites="rules.md D1",
        ),
        Row("not_eligible", "not_eligible", cites="rules.md D1"),
    ),
)


def level(pix: int) -> int:
    """The level reached with ``pix`` pix in one competence: ``floor(pix / 8)``."""
    return pix // PIX_COUNT_BY_LEVEL


def competence_counts(competence_level: int) -> bool:
    """A competence counts toward eligibility when its level is at least 1."""
    return competence_level >= MINIMUM_COMPETENCE_LEVEL


def _core_pix(profile: CompetenceProfile | Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    pix = profile.pix if isinstance(profile, CompetenceProfile) else _checked(profile)
    return tuple((code, pix.get(code, 0)) for code in CORE_COMPETENCES)


def _checked(pix: Mapping[str, int]) -> Mapping[str, int]:
    for value in pix.values():
        if type(value) is not int or value < 0:
            return CompetenceProfile(pix=pix).pix  # raises the coded validation error
    return pix


def eligibility_facts(core_pix: tuple[tuple[str, int], ...]) -> dict[str, int]:
    """The facts of :data:`ELIGIBILITY`: how many core competences count."""
    return {"nb_competences_ok": sum(competence_counts(level(pix)) for _, pix in core_pix)}


def check_eligibility(
    profile: CompetenceProfile | Mapping[str, int], *, engine: Engine | None = None
) -> EligibilityDecision:
    """Decide whether ``profile`` may be certified (D1).

    ``profile`` is a :class:`CompetenceProfile` or a plain mapping competence → pix.
    Invalid pix values raise a pydantic ``ValidationError`` with code
    ``COMPETENCE_PIX_NOT_VALID``.
    """
    core_pix = _core_pix(profile)
    facts = eligibility_facts(core_pix)
    eligible = first_outcome(ELIGIBILITY, facts, engine) == "eligible"
    count = facts["nb_competences_ok"]
    return EligibilityDecision(
        eligible=eligible,
        count=count,
        core_pix=tuple(pix for _, pix in core_pix),
        reasons=(_reason(eligible, count),),
    )


def _reason(eligible: bool, count: int) -> Reason:
    if eligible:
        return Reason(code="ELIGIBLE", meta={"count": count})
    missing = MINIMUM_CERTIFIABLE_COMPETENCES - count
    return Reason(code="NOT_ENOUGH_COMPETENCES", meta={"count": count, "missing": missing})
