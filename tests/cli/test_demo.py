"""``pixcore demo``: a whole session end to end on the SQLite store, deterministic."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "sqlite"
if importlib.util.find_spec("pixcore_sqlite") is None:  # pragma: no cover - depends on venv
    sys.path.append(str(PLUGIN))

from pixcore.cli import EXIT_OK, main  # noqa: E402
from pixcore.cli.demo import DEMO_DATABASE, DemoRow, run_demo  # noqa: E402


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[DemoRow], list[str], Path]:
    directory = tmp_path_factory.mktemp("demo")
    lines: list[str] = []
    rows = run_demo(directory, out=lines.append)
    return rows, lines, directory


def _by_name(rows: list[DemoRow]) -> dict[str, DemoRow]:
    return {row.candidate: row for row in rows}


def test_final_statuses(demo: tuple[list[DemoRow], list[str], Path]) -> None:
    rows, _, _ = demo
    by_name = _by_name(rows)
    assert len(rows) == 29  # 30 enrolled, one absent
    assert "Gauthier Raphaël" not in by_name
    special = {
        "Rossi Jean-Baptiste": ("rejected", "FRAUD"),
        "Moreau Camille": ("rejected", "END_SCREEN_NOT_SEEN"),
        "Mercier Clément": ("rejected", "REJECTED_DUE_TO_INSUFFICIENT_CORRECT_ANSWERS"),
        "Marchand Océane": ("cancelled", "CANCELLED_DUE_TO_NEUTRALIZATION"),
    }
    for name, expected in special.items():
        assert (by_name[name].status, by_name[name].reason) == expected, name
    others = [row for name, row in by_name.items() if name not in special]
    assert all(row.status == "validated" and row.pix > 0 for row in others)
    assert all(row.pix == 0 for name, row in by_name.items() if name in special)


def test_steps_are_told_in_french(demo: tuple[list[DemoRow], list[str], Path]) -> None:
    _, lines, _ = demo
    text = "\n".join(lines)
    assert "se reconnecte : même certification n° 12345004" in text
    assert "CERTIFICATION_TIME_OVER : Le temps imparti est écoulé" in text
    assert "INVALID_CERTIFICATION_ISSUE_REPORT : Le signalement n'est pas valide." in text
    assert "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED" in text
    assert "signalement R1 résolu : question neutralisée automatiquement" in text
    assert "END_SCREEN_REVIEW_PENDING" in text and "UNRESOLVED_IMPACTFUL_REPORT" in text
    assert "Échéance de Thomas Nguyen : 11:26:30 (temps majoré compris)" in text
    assert "Résultats publiés." in text
    table = lines[lines.index("=== Résultats de la session 12345 ===") + 1 :]
    assert [cell.strip() for cell in table[0].splitlines()[0].split(" | ")] == [
        "N° certification", "Candidat", "Statut", "Motif", "Pix",
    ]  # fmt: skip
    assert any("Rossi Jean-Baptiste" in line and "fraude (FRAUD)" in line for line in table)
    assert lines[-2] == "Bilan : 1 annulée, 3 rejetées, 25 validées sur 29 certifications."
    assert lines[-1].startswith("Documents imprimables (PDF) : ")


def test_attachments_are_stored_next_to_the_database(
    demo: tuple[list[DemoRow], list[str], Path],
) -> None:
    _, _, directory = demo
    assert (directory / DEMO_DATABASE).is_file()
    stored = sorted(
        p.parent.name for p in (directory / f"{DEMO_DATABASE}.attachments").rglob("*.pdf")
    )
    assert stored == ["pv_incident", "pv_session"]


def test_deterministic_and_rerunnable_in_the_same_folder(
    demo: tuple[list[DemoRow], list[str], Path],
) -> None:
    rows, lines, directory = demo
    again: list[str] = []
    assert run_demo(directory, out=again.append) == rows
    assert again == lines


def test_command_line_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--dir", str(tmp_path)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "=== Résultats de la session 12345 ===" in out
    assert main(["demo", "--dir", str(tmp_path), "--json"]) == EXIT_OK
    body = json.loads(capsys.readouterr().out)
    statuses = [r["status"] for r in body["results"]]
    assert statuses.count("validated") == 25 and statuses.count("cancelled") == 1
