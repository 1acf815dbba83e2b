"""Every failure is a coded error with French and English messages, never a raw one.

Start-up refusals (unreachable, credentials, database, schema missing, behind, too new or
another application's), timeouts and lock waits, append-only refusals, a closed store,
and no secret (password, user, DSN) in any message or repr.
"""

from __future__ import annotations

import socket
import string
import threading
from collections.abc import Callable

import pg_support
import psycopg
import pytest
from pixcore_postgres import (
    MESSAGES,
    SCHEMA_VERSION,
    PostgresEventStore,
    PostgresPlugin,
    PostgresStoreError,
    PostgresUnavailableError,
    migrate,
)
from pixcore_postgres._config import parse_location
from pixcore_postgres._faults import _CLASSES, _EXACT, _RETRYABLE

from pixcore.errors import PixcoreError
from pixcore.testing.store_model import T0, answer

SECRET = "s3cret-Pa55"


def fault(action: Callable[[], object]) -> PixcoreError:
    """Run ``action``: it must raise a coded pixcore error with both messages, no secret."""
    with pytest.raises(PixcoreError) as excinfo:
        action()
    error = excinfo.value
    assert not isinstance(error, psycopg.Error)
    assert error.code in MESSAGES or error.code in ("CONCURRENT_MODIFICATION",), error.code
    for text in (error.message, error.message_en, repr(error), str(error.as_dict())):
        assert SECRET not in text and "Traceback" not in text
        assert "{" not in error.message and "{" not in error.message_en
    return error


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again on exit: nobody listens


def test_every_code_has_french_and_english_messages() -> None:
    codes = {*_EXACT.values(), *_RETRYABLE.values(), *_CLASSES.values()}
    assert codes <= set(MESSAGES)
    for code, (french, english) in MESSAGES.items():
        assert french.strip() and english.strip() and french != english, code
        fields = {name for _, name, _, _ in string.Formatter().parse(french) if name}
        assert fields == {n for _, n, _, _ in string.Formatter().parse(english) if n}, code


def test_an_unreachable_server_is_a_coded_startup_error() -> None:
    port = closed_port()
    error = fault(lambda: PostgresPlugin(f"postgresql://pixcore:{SECRET}@127.0.0.1:{port}/x"))
    assert error.code == "POSTGRES_UNREACHABLE"
    assert error.meta == {"host": "127.0.0.1", "port": str(port)}


def test_a_wrong_password_is_refused_without_echoing_it() -> None:
    cluster = pg_support.shared()
    pg_support.raw(f"CREATE ROLE pw_user LOGIN PASSWORD 'right-{SECRET}'")
    cluster.require_password("pw_user")
    dsn = f"postgresql://pw_user:{SECRET}@127.0.0.1:{cluster.port}/postgres"
    error = fault(lambda: PostgresEventStore(dsn))
    assert error.code == "POSTGRES_AUTHENTICATION_FAILED"
    assert "pw_user" not in error.message and "pw_user" not in repr(error.meta)
    assert fault(lambda: migrate(dsn)).code == "POSTGRES_AUTHENTICATION_FAILED"


def test_an_unknown_role_and_an_unknown_database_are_told_apart() -> None:
    port = pg_support.shared().port
    unknown_role = f"postgresql://nobody_here@127.0.0.1:{port}/postgres"
    assert fault(lambda: PostgresEventStore(unknown_role)).code == (
        "POSTGRES_AUTHENTICATION_FAILED"
    )
    missing_db = f"postgresql://pixcore@127.0.0.1:{port}/no_such_db"
    assert fault(lambda: PostgresEventStore(missing_db)).code == "POSTGRES_DATABASE_NOT_FOUND"


def test_a_schema_never_migrated_is_refused_with_the_command_to_run() -> None:
    dsn = pg_support.fresh_dsn(migrated=False)
    error = fault(lambda: PostgresEventStore(dsn))
    assert error.code == "POSTGRES_SCHEMA_NOT_MIGRATED"
    assert error.meta["found"] == 0 and "pixcore store migrate" in error.message


def test_a_schema_migrated_by_newer_code_is_refused_when_incompatible(dsn: str) -> None:
    schema = dsn.rpartition("schema=")[2]
    insert = f'INSERT INTO "{schema}".schema_migrations VALUES (%s, %s, %s)'
    added, changed = SCHEMA_VERSION + 1, SCHEMA_VERSION + 2
    pg_support.raw(insert, added, "an added table", SCHEMA_VERSION)  # older servers keep working
    with PostgresEventStore(dsn) as store:
        assert store.db.schema_version == added
    pg_support.raw(insert, changed, "a changed table", changed)  # older servers must stop
    error = fault(lambda: PostgresEventStore(dsn))
    assert error.code == "POSTGRES_SCHEMA_TOO_NEW" and error.meta["found"] == changed
    assert fault(lambda: migrate(dsn)).code == "POSTGRES_SCHEMA_TOO_NEW"


def test_another_applications_schema_is_left_untouched() -> None:
    dsn = pg_support.fresh_dsn(migrated=False)
    schema = dsn.rpartition("schema=")[2]
    pg_support.raw(f'CREATE SCHEMA "{schema}"')
    pg_support.raw(f'CREATE TABLE "{schema}".events (id int)')
    assert fault(lambda: migrate(dsn)).code == "POSTGRES_NOT_A_PIXCORE_SCHEMA"
    assert fault(lambda: PostgresEventStore(dsn)).code == "POSTGRES_NOT_A_PIXCORE_SCHEMA"
    columns = pg_support.raw(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = %s", schema
    )
    assert columns == [("id",)]


@pytest.mark.parametrize(
    "dsn",
    [
        "mysql://host/db",
        "postgresql://host/db?schema=Bad-Name",
        "postgresql://host/db?schema=a&schema=b",
        "host='unterminated",
        "not a dsn = = =",
    ],
)
def test_a_malformed_location_is_refused(dsn: str) -> None:
    assert fault(lambda: parse_location(dsn)).code == "POSTGRES_LOCATION_NOT_VALID"


def test_the_location_never_shows_the_password() -> None:
    location = parse_location(f"postgresql://app:{SECRET}@db.example:6543/pix?schema=ac_lyon")
    assert SECRET not in repr(location) and SECRET not in location.safe
    assert "app" not in location.safe.replace("?schema=ac_lyon", "")
    assert location.safe == "postgresql://db.example:6543/pix?schema=ac_lyon"
    assert SECRET in location.conninfo  # still given to libpq


def test_a_stream_locked_too_long_is_busy_and_writes_nothing(dsn: str) -> None:
    schema = dsn.rpartition("schema=")[2]
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with psycopg.connect(pg_support.shared().dsn()) as conn:
            key = f"{schema}:s"
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
            locked.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(30)
        with PostgresEventStore(dsn, statement_timeout=0.3) as store:
            error = fault(
                lambda: store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
            )
            assert isinstance(error, PostgresUnavailableError) and error.retryable
            assert error.code == "POSTGRES_BUSY"
            release.set()
            holder.join()
            assert store.load("s") == ()
    finally:
        release.set()
        holder.join()


def test_a_statement_past_its_timeout_is_a_coded_timeout(dsn: str) -> None:
    with PostgresEventStore(dsn, statement_timeout=0.2) as store:
        error = fault(lambda: store.db.run(lambda conn: conn.execute("SELECT pg_sleep(5)")))
        assert error.code == "POSTGRES_TIMEOUT" and error.retryable


@pytest.mark.parametrize("statement", ["UPDATE {}.events SET data = ''", "DELETE FROM {}.events",
                                       "TRUNCATE {}.events"])  # fmt: skip
def test_stored_events_cannot_be_changed_even_by_the_owner(dsn: str, statement: str) -> None:
    with PostgresEventStore(dsn) as store:
        store.append("s", [answer(1)], expected_version=0, recorded_at=T0)
        sql = statement.format(f'"{store.db.schema}"')
        error = fault(lambda: store.db.run(lambda conn: conn.execute(sql)))
        assert error.code == "POSTGRES_APPEND_ONLY"
        assert [s.event for s in store.load("s")] == [answer(1)]


def test_a_closed_store_says_so(dsn: str) -> None:
    store = PostgresEventStore(dsn)
    store.close()
    store.close()
    assert fault(lambda: store.load("s")).code == "POSTGRES_STORE_CLOSED"
    error = fault(lambda: store.append("s", [answer(1)], expected_version=0, recorded_at=T0))
    assert error.code == "POSTGRES_STORE_CLOSED"


def test_errors_are_store_errors_of_the_pixcore_tree() -> None:
    assert issubclass(PostgresStoreError, PixcoreError)
    assert issubclass(PostgresUnavailableError, PixcoreError)
