"""Entry point, hook specs and the typed façade."""

from __future__ import annotations

from datetime import timedelta
from importlib.metadata import entry_points

import pluggy
import pytest
from pixcore_pixaccount import (
    Backend,
    PixAccountError,
    PixAccountHost,
    PixAccountSpecs,
    PixApiPasswordBackend,
    PixSession,
)
from pixcore_pixaccount import plugin as pixaccount_plugin
from pixcore_pixaccount.hookspecs import add_specs
from pixcore_pixaccount.testing import FakeClock

from pixcore.errors import HookResultError
from pixcore.host.hookspecs import hookimpl
from pixcore.host.plugins import create_plugin_manager
from pixcore.models.identity import VerifiedIdentity

from .conftest import EMAIL, PASSWORD, USER_ID

HOOKS = {
    "pixcore_pixaccount_backend",
    "pixcore_pixaccount_on_login",
    "pixcore_pixaccount_token_store",
    "pixcore_pixaccount_find_gar_link",
    "pixcore_pixaccount_link_gar",
}


class Recorder:
    def __init__(self, backend: Backend | None) -> None:
        self.backend = backend
        self.events: list[tuple[str, str]] = []

    @hookimpl
    def pixcore_pixaccount_backend(self) -> Backend | None:
        return self.backend

    @hookimpl
    def pixcore_pixaccount_token_store(
        self, identity: VerifiedIdentity, session: PixSession
    ) -> None:
        self.events.append(("store", session.user_id))

    @hookimpl
    def pixcore_pixaccount_on_login(self, identity: VerifiedIdentity) -> None:
        self.events.append(("login", identity.subject))


def test_entry_point_is_declared() -> None:
    [entry_point] = [ep for ep in entry_points(group="pixcore.plugins") if ep.name == "pixaccount"]
    assert entry_point.value == "pixcore_pixaccount.plugin"
    assert entry_point.load() is pixaccount_plugin


def test_historic_addhooks_adds_the_specs_once() -> None:
    pm = create_plugin_manager(autoload=False, plugins=[pixaccount_plugin])
    pm.hook.pixcore_addhooks.call_historic(kwargs={"pluginmanager": pm})
    add_specs(pm)
    assert all(getattr(pm.hook, name).has_spec() for name in HOOKS)
    pm.register(Recorder(None))
    pm.check_pending()


def test_autoload_finds_the_plugin() -> None:
    pm = create_plugin_manager(environ={})
    assert pm.has_plugin("pixaccount")


def test_specs_are_typed_and_documented() -> None:
    for name in HOOKS:
        method = getattr(PixAccountSpecs, name)
        assert method.__doc__ and method.__doc__.strip()
        assert "return" in method.__annotations__


def test_login_stores_tokens_and_notifies(backend: PixApiPasswordBackend) -> None:
    recorder = Recorder(backend)
    pm = create_plugin_manager(autoload=False)
    host = PixAccountHost(pm)
    pm.register(recorder)
    result = host.login_with_password(EMAIL, PASSWORD)
    assert result.identity.subject == str(USER_ID)
    assert recorder.events == [("store", str(USER_ID)), ("login", str(USER_ID))]


def test_fresh_session_refreshes_once_and_stores(
    backend: PixApiPasswordBackend, clock: FakeClock
) -> None:
    recorder = Recorder(backend)
    pm = create_plugin_manager(autoload=False)
    host = PixAccountHost(pm)
    pm.register(recorder)
    result = host.login_with_password(EMAIL, PASSWORD)
    assert host.fresh_session(result.identity, result.session, now=clock()) is result.session
    clock.advance(timedelta(minutes=30))
    fresh = host.fresh_session(result.identity, result.session, now=clock())
    assert fresh.expires_at > clock()
    assert recorder.events[-1] == ("store", str(USER_ID))
    assert len(recorder.events) == 3


def test_first_backend_wins(backend: PixApiPasswordBackend) -> None:
    pm = create_plugin_manager(autoload=False)
    host = PixAccountHost(pm)
    pm.register(Recorder(None))
    pm.register(Recorder(backend))
    assert host.backend() is backend


def test_no_backend_means_login_is_off() -> None:
    host = PixAccountHost(create_plugin_manager(autoload=False))
    with pytest.raises(PixAccountError) as info:
        host.login_with_password(EMAIL, PASSWORD)
    assert info.value.code == "PIX_BACKEND_NOT_CONFIGURED"


def test_a_backend_of_the_wrong_type_is_refused() -> None:
    pm = create_plugin_manager(autoload=False)
    host = PixAccountHost(pm)
    pm.register(Recorder("not a backend"))  # type: ignore[arg-type]
    with pytest.raises(HookResultError):
        host.backend()


def test_gar_link_lookup_fails_closed_without_a_plugin() -> None:
    host = PixAccountHost(create_plugin_manager(autoload=False))
    with pytest.raises(PixAccountError, match="pas configurée"):
        host.find_gar_link("ido")


def test_gar_link_lookup_checks_the_result_type() -> None:
    class Wrong:
        @hookimpl
        def pixcore_pixaccount_find_gar_link(self, ido: str) -> object:
            return 42

    pm = create_plugin_manager(autoload=False)
    host = PixAccountHost(pm)
    pm.register(Wrong())
    with pytest.raises(HookResultError):
        host.find_gar_link("ido")


def test_unknown_hook_in_a_host_plugin_is_caught() -> None:
    class Typo:
        @hookimpl
        def pixcore_pixaccount_on_logni(self, identity: VerifiedIdentity) -> None:
            pass

    pm = create_plugin_manager(autoload=False)
    PixAccountHost(pm)
    pm.register(Typo())
    with pytest.raises(pluggy.PluginValidationError):
        pm.check_pending()
