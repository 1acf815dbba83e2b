"""D7 access code and D8 identity matching (§13 cases 1, 23–26; P9)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from pixcore import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    Session,
    check_session_access,
    find_candidate,
    generate_access_code,
    match_candidates,
    normalize_name,
)
from pixcore.rules import Engine

CODE = re.compile(r"^[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}$")


@dataclass(frozen=True)
class Enrolled:
    first_name: str
    last_name: str
    birth_date: dt.date


def session(**overrides: object) -> Session:
    fields: dict[str, object] = {
        "number": 4242,
        "site": "Collège",
        "room": "B12",
        "date": "2026-03-12",
        "time": "09:00",
        "invigilator": "Mme Martin",
        "access_code": "BCDF23",
        **overrides,
    }
    return Session.model_validate(fields)


class TestAccessCode:
    def test_case_1_ten_thousand_codes(self) -> None:
        """10,000 codes match the format; none has A E I O U L N S Z 0 1 5."""
        codes = [generate_access_code() for _ in range(10_000)]
        assert all(CODE.match(code) for code in codes)
        assert not set("AEIOULNSZ015") & set("".join(codes))
        assert len(set(codes)) > 9_900  # 4,092,529 possible codes: collisions are rare

    def test_generator_uses_every_symbol(self) -> None:
        """Letters and digits are drawn from the whole alphabets."""
        codes = "".join(generate_access_code() for _ in range(2_000))
        assert set(codes) == set("BCDFGHJKMPQRTVWXY2346789")

    def test_p9_both_number_and_code_must_match(self, engine: Engine) -> None:
        """Right code, other session number → refused; right number, wrong code → refused."""
        check_session_access(session(), session_number=4242, access_code="BCDF23", engine=engine)
        for number, code in ((4243, "BCDF23"), (4242, "BCDF24"), (4242, "bcdf23")):
            with pytest.raises(NotFoundError) as excinfo:
                check_session_access(
                    session(), session_number=number, access_code=code, engine=engine
                )
            assert excinfo.value.code == "SESSION_NOT_FOUND"

    @pytest.mark.parametrize("number", ["4242", 4242.0, None, True])
    def test_a_session_number_that_is_not_an_integer_is_refused(self, number: object) -> None:
        """The session number is an integer: anything else is a bad argument, named."""
        with pytest.raises(InvalidInputError) as excinfo:
            check_session_access(session(), session_number=number, access_code="BCDF23")  # type: ignore[arg-type]
        assert excinfo.value.code == "ARGUMENT_NOT_VALID"
        assert dict(excinfo.value.meta) == {"argument": "session_number"}

    @pytest.mark.parametrize("code", [None, b"BCDF23", 1234])
    def test_an_access_code_that_is_not_text_is_refused(self, code: object) -> None:
        """The access code typed is text: anything else is a bad argument, named."""
        with pytest.raises(InvalidInputError) as excinfo:
            check_session_access(session(), session_number=4242, access_code=code)  # type: ignore[arg-type]
        assert excinfo.value.code == "ARGUMENT_NOT_VALID"
        assert dict(excinfo.value.meta) == {"argument": "access_code"}

    def test_a_session_needs_a_valid_code(self) -> None:
        """A session with a malformed access code is refused."""
        from pydantic import ValidationError

        with pytest.raises(ValidationError) as excinfo:
            session(access_code="AAAA11")
        assert excinfo.value.errors()[0]["type"] == "SESSION_ACCESS_CODE_NOT_VALID"


BORN = dt.date(2010, 5, 17)


class TestIdentity:
    def test_case_23_spaces_hyphens_apostrophes(self, engine: Engine) -> None:
        """ "  Jean-Marie ", "O'Neil" match "Jean Marie", "ONEIL"."""
        enrolled = [Enrolled("Jean Marie", "ONEIL", BORN)]
        assert (
            match_candidates(enrolled, "  Jean-Marie ", "O'Neil", BORN, engine=engine) == enrolled
        )

    def test_case_24_accents_not_letters(self, engine: Engine) -> None:
        """ "Zoe" matches "Zoé"; "Cloé" does not match "Chloé" (not found)."""
        zoe, chloe = Enrolled("Zoé", "Martin", BORN), Enrolled("Chloé", "Martin", BORN)
        assert find_candidate([zoe, chloe], "Zoe", "Martin", BORN, engine=engine) == zoe
        with pytest.raises(NotFoundError) as excinfo:
            find_candidate([chloe], "Cloé", "Martin", BORN, engine=engine)
        assert excinfo.value.code == "CANDIDATE_NOT_FOUND"

    def test_case_25_too_many_matches(self, engine: Engine) -> None:
        """Two enrolled candidates normalising alike with the same birth date → conflict."""
        twins = [Enrolled("Léa", "Dubois", BORN), Enrolled("LEA", "du bois", BORN)]
        with pytest.raises(ConflictError) as excinfo:
            find_candidate(twins, "Lea", "Dubois", BORN, engine=engine)
        assert excinfo.value.code == "CANDIDATE_TOO_MANY_MATCHES"

    def test_case_26_names_are_never_swapped(self, engine: Engine) -> None:
        """First and last names swapped → no match."""
        enrolled = [Enrolled("Martin", "Lucas", BORN)]
        assert match_candidates(enrolled, "Lucas", "Martin", BORN, engine=engine) == []

    def test_birth_date_must_be_exact(self, engine: Engine) -> None:
        """Same names, another birth date → no match."""
        enrolled = [Enrolled("Hugo", "Petit", BORN)]
        other = BORN + dt.timedelta(days=1)
        assert match_candidates(enrolled, "Hugo", "Petit", other, engine=engine) == []

    def test_pix_unit_example(self) -> None:
        """Pix's own example: "fr ed èrï C" / "d' e-BU<ZWSP> ssy" → "FREDERIC" / "DEBUSSY"."""
        assert normalize_name("fr ed èrï C") == normalize_name("Frédéric") == "FREDERIC"
        assert normalize_name("  d' e-BU\u200b ssy ") == normalize_name("de Bussy") == "DEBUSSY"

    @pytest.mark.parametrize(
        ("written", "typed", "normalised"),
        [
            ("Œuvray", "Oeuvray", "OEUVRAY"),
            ("Lætitia", "Laetitia", "LAETITIA"),
            ("Strauß", "Strauss", "STRAUSS"),
            ("STRAUẞ", "strauss", "STRAUSS"),
            ("Søren", "Soren", "SOREN"),
            ("Łukasz", "Lukasz", "LUKASZ"),
            ("Đorđe", "Dorde", "DORDE"),
            ("Þórunn", "Thorunn", "THORUNN"),
            ("Ĳsbrand", "IJsbrand", "IJSBRAND"),
        ],
    )
    def test_ligatures_are_spelled_out(self, written: str, typed: str, normalised: str) -> None:
        """Pix drops Œ, Æ, Ø, Ł...; pixcore spells them out (issue 9 §4)."""
        assert normalize_name(written) == normalize_name(typed) == normalised

    def test_laetitia_joins_whatever_the_spelling(self, engine: Engine) -> None:
        """Enrolled "Lætitia Œuvray", typed "Laetitia Oeuvray" → found, and the reverse."""
        written, plain = Enrolled("Lætitia", "Œuvray", BORN), Enrolled("Laetitia", "Oeuvray", BORN)
        assert find_candidate([written], "Laetitia", "Oeuvray", BORN, engine=engine) == written
        assert find_candidate([plain], "Lætitia", "Œuvray", BORN, engine=engine) == plain

    def test_ligature_spellings_are_one_candidate(self, engine: Engine) -> None:
        """ "Lætitia" and "Laetitia" born the same day are the same person: too many matches."""
        twins = [Enrolled("Lætitia", "Martin", BORN), Enrolled("Laetitia", "Martin", BORN)]
        with pytest.raises(ConflictError) as excinfo:
            find_candidate(twins, "Laetitia", "Martin", BORN, engine=engine)
        assert excinfo.value.code == "CANDIDATE_TOO_MANY_MATCHES"
