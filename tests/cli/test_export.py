"""The school's results CSV per class (pixcore.formats.export), on the demo's published session."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "sqlite"
if importlib.util.find_spec("pixcore_sqlite") is None:  # pragma: no cover - depends on venv
    sys.path.append(str(PLUGIN))

from pixcore.cli.common import open_service  # noqa: E402
from pixcore.cli.demo import DEMO_DATABASE, DEMO_SESSION_NUMBER, run_demo  # noqa: E402
from pixcore.formats.export import (  # noqa: E402
    COLUMNS,
    division_results_csv,
    divisions,
    results_file_name,
)
from pixcore.lifecycle.results import session_results  # noqa: E402
from pixcore.lifecycle.state import SessionState  # noqa: E402
from pixcore.models.competence import CORE_COMPETENCES  # noqa: E402


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> SessionState:
    directory = tmp_path_factory.mktemp("export")
    run_demo(directory, out=lambda _: None)
    with open_service(directory / DEMO_DATABASE) as service:
        return service.load(DEMO_SESSION_NUMBER)


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_columns_are_pix_division_columns() -> None:
    assert COLUMNS[:8] == (
        "Numéro de certification", "Prénom", "Nom", "Date de naissance", "Lieu de naissance",
        "Identifiant Externe", "Statut", "Nombre de Pix",
    )  # fmt: skip
    assert COLUMNS[8:24] == CORE_COMPETENCES
    assert COLUMNS[24:] == (
        "Commentaire jury pour l’organisation",
        "Session",
        "Date de passage de la certification",
    )


def test_one_file_per_division_with_its_candidates_only(state: SessionState) -> None:
    assert divisions(state) == ("3e A", "3e B")
    first = division_results_csv(state, "3e A")
    second = division_results_csv(state, " 3e B ")
    assert first is not None and second is not None
    assert first.splitlines()[0] == "\ufeff" + ";".join(COLUMNS)
    assert "\r\n" in first
    assert len(_rows(first)) == 15 and len(_rows(second)) == 14  # one absent in 3e B
    assert division_results_csv(state, "6e C") is None


def test_status_labels_pix_comment_and_levels(state: SessionState) -> None:
    rows = {r["Nom"]: r for r in _rows(division_results_csv(state, "3e A") or "")}
    rows |= {r["Nom"]: r for r in _rows(division_results_csv(state, "3e B") or "")}
    fraud = rows["Rossi"]
    assert (fraud["Statut"], fraud["Nombre de Pix"]) == ("Rejetée", "0")
    assert "fraude" in fraud["Commentaire jury pour l’organisation"]
    assert {fraud[c] for c in CORE_COMPETENCES} <= {"0", "-"}
    cancelled = rows["Marchand"]
    assert (cancelled["Statut"], cancelled["Nombre de Pix"]) == ("Annulée", "-")
    assert {cancelled[c] for c in CORE_COMPETENCES} == {"-"}
    assert rows["Moreau"]["Statut"] == "Rejetée"
    assert "écran de fin" in rows["Moreau"]["Commentaire jury pour l’organisation"]
    assert "moins de la moitié" in rows["Mercier"]["Commentaire jury pour l’organisation"]
    results = {r.certification_number: r for r in session_results(state)}
    validated = rows["Dubois"]
    result = results[int(validated["Numéro de certification"])]
    assert validated["Statut"] == "Validée" and validated["Nombre de Pix"] == str(result.pix)
    levels = [int(validated[c]) for c in CORE_COMPETENCES if validated[c] != "-"]
    assert len(levels) == 6 and all(0 <= level <= 8 for level in levels)
    assert sum(levels) * 8 <= result.pix
    assert validated["Date de naissance"] == "14/03/2011"
    assert validated["Lieu de naissance"] == "Paris"
    assert validated["Identifiant Externe"] == "INE001"
    assert (validated["Session"], validated["Date de passage de la certification"]) == (
        "12345",
        "12/03/2026",
    )


@pytest.mark.parametrize(
    ("division", "expected"),
    [
        ("3e A", "20260314_resultats_3e_A.csv"),
        ("3e/B", "20260314_resultats_3e_B.csv"),
        ("../..", "20260314_resultats_.._...csv"),
        ("", "20260314_resultats_sans-classe.csv"),
        ("Seconde 2", "20260314_resultats_Seconde_2.csv"),
    ],
)
def test_file_name(division: str, expected: str) -> None:
    name = results_file_name("20260314", division)
    assert name == expected
    assert "/" not in name
