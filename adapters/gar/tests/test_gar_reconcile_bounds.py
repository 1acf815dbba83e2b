"""Reconciliation does bounded work on any name (issue 8: bounded work for any input).

The matcher compares names with a Levenshtein distance; computed in full, two names of
5,000 characters cost seconds. It now stops at the ratio's limit and never compares a
name too long to be a pupil's (:data:`~pixcore_gar.reconcile.MAX_NAME_LENGTH`). The
properties below check the bounded distance against the full one, and the whole matcher
against the former definition (``ratio(...) <= max_ratio``) as an independent oracle.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pixcore_gar import reconcile
from pixcore_gar.reconcile import (
    DEFAULT_RATIO,
    MAX_NAME_LENGTH,
    STRICT_RATIO,
    Ambiguous,
    Learner,
    Matched,
    NotFound,
    bounded_levenshtein,
    levenshtein,
    match_learner,
    normalize_name,
    ratio,
)

BIRTH = date(2011, 3, 14)
# A small alphabet makes near matches (the interesting cases) frequent.
short_text = st.text(alphabet="abcé -'", max_size=12)


@given(short_text, short_text, st.integers(min_value=0, max_value=14))
def test_bounded_distance_is_the_distance_capped_at_limit_plus_one(a, b, limit):
    assert bounded_levenshtein(a, b, limit) == min(levenshtein(a, b), limit + 1)


long_text = st.text(alphabet="ab", min_size=60, max_size=90)


@given(long_text, long_text)
def test_bounded_distance_past_one_machine_word(a, b):
    # The bit-parallel columns are wider than 64 bits here.
    assert bounded_levenshtein(a, b, 90) == levenshtein(a, b)


def _oracle(first, last, learners):
    """The matcher as it was defined before the bounds: full ratios, no length cap."""

    def close(user_input, reference, max_ratio):
        return reference is not None and ratio(user_input, normalize_name(reference)) <= max_ratio

    first, last = normalize_name(first), normalize_name(last)
    most = 0
    for max_ratio in (STRICT_RATIO, DEFAULT_RATIO):
        for field in ("first_name", "middle_name", "third_name"):
            found = [
                one
                for one in learners
                if close(first, getattr(one, field), max_ratio)
                and (
                    close(last, one.last_name, max_ratio)
                    or close(last, one.preferred_last_name, max_ratio)
                )
            ]
            if len(found) == 1:
                return Matched(found[0].id)
            most = max(most, len(found))
    return Ambiguous(most) if most > 1 else NotFound()


learners = st.lists(
    st.builds(
        Learner,
        id=st.uuids().map(str),
        first_name=short_text,
        last_name=short_text,
        birthdate=st.just(BIRTH),
        middle_name=st.none() | short_text,
        third_name=st.none() | short_text,
        preferred_last_name=st.none() | short_text,
    ),
    max_size=4,
)


@given(short_text, short_text, learners)
def test_matcher_decides_as_the_full_ratio_definition(first, last, candidates):
    assert match_learner(first, last, BIRTH, candidates) == _oracle(first, last, candidates)


def _no_distance(*args):
    raise AssertionError("a distance was computed")


@pytest.mark.parametrize("length", [MAX_NAME_LENGTH + 1, 4 * MAX_NAME_LENGTH + 1, 250_000])
def test_an_over_long_pupil_name_matches_nobody_without_any_distance(monkeypatch, length):
    monkeypatch.setattr(reconcile, "bounded_levenshtein", _no_distance)
    one = Learner(id="L1", first_name="a" * length, last_name="Martin", birthdate=BIRTH)
    assert match_learner("a" * length, "Martin", BIRTH, [one]) == NotFound()
    assert match_learner("Léa", "m" * length, BIRTH, [one]) == NotFound()


def test_an_over_long_learner_name_is_never_compared(monkeypatch):
    calls = []

    def counted(a, b, limit):
        calls.append((len(a), len(b)))
        return levenshtein(a, b)

    monkeypatch.setattr(reconcile, "bounded_levenshtein", counted)
    huge = Learner(id="L1", first_name="Léa", last_name="b" * 5_000, birthdate=BIRTH)
    real = Learner(id="L2", first_name="Léa", last_name="Martin", birthdate=BIRTH)
    assert match_learner("Léa", "Martin", BIRTH, [huge, real]) == Matched("L2")
    assert calls and all(a <= MAX_NAME_LENGTH and b <= MAX_NAME_LENGTH for a, b in calls)


def test_a_name_of_exactly_the_maximum_length_still_matches():
    name = "a" * MAX_NAME_LENGTH
    one = Learner(id="L1", first_name=name, last_name="Martin", birthdate=BIRTH)
    assert match_learner(name, "Martin", BIRTH, [one]) == Matched("L1")
    for typed, expected in [
        (name[:-40], Matched("L1")),  # 40 edits / 215 typed ≤ 0.25
        (name[:-80], NotFound()),  # 80 / 175 > 0.25
        (name[:-1] + "b", Matched("L1")),
    ]:
        assert match_learner(typed, "Martin", BIRTH, [one]) == expected
        assert _oracle(typed, "Martin", [one]) == expected
