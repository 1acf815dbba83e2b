"""Birth places as forgiving as Pix's (issue 9 §3): La Poste's abbreviations and labels,
current and official country names, and the current code beside a former one.

Expected answers are written from the postal and INSEE facts (La Poste writes Saint-Denis
``ST DENIS``; Annecy-le-Vieux merged into Annecy, 74010, in 2017), not from the tables.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixcore import BirthPlace, CandidateDataError, Referential, validate_candidate

BASE = {"last_name": "Diallo", "first_name": "Awa", "sex": "F", "birth_date": "2011-02-03"}


def place(referential: Referential, **fields: Any) -> BirthPlace:
    return validate_candidate({**BASE, **fields}, referential=referential).birth_place


def codes(referential: Referential, **fields: Any) -> list[str]:
    with pytest.raises(CandidateDataError) as excinfo:
        validate_candidate({**BASE, **fields}, referential=referential)
    return [detail.code for detail in excinfo.value.errors]


@pytest.mark.parametrize(
    ("postal", "city", "insee", "name"),
    [
        ("93200", "St-Denis", "93066", "Saint-Denis"),
        ("93200", "ST DENIS", "93066", "Saint-Denis"),
        ("93200", "st denis", "93066", "Saint-Denis"),
        ("97400", "St Denis", "97411", "Saint-Denis"),
        ("97438", "Ste Marie", "97418", "Sainte-Marie"),
        ("97438", "STE-MARIE", "97418", "Sainte-Marie"),
        ("97490", "Sainte-Clotilde", "97411", "Saint-Denis"),  # La Poste label of 97490
        ("97490", "Ste Clotilde", "97411", "Saint-Denis"),
        ("93210", "St Denis la Plaine", "93066", "Saint-Denis"),
    ],
)
def test_la_poste_spellings_with_the_right_postal_code(
    referential: Referential, postal: str, city: str, insee: str, name: str
) -> None:
    """Abbreviations and routing labels Pix accepts are accepted; the city is official."""
    found = place(referential, birth_country="France", birth_postal_code=postal, birth_city=city)
    assert (found.city, found.postal_code, found.current_insee_code) == (name, postal, insee)


@pytest.mark.parametrize(("postal", "city"), [("93200", "Saint-Ouen"), ("97438", "St Denis"),
                                              ("93200", "Sainte-Denis")])  # fmt: skip
def test_wrong_commune_for_the_postal_code_is_still_refused(
    referential: Referential, postal: str, city: str
) -> None:
    """Forgiving spelling, not forgiving places: another commune stays refused."""
    assert codes(
        referential, birth_country="France", birth_postal_code=postal, birth_city=city
    ) == ["CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID"]


@pytest.mark.parametrize(
    ("insee", "city", "current"),
    [("74011", "Annecy-le-Vieux", "74010"), ("20004", "Ajaccio", "2A004"),
     ("2A004", "Ajaccio", "2A004"), ("75056", "Paris", "75056")],
)  # fmt: skip
def test_former_codes_carry_the_current_code(
    referential: Referential, insee: str, city: str, current: str
) -> None:
    """pixcore accepts 74011 (Pix does not): the current code 74010 travels beside."""
    found = place(referential, birth_country="France", birth_insee_code=insee)
    assert (found.insee_code, found.city, found.current_insee_code) == (insee, city, current)


def test_historical_name_by_postal_code_carries_the_current_code(
    referential: Referential,
) -> None:
    """Annecy-le-Vieux by postal code 74940: its own code, Annecy's code beside."""
    found = place(
        referential, birth_country="France", birth_postal_code="74940",
        birth_city="Annecy le Vieux",
    )  # fmt: skip
    assert (found.city, found.current_insee_code) == ("Annecy-le-Vieux", "74010")


def test_born_abroad_has_no_current_commune(referential: Referential) -> None:
    """Abroad: the INSEE code is the country's, no commune code beside."""
    found = place(referential, birth_country="Espagne", birth_city="Madrid")
    assert (found.insee_code, found.current_insee_code) == ("99134", None)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("République démocratique du Congo", "99312"),
        ("Republique democratique du Congo", "99312"),
        ("Congo-Kinshasa", "99312"),
        ("RDC Congo", "99312"),
        ("République du Congo", "99324"),
        ("Congo-Brazzaville", "99324"),
        ("Congo", "99324"),
        ("Tchéquie", "99116"),
        ("République tchèque", "99116"),
        ("Macédoine du Nord", "99156"),
        ("Corée du Sud", "99239"),
        ("Côte d'Ivoire", "99326"),
        ("Birmanie", "99224"),
        ("Myanmar", "99224"),
        ("États-Unis", "99404"),
    ],
)
def test_official_and_current_country_names(
    referential: Referential, typed: str, code: str
) -> None:
    """Long official names and current names find the INSEE country code."""
    country = referential.find_country(typed)
    assert country is not None and country.code == code
    found = place(referential, birth_country=typed, birth_city="Ville")
    assert found.insee_code == code


def test_ambiguous_forgiving_match_is_refused() -> None:
    """Two communes of one postal code alike once articles are ignored → no guess."""
    small = Referential.from_lines(
        ["01001\t01400\tLe Mesnil", "01002\t01400\tLa Mesnil", "01003\t01400\tSaint-Rémy"],
        ["99100\tFRANCE"],
    )
    assert small.match_commune("01400", "Mesnil") is None
    assert small.match_commune("01400", "le mesnil") is not None  # exact match wins
    found = small.match_commune("01400", "ST REMY")
    assert found is not None and found.insee_code == "01003"


def abbreviate(name: str, rng: random.Random) -> str:
    """La Poste's style, written independently: upper case, ST/STE, no article, spaces."""
    words = re.split(r"[-' ]+", name.upper())
    if words and words[0] in ("LE", "LA", "LES") and rng.random() < 0.5:
        words = words[1:]
    spelled = [{"SAINT": "ST", "SAINTE": "STE"}.get(w, w) for w in words]
    return (" " if rng.random() < 0.5 else "-").join(spelled)


@pytest.fixture(scope="module")
def saints(referential: Referential) -> list[tuple[str, str, str]]:
    """(postal code, INSEE code, actual name) of communes named Saint… or with an article."""
    rows = []
    for postal in referential.postal_codes():
        for entry in referential.communes_for_postal_code(postal):
            if entry.is_actual_name and re.search(r"\bSainte?\b|^L[ae]s? ", entry.name):
                rows.append((postal, entry.insee_code, entry.name))
    return rows


@given(pick=st.integers(0, 10**9), seed=st.integers(0, 2**32 - 1))
def test_every_saint_is_found_in_la_postes_spelling(
    referential: Referential, saints: list[tuple[str, str, str]], pick: int, seed: int
) -> None:
    """Any commune named Saint-/Sainte-/Le/La, typed as La Poste writes it, is found."""
    postal, insee, name = saints[pick % len(saints)]
    typed = abbreviate(name, random.Random(seed))
    found = referential.match_commune(postal, typed)
    assert found is not None, (postal, typed)
    assert referential.current_code(found.insee_code) == referential.current_code(insee)


def test_every_saint_of_the_referential_is_found_in_one_la_poste_spelling(
    referential: Referential, saints: list[tuple[str, str, str]]
) -> None:
    """Exhaustive companion of the property: each commune once, one seeded spelling."""
    rng = random.Random(20261130)
    missed = []
    for postal, insee, name in saints:
        found = referential.match_commune(postal, abbreviate(name, rng))
        if found is None or referential.current_code(found.insee_code) != referential.current_code(
            insee
        ):
            missed.append((postal, insee))
    assert missed == []


def test_a_routing_label_never_names_a_neighbour() -> None:
    """La Poste routes Norroy-le-Veneur's mail as ST PRIVAT LA MONTAGNE: that spelling,
    typed by a pupil born in Saint-Privat-la-Montagne, names Saint-Privat."""
    referential = Referential.load()
    found = referential.match_commune("57855", "ST PRIVAT LA MONTAGNE")
    assert found is not None and found.insee_code == "57622"


def test_a_merged_commune_and_its_former_part_are_one_commune_for_the_forgiving_pass() -> None:
    """Loc-Eguiner-Saint-Thégonnec (former) and Saint-Thégonnec Loc-Eguiner (merged) share
    their letters: the forgiving pass must not call that ambiguous."""
    referential = Referential.load()
    for typed in ("ST THEGONNEC LOC EGUINER", "LOC-EGUINER-ST-THEGONNEC"):
        found = referential.match_commune("29410", typed)
        assert found is not None and referential.current_code(found.insee_code) == "29266"
