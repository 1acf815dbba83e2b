"""Every ``psycopg`` error becomes an accurate, coded pixcore error.

PostgreSQL says what went wrong in the SQLSTATE of its error (``exc.sqlstate``): the
first two characters name the class of fault, the rest refine it. :func:`coded` maps
each to a code of :mod:`pixcore_postgres.errors`. Errors without a SQLSTATE come from
the client side (libpq could not connect, the connection broke): "unreachable" when
opening the store, "unavailable" afterwards. :func:`is_connection_lost` tells the errors
after which the outcome of a statement is unknown. No message of ``psycopg`` is kept
(they may quote the DSN, a user name or a stored value): only the SQLSTATE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import psycopg_pool

from pixcore.errors import PixcoreError
from pixcore_postgres.errors import (
    PostgresCorruptError,
    PostgresStoreError,
    PostgresUnavailableError,
)

__all__ = ["APPEND_ONLY_SQLSTATE", "coded", "is_connection_lost", "translated"]

APPEND_ONLY_SQLSTATE = "PXA01"
"""The SQLSTATE the append-only trigger raises (a class no PostgreSQL error uses)."""

_EXACT: dict[str, str] = {
    "3D000": "POSTGRES_DATABASE_NOT_FOUND",
    "57P04": "POSTGRES_DATABASE_NOT_FOUND",  # database dropped
    "3F000": "POSTGRES_SCHEMA_NOT_MIGRATED",  # invalid schema name
    "42P01": "POSTGRES_SCHEMA_NOT_MIGRATED",  # undefined table
    "42883": "POSTGRES_SCHEMA_NOT_MIGRATED",  # undefined function
    "42501": "POSTGRES_PERMISSION_DENIED",
    "25006": "POSTGRES_READ_ONLY",
    "53100": "POSTGRES_DISK_FULL",
    "XX001": "POSTGRES_CORRUPT",
    "XX002": "POSTGRES_CORRUPT",
    APPEND_ONLY_SQLSTATE: "POSTGRES_APPEND_ONLY",
}
_RETRYABLE: dict[str, str] = {
    "53300": "POSTGRES_TOO_MANY_CONNECTIONS",
    "55P03": "POSTGRES_BUSY",  # lock not available
    "40001": "POSTGRES_BUSY",  # serialization failure
    "40P01": "POSTGRES_BUSY",  # deadlock detected
    "57014": "POSTGRES_TIMEOUT",  # statement timeout, cancelled
    "57P01": "POSTGRES_UNAVAILABLE",  # administrator shutdown
    "57P02": "POSTGRES_UNAVAILABLE",  # crash shutdown
    "57P03": "POSTGRES_UNAVAILABLE",  # cannot connect now (starting up)
    "57P05": "POSTGRES_UNAVAILABLE",  # idle session timeout
}
_CLASSES: dict[str, str] = {
    "28": "POSTGRES_AUTHENTICATION_FAILED",
    "58": "POSTGRES_IO_ERROR",
}
_LOST = frozenset(("57P01", "57P02", "57P03", "57P05"))


def is_connection_lost(exc: BaseException) -> bool:
    """True when ``exc`` leaves the outcome of the statement unknown (or never sent).

    The connection broke (no SQLSTATE, class ``08``), the server is shutting down or
    starting, or no pooled connection could be had in time.
    """
    if isinstance(exc, psycopg_pool.PoolClosed):
        return False
    if isinstance(exc, psycopg_pool.PoolTimeout | psycopg.InterfaceError):
        return True
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in _LOST


def coded(exc: BaseException, *, opening: bool = False, where: dict[str, str]) -> PixcoreError:
    """The coded error for ``exc``; ``opening`` when the store was being opened.

    ``where`` is the safe description of the server (host and port, never the user,
    the password nor the whole DSN).
    """
    if isinstance(exc, psycopg_pool.PoolClosed):
        return PostgresStoreError("POSTGRES_STORE_CLOSED")
    state = getattr(exc, "sqlstate", None) or ""
    if state in _RETRYABLE:
        return PostgresUnavailableError(_RETRYABLE[state], meta={"reason": state})
    code = _EXACT.get(state) or _CLASSES.get(state[:2])
    if code == "POSTGRES_CORRUPT":
        return PostgresCorruptError(meta={"reason": state})
    if code is not None:
        return PostgresStoreError(code, meta={"reason": state})
    if is_connection_lost(exc):
        if opening:
            return _refused(str(exc), where)
        return PostgresUnavailableError(meta={"reason": state or type(exc).__name__})
    return PostgresStoreError(meta={"reason": state or type(exc).__name__})


_REFUSALS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("database", "does not exist"), "POSTGRES_DATABASE_NOT_FOUND"),
    (("password authentication failed",), "POSTGRES_AUTHENTICATION_FAILED"),
    (("role", "does not exist"), "POSTGRES_AUTHENTICATION_FAILED"),
    (("no pg_hba.conf entry",), "POSTGRES_AUTHENTICATION_FAILED"),
    (("authentication failed",), "POSTGRES_AUTHENTICATION_FAILED"),
    (("too many",), "POSTGRES_TOO_MANY_CONNECTIONS"),
    (("remaining connection slots",), "POSTGRES_TOO_MANY_CONNECTIONS"),
    (("starting up",), "POSTGRES_UNAVAILABLE"),
    (("shutting down",), "POSTGRES_UNAVAILABLE"),
    (("in recovery",), "POSTGRES_UNAVAILABLE"),
)


def _refused(text: str, where: dict[str, str]) -> PixcoreError:
    """Why a new connection failed, from libpq's text (it carries no SQLSTATE then).

    A server that answered wrote ``FATAL:``: its (English) reason picks the code; in
    another language it is ``POSTGRES_CONNECTION_REFUSED``. No answer at all: the server
    is unreachable. The text itself is never kept (it names the user).
    """
    if "FATAL" not in text and "ERROR" not in text:
        return PostgresStoreError("POSTGRES_UNREACHABLE", meta=where)
    reason = text.rpartition("FATAL")[2].lower()
    for words, code in _REFUSALS:
        if all(word in reason for word in words):
            if code in ("POSTGRES_TOO_MANY_CONNECTIONS", "POSTGRES_UNAVAILABLE"):
                return PostgresUnavailableError(code, meta={"reason": "connect"})
            return PostgresStoreError(code, meta=where)
    return PostgresStoreError("POSTGRES_CONNECTION_REFUSED", meta=where)


@contextmanager
def translated(*, where: dict[str, str], opening: bool = False) -> Iterator[None]:
    """Turn any ``psycopg`` error raised inside into its coded pixcore error."""
    try:
        yield
    except psycopg.Error as exc:
        raise coded(exc, opening=opening, where=where) from None
