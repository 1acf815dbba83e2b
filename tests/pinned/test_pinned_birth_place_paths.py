"""D9 / ``rules.md`` §3.5: the two French paths, and the facts of the birth-place table.

§3.5 case 5: a French birth place is given by the INSEE code alone *or* by the postal
code and the city; given both ways, the place is refused once for that
(``…_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED``) and never looked up: the
postal path's own checks (5b) belong to the postal path only. ``birth_place_facts``
(named in docs/engines.md) speaks the words declared beside :data:`BIRTH_PLACE`'s facts.
"""

from __future__ import annotations

import pytest

from pixcore import Referential
from pixcore.rules.birth_place import (
    BIRTH_PLACE,
    BirthPlaceInput,
    _resolve,
    birth_place_facts,
    check_birth_place,
)

BOTH_PATHS = "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"


@pytest.fixture(scope="module")
def referential() -> Referential:
    return Referential.load()


@pytest.mark.parametrize(
    ("postal_code", "city"),
    [("00000", "Paris"), ("99999", "Nulle-Part"), ("75001", "Nulle-Part")],
    ids=["unknown-postal-code", "unknown-postal-code-and-city", "city-not-of-postal-code"],
)
def test_an_insee_code_with_a_postal_code_and_city_is_refused_once(
    referential: Referential, postal_code: str, city: str
) -> None:
    given = BirthPlaceInput(country="FRANCE", insee_code="75056", postal_code=postal_code,
                            city=city)  # fmt: skip
    errors = check_birth_place(given, referential=referential)
    assert [(e.code, e.field, dict(e.meta)) for e in errors] == [(BOTH_PATHS, "birth_place", {})]


def facts(referential: Referential, **typed: str) -> dict[str, bool | str]:
    given = BirthPlaceInput(**typed)
    return birth_place_facts(given, _resolve(given, referential), referential)


@pytest.mark.parametrize(
    ("typed", "department_state"),
    [
        ({"country": "FRANCE", "insee_code": "75056"}, "absent"),  # no department typed
        ({"country": "FRANCE", "insee_code": "75056", "department_code": "75"}, "consistent"),
        ({"country": "FRANCE", "insee_code": "75056", "department_code": "13"}, "inconsistent"),
        ({"country": "FRANCE", "insee_code": "00000", "department_code": "75"}, "absent"),
        ({"country": "ESPAGNE", "city": "Séville", "department_code": "99"}, "consistent"),
        ({"country": "ESPAGNE", "city": "Séville", "department_code": "75"}, "inconsistent"),
        ({"country": "ATLANTIDE", "city": "Poséidonia", "department_code": "99"}, "absent"),
    ],
)  # fmt: skip
def test_the_department_fact_is_a_word_the_table_declares(
    referential: Referential, typed: dict[str, str], department_state: str
) -> None:
    """``absent | consistent | inconsistent``: absent when no department was typed or no
    commune was found to judge it against (an unknown INSEE code or country)."""
    found = facts(referential, **typed)
    assert found["department_state"] == department_state
    assert set(found) == set(BIRTH_PLACE.facts)
