"""The plugin in a host: entry point, locations, the DSN variable, migrations, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from importlib.metadata import entry_points

import pg_support
import pytest
from pixcore_postgres import (
    SCHEMA_VERSION,
    PostgresEventStore,
    PostgresPlugin,
    PostgresStoreError,
    migrate,
)
from pixcore_postgres import plugin as entry

import pixcore
from pixcore.host.memory import MemoryAttachments
from pixcore.host.migrations import StoreMigration
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.host.store import ConcurrencyError
from pixcore.lifecycle import commands as c
from pixcore.testing.machine import FakeClock
from pixcore.testing.store_model import T0, answer


def test_the_entry_point_names_the_plugin_module() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="pixcore.plugins")}
    assert found.get("postgres") == "pixcore_postgres.plugin"


def test_open_store_answers_only_postgresql_locations(dsn: str) -> None:
    assert entry.pixcore_open_store("sessions.db") is None
    assert entry.pixcore_open_store("sqlite:/tmp/x.db") is None
    with entry.pixcore_open_store(dsn) as plugin:
        assert isinstance(plugin, PostgresPlugin)
        plugin.events.append("s", [answer(1)], expected_version=0, recorded_at=T0)
        assert len(plugin.events.load("s")) == 1


def test_the_dsn_variable_chooses_the_store_without_fallback(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(entry.DSN_ENV, raising=False)
    assert entry.pixcore_event_store() is None
    monkeypatch.setenv(entry.DSN_ENV, dsn)
    try:
        pm = create_plugin_manager(autoload=False, plugins=[entry])
        store = PluginHost(pm).event_store()
        assert isinstance(store, PostgresEventStore) and store is entry.pixcore_event_store()
        assert store.db.schema == dsn.rpartition("schema=")[2]
    finally:
        entry.close_stores()
    monkeypatch.setenv(entry.DSN_ENV, "postgresql://pixcore@127.0.0.1:1/none")
    with pytest.raises(PostgresStoreError) as excinfo:
        entry.pixcore_event_store()
    assert excinfo.value.code == "POSTGRES_UNREACHABLE"


def test_two_servers_share_one_session_through_their_services(dsn: str) -> None:
    """Two SessionServices on one database: commands on both, conflicts retried, none lost."""
    t0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
    servers = [PostgresPlugin(dsn, live=False) for _ in range(2)]
    try:
        services = [
            SessionService(PluginHost(create_plugin_manager(
                autoload=False, plugins=[server, MemoryAttachments(), FakeClock(t0)])))
            for server in servers
        ]  # fmt: skip
        session = pixcore.Session(number=5, site="S", room="R", date=t0.date(), time=t0.time(),
                                  invigilator="I", access_code="BCDF23")  # fmt: skip
        services[0].execute(5, c.CreateSession(session=session))
        start = threading.Barrier(2)

        def note(service: SessionService, offset: int) -> None:
            start.wait(30)
            for minutes in range(offset, 20, 2):
                command = c.NoteStartTime(noted_start=t0 + dt.timedelta(minutes=minutes))
                for _ in range(20):  # the service gives up after 5 conflicts in a row:
                    try:  # a host retries (CONCURRENT_MODIFICATION is retryable)
                        service.execute(5, command)
                        break
                    except ConcurrencyError:
                        continue

        threads = [threading.Thread(target=note, args=(svc, i)) for i, svc in enumerate(services)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        stored = servers[1].events.load("5")
        assert [s.version for s in stored] == list(range(1, 22))  # create + 20 notes
        assert services[0].load(5) == services[1].load(5)
    finally:
        for server in servers:
            server.close()


def test_migrating_is_versioned_idempotent_and_dry_runs_change_nothing() -> None:
    dsn = pg_support.fresh_dsn(migrated=False)
    schema = dsn.rpartition("schema=")[2]
    dry = migrate(dsn, apply=False)
    assert (dry.before, dry.after, len(dry.applied)) == (0, 0, SCHEMA_VERSION)
    assert pg_support.raw("SELECT 1 FROM pg_namespace WHERE nspname = %s", schema) == []
    first = migrate(dsn)
    assert (first.before, first.after, len(first.applied)) == (0, SCHEMA_VERSION, SCHEMA_VERSION)
    assert "@" not in first.location and first.store == "postgresql"
    again = migrate(dsn)
    assert (again.before, again.after, again.applied) == (SCHEMA_VERSION, SCHEMA_VERSION, ())


def test_servers_migrating_at_once_apply_each_migration_once() -> None:
    dsn = pg_support.fresh_dsn(migrated=False)
    results: list[StoreMigration] = []
    start = threading.Barrier(4)

    def run() -> None:
        start.wait(30)
        results.append(migrate(dsn))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(len(r.applied) for r in results) == [0, 0, 0, SCHEMA_VERSION]
    schema = dsn.rpartition("schema=")[2]
    rows = pg_support.raw(f'SELECT version FROM "{schema}".schema_migrations')
    assert rows == [(v,) for v in range(1, SCHEMA_VERSION + 1)]


def test_the_host_and_the_cli_migrate_a_location() -> None:
    dsn = pg_support.fresh_dsn(migrated=False)
    host = PluginHost(create_plugin_manager(autoload=False, plugins=[entry]))
    assert host.migrate_store("sessions.db") is None
    command = [sys.executable, "-m", "pixcore.cli", "store", "migrate", "--store", dsn, "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["before"] == 0 and report["after"] == SCHEMA_VERSION
    again = subprocess.run(command[:-1], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "déjà à jour" in again.stdout
    other = subprocess.run([*command[:-2], "sessions.db"], capture_output=True, text=True,
                           timeout=120)  # fmt: skip
    assert other.returncode == 2 and "STORE_MIGRATION_UNSUPPORTED" in other.stderr
    port = pg_support.shared().port
    refused = [*command[:-2], f"postgresql://pixcore:hunter2@127.0.0.1:{port}/no_db"]
    failed = subprocess.run(refused, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 3 and "POSTGRES_DATABASE_NOT_FOUND" in failed.stderr
    assert "hunter2" not in failed.stderr + failed.stdout
