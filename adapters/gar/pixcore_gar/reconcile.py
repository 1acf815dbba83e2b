"""Pix's reconciliation of a GAR identity with a school's learner (``saml.md`` §1.5). Pure.

Candidates are the learners born on the date the pupil typed (GAR sends no birth
date). Names are compared after :func:`normalize_name` (the core's normalisation, lower
case: no accents, ligatures spelled out, only ``[a-z0-9]``) with :func:`ratio`, the
Levenshtein distance divided by the length of the pupil's input. Two passes, strict
(ratio 0) then ≤ 0.25; in each, the pupil's first name is compared with each learner's
first, then middle, then third given name, and the last name with the last or preferred
last name: the first given-name field yielding exactly one learner wins. This is not the
exact matcher used to join a certification session (``rules.md`` D8).

Bounded work: a name longer than :data:`MAX_NAME_LENGTH` once normalised (Pix's name
columns hold 255 characters), or than four times that as given, never matches, and
distances are bit-parallel (:func:`bounded_levenshtein`): a huge name in a signed
response or in the host's data costs milliseconds, not seconds.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from pixcore.text import normalize
from pixcore_gar.errors import GarArgumentError, GarAuthError, require_type

__all__ = [
    "DEFAULT_RATIO",
    "MAX_NAME_LENGTH",
    "STRICT_RATIO",
    "Ambiguous",
    "Learner",
    "Matched",
    "NotFound",
    "Reconciliation",
    "bounded_levenshtein",
    "levenshtein",
    "match_learner",
    "normalize_name",
    "ratio",
    "require_match",
]

STRICT_RATIO = 0.0
DEFAULT_RATIO = 0.25
MAX_NAME_LENGTH = 255
"""Longest normalised name compared; a longer one never matches (Pix: varchar(255))."""

_GIVEN_NAME_FIELDS = ("first_name", "middle_name", "third_name")


class Learner(BaseModel):
    """A school's learner as the host supplies it through ``pixcore_gar_find_learners``.

    Its repr shows the id only, and its validation errors never quote the values.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    id: str
    first_name: str = Field(repr=False)
    last_name: str = Field(repr=False)
    birthdate: date = Field(repr=False)
    middle_name: str | None = Field(default=None, repr=False)
    third_name: str | None = Field(default=None, repr=False)
    preferred_last_name: str | None = Field(default=None, repr=False)


@dataclasses.dataclass(frozen=True)
class Matched:
    """Exactly one learner matches."""

    learner_id: str


@dataclasses.dataclass(frozen=True)
class NotFound:
    """No learner matches."""


@dataclasses.dataclass(frozen=True)
class Ambiguous:
    """Several learners match equally (``count`` of them); a human must decide."""

    count: int


Reconciliation = Matched | NotFound | Ambiguous


def normalize_name(text: str) -> str:
    """Pix's ``normalizeAndRemoveAccents`` + ``removeSpecialCharacters``, lower case.

    The core's :func:`pixcore.text.normalize` (ligatures spelled out: ``æ`` → ``ae``,
    ``œ`` → ``oe``, ``ß`` → ``ss``), so GAR and joining compare names alike.

    >>> normalize_name(" Jean-Éric d'Ornano ")
    'jeanericdornano'
    >>> normalize_name("Lætitia")
    'laetitia'
    """
    return normalize(text).lower()


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions) between ``a`` and ``b``.

    The textbook table, len(a) · len(b) steps: the reference the matcher's
    :func:`bounded_levenshtein` is tested against.
    """
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[-1]


def bounded_levenshtein(a: str, b: str, limit: int) -> int:
    """``min(levenshtein(a, b), limit + 1)``, in O(len(b)) integer operations.

    Names whose lengths differ by more than ``limit`` are ``limit + 1`` apart without
    further work. Otherwise Myers' bit-parallel algorithm (Hyyrö's form for the edit
    distance): one column of the distance table is held in the bits of two integers,
    one step per character of ``b``, instead of len(a) · len(b) Python steps.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if not a:
        return min(len(b), limit + 1)
    positions: dict[str, int] = {}
    for index, char in enumerate(a):
        positions[char] = positions.get(char, 0) | (1 << index)
    mask, last = (1 << len(a)) - 1, 1 << (len(a) - 1)
    plus, minus, score = mask, 0, len(a)
    for char in b:
        equal = positions.get(char, 0)
        vertical = equal | minus
        horizontal = (((equal & plus) + plus) ^ plus) | equal
        h_plus = minus | (~(horizontal | plus) & mask)
        h_minus = plus & horizontal
        score += 1 if h_plus & last else -1 if h_minus & last else 0
        h_plus = ((h_plus << 1) | 1) & mask
        h_minus = (h_minus << 1) & mask
        plus = h_minus | (~(vertical | h_plus) & mask)
        minus = h_plus & vertical
    return min(score, limit + 1)


def ratio(user_input: str, reference: str) -> float:
    """Levenshtein distance divided by the input's length (asymmetric, as in Pix)."""
    if not user_input:
        return 0.0 if user_input == reference else math.inf
    return levenshtein(user_input, reference) / len(user_input)


def _comparable(name: str) -> str | None:
    """The normalised name, or ``None`` when it is too long to be compared."""
    if len(name) > 4 * MAX_NAME_LENGTH:
        return None
    normalized = normalize_name(name)
    return normalized if len(normalized) <= MAX_NAME_LENGTH else None


def _close(user_input: str, reference: str | None, max_ratio: float) -> bool:
    """``ratio(user_input, normalize_name(reference)) <= max_ratio``, with bounded work."""
    normalized = None if reference is None else _comparable(reference)
    if normalized is None:
        return False
    if not user_input:
        return normalized == ""
    limit = math.floor(max_ratio * len(user_input)) + 1  # the float product may round down
    return bounded_levenshtein(user_input, normalized, limit) / len(user_input) <= max_ratio


def _matches(
    first: str, last: str, learners: Sequence[Learner], field: str, max_ratio: float
) -> list[Learner]:
    return [
        learner
        for learner in learners
        if _close(first, getattr(learner, field), max_ratio)
        and (
            _close(last, learner.last_name, max_ratio)
            or _close(last, learner.preferred_last_name, max_ratio)
        )
    ]


def _learners(learners: Iterable[Learner]) -> list[Learner]:
    try:
        found = list(learners)
    except TypeError:
        raise GarArgumentError("ARGUMENT_NOT_VALID", meta={"argument": "learners"}) from None
    for learner in found:
        require_type(learner, Learner, "learners")
    return found


def match_learner(
    first_name: str, last_name: str, birthdate: date, learners: Iterable[Learner]
) -> Reconciliation:
    """Find the one learner matching a GAR identity and a typed birth date.

    :raises GarArgumentError: an argument of the wrong type (``learners`` must hold
        :class:`Learner` objects; ``birthdate`` is a ``date``, not a ``datetime``).
    """
    require_type(first_name, str, "first_name")
    require_type(last_name, str, "last_name")
    if not isinstance(birthdate, date) or isinstance(birthdate, datetime):
        raise GarArgumentError("ARGUMENT_NOT_VALID", meta={"argument": "birthdate"})
    candidates = [learner for learner in _learners(learners) if learner.birthdate == birthdate]
    first, last = _comparable(first_name), _comparable(last_name)
    if first is None or last is None:
        return NotFound()
    most = 0
    for max_ratio in (STRICT_RATIO, DEFAULT_RATIO):
        for field in _GIVEN_NAME_FIELDS:
            found = _matches(first, last, candidates, field, max_ratio)
            if len(found) == 1:
                return Matched(found[0].id)
            most = max(most, len(found))
    return Ambiguous(most) if most > 1 else NotFound()


def require_match(result: Reconciliation) -> str:
    """The matched learner id, or ``RECONCILIATION_NOT_FOUND`` / ``_AMBIGUOUS``."""
    if isinstance(result, Matched):
        return result.learner_id
    if isinstance(result, Ambiguous):
        raise GarAuthError("RECONCILIATION_AMBIGUOUS")
    raise GarAuthError("RECONCILIATION_NOT_FOUND")
