"""Request and replay stores for ``pixcore-gar``, shared by every server using the database.

:class:`PostgresGarStore` implements the three storage hooks of ``pixcore_gar``
(``pixcore_gar_store_request``, ``pixcore_gar_consume_request``,
``pixcore_gar_replay_check_and_store``) on two tables of the events' schema, so that a
replayed assertion or a reused request id is refused **whichever server receives it**.
Atomicity comes from primary keys and single statements: a replay key is stored by one
``INSERT … ON CONFLICT … DO UPDATE … WHERE expired … RETURNING`` (a row back: it was
new or expired); a request is consumed by one conditional ``UPDATE … RETURNING``. Two
servers racing on one key are serialised by the row lock: exactly one gets "new".
Expired rows are purged on every write, "now" coming from an injectable clock.

None of these writes is retried after a lost connection (a retried replay check would
refuse the legitimate first use): the caller gets the coded error and the login fails
closed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal, cast

from pixcore_postgres._db import Connection, Database

__all__ = ["Clock", "PostgresGarStore", "RequestState"]

Clock = Callable[[], datetime]
"""A function returning the current aware datetime."""

RequestState = Literal["fresh", "used", "unknown"]
"""What :meth:`PostgresGarStore.consume_request` found (same values as ``pixcore_gar``)."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _text(value: str) -> str:
    """``value`` as PostgreSQL text can hold it (no NUL), one-to-one (no two ids collide).

    Request ids and replay keys come from SAML messages a stranger sends: a NUL byte must
    not turn a lookup into a database error.
    """
    if "\x00" not in value and "\\" not in value:
        return value
    return value.replace("\\", "\\\\").replace("\x00", "\\0")


def _aware(moment: datetime) -> datetime:
    if moment.utcoffset() is None:
        raise ValueError("an aware datetime is required (naive datetimes name no instant)")
    return moment


class PostgresGarStore:
    """GAR AuthnRequest ids and assertion replay keys in PostgreSQL.

    :param db: the open :class:`~pixcore_postgres._db.Database` (shared with the event
        store; not closed by this object).
    :param clock: returns "now" (aware); expired rows are purged relative to it.
    """

    def __init__(self, db: Database, *, clock: Clock = _utcnow) -> None:
        self.db = db
        self._clock = clock
        s = f'"{db.schema}"'
        self._purge_requests = f"DELETE FROM {s}.gar_requests WHERE expires_at <= %s"
        self._store_request = (
            f"INSERT INTO {s}.gar_requests (request_id, expires_at) VALUES (%s, %s)"
            " ON CONFLICT (request_id) DO UPDATE SET expires_at = excluded.expires_at"
        )
        self._consume = (
            f"UPDATE {s}.gar_requests SET used = true"
            " WHERE request_id = %s AND NOT used AND expires_at > %s RETURNING 1"
        )
        self._used = f"SELECT used FROM {s}.gar_requests WHERE request_id = %s"
        self._replay = (
            f"INSERT INTO {s}.gar_replay AS r (key, expires_at) VALUES (%s, %s)"
            " ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at"
            " WHERE r.expires_at <= %s RETURNING 1"
        )
        self._purge_replay = f"DELETE FROM {s}.gar_replay WHERE expires_at <= %s AND key <> %s"
        self._expiry = f"SELECT expires_at FROM {s}.gar_replay WHERE key = %s"

    def store_request(self, request_id: str, expires_at: datetime) -> None:
        """Remember ``request_id`` until ``expires_at`` (a used id stays used)."""
        expires, now = _aware(expires_at), _aware(self._clock())

        def write(conn: Connection) -> None:
            with conn.transaction():
                conn.execute(self._purge_requests, [now])
                conn.execute(self._store_request, [_text(request_id), expires])

        self.db.run(write, retry=False)

    def consume_request(self, request_id: str) -> RequestState:
        """Mark ``request_id`` used: ``"fresh"`` once, then ``"used"``; else ``"unknown"``.

        An id never stored, or expired, is ``"unknown"``; once purged, a used and expired
        id is ``"unknown"`` too (both are refusals).
        """
        now = _aware(self._clock())

        def consume(conn: Connection) -> RequestState:
            if conn.execute(self._consume, [_text(request_id), now]).fetchone() is not None:
                return "fresh"
            row = conn.execute(self._used, [_text(request_id)]).fetchone()
            return "used" if row is not None and row[0] else "unknown"

        return self.db.run(consume, retry=False)

    def replay_check_and_store(self, key: str, expires_at: datetime) -> bool:
        """Store ``key`` until ``expires_at``: ``True`` if new (or expired), ``False`` if seen."""
        expires, now = _aware(expires_at), _aware(self._clock())

        def check(conn: Connection) -> bool:
            with conn.transaction():
                stored = (
                    conn.execute(self._replay, [_text(key), expires, now]).fetchone() is not None
                )
                conn.execute(self._purge_replay, [now, _text(key)])
            return stored

        return self.db.run(check, retry=False)

    def replay_expiry(self, key: str) -> datetime | None:
        """When ``key`` leaves the replay table (for tests and diagnostics)."""

        def read(conn: Connection) -> datetime | None:
            row = conn.execute(self._expiry, [_text(key)]).fetchone()
            return None if row is None else cast(datetime, row[0])

        return self.db.run(read)
