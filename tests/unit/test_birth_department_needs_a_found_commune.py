"""The birth department is judged only against a commune the birth place designates.

``rules.md`` D9: a department code is valid iff it is the department part *of the
commune's* INSEE code; ``docs/decisions.md`` M5: pixcore's department check "reads the
commune those steps found" (§3.5's steps). Born in France, §3.5 designates a commune by
the INSEE code alone, or by the postal code and the city: an INSEE code typed beside a
postal code, or a postal code alone, designates none, so the place is refused for its
own reason and the department is not judged (there is nothing to judge it against).
"""

from __future__ import annotations

import pytest

from pixcore import Referential
from pixcore.errors import ErrorDetail
from pixcore.rules.birth_place import BirthPlaceInput, check_birth_place

AMBIGUOUS = "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"


@pytest.mark.parametrize("department", ["13", "75", "99"])
def test_insee_and_postal_code_without_city_refuse_the_place_only(
    referential: Referential, department: str
) -> None:
    given = BirthPlaceInput(
        country="FRANCE", insee_code="75056", postal_code="75001", department_code=department
    )
    assert check_birth_place(given, referential=referential) == (
        ErrorDetail(code=AMBIGUOUS, field="birth_place"),
    )


@pytest.mark.parametrize("department", ["13", "75", "99"])
def test_a_postal_code_alone_asks_for_the_city_only(
    referential: Referential, department: str
) -> None:
    given = BirthPlaceInput(country="FRANCE", postal_code="75001", department_code=department)
    assert check_birth_place(given, referential=referential) == (
        ErrorDetail(code="CANDIDATE_BIRTH_CITY_REQUIRED", field="birth_place"),
    )


def test_the_insee_code_alone_is_judged(referential: Referential) -> None:
    """The contrast: the INSEE code alone designates Paris, so ``13`` is refused."""
    given = BirthPlaceInput(country="FRANCE", insee_code="75056", department_code="13")
    assert check_birth_place(given, referential=referential) == (
        ErrorDetail(code="CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID", field="birth_place"),
    )
