"""D9 pinned to ``rules.md`` §3.2 and §3.5: each field rule and birth-place case alone.

Every case below is one line of §3.2's table or one row of §3.5's case list (and D9's
department rule), with the code and the field the error must carry.
"""

from __future__ import annotations

import pytest

from pixcore import CandidateDataError, Referential, validate_candidate
from pixcore.rules.birth_place import (
    BirthPlaceInput,
    check_birth_place,
    department_of,
    pad_ods_code,
)

VALID = {"last_name": "Dubois", "first_name": "Léa", "sex": "F", "birth_date": "2010-01-02",
         "birth_country": "France", "birth_insee_code": "75056"}  # fmt: skip


def errors(
    referential: Referential, **changes: object
) -> list[tuple[str, str | None, dict[str, object]]]:
    data = {k: v for k, v in {**VALID, **changes}.items() if v is not ...}
    with pytest.raises(CandidateDataError) as caught:
        validate_candidate(data, referential=referential)
    assert dict(caught.value.meta) == {"count": len(caught.value.errors)}
    return [(e.code, e.field, dict(e.meta)) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"last_name": ...}, "CANDIDATE_LAST_NAME_REQUIRED", "last_name"),
        ({"last_name": "  "}, "CANDIDATE_LAST_NAME_REQUIRED", "last_name"),
        ({"last_name": 12}, "CANDIDATE_LAST_NAME_MUST_BE_A_STRING", "last_name"),
        ({"first_name": None}, "CANDIDATE_FIRST_NAME_REQUIRED", "first_name"),
        ({"first_name": 12}, "CANDIDATE_FIRST_NAME_MUST_BE_A_STRING", "first_name"),
        ({"sex": ""}, "CANDIDATE_SEX_REQUIRED", "sex"),
        ({"sex": "X"}, "CANDIDATE_SEX_NOT_VALID", "sex"),
        ({"sex": "m"}, "CANDIDATE_SEX_NOT_VALID", "sex"),
        ({"birth_date": ...}, "CANDIDATE_BIRTHDATE_REQUIRED", "birth_date"),
        ({"birth_date": "1900-01-01"}, "CANDIDATE_BIRTHDATE_MUST_BE_GREATER", "birth_date"),
        ({"birth_date": "1899-12-31"}, "CANDIDATE_BIRTHDATE_MUST_BE_GREATER", "birth_date"),
        ({"email": "foo@"}, "CANDIDATE_EMAIL_NOT_VALID", "email"),
        (
            {"result_recipient_email": "foo@"},
            "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID",
            "result_recipient_email",
        ),
        ({"external_id": 42}, "CANDIDATE_EXTERNAL_ID_MUST_BE_A_STRING", "external_id"),
        ({"billing_mode": "FREE"}, "CANDIDATE_BILLING_MODE_MUST_BE_EMPTY", "billing_mode"),
        ({"extra_time": "10"}, "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE", "extra_time"),
        ({"extra_time": "abc"}, "CANDIDATE_EXTRA_TIME_INTEGER", "extra_time"),
        ({"nickname": "Lulu"}, "FIELD_NOT_ALLOWED", "nickname"),
    ],
)
def test_each_field_rule(
    referential: Referential, changes: dict[str, object], code: str, field: str
) -> None:
    """§3.2: one broken rule → exactly its code, on its field."""
    assert errors(referential, **changes) == [(code, field, {})]


@pytest.mark.parametrize("text", ["01/02/2005", "2005-2-1", "2005-02-30", "20050201"])
def test_birth_date_format(referential: Referential, text: str) -> None:
    """YYYY-MM-DD and a real date, else the format error naming the expected format."""
    assert errors(referential, birth_date=text) == [
        ("CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID", "birth_date", {"expected": "AAAA-MM-JJ"})
    ]


def test_every_error_at_once(referential: Referential) -> None:
    """Mass import reports all errors (§3.2), in the table's order."""
    found = errors(referential, last_name=..., first_name=..., sex="X", birth_date="1900-01-01")
    assert [code for code, _, _ in found] == [
        "CANDIDATE_LAST_NAME_REQUIRED", "CANDIDATE_FIRST_NAME_REQUIRED", "CANDIDATE_SEX_NOT_VALID",
        "CANDIDATE_BIRTHDATE_MUST_BE_GREATER",
    ]  # fmt: skip


def test_the_edges_that_are_accepted(referential: Referential) -> None:
    """1900-01-02 (§13 case 8), a good e-mail, M, a text identifier, no billing mode."""
    candidate = validate_candidate(
        {**VALID, "birth_date": "1900-01-02", "sex": "M", "email": " a.b@c.fr ",
         "result_recipient_email": "prof@college.fr", "external_id": " 42 ", "billing_mode": "",
         "extra_time": "", "division": " 3e B "}, referential=referential)  # fmt: skip
    assert str(candidate.birth_date) == "1900-01-02" and candidate.sex == "M"
    assert candidate.email == "a.b@c.fr" and candidate.external_id == "42"
    assert candidate.extra_time is None and candidate.division == "3e B"


BIRTH = "birth_place"


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        ({}, ["CANDIDATE_BIRTH_INFORMATION_REQUIRED"]),
        ({"city": "Paris"}, ["CANDIDATE_BIRTH_COUNTRY_REQUIRED"]),
        ({"country": "Fance", "city": "Paris"}, ["CANDIDATE_BIRTH_COUNTRY_NOT_FOUND"]),
        ({"country": "Espagne"}, ["CANDIDATE_FOREIGN_BIRTH_CITY_REQUIRED"]),
        (
            {"country": "Espagne", "city": "Madrid", "postal_code": "28001"},
            ["CANDIDATE_FOREIGN_POSTAL_CODE_MUST_BE_EMPTY"],
        ),
        (
            {"country": "Espagne", "city": "Madrid", "insee_code": "75056"},
            ["CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID"],
        ),
        (
            {"country": "Espagne", "postal_code": "1", "insee_code": "2"},
            [
                "CANDIDATE_FOREIGN_BIRTH_CITY_REQUIRED",
                "CANDIDATE_FOREIGN_POSTAL_CODE_MUST_BE_EMPTY",
                "CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID",
            ],
        ),
        (
            {"country": "France"},
            ["CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"],
        ),
        (
            {"country": "France", "insee_code": "75056", "postal_code": "75001"},
            ["CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"],
        ),
        (
            {"country": "France", "insee_code": "75056", "postal_code": "75001", "city": "Paris"},
            ["CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"],
        ),
        (
            {"country": "France", "insee_code": "75056", "city": "Paris"},
            ["CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"],
        ),
        ({"country": "France", "city": "Paris"}, ["CANDIDATE_BIRTH_POSTAL_CODE_REQUIRED"]),
        ({"country": "France", "postal_code": "75001"}, ["CANDIDATE_BIRTH_CITY_REQUIRED"]),
        ({"country": "France", "insee_code": "00000"}, ["CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID"]),
        (
            {"country": "France", "postal_code": "00000", "city": "Paris"},
            ["CANDIDATE_BIRTH_POSTAL_CODE_NOT_FOUND"],
        ),
        (
            {"country": "France", "postal_code": "75001", "city": "Lyon"},
            ["CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID"],
        ),
        (
            {"country": "France", "insee_code": "75056", "department_code": "76"},
            ["CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID"],
        ),
        (
            {"country": "France", "insee_code": "75056", "department_code": "99"},
            ["CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID"],
        ),
        (
            {"country": "Espagne", "city": "Madrid", "department_code": "75"},
            ["CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID"],
        ),
    ],
)
def test_each_birth_place_case(
    referential: Referential, given: dict[str, str], codes: list[str]
) -> None:
    """§3.5 cases 1–5b and D9's department rule, each alone (abroad ones add up)."""
    found = check_birth_place(BirthPlaceInput(**given), referential=referential)
    assert isinstance(found, tuple)
    assert [(e.code, e.field) for e in found] == [(code, BIRTH) for code in codes]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"country": "France", "insee_code": "75056"}, ("99100", "75056", None, "75")),
        (
            {"country": "France", "insee_code": "75056", "department_code": "75"},
            ("99100", "75056", None, "75"),
        ),
        (
            {"country": "France", "postal_code": "75001", "city": "Paris"},
            ("99100", None, "75001", "75"),
        ),
        (
            {"country": "France", "insee_code": "2A004", "department_code": "2a"},
            ("99100", "2A004", None, "2A"),
        ),
        (
            {"country": "France", "insee_code": "97209", "department_code": "972"},
            ("99100", "97209", None, "972"),
        ),
        (
            {"country": "Espagne", "city": "Madrid", "insee_code": "99", "department_code": "99"},
            ("99134", "99134", None, "99"),
        ),
        ({"country": "99134", "city": "Madrid"}, ("99134", "99134", None, "99")),
    ],
)
def test_accepted_birth_places(
    referential: Referential, given: dict[str, str], expected: tuple[object, ...]
) -> None:
    """§3.5: France → 99100, INSEE or postal path; abroad → the country code as INSEE."""
    place = check_birth_place(BirthPlaceInput(**given), referential=referential)
    assert not isinstance(place, tuple)
    assert (
        place.country_code,
        place.insee_code,
        place.postal_code,
        place.department_code,
    ) == expected


def test_department_and_ods_padding() -> None:
    """D9: 2 characters, 3 for 97x/98x INSEE codes; ODS pads codes under 5 with one 0."""
    assert [department_of(c) for c in ("75056", "2A004", "97209", "98735", "01004")] == [
        "75", "2A", "972", "987", "01",
    ]  # fmt: skip
    assert [pad_ods_code(c) for c in ("1004", "99", " 75056 ", "", "123")] == [
        "01004", "99", "75056", "", "0123",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("character", "kind"),
    [("\u0378", "unassigned"), ("\ue000", "private use"), ("\u200b", "zero-width"),
     ("\u00a0", "no-break space"), ("\u2028", "line separator"), ("\u0007", "control")],
)  # fmt: skip
def test_an_invisible_character_in_a_name_is_refused(
    referential: Referential, character: str, kind: str
) -> None:
    """F11: a control, format character, separator, private-use or unassigned code point,
    or any space but U+0020, inside a name: the name's own CHARACTER_NOT_VALID code."""
    assert errors(referential, last_name=f"Du{character}bois") == [
        ("CANDIDATE_LAST_NAME_CHARACTER_NOT_VALID", "last_name", {})
    ], kind
    assert errors(referential, first_name=f"Lé{character}a") == [
        ("CANDIDATE_FIRST_NAME_CHARACTER_NOT_VALID", "first_name", {})
    ], kind
