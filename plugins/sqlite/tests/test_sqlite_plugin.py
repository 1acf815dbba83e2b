"""The plugin object, the entry-point module and its environment variable."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pixcore_sqlite.plugin as entry_module
import pytest
from pixcore_sqlite import SqliteEventStore, SqlitePlugin, SqliteStoreError
from sqlite_support import PLUGIN_ROOT, T0, answer, child_env

import pixcore
from pixcore import create_plugin_manager


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(entry_module.PATH_ENV, raising=False)
    yield
    entry_module.close_stores()


def test_plugin_answers_pixcore_event_store(db_path: Path) -> None:
    with SqlitePlugin(db_path) as plugin:
        pm = create_plugin_manager(autoload=False, plugins=[plugin])
        store = pm.hook.pixcore_event_store()
        assert store is plugin.events
        assert store.append("s", [answer(1)], expected_version=0, recorded_at=T0) == 1


def test_plugin_without_pixcore_gar_passes_check_pending(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pixcore_gar", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "pixcore_gar.hookspecs", None)
    with SqlitePlugin(db_path) as plugin:
        pm = create_plugin_manager(autoload=False, plugins=[plugin])
        pm.check_pending()
        assert not pm.hook.pixcore_gar_store_request.has_spec()
        assert not hasattr(pm.hook, "pixcore_gar_saml_settings")
        assert pm.hook.pixcore_event_store() is plugin.events


def test_plugin_with_pixcore_gar_installed_adds_its_specs(db_path: Path) -> None:
    pytest.importorskip("pixcore_gar")
    with SqlitePlugin(db_path) as plugin:
        pm = create_plugin_manager(autoload=False, plugins=[plugin])
        spec = pm.hook.pixcore_gar_consume_request.spec
        assert spec is not None
        assert spec.opts["firstresult"]
        assert hasattr(pm.hook, "pixcore_gar_saml_settings")


def test_entry_point_is_declared() -> None:
    project = tomllib.loads((PLUGIN_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]["pixcore.plugins"]
    assert declared == {"sqlite": "pixcore_sqlite.plugin"}
    loaded = EntryPoint("sqlite", declared["sqlite"], "pixcore.plugins").load()
    assert loaded is entry_module


def test_module_without_env_answers_none(no_env: None) -> None:
    assert entry_module.pixcore_event_store() is None
    pm = create_plugin_manager(autoload=False, plugins=[entry_module])
    assert not isinstance(pm.hook.pixcore_event_store(), SqliteEventStore)


def test_module_with_env_answers_one_store(
    no_env: None, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setenv(entry_module.PATH_ENV, str(db_path))
    importlib.reload(entry_module)  # importing opens nothing
    assert not db_path.exists()
    pm = create_plugin_manager(autoload=False, plugins=[entry_module])
    store = pm.hook.pixcore_event_store()
    assert isinstance(store, SqliteEventStore)
    assert store.path == str(db_path)
    assert pm.hook.pixcore_event_store() is store
    assert db_path.exists()


def test_explicit_plugin_wins_over_the_env_store(
    no_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(entry_module.PATH_ENV, str(tmp_path / "env.db"))
    with SqlitePlugin(tmp_path / "explicit.db") as plugin:
        pm = create_plugin_manager(autoload=False, plugins=[entry_module, plugin])
        assert pm.hook.pixcore_event_store() is plugin.events


AUTOLOAD_SCRIPT = """
import pixcore
from pixcore_sqlite import SqliteEventStore
pm = pixcore.create_plugin_manager(strict=True)
store = pm.hook.pixcore_event_store()
assert isinstance(store, SqliteEventStore), store
assert pm.has_plugin("sqlite")
print(store.path)
"""


def test_autoload_through_the_entry_point(tmp_path: Path) -> None:
    """A fake installation (a dist-info with the declared entry point) is auto-loaded."""
    site = tmp_path / "site"
    info = site / "pixcore_sqlite-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pixcore-sqlite\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[pixcore.plugins]\nsqlite = pixcore_sqlite.plugin\n")
    env = child_env()
    env["PYTHONPATH"] = os.pathsep.join([str(site), env["PYTHONPATH"]])
    env.pop("PIXCORE_DISABLE_PLUGIN_AUTOLOAD", None)
    env[entry_module.PATH_ENV] = str(tmp_path / "auto.db")
    done = subprocess.run(
        [sys.executable, "-c", AUTOLOAD_SCRIPT], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "auto.db")


@pytest.mark.parametrize("prefix", ["", "sqlite:", "sqlite://"])
def test_open_store_opens_a_path_or_a_sqlite_location(tmp_path: Path, prefix: str) -> None:
    path = tmp_path / "sessions.db"
    host = pixcore.PluginHost(create_plugin_manager(autoload=False, plugins=[entry_module]))
    opened = host.open_store(f"{prefix}{path}?synchronous=NORMAL")
    assert isinstance(opened, SqlitePlugin)
    try:
        assert opened.events.append("s", [answer(1)], expected_version=0, recorded_at=T0) == 1
        assert opened.events.path == str(path)
    finally:
        opened.close()


def test_open_store_leaves_other_schemes_to_other_stores() -> None:
    assert entry_module.pixcore_open_store("postgresql://db.example/pixcore") is None


@pytest.mark.parametrize("location", ["sqlite:", "x.db?synchronous=OFF", "x.db?mode=ro"])
def test_open_store_refuses_a_malformed_location(location: str) -> None:
    with pytest.raises(SqliteStoreError) as refused:
        entry_module.pixcore_open_store(location)
    assert refused.value.code == "SQLITE_LOCATION_NOT_VALID"
