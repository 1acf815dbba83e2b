"""D8 names with ligatures: every name matches its own spelled-out and NFD forms (issue 9 §4).

The oracle (``oracles.fold_ligatures`` and ``oracles.normalize``) is written from how
French civil records transliterate these letters, not from pixcore's table.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import oracles
from hypothesis import given
from hypothesis import strategies as st
from tests_support import Enrolled

from pixcore import match_candidates, normalize_name
from pixcore.text import normalize_and_sort_chars

LETTERS = "aeiouylmnrstAELMNRSTéèêëàçïôÉÈÇ" + "œŒæÆßẞøØłŁđĐðÐþÞħĦŧŦı" + "ﬁĳĲ"
names = st.lists(
    st.text(alphabet=LETTERS, min_size=1, max_size=8), min_size=1, max_size=3
).flatmap(
    lambda parts: st.sampled_from(["-", " ", "'"]).map(lambda sep: sep.join(parts))
)  # fmt: skip
FORMS = ("NFC", "NFD", "NFKC", "NFKD")


@given(name=names)
def test_normalisation_is_the_oracle_and_idempotent(name: str) -> None:
    """normalize == oracle; only [0-9A-Z]; normalize(normalize(x)) == normalize(x)."""
    once = normalize_name(name)
    assert once == oracles.normalize(name)
    assert re.fullmatch(r"[0-9A-Z]*", once)
    assert normalize_name(once) == once


@given(name=names)
def test_every_name_equals_its_spelled_out_and_unicode_forms(name: str) -> None:
    """Spelled out (œ → oe...) or in any Unicode form, a name normalises alike."""
    variants = {oracles.fold_ligatures(name), *(unicodedata.normalize(f, name) for f in FORMS)}
    assert {normalize_name(variant) for variant in variants} == {normalize_name(name)}
    assert normalize_and_sort_chars(oracles.fold_ligatures(name)) == normalize_and_sort_chars(name)


@given(first=names, last=names, born=st.dates(dt.date(2005, 1, 1), dt.date(2015, 1, 1)))
def test_an_enrolled_candidate_finds_itself_spelled_out(
    first: str, last: str, born: dt.date
) -> None:
    """Typing one's enrolled names spelled out, or in NFD, always matches."""
    me = Enrolled(first, last, born)
    folded = oracles.fold_ligatures(first), oracles.fold_ligatures(last)
    assert match_candidates([me], *folded, born) == [me]
    nfd = unicodedata.normalize("NFD", first), unicodedata.normalize("NFD", last)
    assert match_candidates([me], *nfd, born) == [me]
    spelled = Enrolled(*folded, born)
    assert match_candidates([spelled], first, last, born) == [spelled]
