"""Issue 17 through the CLI, on a store written by the code before it (the migration).

``plugins/sqlite/tests/data/legacy-v1.db`` was written by commit 416723f (see
``make_legacy_store.py`` next to it): civil data, GAR IDOs, a report description and a
comment sit in its events. Every personal value carries the marker ``LEGACY``.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "plugins" / "sqlite"
if importlib.util.find_spec("pixcore_sqlite") is None:  # pragma: no cover - depends on venv
    sys.path.append(str(PLUGIN))

from cli_support import run  # noqa: E402

from pixcore.cli import EXIT_OK  # noqa: E402

LEGACY = PLUGIN / "tests" / "data" / "legacy-v1.db"
NUMBER = "12345"
C2 = (b"LEGACYNOM1", b"LEGACYPRENOM1", b"LEGACYIDO1", b"LEGACYTEXTE")
"""C2's civil data, GAR IDO, and the description of the report on C2's test."""
OTHERS = (b"LEGACYNOM2", b"LEGACYPRENOM2", b"LEGACYIDO2", b"LEGACYNOM3", b"LEGACYCOMMENT")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "sessions.db"
    shutil.copyfile(LEGACY, path)
    return path


def raw(path: Path) -> bytes:
    files = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def show(capsys: pytest.CaptureFixture[str], store: Path) -> dict[str, object]:
    code, out, _ = run(capsys, "session", "show", NUMBER, "--json", "--store", store)
    assert code == EXIT_OK
    shown: dict[str, object] = json.loads(out)
    shown.pop("now")
    return shown


def event_texts(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return "".join(row[0] for row in conn.execute("SELECT data FROM events"))


def test_the_fixture_has_personal_data_in_its_events() -> None:
    texts = event_texts(LEGACY)
    assert all(marker.decode() in texts for marker in C2 + OTHERS)


def test_erasure_is_refused_until_the_store_is_migrated(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    code, _, err = run(capsys, "person", "erase", NUMBER, "C2", "--store", store)
    assert code != EXIT_OK and "PERSONAL_DATA_NOT_MIGRATED" in err
    assert all(marker in raw(store) for marker in C2)


def test_migration_then_erasure_leaves_no_byte_and_keeps_the_results(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    before = show(capsys, store)
    code, out, _ = run(capsys, "store", "seal-personal-data", "--json", "--store", store)
    assert code == EXIT_OK and json.loads(out)["events_rewritten"] == 7
    texts = event_texts(store)
    assert not any(marker.decode() in texts for marker in C2 + OTHERS), "left in the log"
    code, out, _ = run(capsys, "store", "seal-personal-data", "--json", "--store", store)
    assert json.loads(out)["events_rewritten"] == 0  # idempotent
    assert show(capsys, store) == before, "the migration changed what the session shows"
    code, out, err = run(capsys, "person", "erase", NUMBER, "C2", "--store", store)
    assert code == EXIT_OK, err
    data = raw(store)
    assert [m for m in C2 if m in data] == []
    assert [m for m in OTHERS if m not in data] == []
    after = show(capsys, store)
    assert after["results"] == before["results"], "an erasure changed a result"
    code, out, _ = run(capsys, "person", "export", NUMBER, "C2", "--store", store)
    export = json.loads(out)
    assert export["erased"] and export["civil_data"] is None and export["account"] is None
    assert export["certification"] is not None
    assert export["reports"][0]["description"] == "[données effacées]"


def test_export_gives_what_is_stored(capsys: pytest.CaptureFixture[str], store: Path) -> None:
    run(capsys, "store", "seal-personal-data", "--store", store)
    code, out, _ = run(capsys, "person", "export", NUMBER, "C3", "--store", store)
    assert code == EXIT_OK
    export = json.loads(out)
    assert export["civil_data"]["last_name"] == "LEGACYNOM2"
    assert export["account"] == "gar:LEGACYIDO2"
    assert not export["erased"]


def test_retention_dry_run_lists_and_apply_erases(
    capsys: pytest.CaptureFixture[str], store: Path
) -> None:
    run(capsys, "store", "seal-personal-data", "--store", store)
    # the session is on 2025-03-12: C4 never started; 92 days later its data expires
    code, out, _ = run(capsys, "retention", "apply", "--date", "2025-06-11", "--json",
                       "--store", store)  # fmt: skip
    assert code == EXIT_OK and json.loads(out)["erasures"] == []
    code, out, _ = run(capsys, "retention", "apply", "--date", "2025-06-12", "--dry-run",
                       "--json", "--store", store)  # fmt: skip
    assert json.loads(out)["erasures"] == [
        {
            "session": 12345,
            "candidate_ids": ["C4"],
            "report_ids": [],
            "comments": False,
            "attachments": False,
        }
    ]
    assert b"LEGACYNOM3" in raw(store)
    code, out, _ = run(capsys, "retention", "apply", "--date", "2025-06-12", "--store", store)
    assert code == EXIT_OK and "C4" in out
    assert b"LEGACYNOM3" not in raw(store) and b"LEGACYNOM2" in raw(store)
    # a year after the session: descriptions and comments go too
    code, out, _ = run(capsys, "retention", "apply", "--date", "2026-03-12", "--json",
                       "--store", store)  # fmt: skip
    (entry,) = json.loads(out)["erasures"]
    assert entry["comments"] and entry["report_ids"] and entry["attachments"]
    assert entry["candidate_ids"] == []
    assert b"LEGACYCOMMENT" not in raw(store) and b"LEGACYTEXTE" not in raw(store)
