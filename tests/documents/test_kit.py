"""Candidate notices, instructions to read aloud and the PV d'incident template."""

from __future__ import annotations

import io

import pytest
from documents_support import ACCESS_CODE, demo_like_state, flat, pages_text
from pypdf import PdfReader

from pixcore.errors import InvalidInputError
from pixcore.formats.documents import render_incident_report, render_instructions, render_notice
from pixcore.lifecycle.state import SessionState

A4 = (595, 842)


@pytest.fixture(scope="module")
def state() -> SessionState:
    return demo_like_state(12)


def text_of(pdf: bytes) -> str:
    return flat(" ".join(pages_text(pdf)))


def font_sizes(pdf: bytes) -> list[float]:
    sizes: list[float] = []

    def visit(text: str, cm: object, tm: object, font: object, size: float) -> None:
        if text.strip():
            sizes.append(size)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("layout", ["print", "projection"])
def test_pix_notice_is_the_pix_account_version(state: SessionState, layout: str) -> None:
    text = text_of(render_notice(state, version="pix", layout=layout))
    assert "Connexion avec votre compte Pix" in text
    assert "Connectez-vous à votre compte Pix" in text
    assert "reconnectez-vous à votre compte Pix" in text
    assert "ENT" not in text


@pytest.mark.parametrize("layout", ["print", "projection"])
def test_gar_notice_is_the_ent_version(state: SessionState, layout: str) -> None:
    text = text_of(render_notice(state, version="gar", layout=layout))
    assert "Connexion par votre ENT (GAR)" in text
    assert "Connectez-vous à votre ENT" in text and "reconnectez-vous à votre ENT" in text
    assert "compte Pix" not in text


@pytest.mark.parametrize("version", ["pix", "gar"])
@pytest.mark.parametrize("layout", ["print", "projection"])
def test_every_notice_says_how_to_join_and_finish(
    state: SessionState, version: str, layout: str
) -> None:
    pdf = render_notice(state, version=version, layout=layout)  # type: ignore[arg-type]
    text = text_of(pdf)
    assert "4242" in text
    assert "exactement comme ils sont écrits sur le PV de session" in text  # identity as on the PV
    assert "Actualiser" in text  # DAY-14
    assert "Le test reprend là où il s'était arrêté" in text  # DAY-15
    assert "page de fin de test" in text and "Je passe" in text  # DAY-18, DAY-24
    assert ACCESS_CODE not in text and ACCESS_CODE.encode() not in pdf
    assert "code d'accès" in text  # said to be given in the room, never printed


def test_print_notice_is_a4_and_projection_is_large_type_slides(state: SessionState) -> None:
    printed = render_notice(state, layout="print")
    projected = render_notice(state, layout="projection")
    page = PdfReader(io.BytesIO(printed)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    slides = PdfReader(io.BytesIO(projected)).pages
    for slide in slides:
        ratio = float(slide.mediabox.width) / float(slide.mediabox.height)
        assert ratio == pytest.approx(16 / 9, rel=0.01)
    assert min(font_sizes(projected)) >= 13  # footers included; body text is 22 pt
    assert sorted(font_sizes(projected))[len(font_sizes(projected)) // 2] >= 22
    assert max(font_sizes(printed)) < 40 and min(font_sizes(printed)) >= 7
    for slide_text in pages_text(projected):
        assert "Numéro de session 4242" in flat(slide_text)  # the number on every slide


def test_unknown_notice_version_is_a_coded_error(state: SessionState) -> None:
    with pytest.raises(InvalidInputError) as caught:
        render_notice(state, version="ent")  # type: ignore[arg-type]
    assert dict(caught.value.meta) == {"field": "version"}


def test_instructions_cover_the_procedure_and_count_extra_time(state: SessionState) -> None:
    text = text_of(render_instructions(state))
    extra = sum(1 for c in state.candidates.values() if c.extra_time and c.extra_time.fraction)
    assert extra == 3
    assert f"Candidats bénéficiant d'un temps majoré : {extra}" in text
    for step in ("1 h 45", "Actualiser", "Je passe", "page de fin de test", "PV d'incident",
                 "Notez l'heure de début", "numéro de certification", "effacez les fichiers"):  # fmt: skip
        assert step in text, step
    assert ACCESS_CODE not in text
    for candidate in state.candidates.values():
        assert candidate.last_name not in text  # no pupil's name on the instructions


def test_incident_template_prefills_the_session_only(state: SessionState) -> None:
    text = text_of(render_incident_report(state))
    assert "Procès-verbal d'incident" in text and "4242" in text and "Salle B12" in text
    for blank in ("Nom et prénom du candidat", "N° de certification", "Heure de l'incident",
                  "Description précise des faits", "Signature du candidat"):  # fmt: skip
        assert blank in text
    assert ACCESS_CODE not in text
    for candidate in state.candidates.values():
        assert candidate.last_name not in text
