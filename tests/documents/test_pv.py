"""The PV de session: read back from the PDF and checked against the session's state."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata

import pytest
from documents_support import (
    ACCESS_CODE,
    HEADER,
    candidate_data,
    check_pv,
    demo_like_state,
    flat,
    page_count,
    pages_text,
    state_of,
)

from pixcore.errors import InvalidInputError, RefusedError
from pixcore.formats.documents import (
    check_pv_code,
    pv_check_code,
    pv_fingerprint,
    render_pv_session,
)
from pixcore.lifecycle.state import SessionState
from pixcore.models.school import SchoolDetails


@pytest.fixture(scope="module")
def forty() -> tuple[SessionState, bytes]:
    state = demo_like_state(40)
    return state, render_pv_session(state)


def test_forty_candidates_each_once_in_order(forty: tuple[SessionState, bytes]) -> None:
    state, pdf = forty
    check_pv(state, pdf)
    assert page_count(pdf) == 3


def test_four_hundred_candidates_lay_out_on_23_pages() -> None:
    state = demo_like_state(400)
    pdf = render_pv_session(state)
    assert page_count(pdf) == 1 + -(-(400 - 11) // 18) == 23
    check_pv(state, pdf)


def test_session_details_and_no_access_code(forty: tuple[SessionState, bytes]) -> None:
    _, pdf = forty
    text = flat(" ".join(pages_text(pdf)))
    for value in ("4242", "Collège Jean Moulin", "Salle B12", "Mme Martin", "jeudi 12 mars 2026"):
        assert value in text
    assert "09 h 00" in text and "Candidats inscrits 40" in text
    assert ACCESS_CODE not in text and ACCESS_CODE.lower() not in text.lower()
    assert ACCESS_CODE.encode() not in pdf
    for blank in ("Heure de début du test notée", "Commentaire global", "Nom et signature"):
        assert blank in text


def test_names_exactly_as_enrolled_no_smart_quotes(forty: tuple[SessionState, bytes]) -> None:
    """A typesetter's smart quotes would print N’Diaye: the pupil types N'Diaye."""
    _, pdf = forty
    text = " ".join(pages_text(pdf))
    assert "N'Diaye Aminata" in text and "O'Neil Zoé" in text
    assert "N\u2019Diaye" not in text and "O\u2019Neil" not in text
    assert "D\u2019Almeida" in text  # enrolled with a curly apostrophe: kept as it is
    assert "D'Almeida" not in text


def test_accents_in_nfc_whatever_the_enrolled_form() -> None:
    nfd = unicodedata.normalize("NFD", "Lefèvre-Œuvray")
    state = state_of(
        [candidate_data(0, last_name=nfd, first_name=unicodedata.normalize("NFD", "Éloïse"))]
    )
    text = " ".join(pages_text(render_pv_session(state)))
    assert "Lefèvre-Œuvray Éloïse" in text
    assert unicodedata.is_normalized("NFC", text)


def test_order_does_not_depend_on_enrolment_order() -> None:
    data = [candidate_data(i) for i in range(25)]
    seed = random.randrange(10**6)
    print(f"shuffle seed {seed}")
    shuffled = data[:]
    random.Random(seed).shuffle(shuffled)
    first, second = state_of(data), state_of(shuffled)
    assert render_pv_session(first) == render_pv_session(second)
    assert pv_fingerprint(first) == pv_fingerprint(second)


def test_long_names_are_never_cut() -> None:
    long_name = "Wolfeschlegelsteinhausen-Bergerdorff de la Fontaine-Saint-Exupéry"
    state = state_of([candidate_data(i, last_name=long_name) for i in range(3)])
    pdf = render_pv_session(state)
    check_pv(state, pdf)
    assert page_count(pdf) == 1


def test_empty_session_prints_one_page_with_the_header() -> None:
    pdf = render_pv_session(state_of([]))
    assert page_count(pdf) == 1
    assert HEADER in flat(pages_text(pdf)[0])


class TestQrCode:
    def test_code_names_the_session_and_the_list(self, forty: tuple[SessionState, bytes]) -> None:
        state, pdf = forty
        code = pv_check_code(state)
        assert re.fullmatch(r"PIXCORE-PV:1:4242:\d{20}", code)
        assert check_pv_code(state, code) == "match"
        fingerprint = pv_fingerprint(state)
        printed = " ".join(fingerprint[i : i + 4] for i in range(0, 20, 4))
        assert printed in pages_text(pdf)[0]

    def test_a_changed_list_another_session_or_garbage_do_not_match(self) -> None:
        state = demo_like_state(5)
        code = pv_check_code(state)
        assert check_pv_code(demo_like_state(6), code) == "list_changed"
        renamed = state_of(
            [candidate_data(i) for i in range(4)] + [candidate_data(4, first_name="Zoë")]
        )
        assert check_pv_code(renamed, code) == "list_changed"
        other = demo_like_state(5, number=4243)
        assert check_pv_code(other, code) == "other_session"
        for garbage in ("", "hello", code + "0", "PIXCORE-PV:1:4242:123", "x" * 10_000):
            assert check_pv_code(state, garbage) == "not_a_pv_code"


class TestRefusals:
    def test_an_access_code_in_any_printed_text_refuses_the_document(self) -> None:
        state = demo_like_state(2)
        school = SchoolDetails(name=f"Collège {ACCESS_CODE.lower()}")
        with pytest.raises(RefusedError) as caught:
            render_pv_session(state, school)
        assert caught.value.code == "DOCUMENT_WOULD_SHOW_ACCESS_CODE"
        wording = SchoolDetails(wording={"pv.help": f"Code : {ACCESS_CODE}"})
        with pytest.raises(RefusedError):
            render_pv_session(state, wording)

    @pytest.mark.parametrize(
        "name",
        ["Zub\u200bois", "Zubois\tMartin", "Zubois\nMartin", "Zubois 😀", "李", "Zub\u00adois"],
    )
    def test_a_name_that_does_not_print_is_refused_with_its_line(self, name: str) -> None:
        """Enrolment refuses invisible characters now (decision F11); a session enrolled
        before keeps them in its events, and the PV still refuses to print them."""
        state = state_of([candidate_data(0), candidate_data(1, last_name="Zubois")])
        key = next(k for k, c in state.candidates.items() if c.last_name == "Zubois")
        older = state.candidates[key].model_copy(update={"last_name": name})
        state = dataclasses.replace(state, candidates={**state.candidates, key: older})
        with pytest.raises(InvalidInputError) as caught:
            render_pv_session(state)
        error = caught.value
        assert error.code == "DOCUMENT_TEXT_NOT_PRINTABLE"
        assert dict(error.meta) == {"field": "last_name", "line": 2}
        assert "Zub" not in error.message and "Zub" not in repr(error)

    def test_unknown_wording_key_is_refused(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            render_pv_session(demo_like_state(1), SchoolDetails(wording={"pv.nope": "x"}))
        assert caught.value.code == "DOCUMENT_WORDING_UNKNOWN"

    def test_before_creation_the_session_is_unknown(self) -> None:
        from pixcore.errors import NotFoundError
        from pixcore.lifecycle import EMPTY

        with pytest.raises(NotFoundError) as caught:
            render_pv_session(EMPTY)
        assert caught.value.code == "SESSION_UNKNOWN"
