"""Each SQLite fault ends in its own coded error, produced by the real condition.

Disk full (``PRAGMA max_page_count``), read-only (``PRAGMA query_only``, and real file
permissions), busy, corrupt pages, a file that is not a database or another
application's, a newer schema, a missing folder, missing permissions. Permission
faults need a user the file system can refuse: tests run as root in CI, so those run
in a child process as ``nobody`` (as the current user when not root).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pixcore_sqlite import (
    SCHEMA_VERSION,
    SqliteEventStore,
    SqliteGarStore,
    SqlitePlugin,
    SqliteStoreError,
)
from pixcore_sqlite._faults import coded
from pixcore_sqlite.errors import MESSAGES, SqliteBusyError, SqliteCorruptError
from sqlite_support import T0, answer, child_env

from pixcore.errors import PixcoreError, ServiceUnavailableError, StoreCorruptError


def fault(action: object) -> PixcoreError:
    """Run ``action``: it must raise a coded pixcore error, never a raw sqlite3 one."""
    with pytest.raises(PixcoreError) as excinfo:
        action()  # type: ignore[operator]
    error = excinfo.value
    assert not isinstance(error, sqlite3.Error)
    assert error.code in MESSAGES, error.code
    assert "Traceback" not in error.message and "sqlite3" not in error.message
    return error


def filled(path: Path, sessions: int = 20, events: int = 30) -> None:
    """A database with ``sessions`` streams of ``events`` answers each."""
    with SqliteEventStore(path, synchronous="NORMAL") as store:
        for s in range(sessions):
            batch = [answer(n) for n in range(1, events + 1)]
            store.append(f"{1000 + s}", batch, expected_version=0, recorded_at=T0)


# ----------------------------------------------------------------- writing


def test_disk_full_writes_nothing_and_the_store_recovers(db_path: Path) -> None:
    filled(db_path, sessions=1)
    with SqliteEventStore(db_path) as store:
        with store._read() as conn:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
        big = [answer(n) for n in range(1, 2001)]
        error = fault(lambda: store.append("new", big, expected_version=0, recorded_at=T0))
        assert error.code == "SQLITE_DISK_FULL"
        assert isinstance(error, SqliteStoreError) and not error.retryable
        assert store.load("new") == ()
        with store._read() as conn:
            conn.execute("PRAGMA max_page_count = 1073741823")
        assert store.append("new", big, expected_version=0, recorded_at=T0) == 2000


def test_read_only_connection_writes_nothing(db_path: Path) -> None:
    with SqliteEventStore(db_path) as store:
        with store._read() as conn:
            conn.execute("PRAGMA query_only = ON")
        error = fault(lambda: store.append("s", [answer(1)], expected_version=0, recorded_at=T0))
        assert error.code == "SQLITE_READ_ONLY"
        assert store.load("s") == ()


def test_busy_past_the_timeout_is_retryable(db_path: Path) -> None:
    with SqliteEventStore(db_path, timeout=0.05) as store:
        blocker = sqlite3.connect(db_path, isolation_level=None)
        try:
            blocker.execute("BEGIN IMMEDIATE")
            error = fault(
                lambda: store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
            )
            assert isinstance(error, SqliteBusyError) and isinstance(error, ServiceUnavailableError)
            assert error.code == "SQLITE_BUSY" and error.retryable
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert store.append("s", [answer(1)], expected_version=0, recorded_at=T0) == 1


# ----------------------------------------------------------------- opening


def test_a_file_that_is_not_a_database(db_path: Path) -> None:
    db_path.write_bytes(b"PV de session scanne " * 500)
    for opener in (SqliteEventStore, SqliteGarStore, SqlitePlugin):
        error = fault(lambda opener=opener: opener(db_path))
        assert error.code == "SQLITE_NOT_A_DATABASE"
        assert isinstance(error, SqliteCorruptError) and isinstance(error, StoreCorruptError)
    assert db_path.read_bytes() == b"PV de session scanne " * 500


def test_another_applications_database_is_left_untouched(db_path: Path) -> None:
    other = sqlite3.connect(db_path)
    other.execute("CREATE TABLE notes (body TEXT)")
    other.commit()
    other.close()
    error = fault(lambda: SqliteEventStore(db_path))
    assert error.code == "SQLITE_NOT_A_PIXCORE_DATABASE"
    with sqlite3.connect(db_path) as raw:
        tables = [row[0] for row in raw.execute("SELECT name FROM sqlite_master")]
        assert (tables, raw.execute("PRAGMA user_version").fetchone()[0]) == (["notes"], 0)
    raw.close()


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    SqliteEventStore(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    error = fault(lambda: SqliteEventStore(db_path))
    assert error.code == "SQLITE_SCHEMA_TOO_NEW"
    assert f"schema {SCHEMA_VERSION + 1}" in error.message_en


def test_a_missing_folder_or_a_folder_for_a_file(tmp_path: Path) -> None:
    assert fault(lambda: SqliteEventStore(tmp_path / "no" / "x.db")).code == (
        "SQLITE_FOLDER_NOT_FOUND"
    )
    assert fault(lambda: SqliteEventStore(tmp_path)).code == "SQLITE_CANNOT_OPEN"
    assert not (tmp_path / "no").exists()


# ----------------------------------------------------------------- damaged files


def _damage_pages(path: Path, rng: random.Random) -> None:
    """Overwrite a few whole pages (never the first: the header stays valid)."""
    page = 4096
    size = path.stat().st_size
    assert size >= 8 * page
    with path.open("r+b") as raw:
        for number in rng.sample(range(2, size // page), 3):
            raw.seek(number * page)
            raw.write(rng.randbytes(page))


def test_damaged_pages_are_found_when_opened(db_path: Path, rng: random.Random) -> None:
    filled(db_path)
    _damage_pages(db_path, rng)
    for check in ("quick", "full"):
        error = fault(lambda c=check: SqliteEventStore(db_path, integrity_check=c))  # type: ignore[misc]
        assert error.code == "SQLITE_CORRUPT"
        assert isinstance(error, StoreCorruptError)


def test_damaged_pages_unchecked_at_open_never_read_as_a_state(
    db_path: Path, rng: random.Random
) -> None:
    """Without the check at open, reading the damage still ends in a coded refusal."""
    filled(db_path)
    _damage_pages(db_path, rng)
    refused = 0
    with SqliteEventStore(db_path, integrity_check="off", cache_streams=0) as store:
        for stream in (f"{1000 + s}" for s in range(20)):
            try:
                loaded = [s.event for s in store.load(stream)]
            except StoreCorruptError:  # any other error fails the test
                refused += 1
            else:  # what is returned is exactly what was written
                assert loaded == [answer(n) for n in range(1, 31)]
        with pytest.raises(SqliteCorruptError):
            store.check_integrity()
    assert refused, "the damaged pages held no event: damage more pages"


def test_a_damaged_header_is_not_a_database(db_path: Path) -> None:
    filled(db_path, sessions=1)
    with db_path.open("r+b") as raw:
        raw.write(b"\x00" * 100)
    assert fault(lambda: SqliteEventStore(db_path)).code == "SQLITE_NOT_A_DATABASE"


# ----------------------------------------------------------------- permissions

PROBE = """
import os, pwd, sys
from pixcore.errors import PixcoreError
from pixcore_sqlite import SqliteEventStore
from sqlite_support import T0, answer
if sys.argv[2]:  # root: become that user for good, once everything is imported
    account = pwd.getpwnam(sys.argv[2])
    os.setgroups([])
    os.setgid(account.pw_gid)
    os.setuid(account.pw_uid)
try:
    with SqliteEventStore(sys.argv[1]) as store:
        store.append("s", [answer(1)], expected_version=len(store.load("s")), recorded_at=T0)
    print("ok")
except PixcoreError as error:
    print(error.code)
"""


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's own temp folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="pixcore-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700)
    shutil.rmtree(folder)


def _as_unprivileged(db: Path) -> str:
    """Open ``db`` and append, in a child process the file system may refuse.

    Run as root, the child imports everything first, then becomes ``nobody`` (real and
    effective ids): the checkout (interpreter, sources) may sit in a folder only root can reach,
    as in a fresh ``mktemp -d`` clone, while the database is checked as ``nobody``.
    """
    user = "nobody" if os.geteuid() == 0 else ""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db), user],
        env=child_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _made(folder: Path, name: str, *, file_mode: int | None, folder_mode: int) -> Path:
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    db = folder / name
    if file_mode is not None:
        filled(db, sessions=1, events=1)
        db.chmod(file_mode)
    folder.chmod(folder_mode)
    return db


@pytest.mark.parametrize(
    ("case", "file_mode", "folder_mode", "code"),
    [
        ("writable", 0o666, 0o777, "ok"),
        ("read-only file", 0o444, 0o777, "SQLITE_READ_ONLY"),
        ("read-only folder", 0o666, 0o555, "SQLITE_FOLDER_READ_ONLY"),
        ("new file, read-only folder", None, 0o555, "SQLITE_FOLDER_READ_ONLY"),
        ("unreadable file", 0o000, 0o777, "SQLITE_PERMISSION_DENIED"),
        ("unreachable folder", 0o666, 0o000, "SQLITE_PERMISSION_DENIED"),
    ],
)
def test_file_permissions(
    shared_dir: Path, case: str, file_mode: int | None, folder_mode: int, code: str
) -> None:
    db = _made(shared_dir / "db", "sessions.db", file_mode=file_mode, folder_mode=folder_mode)
    assert _as_unprivileged(db) == code, case


# ----------------------------------------------------------------- the mapping itself


@pytest.mark.parametrize(
    ("errorcode", "name", "code"),
    [
        (5, "SQLITE_BUSY", "SQLITE_BUSY"),
        (6, "SQLITE_LOCKED", "SQLITE_BUSY"),
        (13, "SQLITE_FULL", "SQLITE_DISK_FULL"),
        (8, "SQLITE_READONLY", "SQLITE_READ_ONLY"),
        (1544, "SQLITE_READONLY_DIRECTORY", "SQLITE_FOLDER_READ_ONLY"),
        (11, "SQLITE_CORRUPT", "SQLITE_CORRUPT"),
        (267, "SQLITE_CORRUPT_VTAB", "SQLITE_CORRUPT"),
        (26, "SQLITE_NOTADB", "SQLITE_NOT_A_DATABASE"),
        (10, "SQLITE_IOERR", "SQLITE_IO_ERROR"),
        (778, "SQLITE_IOERR_WRITE", "SQLITE_IO_ERROR"),
        (3, "SQLITE_PERM", "SQLITE_PERMISSION_DENIED"),
        (23, "SQLITE_AUTH", "SQLITE_PERMISSION_DENIED"),
        (7, "SQLITE_NOMEM", "SQLITE_STORE_ERROR"),
        (0, "", "SQLITE_STORE_ERROR"),
    ],
)
def test_every_result_code_has_its_coded_error(errorcode: int, name: str, code: str) -> None:
    exc = sqlite3.OperationalError("message from sqlite")
    exc.sqlite_errorcode, exc.sqlite_errorname = errorcode, name  # type: ignore[attr-defined]
    error = coded(exc, "/var/lib/pixcore/pixcore.db")
    assert error.code == code
    assert error.code in MESSAGES and error.retryable == (code == "SQLITE_BUSY")
    assert "message from sqlite" not in error.message
