"""The versioned schema: migrations, applied by ``pixcore store migrate``, checked at start.

Each :class:`Migration` has a version (1, 2, ...), a name, the SQL it runs and
``compatible_from``: the oldest code schema version that still works once it is applied
(an added table keeps older servers working; a changed table does not). Applied
migrations are recorded in ``<schema>.schema_migrations``. :func:`migrate` applies the
missing ones **in one transaction** (PostgreSQL's DDL is transactional: all or nothing)
under an advisory lock, so that two servers migrating at once apply each migration once;
running it again does nothing. :func:`check_schema` is what a store runs when it opens:
it refuses a schema that is missing, behind, too new for this code, or another
application's.

Adding a table later is one more :class:`Migration` at the end of :data:`MIGRATIONS`,
with ``compatible_from`` saying whether servers still on the previous version may keep
running during a rolling upgrade. Version 2 (issue 17) adds ``personal_data`` and is not
compatible with servers of version 1 (they would write pupils' names into events): stop
them before migrating.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from pixcore.host.migrations import StoreMigration
from pixcore_postgres._faults import APPEND_ONLY_SQLSTATE
from pixcore_postgres.errors import PostgresStoreError

__all__ = [
    "MIGRATIONS",
    "PERSONAL_PARTITIONS",
    "SCHEMA_VERSION",
    "Migration",
    "check_schema",
    "migrate",
]


@dataclass(frozen=True)
class Migration:
    """One step of the schema; ``statements`` are templates with ``{schema}``."""

    version: int
    name: str
    compatible_from: int
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE {schema}.events (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        type text NOT NULL,
        data text NOT NULL,
        recorded_at timestamptz NOT NULL,
        command uuid NOT NULL,
        CONSTRAINT events_stream_version UNIQUE (stream, version)
    )""",
    f"""CREATE FUNCTION {{schema}}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'pixcore events are append-only' USING ERRCODE = '{APPEND_ONLY_SQLSTATE}';
    END $$""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
        ON {schema}.events FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_change()""",
    "ALTER TABLE {schema}.events ENABLE ALWAYS TRIGGER events_append_only",
    "REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.events FROM PUBLIC",
    # One statement per command: take the stream's lock, check the version, insert,
    # notify the listeners; committed as one transaction (autocommit). ``stored`` says
    # whether it wrote; ``reached`` is the stream's version (the conflict's, if not).
    """CREATE FUNCTION {schema}.append_events(
        p_stream text, p_expected integer, p_command uuid, p_types text[], p_data text[],
        p_recorded_at timestamptz, p_origin text, OUT stored boolean, OUT reached integer
    ) LANGUAGE plpgsql AS $$
    DECLARE
        n integer := coalesce(array_length(p_data, 1), 0);
    BEGIN
        stored := false;
        -- Already stale: say so without queueing for the lock (versions only grow).
        SELECT coalesce(max(version), 0) INTO reached
            FROM {schema}.events WHERE stream = p_stream;
        IF reached <> p_expected OR n = 0 THEN
            RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended({schema_text} || p_stream, 0));
        SELECT coalesce(max(version), 0) INTO reached
            FROM {schema}.events WHERE stream = p_stream;
        IF reached <> p_expected OR n = 0 THEN
            RETURN;
        END IF;
        INSERT INTO {schema}.events (stream, version, type, data, recorded_at, command)
            SELECT p_stream, p_expected + i, p_types[i], p_data[i], p_recorded_at, p_command
            FROM generate_subscripts(p_data, 1) AS i;
        IF p_origin IS NOT NULL THEN
            PERFORM pg_notify({channel},
                p_origin || ' ' || (p_expected + 1) || ' ' || (p_expected + n) || ' ' || p_stream);
        END IF;
        stored := true;
        reached := p_expected + n;
    END $$""",
    # After a lost connection: wait for any append of the stream still running, then
    # say which version the command reached (NULL: it was not stored).
    """CREATE FUNCTION {schema}.append_outcome(p_stream text, p_after integer, p_command uuid)
    RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
        reached integer;
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended({schema_text} || p_stream, 0));
        SELECT max(version) INTO reached FROM {schema}.events
            WHERE stream = p_stream AND version > p_after AND command = p_command;
        RETURN reached;
    END $$""",
    """CREATE TABLE {schema}.gar_requests (
        request_id text PRIMARY KEY,
        expires_at timestamptz NOT NULL,
        used boolean NOT NULL DEFAULT false
    )""",
    "CREATE INDEX gar_requests_expiry ON {schema}.gar_requests (expires_at)",
    """CREATE TABLE {schema}.gar_replay (
        key text PRIMARY KEY,
        expires_at timestamptz NOT NULL
    )""",
    "CREATE INDEX gar_replay_expiry ON {schema}.gar_replay (expires_at)",
)

PERSONAL_PARTITIONS = 16
"""How many hash partitions hold ``personal_data``: an erasure rewrites only those it touched."""

_V2 = (
    # Pupils' personal data out of the event log (issue 17): records by random reference,
    # written in the append's transaction, erasable. Hash-partitioned by reference so that
    # an erasure rewrites (VACUUM FULL) a sixteenth of the table per partition it touched.
    """CREATE TABLE {schema}.personal_data (
        ref text NOT NULL,
        kind text NOT NULL,
        data text NOT NULL,
        CONSTRAINT personal_data_ref PRIMARY KEY (ref)
    ) PARTITION BY HASH (ref)""",
    *(
        f"CREATE TABLE {{schema}}.personal_data_{i:02d} PARTITION OF {{schema}}.personal_data"
        f" FOR VALUES WITH (MODULUS {PERSONAL_PARTITIONS}, REMAINDER {i})"
        for i in range(PERSONAL_PARTITIONS)
    ),
    # Stored as written (no compression: what is erased is findable byte for byte, and a
    # scan of the files proves it); never sampled into pg_statistic (ANALYZE would copy
    # values into the catalogue, where no erasure reaches them).
    """ALTER TABLE {schema}.personal_data ALTER COLUMN data SET STORAGE EXTERNAL,
        ALTER COLUMN data SET STATISTICS 0, ALTER COLUMN kind SET STATISTICS 0""",
    "REVOKE UPDATE, TRUNCATE ON {schema}.personal_data FROM PUBLIC",
    "DROP FUNCTION {schema}.append_events(text, integer, uuid, text[], text[], timestamptz, text)",
    # As version 1, plus the personal records, inserted after the version check in the
    # same transaction: a stale append writes neither events nor records.
    """CREATE FUNCTION {schema}.append_events(
        p_stream text, p_expected integer, p_command uuid, p_types text[], p_data text[],
        p_recorded_at timestamptz, p_origin text, p_refs text[], p_kinds text[],
        p_records text[], OUT stored boolean, OUT reached integer
    ) LANGUAGE plpgsql AS $$
    DECLARE
        n integer := coalesce(array_length(p_data, 1), 0);
        k integer := coalesce(array_length(p_refs, 1), 0);
    BEGIN
        stored := false;
        -- Already stale: say so without queueing for the lock (versions only grow).
        SELECT coalesce(max(version), 0) INTO reached
            FROM {schema}.events WHERE stream = p_stream;
        IF reached <> p_expected OR n + k = 0 THEN
            RETURN;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended({schema_text} || p_stream, 0));
        SELECT coalesce(max(version), 0) INTO reached
            FROM {schema}.events WHERE stream = p_stream;
        IF reached <> p_expected THEN
            RETURN;
        END IF;
        IF k > 0 THEN
            INSERT INTO {schema}.personal_data (ref, kind, data)
                SELECT p_refs[i], p_kinds[i], p_records[i]
                FROM generate_subscripts(p_refs, 1) AS i;
        END IF;
        IF n > 0 THEN
            INSERT INTO {schema}.events (stream, version, type, data, recorded_at, command)
                SELECT p_stream, p_expected + i, p_types[i], p_data[i], p_recorded_at, p_command
                FROM generate_subscripts(p_data, 1) AS i;
            IF p_origin IS NOT NULL THEN
                PERFORM pg_notify({channel}, p_origin || ' ' || (p_expected + 1) || ' '
                    || (p_expected + n) || ' ' || p_stream);
            END IF;
        END IF;
        stored := true;
        reached := p_expected + n;
    END $$""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "events, append-only; GAR requests and replay keys", 1, _V1),
    # compatible_from 2: a server of schema 1 would write pupils' names into events
    Migration(2, "personal data outside the events, erasable (issue 17)", 2, _V2),
)
"""Every migration, in order; the last one's version is :data:`SCHEMA_VERSION`."""

SCHEMA_VERSION = MIGRATIONS[-1].version
"""The schema version this code writes and reads."""

_HISTORY = """CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    compatible_from integer NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""


def _render(template: str, schema: str, channel: str) -> sql.Composed:
    """A statement of a migration, with the schema's identifier and literals filled in."""
    return sql.SQL(template).format(  # type: ignore[arg-type,unused-ignore]  # our templates
        schema=sql.Identifier(schema),
        schema_text=sql.Literal(f"{schema}:"),
        channel=sql.Literal(channel),
    )


def _applied(conn: psycopg.Connection[tuple[object, ...]], schema: str) -> dict[int, int]:
    """Applied versions → their ``compatible_from``; empty when there is no history table."""
    table = conn.execute("SELECT to_regclass(%s)", [f"{schema}.schema_migrations"]).fetchone()
    if table is None or table[0] is None:
        return {}
    query = sql.SQL("SELECT version, compatible_from FROM {}.schema_migrations").format(
        sql.Identifier(schema)
    )
    return {int(str(v)): int(str(c)) for v, c in conn.execute(query).fetchall()}


def _foreign(conn: psycopg.Connection[tuple[object, ...]], schema: str) -> bool:
    """True when ``schema`` holds relations or functions but no migration history."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        "        WHERE n.nspname = %s)"
        " + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        "        WHERE n.nspname = %s)",
        [schema, schema],
    ).fetchone()
    return bool(row and row[0])


def check_schema(conn: psycopg.Connection[tuple[object, ...]], schema: str) -> int:
    """The schema version found, when this code can work with it.

    :raises PostgresStoreError: ``POSTGRES_SCHEMA_NOT_MIGRATED`` (missing or behind),
        ``POSTGRES_SCHEMA_TOO_NEW`` (a newer migration this code cannot work with),
        ``POSTGRES_NOT_A_PIXCORE_SCHEMA``.
    """
    applied = _applied(conn, schema)
    if not applied and _foreign(conn, schema):
        raise PostgresStoreError("POSTGRES_NOT_A_PIXCORE_SCHEMA", meta={"schema": schema})
    found = max(applied, default=0)
    if found < SCHEMA_VERSION or any(v not in applied for v in range(1, SCHEMA_VERSION + 1)):
        raise PostgresStoreError(
            "POSTGRES_SCHEMA_NOT_MIGRATED",
            meta={"schema": schema, "found": found, "required": SCHEMA_VERSION},
        )
    newer = [compatible for version, compatible in applied.items() if version > SCHEMA_VERSION]
    if any(compatible > SCHEMA_VERSION for compatible in newer):
        raise PostgresStoreError(
            "POSTGRES_SCHEMA_TOO_NEW",
            meta={"schema": schema, "found": found, "supported": SCHEMA_VERSION},
        )
    return found


def migrate(
    conn: psycopg.Connection[tuple[object, ...]],
    schema: str,
    *,
    channel: str,
    location: str,
    apply: bool = True,
) -> StoreMigration:
    """Apply the missing migrations to ``schema`` in one transaction; report what was done.

    With ``apply=False`` every missing migration is run and then rolled back: a check
    that they would apply, which changes nothing.

    :raises PostgresStoreError: ``POSTGRES_NOT_A_PIXCORE_SCHEMA``,
        ``POSTGRES_SCHEMA_TOO_NEW``, or the coded fault of the database.
    """
    done: list[str] = []
    with conn.transaction(force_rollback=not apply):
        lock = "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))"
        conn.execute(lock, [f"pixcore-migrate:{schema}"])
        applied = _applied(conn, schema)
        if not applied and _foreign(conn, schema):
            raise PostgresStoreError("POSTGRES_NOT_A_PIXCORE_SCHEMA", meta={"schema": schema})
        before = max(applied, default=0)
        if any(c > SCHEMA_VERSION for v, c in applied.items() if v > SCHEMA_VERSION):
            raise PostgresStoreError(
                "POSTGRES_SCHEMA_TOO_NEW",
                meta={"schema": schema, "found": before, "supported": SCHEMA_VERSION},
            )
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(_render(_HISTORY, schema, channel))
        record = sql.SQL(
            "INSERT INTO {}.schema_migrations (version, name, compatible_from) VALUES (%s, %s, %s)"
        ).format(sql.Identifier(schema))
        for migration in MIGRATIONS:
            if migration.version in applied:
                continue
            for statement in migration.statements:
                conn.execute(_render(statement, schema, channel))
            conn.execute(record, [migration.version, migration.name, migration.compatible_from])
            done.append(f"{migration.version}: {migration.name}")
    after = max([before, *(m.version for m in MIGRATIONS)]) if apply else before
    return StoreMigration(
        store="postgresql", location=location, before=before, after=after, applied=tuple(done)
    )
