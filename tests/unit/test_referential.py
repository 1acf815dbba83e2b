"""Tests of the shipped birth-place referential (rules D9, §3.5, P22–P23); no network."""

from __future__ import annotations

import re

import pytest

from pixcore.referential import FRANCE_CODE, CommuneName, Country, Referential


@pytest.fixture(scope="module")
def referential() -> Referential:
    return Referential.load()


# ---------------------------------------------------------------------- communes


def test_paris_actual_name(referential: Referential) -> None:
    assert referential.actual_commune_name("75056") == "Paris"
    assert referential.commune_names("75056") == (CommuneName("75056", "Paris", True),)


def test_paris_postal_code_and_city(referential: Referential) -> None:
    assert referential.has_postal_code("75001")
    assert referential.match_commune("75001", "Paris") == CommuneName("75056", "Paris", True)
    assert referential.match_commune("75001", "  paris ") == CommuneName("75056", "Paris", True)
    assert referential.match_commune("75001", "Lyon") is None


def test_paris_arrondissement(referential: Referential) -> None:
    assert referential.actual_commune_name("75101") == "Paris 1er Arrondissement"
    codes = {name.insee_code for name in referential.communes_for_postal_code("75001")}
    assert codes == {"75056", "75101"}


def test_ajaccio_current_and_old_code(referential: Referential) -> None:
    assert referential.actual_commune_name("2A004") == "Ajaccio"
    assert referential.actual_commune_name("20004") == "Ajaccio"
    assert referential.match_commune("20000", "AJACCIO") == CommuneName("2A004", "Ajaccio", True)


def test_corsica_haute_corse(referential: Referential) -> None:
    assert referential.actual_commune_name("2B033") == "Bastia"


def test_fort_de_france(referential: Referential) -> None:
    assert referential.actual_commune_name("97209") == "Fort-de-France"
    assert referential.match_commune("97200", "fort de france") == CommuneName(
        "97209", "Fort-de-France", True
    )


def test_mayotte(referential: Referential) -> None:
    assert referential.actual_commune_name("97611") == "Mamoudzou"
    assert referential.match_commune("97600", "Mamoudzou") == CommuneName(
        "97611", "Mamoudzou", True
    )


@pytest.mark.parametrize("prefix", ["971", "972", "973", "974", "976"])
def test_overseas_departments_are_covered(referential: Referential, prefix: str) -> None:
    assert any(code.startswith(prefix) for code in referential.insee_codes())


def test_annecy_le_vieux_own_code_and_postal_code_of_annecy(referential: Referential) -> None:
    own = CommuneName("74011", "Annecy-le-Vieux", True)
    assert referential.commune_names("74011") == (own,)
    assert referential.actual_commune_name("74010") == "Annecy"
    # rule P23: a postal code of the commune nouvelle + the name of the merged commune
    assert referential.has_postal_code("74000")
    assert own in referential.communes_for_postal_code("74000")
    assert referential.match_commune("74000", "Annecy le Vieux") == own
    assert referential.match_commune("74000", "Annecy") == CommuneName("74010", "Annecy", True)


def test_cherbourg_octeville_historical_name(referential: Referential) -> None:
    names = referential.commune_names("50129")
    assert names[0] == CommuneName("50129", "Cherbourg-en-Cotentin", True)
    assert CommuneName("50129", "Cherbourg-Octeville", False) in names
    assert referential.actual_commune_name("50129") == "Cherbourg-en-Cotentin"
    matched = referential.match_commune("50100", "CHERBOURG-OCTEVILLE")
    assert matched == CommuneName("50129", "Cherbourg-Octeville", False)


def test_unknown_codes(referential: Referential) -> None:
    assert referential.commune_names("00000") == ()
    assert referential.actual_commune_name("99100") is None
    assert referential.communes_for_postal_code("00000") == ()
    assert not referential.has_postal_code("00000")
    assert referential.match_commune("00000", "Paris") is None
    assert referential.match_commune("75001", "") is None


def test_every_insee_code_has_exactly_one_actual_name(referential: Referential) -> None:
    codes = referential.insee_codes()
    assert len(codes) > 35_000
    for code in codes:
        names = referential.commune_names(code)
        assert sum(name.is_actual_name for name in names) == 1, code
        assert names[0].is_actual_name
        assert all(name.insee_code == code and name.name for name in names)
        assert len({name.name for name in names}) == len(names), code


def test_every_insee_code_has_the_commune_format(referential: Referential) -> None:
    pattern = re.compile(r"^(?:[0-9]{2}|2[AB])[0-9]{3}$")
    assert all(pattern.match(code) for code in referential.insee_codes())


# ---------------------------------------------------------------------- countries


@pytest.mark.parametrize("text", ["france", "FRANCE ", "France", "99100", "Fran-ce"])
def test_france(referential: Referential, text: str) -> None:
    assert referential.find_country(text) == Country(FRANCE_CODE, "FRANCE")


def test_france_by_code(referential: Referential) -> None:
    assert referential.country_by_code(FRANCE_CODE) == Country("99100", "FRANCE")


@pytest.mark.parametrize("text", ["Fance", "", "   ", "99999", "99 100", "Atlantide"])
def test_country_not_found(referential: Referential, text: str) -> None:
    assert referential.find_country(text) is None


def test_spain_and_germany(referential: Referential) -> None:
    spain = Country("99134", "ESPAGNE")
    assert referential.country_by_code("99134") == spain
    assert referential.find_country("Espagne") == spain
    assert referential.find_country("99134") == spain
    assert referential.find_country("ALLEMAGNE") == Country("99109", "ALLEMAGNE")


def test_country_alternative_names(referential: Referential) -> None:
    ireland = Country("99136", "IRLANDE")
    assert referential.find_country("Irlande") == ireland
    assert referential.find_country("Eire") == ireland
    assert referential.country_by_code("99136") == ireland
    # word order does not matter (normalize_and_sort_chars)
    assert referential.find_country("République tchèque") == Country(
        "99116", "TCHEQUE (REPUBLIQUE)"
    )


def test_territory_sharing_a_code(referential: Referential) -> None:
    assert referential.find_country("Guam") == Country("99505", "GUAM")
    assert referential.country_by_code("99505") is not None


def test_every_country_code_has_the_insee_format(referential: Referential) -> None:
    countries = referential.countries()
    assert len(countries) > 200
    assert all(re.fullmatch(r"^99[0-9]{3}$", country.code) for country in countries)
    assert all(country.name for country in countries)
    assert len({country.code for country in countries}) == len(countries)


# ---------------------------------------------------------------------- loading


def test_load_gives_independent_instances() -> None:
    assert Referential.load() is not Referential.load()


def test_from_lines_small_table() -> None:
    referential = Referential.from_lines(
        ["01001\t01400\tL'Abergement-Clémenciat", "01002\t01400 01640\tNouveau\tAncien"],
        ["99100\tFRANCE", "99132\tROYAUME-UNI", "99132\tJERSEY"],
    )
    assert referential.match_commune("01400", "ancien") == CommuneName("01002", "Ancien", False)
    assert len(referential.communes_for_postal_code("01400")) == 3
    assert referential.find_country("jersey") == Country("99132", "JERSEY")
    assert referential.country_by_code("99132") == Country("99132", "ROYAUME-UNI")


def test_from_lines_rejects_a_row_without_name() -> None:
    with pytest.raises(ValueError, match="without a name"):
        Referential.from_lines(["01001\t01400"], [])
