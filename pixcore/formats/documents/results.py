"""After publication (AFT-5, AFT-6): results attestations and the per-class summary.

- A **results attestation** per certification: the candidate's name and birth date,
  the session, the status, and when validated the pix score and the certified level
  per competence; dated by the publication. Typeset on its own, from that
  candidate's result only.
- The school's **per-class summary**: one section per class ("division"), each
  candidate's status, pix and level per competence, and the class's counts.

Both are refused (``DOCUMENT_RESULTS_NOT_PUBLISHED``) until the results are published.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from zoneinfo import ZoneInfo

from pixcore.errors import NotFoundError, RefusedError
from pixcore.formats.documents._engine import compile_pdf
from pixcore.formats.documents._text import (
    french_date,
    printable,
    school_data,
    session_data,
    session_of,
    short_date,
)
from pixcore.formats.documents.wording import wording_for
from pixcore.formats.export import STATUS_LABELS
from pixcore.lifecycle.results import CertificationResult, session_results
from pixcore.lifecycle.state import ERASED, SessionState
from pixcore.models.competence import CORE_COMPETENCES
from pixcore.models.decisions import JuryPolicy
from pixcore.models.school import SchoolDetails
from pixcore.models.session import Session

__all__ = [
    "COMPETENCE_NAMES",
    "PARIS",
    "iter_attestations",
    "render_attestation",
    "render_class_summary",
]

PARIS = ZoneInfo("Europe/Paris")
"""Dates are shown in French time unless told otherwise."""

COMPETENCE_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "1.1": "Mener une recherche et une veille d'information",
        "1.2": "Gérer des données",
        "1.3": "Traiter des données",
        "2.1": "Interagir",
        "2.2": "Partager et publier",
        "2.3": "Collaborer",
        "2.4": "S'insérer dans le monde numérique",
        "3.1": "Développer des documents textuels",
        "3.2": "Développer des documents multimédia",
        "3.3": "Adapter les documents à leur finalité",
        "3.4": "Programmer",
        "4.1": "Sécuriser l'environnement numérique",
        "4.2": "Protéger les données personnelles et la vie privée",
        "4.3": "Protéger la santé, le bien-être et l'environnement",
        "5.1": "Résoudre des problèmes techniques",
        "5.2": "Construire un environnement numérique",
    }
)
"""The 16 competences of the Pix framework (CRCN), by code."""

_NO_DIVISION_KEY = ""


def _published(state: SessionState) -> tuple[Session, dt.datetime]:
    session = session_of(state)
    if state.published_at is None:
        raise RefusedError("DOCUMENT_RESULTS_NOT_PUBLISHED")
    return session, state.published_at


def _levels(result: CertificationResult) -> list[dict[str, str]]:
    levels = result.competence_levels
    return [
        {"code": code, "name": COMPETENCE_NAMES[code], "level": str(levels[code])}
        for code in CORE_COMPETENCES
        if code in levels
    ]


def _attestation_data(
    state: SessionState, result: CertificationResult, school: SchoolDetails, zone: dt.tzinfo
) -> dict[str, object]:
    session, published = _published(state)
    course = state.certifications[result.certification_number]
    candidate = state.candidates[result.candidate_id]
    validated = result.status == "validated"
    return {
        "school": school_data(school, session),
        "session": session_data(session),
        "t": wording_for("attestation", school.wording),
        "candidate": {
            "last_name": printable(candidate.last_name, "last_name"),
            "first_name": printable(candidate.first_name, "first_name"),
            "birth_date": short_date(candidate.birth_date),
        },
        "certification": str(result.certification_number),
        "test_date": french_date(course.started_at.astimezone(zone).date()),
        "status": result.status,
        "status_label": STATUS_LABELS[result.status],
        "validated": validated,
        "pix": str(result.pix) if validated else "",
        "levels": _levels(result) if validated else [],
        "published": french_date(published.astimezone(zone).date()),
    }


def render_attestation(
    state: SessionState,
    certification_number: int,
    school: SchoolDetails | None = None,
    *,
    policy: JuryPolicy | None = None,
    zone: dt.tzinfo = PARIS,
) -> bytes:
    """One certification's results attestation, as PDF bytes (A4 portrait).

    :raises RefusedError: ``DOCUMENT_RESULTS_NOT_PUBLISHED``.
    :raises NotFoundError: ``CERTIFICATION_UNKNOWN``; ``PERSONAL_DATA_ERASED`` when the
        candidate's civil data was erased (issue 17: no name to print).
    """
    session, published = _published(state)
    result = next(
        (
            r
            for r in session_results(state, policy)
            if r.certification_number == certification_number
        ),
        None,
    )
    if result is None:
        raise NotFoundError("CERTIFICATION_UNKNOWN")
    if result.candidate_id not in state.candidates:
        raise NotFoundError("PERSONAL_DATA_ERASED")
    data = _attestation_data(state, result, school or SchoolDetails(), zone)
    return compile_pdf("attestation", data, access_code=session.access_code, when=published)


def iter_attestations(
    state: SessionState,
    school: SchoolDetails | None = None,
    *,
    policy: JuryPolicy | None = None,
    zone: dt.tzinfo = PARIS,
) -> Iterator[tuple[int, bytes]]:
    """Every certification's attestation, by certification number: (number, PDF bytes).

    Lazy: one attestation is typeset per step (for a progress bar). Candidates whose
    civil data was erased (issue 17) have none.
    """
    session, published = _published(state)
    school = school or SchoolDetails()
    for result in session_results(state, policy):
        if result.candidate_id not in state.candidates:
            continue
        data = _attestation_data(state, result, school, zone)
        pdf = compile_pdf("attestation", data, access_code=session.access_code, when=published)
        yield result.certification_number, pdf


# ------------------------------------------------------------------ class summary


def _summary_row(state: SessionState, result: CertificationResult) -> dict[str, object]:
    candidate = state.candidates.get(result.candidate_id)
    levels = result.competence_levels if result.status == "validated" else {}
    if candidate is None:  # erased (issue 17): the result stays, without a name
        names = {"last_name": ERASED, "first_name": "", "birth_date": "–"}
    else:
        names = {
            "last_name": printable(candidate.last_name, "last_name"),
            "first_name": printable(candidate.first_name, "first_name"),
            "birth_date": short_date(candidate.birth_date),
        }
    return {
        "certification": str(result.certification_number),
        **names,
        "status": STATUS_LABELS[result.status],
        "pix": str(result.pix) if result.status == "validated" else "–",
        "levels": [str(levels[code]) if code in levels else "–" for code in CORE_COMPETENCES],
    }


def _class_key(state: SessionState, result: CertificationResult) -> str:
    candidate = state.candidates.get(result.candidate_id)
    return ((candidate and candidate.division) or _NO_DIVISION_KEY).strip()


def _sort_key(state: SessionState, result: CertificationResult) -> tuple[str, str, int]:
    candidate = state.candidates.get(result.candidate_id)
    if candidate is None:  # erased: after the named rows
        return ("\uffff", "", result.certification_number)
    return (
        candidate.last_name.casefold(), candidate.first_name.casefold(),
        result.certification_number,
    )  # fmt: skip


def render_class_summary(
    state: SessionState,
    school: SchoolDetails | None = None,
    *,
    division: str | None = None,
    policy: JuryPolicy | None = None,
    zone: dt.tzinfo = PARIS,
) -> bytes:
    """The school's results by class (all classes, or ``division``), as PDF bytes.

    :raises RefusedError: ``DOCUMENT_RESULTS_NOT_PUBLISHED``.
    :raises NotFoundError: ``NO_CERTIFICATION_RESULT_FOR_DIVISION`` (no result).
    """
    session, published = _published(state)
    school = school or SchoolDetails()
    results = session_results(state, policy)
    keys = sorted({_class_key(state, r) for r in results})
    if division is not None:
        keys = [key for key in keys if key == division.strip()]
    if not keys:
        raise NotFoundError("NO_CERTIFICATION_RESULT_FOR_DIVISION")
    t = wording_for("summary", school.wording)
    classes = []
    for key in keys:
        members = sorted(
            (r for r in results if _class_key(state, r) == key),
            key=lambda r: _sort_key(state, r),
        )
        counts = Counter(STATUS_LABELS[r.status] for r in members)
        classes.append(
            {
                "name": printable(key, "division") if key else t["summary.none"],
                "rows": [_summary_row(state, r) for r in members],
                "counts": [f"{label}\u00a0: {count}" for label, count in sorted(counts.items())],
            }
        )
    data = {
        "school": school_data(school, session),
        "session": session_data(session),
        "t": t,
        "competences": list(CORE_COMPETENCES),
        "published": french_date(published.astimezone(zone).date()),
        "classes": classes,
    }
    return compile_pdf("summary", data, access_code=session.access_code, when=published)
