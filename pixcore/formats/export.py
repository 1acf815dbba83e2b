"""The school's results, one CSV per class ("division"), in Pix's columns (``rules.md`` §11.3).

Pure: :func:`division_results_csv` builds the text of one file from a session's state,
:func:`results_file_name` its name ``{AAAAMMJJ}_resultats_{division}.csv``. Columns are
those of Pix's division export: "Numéro de certification", "Prénom", "Nom", "Date de
naissance", "Lieu de naissance", "Identifiant Externe", "Statut", "Nombre de Pix", one
column per core competence (``1.1`` … ``5.2``, the certified level, ``-`` when not
tested), "Commentaire jury pour l’organisation", "Session", "Date de passage de la
certification". Status labels: "Validée", "Rejetée", "Annulée", "En erreur", "Démarrée".
The file is ``;``-separated UTF-8 with a BOM (opens as is in a French spreadsheet).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from pixcore.lifecycle.results import CertificationResult, session_results
from pixcore.lifecycle.state import CertificationState, SessionState
from pixcore.models.competence import CORE_COMPETENCES
from pixcore.models.decisions import JuryPolicy
from pixcore.rules.engine import Engine

__all__ = [
    "COLUMNS",
    "NO_DIVISION",
    "STATUS_LABELS",
    "division_results_csv",
    "divisions",
    "results_file_name",
]

STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "validated": "Validée",
        "rejected": "Rejetée",
        "cancelled": "Annulée",
        "error": "En erreur",
        "started": "Démarrée",
    }
)
"""Result status → the French label of Pix's CSV."""

NO_DIVISION = "sans-classe"
"""The division name used for candidates enrolled without a class."""

_HEAD = (
    "Numéro de certification",
    "Prénom",
    "Nom",
    "Date de naissance",
    "Lieu de naissance",
    "Identifiant Externe",
    "Statut",
    "Nombre de Pix",
)
_TAIL = ("Commentaire jury pour l’organisation", "Session", "Date de passage de la certification")
COLUMNS: tuple[str, ...] = (*_HEAD, *CORE_COMPETENCES, *_TAIL)
"""The header row of the CSV, in order."""

_UNSAFE = re.compile(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿ._-]+")


def divisions(state: SessionState) -> tuple[str, ...]:
    """The divisions of the candidates who have a certification, sorted."""
    found = {_division_of(state, course) for course in state.certifications.values()}
    return tuple(sorted(found))


def _division_of(state: SessionState, course: CertificationState) -> str:
    candidate = state.candidates.get(course.candidate_id)
    return (candidate.division if candidate else None) or NO_DIVISION


def results_file_name(date: str, division: str) -> str:
    """``{date}_resultats_{division}.csv``; ``date`` as ``AAAAMMJJ`` (the export day).

    Characters unsafe in a file name (``/``, spaces...) become ``_``.
    """
    safe = _UNSAFE.sub("_", division).strip("_") or NO_DIVISION
    return f"{date}_resultats_{safe}.csv"


def _levels(course: CertificationState, result: CertificationResult) -> dict[str, str]:
    """Certified level per competence tested (``-`` in the CSV when absent).

    From the result when validated, 0 when rejected; nothing when cancelled, in error
    or without a result.
    """
    tested = {answer.competence for answer in course.answers if answer.competence is not None}
    if result.status == "validated":
        return {code: str(level) for code, level in result.competence_levels.items()}
    if result.status == "rejected":
        return dict.fromkeys(sorted(tested), "0")
    return {}


def _pix(result: CertificationResult) -> str:
    if result.status in ("cancelled", "error", "started"):
        return "-"
    return "0" if result.status == "rejected" else str(result.pix)


def _row(state: SessionState, result: CertificationResult) -> list[str]:
    course = state.certifications[result.certification_number]
    candidate = state.candidates.get(course.candidate_id)
    assert state.session is not None
    levels = _levels(course, result)
    comment = result.comment_for_organization
    return [
        str(result.certification_number),
        candidate.first_name if candidate else "",
        candidate.last_name if candidate else "",
        f"{candidate.birth_date:%d/%m/%Y}" if candidate else "",
        candidate.birth_place.city if candidate else "",
        (candidate.external_id or "") if candidate else "",
        STATUS_LABELS[result.status],
        _pix(result),
        *(levels.get(code, "-") for code in CORE_COMPETENCES),
        comment,
        str(state.session.number),
        f"{course.started_at:%d/%m/%Y}",
    ]


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def division_results_csv(
    state: SessionState,
    division: str,
    policy: JuryPolicy | None = None,
    *,
    engine: Engine | None = None,
) -> str | None:
    """The CSV text of ``division``'s results in this session, or None when it has none.

    ``division`` is compared exactly (after trimming); :data:`NO_DIVISION` selects the
    candidates enrolled without a class.
    """
    wanted = division.strip()
    rows = [
        _row(state, result)
        for result in session_results(state, policy, engine=engine)
        if _division_of(state, state.certifications[result.certification_number]) == wanted
    ]
    return _csv_text(rows) if rows else None
