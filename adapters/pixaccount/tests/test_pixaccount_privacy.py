"""No password, token, login, user id, IDO or name in any error, repr or log line.

Every flow of the adapter runs at DEBUG logging with sentinel values; every exception
text (with its whole chain, as a traceback would print it), every ``repr`` and every
log line is searched for them. Every public class has its ``repr`` checked.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pixcore_pixaccount
import pixcore_pixaccount.testing
import pytest
from pixcore_pixaccount import (
    AttemptLimiter,
    GarAccountLinker,
    GarLinkRequest,
    IdTokenPolicy,
    LinkStateCodec,
    LoginResult,
    OidcBackend,
    OidcConfig,
    OidcPending,
    PixAccountError,
    PixAccountHost,
    PixAccountSpecs,
    PixApiConfig,
    PixApiPasswordBackend,
    PixSession,
    PixUnavailableError,
)
from pixcore_pixaccount import plugin as pixaccount_plugin
from pixcore_pixaccount.idtoken import JwksCache
from pixcore_pixaccount.testing import (
    CannedReply,
    FakeClock,
    FakeOidcProvider,
    FakePixApi,
    FakePixUser,
    LoopbackServer,
    RecordedRequest,
)
from pixcore_pixaccount.testing.fake_oidc_models import OidcClient, OidcCode, OidcUser
from pixcore_pixaccount.testing.fake_pix_state import Outcome
from pixcore_pixaccount.testing.forms import FormError

from pixcore.host.plugins import create_plugin_manager
from pixcore.models.identity import VerifiedIdentity

from .test_pixaccount_gar_link import SECRET, HostStore

EMAIL = "zoe.sentinelmail@example.net"
USERNAME = "zoesentinel0101"
PASSWORD = "Sentinel-Pass-8472!"
USER_ID = 918273645
IDO = "IDO-SENTINEL-5521"
FIRST = "Prénomsentinel"
LAST = "Nomsentinel"
OIDC_SUB = "sub-sentinel-77"
ACCESS = "access-sentinel-token"
REFRESH = "refresh-sentinel-token"
PERSONAL = [EMAIL, USERNAME, PASSWORD, str(USER_ID), IDO, FIRST, LAST, OIDC_SUB, ACCESS, REFRESH]


class Collected:
    """Texts that may end up in front of a user or in a log: errors, reprs."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.tokens: list[str] = []

    def error(self, call: Callable[[], object]) -> None:
        with pytest.raises((PixAccountError, PixUnavailableError)) as info:
            call()
        self.exception(info.value)

    def exception(self, error: BaseException) -> None:
        self.texts += [str(error), repr(error), "".join(traceback.format_exception(error))]
        if isinstance(error, PixAccountError | PixUnavailableError):
            self.texts += [error.message, error.message_en, str(error.as_dict())]

    def value(self, value: object) -> None:
        self.texts += [repr(value), str(value)]

    def result(self, result: LoginResult) -> LoginResult:
        self.value(result)
        self.value(result.session)
        self.tokens.append(result.session.access_token)
        if result.session.refresh_token is not None:
            self.tokens.append(result.session.refresh_token)
        return result


SERVER_LOGGERS = ("authlib.oauth2.rfc6749.grants", "authlib.oidc.core.grants", "werkzeug")
"""Loggers of the fake OIDC provider's authorization server, never used by the adapter:
authlib's ``AuthorizationServer`` logs the tokens it issues at DEBUG."""


def log_lines(caplog: pytest.LogCaptureFixture) -> str:
    """Every log line of the adapter and of the client libraries it drives."""
    kept = [r for r in caplog.records if not r.name.startswith(SERVER_LOGGERS)]
    assert kept, "nothing was logged: the test would prove nothing"
    return "\n".join(f"{record.name} {record.getMessage()}" for record in kept)


def assert_clean(texts: list[str], secrets: list[str]) -> None:
    joined = "\n".join(texts)
    leaked = [secret for secret in secrets if secret in joined]
    assert not leaked, leaked


@pytest.fixture
def collected() -> Collected:
    return Collected()


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    names = ("httpx2", "httpcore2", "authlib", "pixcore_pixaccount", "joserfc")
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield caplog
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_password_flows_leak_nothing(
    debug_logs: pytest.LogCaptureFixture, collected: Collected
) -> None:
    clock = FakeClock()
    api = FakePixApi(clock=clock)
    api.add_user(USER_ID, PASSWORD, email=EMAIL, username=USERNAME, first_name=FIRST)
    api.add_user(USER_ID + 1, PASSWORD, email=f"x{EMAIL}", should_change_password=True)
    with LoopbackServer(api) as server:
        limiter = AttemptLimiter(max_attempts=3, clock=clock)
        backend = PixApiPasswordBackend(PixApiConfig(server.url), clock=clock, limiter=limiter)
        result = collected.result(backend.login(f" {EMAIL} ", f"{PASSWORD} "))
        collected.result(backend.login(USERNAME.upper(), PASSWORD))
        fresh = backend.refresh(result.session)
        collected.value(fresh)
        backend.logout(fresh)
        collected.error(lambda: backend.refresh(fresh))
        collected.error(lambda: backend.login(f"x{EMAIL}", PASSWORD))  # SHOULD_CHANGE_PASSWORD
        for _ in range(3):
            collected.error(lambda: backend.login(USERNAME, f"{PASSWORD}-wrong"))
        collected.error(lambda: backend.login(USERNAME, PASSWORD))  # RATE_LIMITED
        collected.error(lambda: backend.login(f"{EMAIL}\ud800", PASSWORD))
        collected.error(lambda: backend.login(EMAIL, f"{PASSWORD}\udfff"))
        api.canned_reply = CannedReply(
            200, {}, f'{{"error": "{PASSWORD}", "x": "{EMAIL}"}}'.encode()
        )
        collected.error(lambda: backend.login(f"other{EMAIL}", PASSWORD))
        api.canned_reply = CannedReply(401, {}, f'{{"errors": [{{"code": "{IDO}"}}]}}'.encode())
        collected.error(lambda: backend.login(f"more{EMAIL}", PASSWORD))
        for user in api.users:
            collected.value(user)
        for request in api.requests:
            collected.value(request)
        collected.value(limiter)
        collected.value(backend)
    assert_clean([*collected.texts, log_lines(debug_logs)], [*PERSONAL, *collected.tokens])


def test_gar_link_and_oidc_flows_leak_nothing(
    debug_logs: pytest.LogCaptureFixture, collected: Collected
) -> None:
    clock = FakeClock()
    api = FakePixApi(clock=clock)
    api.add_user(USER_ID, PASSWORD, email=EMAIL)
    with LoopbackServer(api) as server:
        backend = PixApiPasswordBackend(PixApiConfig(server.url), clock=clock)
        store = HostStore(backend)
        pm = create_plugin_manager(autoload=False, plugins=[pixaccount_plugin])
        host = PixAccountHost(pm)
        pm.register(store)
        codec = LinkStateCodec(SECRET, clock=clock)
        linker = GarAccountLinker(host, codec)
        request = GarLinkRequest(IDO, FIRST, LAST, expected_user_id=str(USER_ID))
        collected.value(request)
        state = linker.start(request)
        collected.value(codec.open(state))
        collected.error(lambda: linker.link_with_password(state, EMAIL, "wrong"))
        collected.result(linker.link_with_password(state, EMAIL, PASSWORD))
        other = GarLinkRequest(IDO, FIRST, LAST, expected_user_id="1")
        collected.error(lambda: linker.link_with_password(codec.seal(other), EMAIL, PASSWORD))
        clock.advance(timedelta(hours=2))
        collected.error(lambda: codec.open(state))
        collected.error(lambda: codec.open(state[:-3] + "AAA"))
        collected.value(linker)
        collected.value(host)

    provider = FakeOidcProvider(user=OidcUser(OIDC_SUB, FIRST, LAST))
    with LoopbackServer(provider.app) as server:
        provider.issuer = server.url
        oidc = OidcBackend(oidc_config(provider))
        collected.value(oidc)
        params, pending = follow(oidc)
        collected.value(pending)
        collected.result(oidc.complete_login(params, pending))
        for override in ({"nonce": "bad"}, {"iss": "bad"}, {"sub": ""}):
            provider.claims_override = override
            params, pending = follow(oidc)
            collected.error(lambda: oidc.complete_login(params, pending))  # noqa: B023
        for code in provider.codes.values():
            collected.value(code)
    assert_clean([*collected.texts, log_lines(debug_logs)], [*PERSONAL, *collected.tokens])


def oidc_config(provider: FakeOidcProvider) -> OidcConfig:
    base = provider.issuer
    return OidcConfig(
        issuer=base,
        client_id=provider.client.client_id,
        redirect_uri=provider.client.redirect_uri,
        authorization_endpoint=f"{base}/authorize",
        token_endpoint=f"{base}/token",
        jwks_uri=f"{base}/jwks",
    )


def follow(backend: OidcBackend) -> tuple[dict[str, str], OidcPending]:
    from .conftest import authorize

    params, pending, _ = authorize(backend)
    return params, pending


# -- the repr of every public class ---------------------------------------------------

NOW = datetime(2026, 1, 5, tzinfo=UTC)
SESSION = PixSession(ACCESS, REFRESH, NOW, str(USER_ID))
IDENTITY = VerifiedIdentity(provider="PIX", subject=str(USER_ID), first_name=FIRST, last_name=LAST)


def _limiter() -> AttemptLimiter:
    limiter = AttemptLimiter()
    limiter.acquire(EMAIL)
    return limiter


def _pix_api() -> FakePixApi:
    api = FakePixApi()
    api.add_user(USER_ID, PASSWORD, email=EMAIL, username=USERNAME, first_name=FIRST)
    return api


def _host() -> PixAccountHost:
    return PixAccountHost(create_plugin_manager(autoload=False, plugins=[pixaccount_plugin]))


BUILDERS: dict[str, Callable[[], object]] = {
    "AttemptLimiter": _limiter,
    "GarAccountLinker": lambda: GarAccountLinker(_host(), LinkStateCodec(SECRET)),
    "GarLinkRequest": lambda: GarLinkRequest(IDO, FIRST, LAST, str(USER_ID), NOW),
    "IdTokenPolicy": lambda: IdTokenPolicy("https://idp.example", "client"),
    "LinkStateCodec": lambda: LinkStateCodec(SECRET),
    "LoginResult": lambda: LoginResult(IDENTITY, SESSION),
    "OidcBackend": lambda: OidcBackend(oidc_config(FakeOidcProvider())),
    "OidcConfig": lambda: oidc_config(FakeOidcProvider()),
    "OidcPending": lambda: OidcPending(ACCESS, REFRESH, PASSWORD, NOW),
    "PixAccountError": lambda: PixAccountError("USER_IS_TEMPORARY_BLOCKED", meta={"x": 1}),
    "PixAccountHost": _host,
    "PixAccountSpecs": PixAccountSpecs,
    "PixApiConfig": lambda: PixApiConfig("https://api.pix.fr"),
    "PixApiPasswordBackend": lambda: PixApiPasswordBackend(PixApiConfig("https://api.pix.fr")),
    "PixSession": lambda: SESSION,
    "PixUnavailableError": lambda: PixUnavailableError(meta={"reason": "timeout"}),
    "JwksCache": lambda: JwksCache(dict),
    "CannedReply": lambda: CannedReply(200, {}, f"{ACCESS} {EMAIL}".encode()),
    "FakeClock": FakeClock,
    "FakeOidcProvider": lambda: FakeOidcProvider(user=OidcUser(OIDC_SUB, FIRST, LAST)),
    "FakePixApi": _pix_api,
    "FakePixUser": lambda: FakePixUser(USER_ID, PASSWORD, EMAIL, USERNAME, FIRST, LAST),
    "LoopbackServer": lambda: LoopbackServer(_pix_api()),
    "RecordedRequest": lambda: RecordedRequest(
        "POST", "/api/token", {"Authorization": ACCESS}, f"{EMAIL}&{PASSWORD}".encode()
    ),
    "OidcUser": lambda: OidcUser(OIDC_SUB, FIRST, LAST),
    "OidcClient": lambda: OidcClient("client", "https://host.example/cb"),
    "OidcCode": lambda: OidcCode(
        ACCESS, "client", "https://host/cb", "openid", OidcUser(OIDC_SUB), REFRESH, PASSWORD, "S256"
    ),
    "FormError": lambda: FormError("no alternative matches"),
    "Outcome": lambda: Outcome(401, "MISSING_OR_INVALID_CREDENTIALS", {"remainingAttempts": 3}),
}


def public_classes() -> set[str]:
    names: set[str] = set()
    for package in (pixcore_pixaccount, pixcore_pixaccount.testing):
        for _, module_name, _ in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(module_name)
            if module_name.rsplit(".", 1)[1].startswith("_"):
                continue
            for name in getattr(module, "__all__", []):
                value = getattr(module, name)
                protocol = getattr(value, "_is_protocol", False)
                if inspect.isclass(value) and not protocol:
                    names.add(name)
    return names


def test_every_public_class_has_a_builder() -> None:
    assert public_classes() == set(BUILDERS)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_personal_value_in_any_repr(name: str) -> None:
    value: Any = BUILDERS[name]()
    try:
        assert_clean([repr(value), str(value)], PERSONAL)
    finally:
        if isinstance(value, LoopbackServer):
            value._server.server_close()
