"""Tests of ``pixcore evaluate``: the shipped example, bad inputs, exit codes, no traceback."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import pixcore.cli.app as cli
from pixcore.cli.app import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "session.json"


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def by_number(example: dict[str, Any], number: int) -> dict[str, Any]:
    return next(c for c in example["candidates"] if c["certification_number"] == number)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def table_row(out: str, number: int) -> list[str]:
    for line in out.splitlines():
        cells = [cell.strip() for cell in line.split(" | ")]
        if cells[0] == str(number):
            return cells
    raise AssertionError(f"no row for {number}")


# ----------------------------------------------------------------- the example file


def test_example_has_the_promised_candidates(example: dict[str, Any]) -> None:
    candidates = example["candidates"]
    assert 28 <= len(candidates) <= 32
    numbers = [c["certification_number"] for c in candidates]
    assert len(set(numbers)) == len(numbers)
    names = " ".join(c["civil"]["last_name"] + " " + c["civil"]["first_name"] for c in candidates)
    for mark in ("é", "ë", "-", "'"):
        assert mark in names
    assert all(2009 <= int(c["civil"]["birth_date"][:4]) <= 2012 for c in candidates)
    places = [c["civil"] for c in candidates]
    assert any(p.get("birth_insee_code") == "2A004" for p in places)
    assert any(p.get("birth_insee_code") == "97209" for p in places)
    assert any(p.get("birth_insee_code") == "99" and p["birth_country"] != "FRANCE" for p in places)
    assert any("birth_postal_code" in p for p in places)
    extra_times = sorted(p["extra_time"] for p in places if "extra_time" in p)
    assert extra_times == ["0.33", "0.5"]
    states = [c.get("state") for c in candidates]
    assert states.count("started") == 1
    unseen = [c for c in candidates if c.get("state") == "completed" and not c["end_screen_seen"]]
    assert len(unseen) == 1


def test_example_table(capsys: pytest.CaptureFixture[str], example: dict[str, Any]) -> None:
    code, out, err = run(capsys, "evaluate", str(EXAMPLE))
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("Session 12345 — Collège Jean Moulin, Salle info 2")
    header = next(line for line in out.splitlines() if line.startswith("N° "))
    assert [cell.strip() for cell in header.split(" | ")][1:4] == [
        "Candidat",
        "Données",
        "Éligible",
    ]
    assert len([line for line in out.splitlines() if line[:3].isdigit()]) == 30
    assert table_row(out, 109)[1:9] == [
        "Nguyen Thomas", "ok", "oui (10)", "33 %", "140 min", "11:32", "terminé", "—",
    ]  # fmt: skip
    assert table_row(out, 110)[4:7] == ["50 %", "158 min", "11:45"]
    assert table_row(out, 111)[3] == "non (4)"
    assert table_row(out, 117)[9] == "non vu, rejet proposé"
    assert table_row(out, 121)[7:10] == ["en cours", "oui", "sans objet"]
    assert table_row(out, 104)[10] == "E4"
    assert table_row(out, 120)[10] == "C6"
    assert table_row(out, 112)[10] == "invalide (reports[1])"
    assert table_row(out, 115)[2] == "1 err."
    assert table_row(out, 130)[7:10] == ["non commencé", "—", "—"]
    assert "reports[1] (certification 112) : INVALID_CERTIFICATION_ISSUE_REPORT" in out
    assert "  - ISSUE_REPORT_QUESTION_NUMBER_REQUIRED : Le numéro de la question" in out
    assert "candidates[16] (certification 117) : END_SCREEN_NOT_SEEN" in out
    assert "CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID" in out
    assert "BCDF23" not in out
    assert out.rstrip().splitlines()[-1].startswith("Bilan : candidats : 30 ; éligibles : 27")


def d2_deadline(noted: str, first: str | None, extra: str | None) -> dt.datetime:
    """rules.md D2, restated: max(noted, first start) + ceil(105 × (1 + p)) minutes."""
    start = max(dt.datetime.fromisoformat(noted), dt.datetime.fromisoformat(first or noted))
    minutes = math.ceil(105 * (1 + Fraction(extra or "0")))
    return start + dt.timedelta(minutes=minutes)


def test_example_json(capsys: pytest.CaptureFixture[str], example: dict[str, Any]) -> None:
    code, out, err = run(capsys, "evaluate", str(EXAMPLE), "--json")
    assert (code, err) == (EXIT_OK, "")
    result = json.loads(out)
    rows = {row["certification_number"]: row for row in result["candidates"]}
    assert len(rows) == 30
    for number, row in rows.items():
        entry = by_number(example, number)
        expected = d2_deadline(
            example["noted_start"], entry.get("first_start"), entry["civil"].get("extra_time")
        )
        assert dt.datetime.fromisoformat(row["timing"]["deadline"]) == expected
    thomas = rows[109]["timing"]
    assert (thomas["extra_time"], thomas["allowed_minutes"]) == ("0.33", 140)
    assert thomas["deadline"] == "2026-03-12T11:32:00+01:00"
    assert rows[111]["eligibility"]["eligible"] is False
    assert rows[111]["eligibility"]["count"] == 4
    assert rows[111]["eligibility"]["reason"]["code"] == "NOT_ENOUGH_COMPETENCES"
    assert rows[117]["end_screen"] == {
        "outcome": "proposal_reject",
        "reason": "END_SCREEN_NOT_SEEN",
        "pending_proposal": True,
    }
    assert rows[121]["timing"]["time_over"] is True
    (invalid,) = rows[112]["reports"]
    assert (invalid["index"], invalid["valid"]) == (1, False)
    assert [e["code"] for e in invalid["errors"]] == [
        "INVALID_CERTIFICATION_ISSUE_REPORT",
        "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED",
    ]
    (fraud,) = rows[120]["reports"]
    assert (fraud["code"], fraud["needs_incident_report"]) == ("C6", False)
    assert rows[104]["reports"][0]["code"] == "E4"
    assert rows[115]["civil_valid"] is False
    assert result["unattached_reports"] == []
    assert result["summary"]["end_screen_proposals"] == 1
    assert "access_code" not in result["session"]


def test_example_through_a_real_process() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "pixcore.cli", "evaluate", str(EXAMPLE)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stderr == ""
    assert "Nguyen Thomas" in done.stdout and "Bilan : candidats : 30" in done.stdout


def test_bad_file_through_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text('{"session": ', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pixcore.cli", "evaluate", str(path)],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_INPUT
    assert done.stdout == ""
    assert "INVALID_JSON" in done.stderr and "Traceback" not in done.stderr


# -------------------------------------------------------------------- bad inputs


def write(tmp_path: Path, content: str | bytes) -> str:
    path = tmp_path / "session.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def variant(example: dict[str, Any], change: Any) -> str:
    data = json.loads(json.dumps(example))
    change(data)
    return json.dumps(data, ensure_ascii=False)


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "evaluate", str(tmp_path / "absent.json"))
    assert (code, out) == (EXIT_INPUT, "")
    assert "FILE_NOT_FOUND : Le fichier est introuvable." in err


def test_invalid_json_gives_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, '{\n  "session": {\n    "number": 12345,,\n')
    code, out, err = run(capsys, "evaluate", path)
    assert (code, out) == (EXIT_INPUT, "")
    assert "INVALID_JSON : Le fichier n'est pas un JSON valide (ligne 3, colonne 21)." in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(commentaire="?"),
            "FIELD_NOT_ALLOWED : Le champ « commentaire » n'est pas attendu.",
        ),
        (
            lambda d: d["candidates"][3].update(certification_number=101),
            "DUPLICATE_CERTIFICATION_NUMBER : Ce numéro de certification est déjà attribué à un "
            "autre candidat du fichier. (candidates[3].certification_number, certification 101, "
            "déjà en candidates[0])",
        ),
        (
            lambda d: d["candidates"][2].update(first_start="2026-03-12T09:08:00"),
            "DATETIME_NOT_AWARE : Une date et heure doit préciser son fuseau horaire. "
            "(candidates[2].first_start, certification 103)",
        ),
        (
            lambda d: d.update(now="2026-03-12 10:55"),
            "DATETIME_NOT_AWARE : Une date et heure doit préciser son fuseau horaire. (now)",
        ),
        (
            lambda d: d["candidates"][5].update(state="fini"),
            "FIELD_INVALID : La valeur du champ « candidates[5].state » n'est pas valide. "
            "(certification 106)",
        ),
        (
            lambda d: d.pop("candidates"),
            "FIELD_REQUIRED : Le champ « candidates » est obligatoire.",
        ),
    ],
)
def test_invalid_document(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    example: dict[str, Any],
    change: Any,
    expected: str,
) -> None:
    code, out, err = run(capsys, "evaluate", write(tmp_path, variant(example, change)))
    assert (code, out) == (EXIT_INPUT, "")
    lines = err.splitlines()
    assert lines[0].startswith("pixcore : INVALID_DOCUMENT : Le document est illisible")
    assert lines[1:] == [f"  - {expected}"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe\x00{", "INVALID_DOCUMENT"),
        ("[]", "DOCUMENT_NOT_AN_OBJECT"),
        ("[" * 100_000, "INVALID_"),
    ],
)
def test_unreadable_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes, expected: str
) -> None:
    code, out, err = run(capsys, "evaluate", write(tmp_path, content))
    assert (code, out) == (EXIT_INPUT, "")
    assert expected in err


def test_directory_is_unreadable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "evaluate", str(tmp_path))
    assert code == EXIT_INPUT
    assert "INVALID_DOCUMENT" in err


def test_errors_as_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: dict[str, Any]
) -> None:
    path = write(tmp_path, variant(example, lambda d: d["candidates"][1].update(answers=["oui"])))
    code, out, err = run(capsys, "evaluate", path, "--json")
    assert (code, out) == (EXIT_INPUT, "")
    error = json.loads(err)["error"]
    assert error["code"] == "INVALID_DOCUMENT"
    (detail,) = error["errors"]
    assert detail["code"] == "FIELD_INVALID"
    assert detail["field"] == "candidates[1].answers[0]"
    assert detail["meta"]["certification_number"] == 102
    assert detail["message"].startswith("La valeur du champ")


def test_civil_data_errors_do_not_change_the_exit_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: dict[str, Any]
) -> None:
    path = write(tmp_path, variant(example, lambda d: d["candidates"][0]["civil"].update(sex="")))
    code, out, _ = run(capsys, "evaluate", path)
    assert code == EXIT_OK
    assert "CANDIDATE_SEX_REQUIRED : Le sexe est obligatoire (M ou F). (sex)" in out


# ------------------------------------------------------------------- usage, help


@pytest.mark.parametrize(
    "argv",
    [[], ["evaluate"], ["frobnicate"], ["evaluate", "a.json", "--tableau"]],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (EXIT_USAGE, "")
    assert "pixcore : erreur d'utilisation" in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == EXIT_OK and "evaluate" in out
    code, out, _ = run(capsys, "evaluate", "--help")
    assert code == EXIT_OK and "--json" in out and "Codes de sortie" in out


def test_internal_error_is_coded_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret détail")

    monkeypatch.setattr(cli, "evaluate_session", broken)
    code, out, err = run(capsys, "evaluate", str(EXAMPLE))
    assert (code, out) == (EXIT_INTERNAL, "")
    assert "PIXCORE_ERROR" in err and "RuntimeError" in err
    assert "secret" not in err
