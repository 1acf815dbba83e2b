"""Every ``sqlite3`` error becomes an accurate, coded pixcore error.

SQLite says what went wrong in its result code (``sqlite_errorcode``, Python 3.11+):
the primary code (the low byte) names the class of fault, the extended code refines it.
:func:`coded` maps each class to a code of :mod:`pixcore_sqlite.errors`; "unable to open"
is refined by looking at the path (missing folder, permissions, a folder not a file).
:func:`translated` wraps every use of a connection.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from pixcore.errors import PixcoreError
from pixcore_sqlite.errors import SqliteBusyError, SqliteCorruptError, SqliteStoreError

__all__ = ["coded", "translated"]

_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT = 3, 5, 6, 8, 10, 11
_FULL, _CANTOPEN, _AUTH, _NOTADB = 13, 14, 23, 26
_READONLY_DIRECTORY = _READONLY | (6 << 8)

_SIMPLE: dict[int, str] = {
    _FULL: "SQLITE_DISK_FULL",
    _IOERR: "SQLITE_IO_ERROR",
    _PERM: "SQLITE_PERMISSION_DENIED",
    _AUTH: "SQLITE_PERMISSION_DENIED",
}


def coded(exc: sqlite3.Error, path: str) -> PixcoreError:
    """The coded error for ``exc``, raised while using the database at ``path``."""
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in str(exc):
        return SqliteStoreError("SQLITE_STORE_CLOSED", meta={"path": path})
    extended = getattr(exc, "sqlite_errorcode", None) or 0
    reason = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    meta = {"path": path, "reason": reason}
    primary = extended & 0xFF
    if primary in (_BUSY, _LOCKED):
        return SqliteBusyError(meta=meta)
    if primary == _CORRUPT:
        return SqliteCorruptError("SQLITE_CORRUPT", meta=meta)
    if primary == _NOTADB:
        return SqliteCorruptError("SQLITE_NOT_A_DATABASE", meta=meta)
    if primary == _READONLY:
        folder = extended == _READONLY_DIRECTORY
        return SqliteStoreError(
            "SQLITE_FOLDER_READ_ONLY" if folder else "SQLITE_READ_ONLY", meta=meta
        )
    if primary == _CANTOPEN:
        return SqliteStoreError(_cannot_open(path), meta=meta)
    return SqliteStoreError(_SIMPLE.get(primary, "SQLITE_STORE_ERROR"), meta=meta)


def _cannot_open(path: str) -> str:
    """Why SQLite could not open ``path``, from what the file system says."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return "SQLITE_FOLDER_NOT_FOUND"
    if os.path.isdir(path):
        return "SQLITE_CANNOT_OPEN"
    if os.path.exists(path) and not os.access(path, os.R_OK | os.W_OK):
        return "SQLITE_PERMISSION_DENIED"
    if not os.access(folder, os.X_OK):
        return "SQLITE_PERMISSION_DENIED"
    if not os.access(folder, os.W_OK):
        return "SQLITE_FOLDER_READ_ONLY"
    return "SQLITE_CANNOT_OPEN"


@contextmanager
def translated(path: str) -> Iterator[None]:
    """Turn any ``sqlite3`` error raised inside into its coded pixcore error."""
    try:
        yield
    except sqlite3.Error as exc:
        raise coded(exc, path) from exc
