"""D1 — eligibility ("certificabilité"): at least 5 core competences at level 1 or more.

Declared rule (``rules.md`` D1, Pix §5): a competence's level is ``floor(pix / 8)``; it
counts when its level is at least 1; a profile is eligible when at least 5 of the 16
core competences count. Non-core competences are ignored. The result is a value, never
an exception: the host decides what to do with an ineligible candidate.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from pixcore.errors import InvalidInputError
from pixcore.models._base import trusted
from pixcore.models._coded import details_from_validation_error
from pixcore.models._guards import require_type
from pixcore.models.competence import (
    CORE_COMPETENCES,
    PIX_COUNT_BY_LEVEL,
    CompetenceProfile,
    level,
)
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


def competence_counts(competence_level: int) -> bool:
    """A competence counts toward eligibility when its level is at least 1."""
    return competence_level >= MINIMUM_COMPETENCE_LEVEL


def _core_pix(profile: CompetenceProfile | Mapping[str, int]) -> tuple[int, ...]:
    if isinstance(profile, CompetenceProfile):
        get = profile.pix.get
        return tuple([get(code, 0) for code in CORE_COMPETENCES])
    core = tuple(map(profile.get, CORE_COMPETENCES, _ZEROS))
    values = profile.values()
    if set(map(type, values)) <= _INT and min(values, default=0) >= 0:
        return core
    return _core_pix(CompetenceProfile(pix=_validated(profile)))


def _validated(pix: Mapping[str, int]) -> Mapping[str, int]:
    try:
        return CompetenceProfile(pix=pix).pix
    except ValidationError as error:
        details = details_from_validation_error(error)
        raise InvalidInputError(details[0].code, errors=details) from None


def eligibility_facts(core_pix: tuple[int, ...]) -> dict[str, int]:
    """The facts of :data:`ELIGIBILITY`: how many core competences count.

    ``core_pix`` is the pix of each core competence, in framework order.
    """
    return {"nb_competences_ok": sum(map(_COUNTS, core_pix))}


_COUNTS = (MINIMUM_COMPETENCE_LEVEL * PIX_COUNT_BY_LEVEL).__le__
"""``pix >= 8`` (level ≥ 1), called in C over the 16 core competences."""
_ZEROS = (0,) * len(CORE_COMPETENCES)
_INT = frozenset({int})


def check_eligibility(
    profile: CompetenceProfile | Mapping[str, int], *, engine: Engine | None = None
) -> EligibilityDecision:
    """Decide whether ``profile`` may be certified (D1).

    ``profile`` is a :class:`CompetenceProfile` or a plain mapping competence → pix.
    Invalid pix values raise :class:`InvalidInputError` with code
    ``COMPETENCE_PIX_NOT_VALID`` (or ``FIELD_INVALID`` for a non-integer); anything
    but a mapping raises ``ARGUMENT_NOT_VALID``.
    """
    if type(profile) is not dict:  # the common case skips the ABC check
        require_type(profile, (CompetenceProfile, Mapping), "profile")
    core_pix = _core_pix(profile)
    facts = eligibility_facts(core_pix)
    eligible = first_outcome(ELIGIBILITY, facts, engine) == "eligible"
    count = facts["nb_competences_ok"]
    return trusted(
        EligibilityDecision,
        eligible=eligible,
        count=count,
        core_pix=core_pix,
        reasons=(_REASONS[eligible, count],),
        minimum_level=MINIMUM_COMPETENCE_LEVEL,
    )


def _reason(eligible: bool, count: int) -> Reason:
    if eligible:
        return Reason(code="ELIGIBLE", meta={"count": count})
    missing = MINIMUM_CERTIFIABLE_COMPETENCES - count
    return Reason(code="NOT_ENOUGH_COMPETENCES", meta={"count": count, "missing": missing})


_REASONS = {
    (count >= MINIMUM_CERTIFIABLE_COMPETENCES, count): _reason(
        count >= MINIMUM_CERTIFIABLE_COMPETENCES, count
    )
    for count in range(len(CORE_COMPETENCES) + 1)
}
"""The 17 possible reasons, immutable values built once (0 to 16 competences).

Indexed directly: a profile has 16 core competences, so every count is a key (a
``get`` with a fallback to :func:`_reason` was code that could never run, issue 10)."""
