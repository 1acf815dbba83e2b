"""D9 — birth place, checked against the shipped referential (Pix §3.5).

Declared rules (``rules.md`` D9, §3.5):

- something must be given, and a country that the referential knows;
- born abroad (country ≠ ``99100``): a city, no postal code, INSEE code ``99``
  (pixcore also accepts it empty, ``docs/decisions.md``); the stored INSEE code is the
  country code; these checks accumulate;
- born in France: either the INSEE code alone, or the postal code and the city; the
  INSEE code must exist (the city returned is its actual name); the postal code must
  exist and the city must match one of its communes, historical names and La Poste-style
  labels included, abbreviations (``ST``/``STE``) and articles forgiven (issue 9 §3);
  the current commune's code is given beside (Pix accepts only current codes);
- the birth department code (pixcore-specific), when given, must be the department
  part of the commune's INSEE code (3 characters for ``97``/``98`` codes), or ``99``
  exactly when born abroad.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from pixcore.errors import ErrorDetail
from pixcore.models.candidate import BirthPlace
from pixcore.referential import FRANCE_CODE, Country, Referential
from pixcore.rules.engine import Engine, outcomes
from pixcore.rules.table import DecisionTable, HitPolicy, Row, fact

__all__ = [
    "BIRTH_PLACE",
    "BirthPlaceInput",
    "check_birth_place",
    "department_of",
    "pad_ods_code",
]

ABROAD_DEPARTMENT = "99"
_T, _F = True, False

BIRTH_PLACE = DecisionTable(
    name="birth_place",
    description="D9 / §3.5: birth place errors (France rows exclusive, abroad rows add up)",
    hit_policy=HitPolicy.COLLECT,
    facts={
        "any_given": bool,
        "country_state": str,  # missing | not_found | france | foreign
        "insee_given": bool,
        "postal_given": bool,
        "city_given": bool,
        "insee_is_99_or_empty": bool,
        "insee_found": bool,
        "postal_found": bool,
        "postal_city_match": bool,
        "department_state": str,  # absent | consistent | inconsistent
    },
    rows=(
        Row("nothing", "CANDIDATE_BIRTH_INFORMATION_REQUIRED",
            when=(fact("any_given") == _F,)),
        Row("no_country", "CANDIDATE_BIRTH_COUNTRY_REQUIRED",
            when=(fact("any_given") == _T, fact("country_state") == "missing")),
        Row("unknown_country", "CANDIDATE_BIRTH_COUNTRY_NOT_FOUND",
            when=(fact("country_state") == "not_found",)),
        Row("abroad_city", "CANDIDATE_FOREIGN_BIRTH_CITY_REQUIRED",
            when=(fact("country_state") == "foreign", fact("city_given") == _F)),
        Row("abroad_postal", "CANDIDATE_FOREIGN_POSTAL_CODE_MUST_BE_EMPTY",
            when=(fact("country_state") == "foreign", fact("postal_given") == _T)),
        Row("abroad_insee", "CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID",
            when=(fact("country_state") == "foreign", fact("insee_is_99_or_empty") == _F)),
        Row("france_nothing", "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED",
            when=(fact("country_state") == "france", fact("insee_given") == _F,
                  fact("postal_given") == _F, fact("city_given") == _F)),
        Row("france_insee_and_postal", "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED",
            when=(fact("country_state") == "france", fact("insee_given") == _T,
                  fact("postal_given") == _T)),
        Row("france_insee_and_city", "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED",
            when=(fact("country_state") == "france", fact("insee_given") == _T,
                  fact("postal_given") == _F, fact("city_given") == _T)),
        Row("france_city_only", "CANDIDATE_BIRTH_POSTAL_CODE_REQUIRED",
            when=(fact("country_state") == "france", fact("insee_given") == _F,
                  fact("postal_given") == _F, fact("city_given") == _T)),
        Row("france_postal_only", "CANDIDATE_BIRTH_CITY_REQUIRED",
            when=(fact("country_state") == "france", fact("insee_given") == _F,
                  fact("postal_given") == _T, fact("city_given") == _F)),
        Row("france_insee_unknown", "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID",
            when=(fact("country_state") == "france", fact("insee_given") == _T,
                  fact("postal_given") == _F, fact("city_given") == _F,
                  fact("insee_found") == _F)),
        Row("france_postal_unknown", "CANDIDATE_BIRTH_POSTAL_CODE_NOT_FOUND",
            when=(fact("country_state") == "france", fact("insee_given") == _F,
                  fact("postal_given") == _T, fact("city_given") == _T,
                  fact("postal_found") == _F)),
        Row("france_city_mismatch", "CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID",
            when=(fact("country_state") == "france", fact("insee_given") == _F,
                  fact("postal_given") == _T, fact("city_given") == _T,
                  fact("postal_found") == _T, fact("postal_city_match") == _F)),
        Row("department", "CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID",
            when=(fact("department_state") == "inconsistent",)),
    ),
)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class BirthPlaceInput:
    """The birth fields as typed (stripped; empty means absent); never in a repr."""

    country: str | None = dataclasses.field(default=None, repr=False)
    city: str | None = dataclasses.field(default=None, repr=False)
    postal_code: str | None = dataclasses.field(default=None, repr=False)
    insee_code: str | None = dataclasses.field(default=None, repr=False)
    department_code: str | None = dataclasses.field(default=None, repr=False)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> BirthPlaceInput:
        """Read the ``birth_*`` keys of raw candidate data (strings; blank is absent)."""

        def text(key: str) -> str | None:
            value = data.get(key)
            return value.strip() or None if isinstance(value, str) else None

        return cls(
            country=text("birth_country"),
            city=text("birth_city"),
            postal_code=text("birth_postal_code"),
            insee_code=text("birth_insee_code"),
            department_code=text("birth_department_code"),
        )


def pad_ods_code(code: str) -> str:
    """Pad an ODS INSEE or postal code: under 5 characters, one leading ``0``.

    ``1004`` → ``01004``; ``99`` (born abroad) is kept.
    """
    stripped = code.strip()
    if stripped and stripped != "99" and len(stripped) < 5:
        return "0" + stripped
    return stripped


def department_of(insee_code: str) -> str:
    """The department part of a commune's INSEE code: 3 characters for 97x/98x."""
    return insee_code[:3] if insee_code.startswith(("97", "98")) else insee_code[:2]


@dataclasses.dataclass(frozen=True, slots=True)
class _Resolved:
    country: Country | None = dataclasses.field(repr=False)
    insee_code: str | None = dataclasses.field(repr=False)
    city: str | None = dataclasses.field(repr=False)


def _resolve(given: BirthPlaceInput, referential: Referential) -> _Resolved:
    country = referential.find_country(given.country) if given.country else None
    if country is None or country.code != FRANCE_CODE:
        return _Resolved(country, country.code if country else None, given.city)
    if given.insee_code and not given.postal_code and not given.city:
        return _Resolved(
            country, given.insee_code, referential.actual_commune_name(given.insee_code)
        )
    if given.postal_code and given.city and not given.insee_code:
        match = referential.match_commune(given.postal_code, given.city)
        return _Resolved(
            country, match.insee_code if match else None, match.name if match else None
        )
    return _Resolved(country, None, None)


def _department_state(given: BirthPlaceInput, resolved: _Resolved) -> str:
    if given.department_code is None or resolved.country is None or resolved.city is None:
        return "absent"
    if resolved.country.code != FRANCE_CODE:
        expected = ABROAD_DEPARTMENT
    else:
        expected = department_of(resolved.insee_code or "")
    return "consistent" if given.department_code.upper() == expected else "inconsistent"


def _country_state(given: BirthPlaceInput, resolved: _Resolved) -> str:
    if given.country is None:
        return "missing"
    if resolved.country is None:
        return "not_found"
    return "france" if resolved.country.code == FRANCE_CODE else "foreign"


def birth_place_facts(
    given: BirthPlaceInput, resolved: _Resolved, referential: Referential
) -> dict[str, bool | str]:
    """The facts of :data:`BIRTH_PLACE`."""
    postal = given.postal_code
    return {
        "any_given": any((given.country, given.city, given.postal_code, given.insee_code)),
        "country_state": _country_state(given, resolved),
        "insee_given": given.insee_code is not None,
        "postal_given": postal is not None,
        "city_given": given.city is not None,
        "insee_is_99_or_empty": given.insee_code in (None, ABROAD_DEPARTMENT),
        "insee_found": bool(given.insee_code and referential.commune_names(given.insee_code)),
        "postal_found": bool(postal and referential.has_postal_code(postal)),
        "postal_city_match": resolved.city is not None,
        "department_state": _department_state(given, resolved),
    }


def check_birth_place(
    given: BirthPlaceInput, *, referential: Referential, engine: Engine | None = None
) -> BirthPlace | tuple[ErrorDetail, ...]:
    """The normalised :class:`BirthPlace`, or every error found (never raises)."""
    resolved = _resolve(given, referential)
    facts = birth_place_facts(given, resolved, referential)
    codes = outcomes(BIRTH_PLACE, facts, engine)
    if codes:
        return tuple(ErrorDetail(code=code, field="birth_place") for code in codes)
    assert resolved.country is not None and resolved.city is not None
    return _birth_place(given, resolved, referential)


def _birth_place(
    given: BirthPlaceInput, resolved: _Resolved, referential: Referential
) -> BirthPlace:
    # No error: abroad, the code is the country's; in France, the code typed (found) or
    # that of the commune the postal code and city designate.
    assert resolved.country is not None and resolved.city is not None
    insee_code = resolved.insee_code
    assert insee_code is not None
    abroad = resolved.country.code != FRANCE_CODE
    return BirthPlace(
        country_code=resolved.country.code,
        country=resolved.country.name,
        city=resolved.city,
        insee_code=insee_code if abroad or given.insee_code else None,
        postal_code=None if abroad else given.postal_code,
        department_code=ABROAD_DEPARTMENT if abroad else department_of(insee_code),
        current_insee_code=None if abroad else referential.current_code(insee_code),
    )
