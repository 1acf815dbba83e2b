"""Shared helpers: the session's throwaway cluster, fresh schemas, raw SQL for faults."""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any

import psycopg
from pixcore_postgres import migrate
from pixcore_postgres.testing import TemporaryCluster

__all__ = ["close_shared", "fresh_dsn", "fresh_schema", "raw", "relation_bytes", "shared"]

_lock = threading.Lock()
_cluster: TemporaryCluster | None = None
_counter = itertools.count(1)


def shared() -> TemporaryCluster:
    """The session's cluster, started on first use."""
    global _cluster
    with _lock:
        if _cluster is None:
            _cluster = TemporaryCluster().start()
        return _cluster


def close_shared() -> None:
    """Stop and remove the session's cluster, if one was started."""
    global _cluster
    with _lock:
        cluster, _cluster = _cluster, None
    if cluster is not None:
        cluster.close()


def fresh_schema() -> str:
    """A schema name no other test of this session uses (nor another test process)."""
    return f"t{os.getpid()}_{next(_counter)}"


def fresh_dsn(*, migrated: bool = True) -> str:
    """The DSN of a new schema on the shared cluster, migrated unless told otherwise."""
    dsn = f"{shared().dsn()}?schema={fresh_schema()}"
    if migrated:
        migrate(dsn)
    return dsn


_spare: list[str] = []


def take_schema() -> str:
    """A migrated, empty schema: a recycled one (:func:`give_back`) or a new one."""
    with _lock:
        schema = _spare.pop() if _spare else None
    if schema is None:
        return fresh_dsn().rpartition("schema=")[2]
    return schema


def give_back(schema: str) -> None:
    """Empty ``schema`` (as the superuser, trigger disabled) for :func:`take_schema`.

    ``personal_data`` is truncated (new, empty files), not deleted from: a deleted row's
    bytes stay in the pages, and the next test's scan of the files would find them.

    Migrating a new schema costs tens of milliseconds of DDL; the property tests and the
    session machine open a store per example.
    """
    raw(
        f'DELETE FROM "{schema}".events; DELETE FROM "{schema}".gar_requests;'
        f' DELETE FROM "{schema}".gar_replay; TRUNCATE "{schema}".personal_data',
        schema=schema,
    )
    with _lock:
        _spare.append(schema)


def raw(sql: str, *params: Any, schema: str | None = None) -> list[tuple[Any, ...]]:
    """Run ``sql`` as the superuser, the append-only trigger disabled when ``schema`` is given.

    The trigger is disabled only inside the transaction (as damage or tampering would).
    """
    with psycopg.connect(shared().dsn()) as conn:
        if schema is not None:
            conn.execute(f'ALTER TABLE "{schema}".events DISABLE TRIGGER events_append_only')
        cursor = conn.execute(sql, params or None)
        rows = cursor.fetchall() if cursor.description else []
        if schema is not None:
            conn.execute(f'ALTER TABLE "{schema}".events ENABLE ALWAYS TRIGGER events_append_only')
    return rows


def relation_bytes(schema: str) -> bytes:
    """Every byte of the current files of ``schema``'s relations, after a checkpoint.

    The relations are the tables, partitions, indexes and sequences of ``schema`` and
    their TOAST tables and indexes; their files are found with ``pg_relation_filepath``
    under the cluster's data directory (every segment, ``.1``..., and fork, ``_fsm``,
    ``_vm``). The ``CHECKPOINT`` first writes every changed page to those files: without
    it a page still only in shared buffers would escape the scan.
    """
    raw("CHECKPOINT")
    rows = raw(
        "WITH own AS (SELECT c.oid, c.reltoastrelid FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s),"
        " toast AS (SELECT reltoastrelid AS oid FROM own WHERE reltoastrelid <> 0),"
        " toast_index AS (SELECT i.indexrelid AS oid FROM pg_index i JOIN toast t"
        "  ON i.indrelid = t.oid)"
        " SELECT pg_relation_filepath(oid) FROM (SELECT oid FROM own UNION SELECT oid"
        "  FROM toast UNION SELECT oid FROM toast_index) AS r"
        " WHERE pg_relation_filepath(oid) IS NOT NULL",
        schema,
    )
    data = shared().data
    chunks: list[bytes] = []
    for (path,) in rows:
        base = data / path
        for file in sorted([base, *base.parent.glob(base.name + "[._]*")]):
            if file.is_file():
                chunks.append(file.read_bytes())
    return b"".join(chunks)
