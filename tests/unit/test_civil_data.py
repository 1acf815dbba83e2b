"""D9 civil data and birth place (§13 cases 7, 8, 11, 13, 16–22; P22–P24)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pixcore import (
    CandidateDataError,
    ConflictError,
    Referential,
    ensure_not_enrolled,
    validate_candidate,
)
from pixcore.rules import Engine
from pixcore.rules.birth_place import pad_ods_code
from pixcore.rules.civil_data import CIVIL_DATA, birth_date_from_french, civil_data_facts

PARIS_INSEE = {"birth_country": "France", "birth_insee_code": "75056"}


def data(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "last_name": "Lefèvre",
        "first_name": "Maël",
        "sex": "M",
        "birth_date": "2010-06-15",
        **PARIS_INSEE,
    }
    return {**base, **fields}


def codes(referential: Referential, engine: Engine | None = None, **fields: Any) -> list[str]:
    with pytest.raises(CandidateDataError) as excinfo:
        validate_candidate(data(**fields), referential=referential, engine=engine)
    return [detail.code for detail in excinfo.value.errors]


class TestFields:
    def test_valid_candidate(self, referential: Referential, engine: Engine) -> None:
        """A complete, valid candidate comes back normalised."""
        candidate = validate_candidate(
            data(extra_time="0.33", last_name="  Lefèvre "), referential=referential, engine=engine
        )
        assert candidate.last_name == "Lefèvre"
        assert candidate.birth_date == dt.date(2010, 6, 15)
        assert candidate.extra_time is not None
        assert str(candidate.extra_time.fraction) == "0.33"
        assert candidate.birth_place.city == "Paris"

    @pytest.mark.parametrize(
        ("sex", "code"),
        [
            ("X", "CANDIDATE_SEX_NOT_VALID"),
            (None, "CANDIDATE_SEX_REQUIRED"),
            ("m", "CANDIDATE_SEX_NOT_VALID"),
        ],
    )
    def test_case_7_sex(self, referential: Referential, sex: object, code: str) -> None:
        """Sex must be exactly M or F (the ODS import upper-cases before validation)."""
        assert codes(referential, sex=sex) == [code]

    @pytest.mark.parametrize(
        ("birth_date", "code"),
        [
            ("1900-01-01", "CANDIDATE_BIRTHDATE_MUST_BE_GREATER"),
            ("01/02/2005", "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID"),
            ("2010-02-30", "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID"),
            ("", "CANDIDATE_BIRTHDATE_REQUIRED"),
        ],
    )
    def test_case_8_birth_date(self, referential: Referential, birth_date: str, code: str) -> None:
        """1900-01-01 too early; DD/MM/YYYY through the API, impossible dates: format."""
        assert codes(referential, birth_date=birth_date) == [code]

    def test_case_8_day_after_1900(self, referential: Referential) -> None:
        """1900-01-02 is accepted."""
        candidate = validate_candidate(data(birth_date="1900-01-02"), referential=referential)
        assert candidate.birth_date == dt.date(1900, 1, 2)

    def test_french_dates_convert_for_imports(self) -> None:
        """JJ/MM/AAAA (BEF-6b) converts to ISO; anything else passes through for validation."""
        assert birth_date_from_french("01/02/2005") == "2005-02-01"
        assert birth_date_from_french("2005-02-01") == "2005-02-01"

    @pytest.mark.parametrize("email", ["foo@", "@x.fr", "a b@x.fr", "x@y"])
    def test_case_11_result_recipient_email(self, referential: Referential, email: str) -> None:
        """A malformed result-recipient e-mail is refused."""
        assert codes(referential, result_recipient_email=email) == [
            "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID"
        ]

    def test_every_error_at_once(self, referential: Referential, engine: Engine) -> None:
        """Many broken fields → every code, each with its field and a French message."""
        with pytest.raises(CandidateDataError) as excinfo:
            validate_candidate(
                {
                    "last_name": "",
                    "first_name": 3,
                    "sex": "X",
                    "birth_date": "01/02/2005",
                    "extra_time": "abc",
                    "email": "foo@",
                    "billing_mode": "FREE",
                    "nickname": "x",
                },
                referential=referential,
                engine=engine,
            )
        error = excinfo.value
        found = {(d.code, d.field) for d in error.errors}
        assert found == {
            ("FIELD_NOT_ALLOWED", "nickname"),
            ("CANDIDATE_LAST_NAME_REQUIRED", "last_name"),
            ("CANDIDATE_FIRST_NAME_MUST_BE_A_STRING", "first_name"),
            ("CANDIDATE_SEX_NOT_VALID", "sex"),
            ("CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID", "birth_date"),
            ("CANDIDATE_EMAIL_NOT_VALID", "email"),
            ("CANDIDATE_BILLING_MODE_MUST_BE_EMPTY", "billing_mode"),
            ("CANDIDATE_EXTRA_TIME_INTEGER", "extra_time"),
            ("CANDIDATE_BIRTH_INFORMATION_REQUIRED", "birth_place"),
        }
        assert error.meta["count"] == 9
        assert all(d.message and d.message_en for d in error.errors)
        assert "AAAA-MM-JJ" in next(
            d.message for d in error.errors if d.code == "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID"
        )

    def test_messages_carry_no_personal_data(self, referential: Referential) -> None:
        """Neither the error nor its details echo the values typed."""
        with pytest.raises(CandidateDataError) as excinfo:
            validate_candidate(
                data(email="jean.dupont@", first_name="", birth_date="31/12/2009"),
                referential=referential,
            )
        text = repr(excinfo.value.as_dict()) + str(excinfo.value)
        assert "jean.dupont" not in text
        assert "31/12/2009" not in text

    def test_case_13_duplicates(self, referential: Referential) -> None:
        """Frédéric DE BUSSY 1990-01-04 duplicates frederic de-bussy; another birth date does not."""
        existing = validate_candidate(
            data(first_name="frederic", last_name="de-bussy", birth_date="1990-01-04"),
            referential=referential,
        )
        newcomer = validate_candidate(
            data(first_name="Frédéric", last_name="DE BUSSY", birth_date="1990-01-04"),
            referential=referential,
        )
        with pytest.raises(ConflictError) as excinfo:
            ensure_not_enrolled([existing], newcomer)
        assert excinfo.value.code == "DUPLICATE_CANDIDATE"
        other = newcomer.model_copy(update={"birth_date": dt.date(1990, 1, 5)})
        ensure_not_enrolled([existing], other)


def place(referential: Referential, **fields: Any) -> Any:
    base = {"last_name": "Diallo", "first_name": "Awa", "sex": "F", "birth_date": "2011-02-03"}
    return validate_candidate({**base, **fields}, referential=referential).birth_place


def place_codes(referential: Referential, **fields: Any) -> list[str]:
    base = {"last_name": "Diallo", "first_name": "Awa", "sex": "F", "birth_date": "2011-02-03"}
    with pytest.raises(CandidateDataError) as excinfo:
        validate_candidate({**base, **fields}, referential=referential)
    return [detail.code for detail in excinfo.value.errors]


class TestBirthPlace:
    def test_case_16_required(self, referential: Referential) -> None:
        """Nothing → information required; a city only → country required."""
        assert place_codes(referential) == ["CANDIDATE_BIRTH_INFORMATION_REQUIRED"]
        assert place_codes(referential, birth_city="Lyon") == ["CANDIDATE_BIRTH_COUNTRY_REQUIRED"]

    def test_case_17_country_lookup(self, referential: Referential) -> None:
        """ "Fance" not found; "france" and "FRANCE " found."""
        assert place_codes(referential, birth_country="Fance", birth_insee_code="75056") == [
            "CANDIDATE_BIRTH_COUNTRY_NOT_FOUND"
        ]
        for country in ("france", "FRANCE "):
            assert place(referential, birth_country=country, birth_insee_code="75056").city == (
                "Paris"
            )

    def test_case_18_insee_path(self, referential: Referential) -> None:
        """France + INSEE 75056 → actual name, no postal code; INSEE + postal → refused."""
        result = place(referential, birth_country="France", birth_insee_code="75056")
        assert (result.city, result.postal_code, result.department_code) == ("Paris", None, "75")
        assert place_codes(
            referential, birth_country="France", birth_insee_code="75056", birth_postal_code="75001"
        ) == ["CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"]

    def test_case_19_postal_path(self, referential: Referential) -> None:
        """Postal + city OK; wrong city, city only, postal only, unknown postal, unknown INSEE."""
        ok = place(
            referential, birth_country="France", birth_postal_code="75001", birth_city="Paris"
        )
        assert (ok.city, ok.postal_code, ok.insee_code) == ("Paris", "75001", None)
        france = {"birth_country": "France"}
        cases = [
            (
                {"birth_postal_code": "75001", "birth_city": "Lyon"},
                "CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID",
            ),
            ({"birth_city": "Paris"}, "CANDIDATE_BIRTH_POSTAL_CODE_REQUIRED"),
            ({"birth_postal_code": "75001"}, "CANDIDATE_BIRTH_CITY_REQUIRED"),
            (
                {"birth_postal_code": "00000", "birth_city": "Paris"},
                "CANDIDATE_BIRTH_POSTAL_CODE_NOT_FOUND",
            ),
            ({"birth_insee_code": "99999"}, "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID"),
        ]
        for fields, code in cases:
            assert place_codes(referential, **france, **fields) == [code], fields

    def test_case_20_corsica_and_overseas(self, referential: Referential) -> None:
        """2A004 and 97209 are accepted."""
        assert (
            place(referential, birth_country="France", birth_insee_code="2A004").city == "Ajaccio"
        )
        assert place(referential, birth_country="France", birth_insee_code="97209").city == (
            "Fort-de-France"
        )

    def test_case_21_abroad(self, referential: Referential) -> None:
        """Foreign + 99 + city → INSEE = country code; bad INSEE, postal code, no city refused."""
        spain = place(
            referential, birth_country="Espagne", birth_city="Madrid", birth_insee_code="99"
        )
        assert (spain.insee_code, spain.postal_code, spain.city) == ("99134", None, "Madrid")
        assert spain.department_code == "99"
        assert place_codes(
            referential, birth_country="Espagne", birth_city="Madrid", birth_insee_code="75056"
        ) == ["CANDIDATE_FOREIGN_INSEE_CODE_NOT_VALID"]
        assert place_codes(
            referential, birth_country="Espagne", birth_city="Madrid", birth_postal_code="28001"
        ) == ["CANDIDATE_FOREIGN_POSTAL_CODE_MUST_BE_EMPTY"]
        assert place_codes(referential, birth_country="Espagne", birth_insee_code="99") == [
            "CANDIDATE_FOREIGN_BIRTH_CITY_REQUIRED"
        ]

    def test_case_22_ods_padding(self) -> None:
        """ODS INSEE 1004 → 01004; 99 unchanged."""
        assert pad_ods_code("1004") == "01004"
        assert pad_ods_code("99") == "99"
        assert pad_ods_code("75056") == "75056"

    @pytest.mark.parametrize(
        ("insee", "department"), [("75056", "75"), ("2A004", "2A"), ("97209", "972")]
    )
    def test_p22_consistent_departments(
        self, referential: Referential, insee: str, department: str
    ) -> None:
        """75 with 75056, 2A with 2A004, 972 with 97209 → OK."""
        result = place(
            referential,
            birth_country="France",
            birth_insee_code=insee,
            birth_department_code=department,
        )
        assert result.department_code == department

    @pytest.mark.parametrize(
        "fields",
        [
            {"birth_country": "France", "birth_insee_code": "75056", "birth_department_code": "99"},
            {
                "birth_country": "Espagne",
                "birth_city": "Madrid",
                "birth_insee_code": "99",
                "birth_department_code": "75",
            },
            {"birth_country": "France", "birth_insee_code": "2A004", "birth_department_code": "20"},
        ],
    )
    def test_p22_inconsistent_departments(
        self, referential: Referential, fields: dict[str, str]
    ) -> None:
        """99 with France, 75 abroad, 20 for Corsica → refused."""
        assert place_codes(referential, **fields) == ["CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID"]

    def test_p23_historical_name_by_postal_code(self, referential: Referential) -> None:
        """Postal code + the name of a commune merged since → accepted; INSEE → actual name."""
        annecy_postal = next(
            p for p in referential.postal_codes() if referential.match_commune(p, "Annecy")
        )
        old = place(
            referential,
            birth_country="France",
            birth_postal_code=annecy_postal,
            birth_city="Annecy-le-Vieux",
        )
        assert old.city == "Annecy-le-Vieux"
        cherbourg = place(referential, birth_country="France", birth_insee_code="50129")
        assert cherbourg.city == "Cherbourg-en-Cotentin"

    def test_p24_country_codes(self, referential: Referential) -> None:
        """99100 → France path; 99134 → foreign path."""
        assert place(referential, birth_country="99100", birth_insee_code="75056").city == "Paris"
        foreign = place(
            referential, birth_country="99134", birth_city="Séville", birth_insee_code="99"
        )
        assert foreign.country_code == "99134"


class TestInvisibleCharacters:
    """A name must be what the pupil types: invisible characters are refused, coded."""

    @pytest.mark.parametrize(
        "name",
        ["Le\tfèvre", "Le\u200bfèvre", "Le\u00a0Fèvre", "Lef\u00adèvre", "Le\u202efèvre",
         "Le\x00fèvre", "Le\u2028fèvre", "Le\ue000fèvre", "Le\U000e0041fèvre"],
        ids=["tab", "zero-width", "no-break-space", "soft-hyphen", "bidi", "nul",
             "line-separator", "private-use", "tag"],
    )  # fmt: skip
    @pytest.mark.parametrize("field", ["last_name", "first_name"])
    def test_refused_in_either_name(
        self, referential: Referential, engine: Engine, field: str, name: str
    ) -> None:
        expected = f"CANDIDATE_{field.split('_')[0].upper()}_NAME_CHARACTER_NOT_VALID"
        with pytest.raises(CandidateDataError) as excinfo:
            validate_candidate(data(**{field: name}), referential=referential, engine=engine)
        [detail] = excinfo.value.errors
        assert (detail.code, detail.field) == (expected, field)
        assert name not in str(excinfo.value) and "fèvre" not in str(excinfo.value)

    @pytest.mark.parametrize("name", ["N'Diaye", "Lefèvre-Dupont", "Œdipe", "Ç A", " Léa "])
    def test_visible_names_pass(self, referential: Referential, engine: Engine, name: str) -> None:
        candidate = validate_candidate(
            data(first_name=name), referential=referential, engine=engine
        )
        assert candidate.first_name == name.strip()


def test_the_facts_are_the_words_the_table_declares() -> None:
    """``civil_data_facts`` (public) speaks the vocabulary declared beside
    :data:`CIVIL_DATA`'s facts: ``ok`` for a well-formed field, ``absent`` or ``missing``
    for an empty one, the defect's name otherwise."""
    good = civil_data_facts(data(email="lea@lycee.fr", result_recipient_email=" prof@lycee.fr ",
                                 external_id="A12"))  # fmt: skip
    assert good == {"first_name": "ok", "last_name": "ok", "sex": "ok", "birth_date": "ok",
                    "email": "ok", "result_recipient_email": "ok", "external_id": "ok",
                    "billing_mode": "absent"}  # fmt: skip
    assert civil_data_facts({}) == {
        "first_name": "missing", "last_name": "missing", "sex": "missing",
        "birth_date": "missing", "email": "absent", "result_recipient_email": "absent",
        "external_id": "absent", "billing_mode": "absent",
    }  # fmt: skip
    bad = civil_data_facts({"first_name": 3, "last_name": "Le\u200bfèvre", "sex": "m",
                            "birth_date": "1900-01-01", "email": "lea@", "result_recipient_email": 5,
                            "external_id": 12, "billing_mode": "FREE"})  # fmt: skip
    assert bad == {"first_name": "not_text", "last_name": "not_printable", "sex": "invalid",
                   "birth_date": "too_early", "email": "invalid", "result_recipient_email": "invalid",
                   "external_id": "not_text", "billing_mode": "present"}  # fmt: skip
    assert set(good) == set(CIVIL_DATA.facts)
