"""Convocations, results attestations and the class summary: one pupil per document."""

from __future__ import annotations

import re

import pytest
from documents_support import (
    ACCESS_CODE,
    demo_like_state,
    flat,
    nfc,
    page_count,
    pages_text,
    published_demo_state,
)

from pixcore.errors import NotFoundError, RefusedError
from pixcore.formats.documents import (
    COMPETENCE_NAMES,
    iter_attestations,
    iter_convocations,
    render_attestation,
    render_class_summary,
    render_convocation,
)
from pixcore.lifecycle.results import session_results
from pixcore.lifecycle.state import SessionState
from pixcore.rules.timing import allowed_duration

DATE = re.compile(r"\b\d\d/\d\d/\d{4}\b")


def text_of(pdf: bytes) -> str:
    return flat(" ".join(pages_text(pdf)))


@pytest.fixture(scope="module")
def state() -> SessionState:
    return demo_like_state(12)


@pytest.fixture(scope="module")
def published() -> SessionState:
    return published_demo_state()


class TestConvocations:
    def test_one_per_candidate_with_only_that_candidates_data(self, state: SessionState) -> None:
        convocations = list(iter_convocations(state))
        assert sorted(cid for _, cid, _ in convocations) == sorted(state.candidates)
        assert [line for line, _, _ in convocations] == list(range(1, 13))
        for _, candidate_id, pdf in convocations:
            candidate = state.candidates[candidate_id]
            text = text_of(pdf)
            assert f"{nfc(candidate.last_name)} {nfc(candidate.first_name)}" in text
            # Birth dates are unique in this session: only this pupil's appears.
            assert DATE.findall(text) == [candidate.birth_date.strftime("%d/%m/%Y")]
            assert candidate.division and candidate.division in text
            assert "4242" in text and "jeudi 12 mars 2026, 09 h 00" in text
            assert "pièce d'identité" in text and "ENT" in text and "compte Pix" in text
            assert ACCESS_CODE not in text and page_count(pdf) == 1

    def test_duration_and_extra_time(self, state: SessionState) -> None:
        for _, candidate_id, pdf in iter_convocations(state):
            candidate = state.candidates[candidate_id]
            minutes = int(allowed_duration(candidate.extra_time).total_seconds() // 60)
            text = text_of(pdf)
            assert f"Durée du test {minutes // 60} h {minutes % 60:02d}" in text
            assert ("Temps majoré accordé 33 %" in text) == bool(candidate.extra_time)
        assert sum(1 for c in state.candidates.values() if c.extra_time) == 3

    def test_single_convocation_and_unknown_candidate(self, state: SessionState) -> None:
        candidate_id = next(iter(state.candidates))
        assert render_convocation(state, candidate_id) == next(
            pdf for _, cid, pdf in iter_convocations(state) if cid == candidate_id
        )
        with pytest.raises(NotFoundError) as caught:
            render_convocation(state, "nobody")
        assert caught.value.code == "CANDIDATE_UNKNOWN"


class TestAttestations:
    def test_refused_before_publication(self, state: SessionState) -> None:
        for attempt in (
            lambda: list(iter_attestations(state)),
            lambda: render_attestation(state, 1),
            lambda: render_class_summary(state),
        ):
            with pytest.raises(RefusedError) as caught:
                attempt()
            assert caught.value.code == "DOCUMENT_RESULTS_NOT_PUBLISHED"

    def test_one_per_certification_with_its_result_only(self, published: SessionState) -> None:
        results = {r.certification_number: r for r in session_results(published)}
        attestations = dict(iter_attestations(published))
        assert sorted(attestations) == sorted(results) and len(results) == 29
        birth_dates = [c.birth_date for c in published.candidates.values()]
        assert len(set(birth_dates)) == len(birth_dates)
        for number, pdf in attestations.items():
            result, text = results[number], text_of(pdf)
            candidate = published.candidates[result.candidate_id]
            assert f"{nfc(candidate.last_name)} {nfc(candidate.first_name)}" in text
            assert DATE.findall(text) == [candidate.birth_date.strftime("%d/%m/%Y")]
            assert f"N° de certification {number}" in text and "Session n° 12345" in text
            assert "Résultats publiés le samedi 14 mars 2026" in text
            assert ACCESS_CODE not in text and page_count(pdf) == 1
            if result.status == "validated":
                assert f"Score {result.pix} pix" in text
                for code, level in result.competence_levels.items():
                    assert f"{code} {COMPETENCE_NAMES[code]} {level}" in text
            else:
                assert "aucun score n'est attribué" in text and " pix" not in text
        statuses = {r.status for r in results.values()}
        assert statuses == {"validated", "rejected", "cancelled"}

    def test_unknown_certification(self, published: SessionState) -> None:
        with pytest.raises(NotFoundError) as caught:
            render_attestation(published, 1)
        assert caught.value.code == "CERTIFICATION_UNKNOWN"


class TestClassSummary:
    def test_every_certification_once_under_its_class(self, published: SessionState) -> None:
        pdf = render_class_summary(published)
        pages = [flat(text) for text in pages_text(pdf)]
        assert len(pages) == 2  # one class per page: 3e A, 3e B
        for result in session_results(published):
            candidate = published.candidates[result.candidate_id]
            where = [i for i, page in enumerate(pages) if str(result.certification_number) in page]
            assert where == [0 if candidate.division == "3e A" else 1]
            page = pages[where[0]]
            assert page.count(str(result.certification_number)) == 1
            assert f"{nfc(candidate.last_name)} {nfc(candidate.first_name)}" in page
        assert "Classe 3e A" in pages[0] and "Classe 3e B" in pages[1]
        assert all("Bilan de la classe" in page for page in pages)

    def test_one_class_or_none(self, published: SessionState) -> None:
        only = [flat(t) for t in pages_text(render_class_summary(published, division="3e B"))]
        assert len(only) == 1 and "Classe 3e B" in only[0] and "Classe 3e A" not in only[0]
        with pytest.raises(NotFoundError) as caught:
            render_class_summary(published, division="4e C")
        assert caught.value.code == "NO_CERTIFICATION_RESULT_FOR_DIVISION"
