"""GAR reconciliation spells ligatures out like joining does (issue 9 §4)."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from pixcore_gar.reconcile import Learner, Matched, match_learner, normalize_name

BIRTH = date(2011, 3, 14)
SPELLED = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O"}
"""How French records write these letters (independent of the core's table)."""


def spelled_out(text: str) -> str:
    return "".join(SPELLED.get(char, char) for char in text)


def learner(first: str, last: str) -> Learner:
    return Learner(id="1", first_name=first, last_name=last, birthdate=BIRTH)


def test_laetitia_on_the_list_matches_laetitia_typed() -> None:
    """The school's list says "Lætitia Œuvray", GAR sends "Laetitia Oeuvray": matched."""
    assert normalize_name("Lætitia") == "laetitia"
    assert match_learner("Laetitia", "Oeuvray", BIRTH, [learner("Lætitia", "Œuvray")]) == (
        Matched("1")
    )
    assert match_learner("Lætitia", "Œuvray", BIRTH, [learner("Laetitia", "Oeuvray")]) == (
        Matched("1")
    )


names = st.text(alphabet="abcdeéèLMNOœŒæÆßøØ-' ", min_size=1, max_size=12).filter(
    lambda name: any(char.isalpha() for char in name)
)


@given(first=names, last=names)
def test_every_name_matches_its_spelled_out_and_nfd_forms(first: str, last: str) -> None:
    """A learner is found by their names spelled out, or in NFD, or as written."""
    me = [learner(first, last)]
    for form in (spelled_out, lambda text: unicodedata.normalize("NFD", text)):
        assert normalize_name(form(first)) == normalize_name(first)
        assert match_learner(form(first), form(last), BIRTH, me) == Matched("1")
