"""Hooks, plugin wiring, stores and the public API (one ``test_hook_<name>`` per hook)."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import entry_points

import pixcore_gar
import pluggy
import pytest
from pixcore_gar import plugin
from pixcore_gar.hookspecs import GarSpecs
from pixcore_gar.host import GarHooks, create_gar_plugin_manager
from pixcore_gar.reconcile import Learner
from pixcore_gar.stores import InMemoryStore

from pixcore.errors import HookResultError, ServiceUnavailableError
from pixcore.host.hookspecs import PixcoreSpecs, hookimpl

HOOKS = sorted(name for name in vars(GarSpecs) if name.startswith("pixcore_gar_"))
LATER = datetime.now(UTC) + timedelta(minutes=10)


def test_every_hook_is_documented_typed_and_tested():
    tests = {name for name in globals() if name.startswith("test_hook_")}
    for name in HOOKS:
        function = getattr(GarSpecs, name)
        assert inspect.getdoc(function), name
        assert "return" in function.__annotations__, name
        assert f"test_hook_{name}" in tests, name


def test_entry_point_declared():
    (entry,) = [e for e in entry_points(group="pixcore.plugins") if e.name == "gar"]
    assert entry.value == "pixcore_gar.plugin"


def test_autoloaded_entry_point_does_not_break_the_core_manager():
    from pixcore.host.plugins import create_plugin_manager

    pm = create_plugin_manager(environ={})
    assert pm.has_plugin("gar")
    hooks = GarHooks(pm)
    assert hooks.find_account("ido") is None
    assert hooks.missing_stores() == [
        "pixcore_gar_store_request",
        "pixcore_gar_consume_request",
        "pixcore_gar_replay_check_and_store",
    ]


def test_sp_from_the_settings_hook(idp):
    from pixcore_gar.errors import GarConfigError
    from pixcore_gar.sp import GarServiceProvider

    config = idp.sp_config()

    class Deployment:
        @hookimpl
        def pixcore_gar_saml_settings(self, establishment):
            return config if establishment == "0561641E" else None

    pm = create_gar_plugin_manager(Deployment(), InMemoryStore())
    assert GarServiceProvider.from_hooks(pm, "0561641E").config is config
    with pytest.raises(GarConfigError):
        GarServiceProvider.from_hooks(pm, "0999999Z")


def test_pixcore_addhooks_adds_the_gar_specs():
    pm = pluggy.PluginManager("pixcore")
    pm.add_hookspecs(PixcoreSpecs)
    pm.hook.pixcore_addhooks.call_historic(kwargs={"pluginmanager": pm})
    pm.register(plugin)
    pm.check_pending()
    assert all(hasattr(pm.hook, name) for name in HOOKS)


def test_public_api_sorted_and_importable():
    assert pixcore_gar.__all__ == sorted(pixcore_gar.__all__)
    for name in pixcore_gar.__all__:
        assert getattr(pixcore_gar, name) is not None
    with pytest.raises(AttributeError):
        _ = pixcore_gar.nothing_here


@pytest.fixture
def store():
    return InMemoryStore()


@pytest.fixture
def hooks(store):
    return GarHooks(create_gar_plugin_manager(store))


def test_hook_pixcore_gar_store_request(hooks, store):
    hooks.store_request("R1", LATER)
    assert store._requests == {"R1": LATER}


def test_hook_pixcore_gar_consume_request(hooks):
    hooks.store_request("R1", LATER)
    assert hooks.consume_request("R1") == "fresh"
    assert hooks.consume_request("R1") == "used"
    assert hooks.consume_request("R2") == "unknown"
    hooks.store_request("R3", datetime.now(UTC) - timedelta(seconds=1))
    assert hooks.consume_request("R3") == "unknown"


def test_hook_pixcore_gar_replay_check_and_store(hooks):
    assert hooks.replay_check_and_store("k", LATER) is True
    assert hooks.replay_check_and_store("k", LATER) is False


def test_hook_pixcore_gar_allowed_uai(hooks):
    class Policy:
        @hookimpl
        def pixcore_gar_allowed_uai(self, uai):
            return None if uai == "abstain" else uai == "0561641E"

    hooks.pm.register(Policy())
    assert hooks.uai_verdicts("0561641E") == [True]
    assert hooks.uai_verdicts("0999999Z") == [False]
    assert hooks.uai_verdicts("abstain") == []


def test_hook_pixcore_gar_find_account(hooks):
    assert hooks.find_account("ido") is None

    class Accounts:
        @hookimpl
        def pixcore_gar_find_account(self, ido):
            return "acc-1"

    hooks.pm.register(Accounts())
    assert hooks.find_account("ido") == "acc-1"


def test_hook_pixcore_gar_link_account(hooks):
    calls = []

    class Links:
        @hookimpl
        def pixcore_gar_link_account(self, account_id, ido, first_name, last_name):
            calls.append((account_id, ido, first_name, last_name))

    hooks.pm.register(Links())
    hooks.link_account("acc", "ido", "Léa", None)
    assert calls == [("acc", "ido", "Léa", None)]


def test_hook_pixcore_gar_relink(hooks):
    calls = []

    class Links:
        @hookimpl
        def pixcore_gar_relink(self, account_id, old_ido, new_ido):
            calls.append((account_id, old_ido, new_ido))

    hooks.pm.register(Links())
    hooks.relink("acc", None, "new")
    assert calls == [("acc", None, "new")]


def test_hook_pixcore_gar_find_learners(hooks):
    learner = Learner(id="1", first_name="Léa", last_name="Martin", birthdate=date(2011, 3, 14))

    class School:
        @hookimpl
        def pixcore_gar_find_learners(self, uai, birthdate):
            return [learner]

    hooks.pm.register(School())
    hooks.pm.register(School())
    assert hooks.find_learners("0561641E", date(2011, 3, 14)) == [learner, learner]


def test_hook_pixcore_gar_on_identity(gar):
    seen = []

    class Audit:
        @hookimpl
        def pixcore_gar_on_identity(self, identity):
            seen.append(identity.subject)

    gar.pm.register(Audit())
    gar.post()
    assert seen == ["a3f5" * 32]


def test_hook_pixcore_gar_saml_settings(hooks, idp):
    assert hooks.saml_settings() is None
    config = idp.sp_config()

    class Deployment:
        @hookimpl
        def pixcore_gar_saml_settings(self, establishment):
            return config

    hooks.pm.register(Deployment())
    assert hooks.saml_settings("0561641E") is config


def test_wrong_hook_results_raise_hook_result_error(hooks):
    class Broken:
        @hookimpl(tryfirst=True)
        def pixcore_gar_replay_check_and_store(self, key, expires_at):
            return "yes"

        @hookimpl(tryfirst=True)
        def pixcore_gar_consume_request(self, request_id):
            return "maybe"

        @hookimpl(tryfirst=True)
        def pixcore_gar_find_learners(self, uai, birthdate):
            return ["not a learner"]

    hooks.pm.register(Broken())
    with pytest.raises(HookResultError):
        hooks.replay_check_and_store("k", LATER)
    with pytest.raises(HookResultError):
        hooks.consume_request("R")
    with pytest.raises(HookResultError):
        hooks.find_learners("u", date(2011, 1, 1))


def test_in_memory_store_full_of_live_keys_refuses_new_ones():
    store = InMemoryStore(max_entries=2)
    hooks = GarHooks(create_gar_plugin_manager(store))
    assert hooks.replay_check_and_store("a", LATER)
    assert hooks.replay_check_and_store("b", LATER)
    with pytest.raises(ServiceUnavailableError):
        hooks.replay_check_and_store("c", LATER)


def test_in_memory_store_purges_expired_keys_when_full():
    now = [datetime.now(UTC)]
    store = InMemoryStore(clock=lambda: now[0], max_entries=2)
    hooks = GarHooks(create_gar_plugin_manager(store))
    hooks.replay_check_and_store("a", now[0] + timedelta(seconds=5))
    hooks.replay_check_and_store("b", now[0] + timedelta(seconds=5))
    now[0] += timedelta(seconds=10)
    assert hooks.replay_check_and_store("c", LATER) is True
    assert hooks.replay_check_and_store("a", LATER) is True
