"""``pixcore batch``: one coded result per line, the same decisions as the public API."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cli_support import run

import pixcore
from pixcore.cli import EXIT_INPUT, EXIT_OK
from pixcore.cli import batch as cli_batch
from pixcore.formats.batch import MAX_LINE_BYTES, csv_layout, evaluate_line
from pixcore.models import CORE_COMPETENCES

PARIS = dt.timezone(dt.timedelta(hours=1))
BASE = dt.datetime(2026, 3, 12, 9, tzinfo=PARIS)
REPORTS: list[dict[str, Any]] = [
    {"category": "IN_CHALLENGE", "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 3,
     "description": "Le site ne répond pas"},
    {"category": "FRAUD"},
    {"category": "IN_CHALLENGE", "subcategory": "IMAGE_NOT_DISPLAYING", "description": " "},
    {"category": "OTHER", "description": "ancienne catégorie"},
]  # fmt: skip


def random_line(rng: random.Random, number: int) -> dict[str, Any]:
    first = BASE + dt.timedelta(seconds=rng.randrange(0, 3600))
    return {
        "certification_number": number,
        "profile": {code: rng.randrange(0, 41) for code in CORE_COMPETENCES},
        "extra_time": rng.choice([None, "0.33", "0.5", "1.2"]),
        "noted_start": BASE.isoformat(),
        "first_start": first.isoformat(),
        "now": (BASE + dt.timedelta(minutes=rng.randrange(30, 300))).isoformat(),
        "state": rng.choice(["started", "completed", "endedByInvigilator"]),
        "end_screen_seen": rng.choice([True, False, None]),
        "reports": [rng.choice(REPORTS) for _ in range(rng.randrange(0, 3))],
    }


def expected(line: dict[str, Any]) -> dict[str, Any]:
    """The oracle: the public API called directly on the same values."""
    number = line["certification_number"]
    eligibility = pixcore.check_eligibility(line["profile"])
    noted = dt.datetime.fromisoformat(line["noted_start"])
    first = dt.datetime.fromisoformat(line["first_start"])
    extra = None if line["extra_time"] is None else Decimal(line["extra_time"])
    end = pixcore.deadline(noted, extra, first)
    over = None
    if line["state"] == "started":
        over = pixcore.is_time_over(end, dt.datetime.fromisoformat(line["now"]))
    course = pixcore.CertificationCourse(
        certification_number=number, started_at=first, state=line["state"]
    )
    seen = line["end_screen_seen"]
    confirmation = (
        None
        if seen is None
        else pixcore.EndScreenConfirmation(certification_number=number, seen=seen)
    )
    screen = pixcore.end_screen_decision(course, confirmation)
    reports = []
    for report in line["reports"]:
        try:
            valid = pixcore.validate_issue_report(
                {**report, "certification_number": number}, filed_by="invigilator"
            )
            reports.append((True, valid.code))
        except pixcore.IssueReportError as error:
            reports.append((False, error.code))
    return {
        "eligible": eligibility.eligible, "count": eligibility.count,
        "deadline": end, "time_over": over, "outcome": screen.outcome, "reports": reports,
    }  # fmt: skip


def observed(result: dict[str, Any]) -> dict[str, Any]:
    reports = [
        (r["valid"], r["code"] if r["valid"] else r["errors"][0]["code"])
        for r in result.get("reports", [])
    ]
    return {
        "eligible": result["eligibility"]["eligible"],
        "count": result["eligibility"]["count"],
        "deadline": dt.datetime.fromisoformat(result["timing"]["deadline"]),
        "time_over": result["timing"]["time_over"],
        "outcome": result["end_screen"]["outcome"],
        "reports": reports,
    }


def test_each_line_gives_the_decisions_of_the_public_api() -> None:
    seed = random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    for number in range(1, 301):
        line = random_line(rng, number)
        result = json.loads(evaluate_line(json.dumps(line).encode(), number).text)
        assert result["errors"] == []
        assert result["line"] == number and result["certification_number"] == number
        assert observed(result) == expected(line)


def test_two_processes_give_the_serial_results_in_input_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_batch, "CHUNK_LINES", 7)  # many chunks, several in flight
    rng = random.Random(7)
    source = tmp_path / "candidats.jsonl"
    source.write_text("".join(json.dumps(random_line(rng, n)) + "\n" for n in range(1, 101)))
    serial, parallel = tmp_path / "serial.jsonl", tmp_path / "parallel.jsonl"
    assert run(capsys, "batch", source, "-o", serial, "--processus", "1")[0] == EXIT_OK
    code, _, err = run(capsys, "batch", source, "-o", parallel, "--processus", "2")
    assert code == EXIT_OK
    assert parallel.read_text() == serial.read_text()
    lines = [json.loads(text) for text in parallel.read_text().splitlines()]
    assert [line["line"] for line in lines] == list(range(1, 101))
    assert "100 lignes évaluées, dont 0 avec erreurs" in err


def test_every_broken_line_is_coded_and_the_others_are_evaluated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps(random_line(random.Random(1), 5))
    naive = json.dumps({"certification_number": 6, "noted_start": "2026-03-12T09:00:00"})
    lines = [
        good.encode(), b"pas du json", b"[1, 2]", b'{"certification_number": "x"}',
        naive.encode(), b'{"certification_number": 8, "nom": "Martin"}',
        b'{"certification_number": 9, "state": "fini"}', b"\xff\xfe{}",
        good.encode(),
    ]  # fmt: skip
    source = tmp_path / "candidats.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n\n")  # a blank line gives no result
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(capsys, "batch", source, "-o", out, "--processus", "1")
    assert code == EXIT_OK and stdout == ""
    results = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()]
    codes = [[e["code"] for e in r["errors"]] for r in results]
    assert codes == [
        [], ["BATCH_LINE_NOT_JSON"], ["BATCH_LINE_NOT_AN_OBJECT"], ["FIELD_INVALID"],
        ["DATETIME_NOT_AWARE"], ["FIELD_NOT_ALLOWED"], ["FIELD_INVALID"],
        ["BATCH_LINE_NOT_UTF8"], [],
    ]  # fmt: skip
    for result in results:
        for error in result["errors"]:
            assert error["message"] and error["message_en"] and error["message"] != error["code"]
    assert "Martin" not in out.read_text(encoding="utf-8")  # no input value echoed
    assert "9 lignes évaluées, dont 7 avec erreurs" in err


def test_a_line_over_the_limit_is_refused_without_being_kept() -> None:
    stream = io.BytesIO(b"x" * (3 * MAX_LINE_BYTES) + b"\n" + b'{"a": 1}\n')
    lines = list(cli_batch.read_lines(stream))
    assert [number for number, _ in lines] == [1, 2]
    assert len(lines[0][1]) == MAX_LINE_BYTES + 1
    result = json.loads(evaluate_line(lines[0][1], 1).text)
    assert [e["code"] for e in result["errors"]] == ["BATCH_LINE_TOO_LONG"]


def test_workers_never_hold_more_than_two_chunks_each() -> None:
    pulled = 0

    def chunks() -> Any:
        nonlocal pulled
        for number in range(1, 41):
            pulled += 1
            yield [(number, b'{"certification_number": %d}' % number)]

    seen = []
    for chunk, (text, failed) in cli_batch._parallel(chunks(), None, workers=2):
        assert pulled - len(seen) <= 2 * 2  # read ahead: at most two chunks per worker
        seen.append(chunk[0][0])
        assert failed == 0 and json.loads(text)["line"] == chunk[0][0]
    assert seen == list(range(1, 41))


CSV_HEADER = (
    "Numéro de certification;Temps majoré ?;Début noté;Premier démarrage;Heure de référence;"
    "État;Écran de fin vu;Réponses;Session finalisée;Nom de naissance;" + ";".join(CORE_COMPETENCES)
)


def test_a_csv_row_in_pix_columns_reads_like_its_json_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pix = [16] * 5 + [0] * 11
    row = ["12", "33", BASE.isoformat(), (BASE + dt.timedelta(minutes=5)).isoformat(),
           (BASE + dt.timedelta(hours=3)).isoformat(), "completed", "oui",
           " ".join(f"ok:{code}" for code in CORE_COMPETENCES[:5] for _ in range(3)), "oui",
           "Martin", *map(str, pix)]  # fmt: skip
    source = tmp_path / "candidats.csv"
    source.write_text("\ufeff" + CSV_HEADER + "\n" + ";".join(row) + "\n12;abc\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", source, "-o", out)[0] == EXIT_OK
    from_csv, short = (json.loads(t) for t in out.read_text(encoding="utf-8").splitlines())
    line = {
        "certification_number": 12, "extra_time": "0.33", "noted_start": row[2],
        "first_start": row[3], "now": row[4], "state": "completed", "end_screen_seen": True,
        "answers": [{"status": "ok", "competence": c} for c in CORE_COMPETENCES[:5] for _ in "abc"],
        "finalised": True, "profile": dict(zip(CORE_COMPETENCES, pix, strict=True)),
    }  # fmt: skip
    from_json = json.loads(evaluate_line(json.dumps(line).encode(), 2).text)
    assert from_csv == from_json
    assert from_csv["timing"]["allowed_minutes"] == 140  # 33 % of 105 min, rounded up
    # every answer right, five competences at 16 pix: validated, each competence kept
    assert from_csv["result"]["status"] == "validated"
    assert from_csv["result"]["pix"] == 80
    assert [e["code"] for e in short["errors"]] == ["BATCH_CSV_COLUMNS"]


def test_a_finalised_line_without_competences_is_never_given_a_score() -> None:
    line = {"certification_number": 3, "profile": dict.fromkeys(CORE_COMPETENCES[:5], 16),
            "state": "completed", "end_screen_seen": True, "answers": ["ok"] * 15,
            "finalised": True}  # fmt: skip
    result = json.loads(evaluate_line(json.dumps(line).encode(), 1).text)
    assert result["result"]["status"] == "error"
    assert result["result"]["reason"] == "COMPETENCES_MISSING"
    assert result["result"]["pix"] == 0


def test_a_file_problem_is_one_coded_french_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "batch", tmp_path / "absent.jsonl")
    assert code == EXIT_INPUT and "FILE_NOT_FOUND" in err and "Traceback" not in err
    source = tmp_path / "sans-en-tete.csv"
    source.write_text("Nom;Prénom\nMartin;Léa\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", source)
    assert code == EXIT_INPUT and "INVALID_DOCUMENT" in err and "Numéro de certification" in err
    assert "Léa" not in err


def test_the_progress_bar_and_the_help_are_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "candidats.jsonl"
    source.write_text('{"certification_number": 1}\n')
    code, out, err = run(capsys, "batch", source, "--progression", "--processus", "1")
    assert code == EXIT_OK and json.loads(out)["errors"] == []
    assert "Évaluation [" in err and "100 %" in err and "1 lignes" in err
    assert run(capsys, "batch", "--help")[1].startswith("utilisation : ")


def test_the_csv_layout_knows_pix_columns_and_ignores_others() -> None:
    layout = csv_layout("Numéro de certification;Prénom;1.1;Temps majoré ?")
    assert layout.keys == ("certification_number", None, "profile:1.1", "extra_time")


def test_each_broken_answer_is_named_once_by_its_place() -> None:
    line = {
        "certification_number": 1,
        "answers": [{"status": "ok", "x": 1}, {"status": "ok", "competence": "abc"}, "nope"],
    }
    result = json.loads(evaluate_line(json.dumps(line).encode(), 1).text)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("FIELD_NOT_ALLOWED", "answers.0.x"),
        ("FIELD_INVALID", "answers.1.competence"),
        ("FIELD_INVALID", "answers.2.status"),
    ]
