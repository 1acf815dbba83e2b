"""``pixcore readiness check`` and ``pixcore checklist`` (issue 16), on temporary stores."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
if importlib.util.find_spec("pixcore_sqlite") is None:  # pragma: no cover - depends on venv
    sys.path.append(str(ROOT / "plugins" / "sqlite"))

from cli_support import run  # noqa: E402

import pixcore.cli.common as common  # noqa: E402
from pixcore.cli import EXIT_INPUT, EXIT_OK, EXIT_REFUSED, EXIT_USAGE  # noqa: E402
from pixcore.cli.demo import DemoClock  # noqa: E402
from pixcore.lifecycle import commands as cmd  # noqa: E402
from pixcore.models import CORE_COMPETENCES, CompetenceProfile  # noqa: E402
from pixcore.rules.technical_test import TEST_FILE_TEXT, TEST_PDF_CODE  # noqa: E402

START = dt.datetime(2026, 3, 12, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_120 = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
READY = {"office_suite": True, "pdf_reader": True, "download_writable": True, "connected": True}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "sessions.db"


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def room_report(tmp_path: Path, *, enrolled: int | None = 2, shared: bool = False) -> Path:
    data = {
        "enrolled": enrolled, "shared_storage": shared,
        "machines": [{"label": "PC-1", "user_agent": FIREFOX, **READY},
                     {"label": "PC-2", "user_agent": CHROME_120, **READY, "office_suite": False}],
        "technical_tests": [{"label": "PC-3", "user_agent": FIREFOX, "connected": True,
                             "office_suite": True, "pdf_code": TEST_PDF_CODE,
                             "download_text": TEST_FILE_TEXT}],
    }  # fmt: skip
    return write(tmp_path / "room.json", data)


def create(capsys: pytest.CaptureFixture[str], store: Path) -> None:
    code, _, err = run(
        capsys, "session", "create", "--number", "42", "--site", "Collège Jean Moulin",
        "--room", "B12", "--date", "2026-03-12", "--time", "09:00",
        "--invigilator", "Mme Martin", "--access-code", "BCDF23", "--store", store,
    )  # fmt: skip
    assert code == EXIT_OK, err


def test_check_at_a_date_lists_every_failure_and_the_room_verdict(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = room_report(tmp_path)
    code, out, err = run(capsys, "readiness", "check", report, "--date", "12/03/2026")
    assert (code, err) == (EXIT_OK, "")
    assert "Salle contrôlée pour le 12/03/2026 : 2 candidat(s) inscrit(s), 3 ordinateur(s), " \
           "2 prêt(s)." in out  # fmt: skip
    assert "READINESS_BROWSER_TOO_OLD : Ordinateur 2 : le navigateur Chrome" in out
    assert "READINESS_NO_OFFICE_SUITE : Ordinateur 2" in out
    assert "Salle prête" in out and "@mdn/browser-compat-data 8.1.9" in out
    code, out, _ = run(capsys, "readiness", "check", report, "--date", "2026-03-12",
                       "--enrolled", "3")  # fmt: skip
    assert code == EXIT_REFUSED
    assert "Salle non prête" in out and "READINESS_NOT_ENOUGH_MACHINES : Il manque 1" in out
    code, out, _ = run(capsys, "readiness", "check", report, "--date", "2026-03-12", "--json")
    data = json.loads(out)
    assert (code, data["ready"], data["ready_machines"]) == (EXIT_OK, True, 2)
    assert [m["ready"] for m in data["machines"]] == [True, False, True]
    assert data["machines"][2]["technical_test"] is True
    assert data["machines"][0]["browser"]["released"] == "2024-07-09"


def test_a_browser_two_years_old_on_the_day_fails_the_day_before_it_passes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = write(tmp_path / "r.json", {"enrolled": 1, "machines": [
        {"user_agent": FIREFOX, **READY}]})  # fmt: skip
    assert run(capsys, "readiness", "check", report, "--date", "08/07/2026")[0] == EXIT_OK
    code, out, _ = run(capsys, "readiness", "check", report, "--date", "09/07/2026")
    assert code == EXIT_REFUSED and "READINESS_BROWSER_TOO_OLD" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--date", "31/02/2026"], EXIT_USAGE),
        ([], EXIT_USAGE),  # neither --date nor --session
        (["--date", "2026-03-12", "--session", "42"], EXIT_USAGE),
        (["--date", "2026-03-12", "--record"], EXIT_USAGE),
        (["--date", "2026-03-12", "--enrolled", "-1"], EXIT_USAGE),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], expected: int
) -> None:
    code, out, err = run(capsys, "readiness", "check", room_report(tmp_path), *argv)
    assert (code, out) == (expected, "")
    assert "erreur d'utilisation" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    [b"not json", b"[]", b'{"machines": [{"user_agent": "x"}]}', b'{"machines": 3}'],
)
def test_an_invalid_report_is_exit_3_with_coded_details(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    report = tmp_path / "bad.json"
    report.write_bytes(content)
    code, out, err = run(capsys, "readiness", "check", report, "--date", "2026-03-12",
                         "--enrolled", "1")  # fmt: skip
    assert (code, out) == (EXIT_INPUT, "")
    assert err.startswith("pixcore : INVALID_DOCUMENT") and "Traceback" not in err
    missing = run(capsys, "readiness", "check", tmp_path / "absent.json", "--date", "2026-03-12")
    assert missing[0] == EXIT_INPUT and "FILE_NOT_FOUND" in missing[2]


def test_report_without_enrolled_needs_enrolled(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "readiness", "check", room_report(tmp_path, enrolled=None),
                       "--date", "2026-03-12")  # fmt: skip
    assert code == EXIT_REFUSED and "FIELD_REQUIRED" in err and "enrolled" in err


def play(store: Path) -> None:
    """One candidate joins, answers 15 questions, end screen seen (as a host's app would)."""
    clock = DemoClock(START)
    profile = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:5], 16))
    with common.open_service(store, plugins=[clock]) as service:
        entry = service.load(42).enrolled()[0]
        service.execute(42, cmd.NoteStartTime(noted_start=START))
        service.execute(42, cmd.JoinSession(
            session_number=42, access_code="BCDF23", first_name=entry.candidate.first_name,
            last_name=entry.candidate.last_name, birth_date=entry.candidate.birth_date,
            user="user-0", question_count=15, profile=profile,
        ))  # fmt: skip
        (number,) = service.load(42).certifications
        for _ in range(15):
            clock.advance(seconds=20)
            service.execute(42, cmd.RecordAnswer(certification_number=number, status="ok"))
        service.execute(42, cmd.ConfirmEndScreen(certification_number=number))


def test_record_in_a_session_then_the_checklist_follows(
    capsys: pytest.CaptureFixture[str], store: Path, tmp_path: Path
) -> None:
    create(capsys, store)
    code, _, err = run(capsys, "candidates", "import", "42",
                       ROOT / "examples" / "candidates.csv", "--store", store)  # fmt: skip
    assert code == EXIT_OK, err
    report = room_report(tmp_path, enrolled=None, shared=True)
    code, out, _ = run(capsys, "readiness", "check", report, "--session", "42", "--record",
                       "--store", store)  # fmt: skip
    assert code == EXIT_REFUSED  # more candidates than ready computers
    assert "Contrôle enregistré dans la session 42." in out
    code, out, _ = run(capsys, "checklist", "show", "42", "--store", store, "--json")
    items = {entry["item"]: entry for entry in json.loads(out)["checklist"]}
    assert items["BEF-9"]["status"] == "pending"
    assert items["BEF-9"]["reason"]["code"] == "READINESS_NOT_ENOUGH_MACHINES"
    assert items["BEF-10"]["status"] == "done" and items["BEF-5"]["status"] == "done"
    assert items["DAY-25"]["status"] == "pending"  # the report declared shared storage

    code, out, _ = run(capsys, "checklist", "tick", "42", "bef-8", "--store", store)
    assert (code, out) == (EXIT_OK, "BEF-8 « Imprimer le PV de session pré-rempli » : fait.\n")
    code, _, err = run(capsys, "checklist", "tick", "42", "DAY-9", "--store", store)
    assert code == EXIT_REFUSED and "CHECKLIST_ITEM_AUTOMATIC" in err
    code, _, err = run(capsys, "checklist", "tick", "42", "XYZ", "--store", store)
    assert code == EXIT_REFUSED and "CHECKLIST_ITEM_UNKNOWN" in err

    play(store)
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(b"%PDF-1.4 scan")
    code, out, err = run(capsys, "finalize", "42", "--pv-scan", pv, "--no-incident",
                         "--no-joining-issue", "--store", store)  # fmt: skip
    assert code == EXIT_OK, err
    assert "SHARED_STORAGE_CLEANUP_PENDING : Rappel : les ordinateurs de la salle partagent" in out
    code, out, _ = run(capsys, "session", "show", "42", "--store", store, "--at",
                       "2026-03-12T12:00+01:00")  # fmt: skip
    assert "Étapes de la procédure :" in out and "Après la session :" in out
    assert "SHARED_STORAGE_CLEANUP_PENDING" in out
    assert run(capsys, "checklist", "tick", "42", "DAY-25", "--store", store)[0] == EXIT_OK
    code, out, _ = run(capsys, "session", "show", "42", "--store", store, "--json")
    data = json.loads(out)
    assert data["reminders"] == []
    statuses = {entry["item"]: entry["status"] for entry in data["checklist"]}
    assert {k for k, v in statuses.items() if v == "done"} >= {
        "BEF-5", "BEF-7", "BEF-8", "BEF-10", "DAY-8", "DAY-9", "DAY-18", "DAY-25", "AFT-1",
        "AFT-3",
    }  # fmt: skip


def test_declaring_a_room_without_shared_storage(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    create(capsys, store)
    code, out, _ = run(capsys, "checklist", "room", "42", "--no-shared-storage", "--store", store)
    assert code == EXIT_OK and "ne partagent pas" in out
    code, _, err = run(capsys, "checklist", "tick", "42", "DAY-25", "--store", store)
    assert code == EXIT_REFUSED and "CHECKLIST_ITEM_NOT_APPLICABLE" in err
    code, out, _ = run(capsys, "checklist", "show", "42", "--store", store)
    assert "DAY-25" in out and "sans objet" in out


@pytest.mark.parametrize(
    "argv", [["readiness"], ["readiness", "check"], ["checklist"], ["checklist", "tick"],
             ["checklist", "room"], ["checklist", "show"]],
)  # fmt: skip
def test_help_speaks_french(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv, "--help")
    assert code == EXIT_OK and out.startswith("utilisation : pixcore")
    assert "afficher cette aide et quitter" in out
