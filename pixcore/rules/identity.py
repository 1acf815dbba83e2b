"""D8 — identity matching when a candidate joins a session.

Declared rules (``rules.md`` D8, Pix §4.2): a typed identity matches an enrolled
candidate when the normalised last names are equal, the normalised first names are
equal and the birth dates are exactly equal; names are never swapped. No match → not
found; more than one → too many matches.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from pixcore.errors import ConflictError, InvalidInputError, NotFoundError
from pixcore.models._guards import require_type
from pixcore.rules.engine import Engine, decide, first_outcome
from pixcore.rules.table import DecisionTable, Row, fact
from pixcore.text import normalize

__all__ = [
    "IDENTITY_MATCH",
    "MATCH_RESOLUTION",
    "CandidateIdentity",
    "CandidateLike",
    "ensure_not_enrolled",
    "find_candidate",
    "match_candidates",
    "normalize_name",
]

IDENTITY_MATCH = DecisionTable(
    name="identity_match",
    description="D8: same normalised last name, first name, and exact birth date",
    facts={"last_name_equal": bool, "first_name_equal": bool, "birth_date_equal": bool},
    rows=(
        Row(
            "match",
            "match",
            when=(
                fact("last_name_equal") == True,  # noqa: E712
                fact("first_name_equal") == True,  # noqa: E712
                fact("birth_date_equal") == True,  # noqa: E712
            ),
        ),
        Row("no_match", "no_match"),
    ),
)

MATCH_RESOLUTION = DecisionTable(
    name="match_resolution",
    description="D8: exactly one match is needed",
    facts={"match_count": int},
    rows=(
        Row("none", "CANDIDATE_NOT_FOUND", when=(fact("match_count") == 0,)),
        Row("one", "found", when=(fact("match_count") == 1,)),
        Row("several", "CANDIDATE_TOO_MANY_MATCHES"),
    ),
)


class CandidateLike(Protocol):
    """What matching reads of an enrolled candidate."""

    @property
    def last_name(self) -> str:
        """Birth name."""
        ...

    @property
    def first_name(self) -> str:
        """First name."""
        ...

    @property
    def birth_date(self) -> dt.date:
        """Birth date."""
        ...


C = TypeVar("C", bound=CandidateLike)


@dataclasses.dataclass(frozen=True, slots=True)
class CandidateIdentity:
    """The identity a candidate gives when joining: names and birth date (D8)."""

    first_name: str = dataclasses.field(repr=False)
    last_name: str = dataclasses.field(repr=False)
    birth_date: dt.date = dataclasses.field(repr=False)


def normalize_name(text: str) -> str:
    """Pix's normalisation of a name: no accents, upper case, only ``[0-9A-Z]``."""
    return normalize(require_type(text, str, "text"))


def _facts(candidate: CandidateLike, last: str, first: str, born: dt.date) -> dict[str, bool]:
    _require_candidate(candidate)
    return {
        "last_name_equal": normalize(candidate.last_name) == last,
        "first_name_equal": normalize(candidate.first_name) == first,
        "birth_date_equal": candidate.birth_date == born,
    }


def _require_candidate(candidate: object) -> None:
    names = (getattr(candidate, "last_name", None), getattr(candidate, "first_name", None))
    born = getattr(candidate, "birth_date", None)
    if not all(isinstance(name, str) for name in names) or not isinstance(born, dt.date):
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "enrolled"})


def match_candidates(
    enrolled: Iterable[C],
    first_name: str,
    last_name: str,
    birthdate: dt.date,
    *,
    engine: Engine | None = None,
) -> list[C]:
    """Every enrolled candidate the typed identity matches, in enrolment order.

    Names must be ``str``, ``birthdate`` a ``date``, ``enrolled`` an iterable of
    candidates; anything else raises ``ARGUMENT_NOT_VALID``.
    """
    require_type(birthdate, dt.date, "birthdate")
    require_type(enrolled, Iterable, "enrolled")
    last = normalize(require_type(last_name, str, "last_name"))
    first = normalize(require_type(first_name, str, "first_name"))
    return [
        candidate
        for candidate in enrolled
        if decide(IDENTITY_MATCH, _facts(candidate, last, first, birthdate), engine)[0].outcome
        == "match"
    ]


def find_candidate(
    enrolled: Sequence[C],
    first_name: str,
    last_name: str,
    birthdate: dt.date,
    *,
    engine: Engine | None = None,
) -> C:
    """The one enrolled candidate the typed identity matches.

    Raises :class:`NotFoundError` ``CANDIDATE_NOT_FOUND`` (Pix:
    ``CertificationCandidateByPersonalInfoNotFoundError``) or :class:`ConflictError`
    ``CANDIDATE_TOO_MANY_MATCHES`` (``…TooManyMatchesError``).
    """
    matches = match_candidates(enrolled, first_name, last_name, birthdate, engine=engine)
    outcome = first_outcome(MATCH_RESOLUTION, {"match_count": len(matches)}, engine)
    if outcome == "CANDIDATE_NOT_FOUND":
        raise NotFoundError(outcome)
    if outcome == "CANDIDATE_TOO_MANY_MATCHES":
        raise ConflictError(outcome, meta={"count": len(matches)})
    return matches[0]


def ensure_not_enrolled(
    enrolled: Iterable[C], candidate: CandidateLike, *, engine: Engine | None = None
) -> None:
    """Refuse to enrol ``candidate`` twice: same normalised names and birth date (§3.4).

    Raises :class:`ConflictError` ``DUPLICATE_CANDIDATE``.
    """
    _require_candidate(candidate)
    matches = match_candidates(
        enrolled, candidate.first_name, candidate.last_name, candidate.birth_date, engine=engine
    )
    if matches:
        raise ConflictError("DUPLICATE_CANDIDATE")
