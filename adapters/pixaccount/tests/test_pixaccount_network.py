"""Timeouts, dropped connections and 5xx: a retryable error, never an automatic retry."""

from __future__ import annotations

import dataclasses
import socket
import threading
from datetime import UTC, datetime

import httpx2
import pytest
from pixcore_pixaccount import (
    OidcBackend,
    OidcConfig,
    PixAccountError,
    PixApiConfig,
    PixApiPasswordBackend,
    PixUnavailableError,
)
from pixcore_pixaccount.pixreplies import raise_unless_ok, session_from
from pixcore_pixaccount.testing import FakeClock, FakePixApi

from pixcore.errors import ServiceUnavailableError

from .conftest import EMAIL, PASSWORD, TLS, authorize


@pytest.fixture
def impatient(pix_url: str, clock: FakeClock) -> PixApiPasswordBackend:
    """Only for the tests about timeouts: the fake answers 0.6 s late."""
    config = PixApiConfig(pix_url, timeout_seconds=0.2)
    return PixApiPasswordBackend(config, clock=clock, ssl_context=TLS)


def unavailable(backend: PixApiPasswordBackend) -> PixUnavailableError:
    with pytest.raises(PixUnavailableError) as info:
        backend.login(EMAIL, PASSWORD)
    assert isinstance(info.value, ServiceUnavailableError)
    assert info.value.retryable is True
    assert info.value.code == "PIX_UNAVAILABLE"
    return info.value


def test_timeout_is_retryable_and_not_retried(
    impatient: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    pix_api.delay_seconds = 0.6
    assert unavailable(impatient).meta["reason"] == "timeout"
    assert len(pix_api.requests) == 1


def test_server_closing_the_connection(backend: PixApiPasswordBackend, pix_api: FakePixApi) -> None:
    pix_api.drop_connection = True
    assert unavailable(backend).meta["reason"] == "network"
    assert len(pix_api.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors(backend: PixApiPasswordBackend, pix_api: FakePixApi, status: int) -> None:
    pix_api.fail_status = status
    error = unavailable(backend)
    assert dict(error.meta) == {"reason": "http", "status": status}
    assert error.message.startswith("Pix ne répond pas")


def test_connection_refused(clock: FakeClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    backend = PixApiPasswordBackend(PixApiConfig(f"http://127.0.0.1:{port}"), clock=clock)
    assert unavailable(backend).meta["reason"] == "network"


def test_refresh_timeout_is_not_a_relogin(
    backend: PixApiPasswordBackend, impatient: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    pix_api.delay_seconds = 0.6
    with pytest.raises(PixUnavailableError):
        impatient.refresh(session)


def test_logout_on_a_dropped_connection(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    pix_api.drop_connection = True
    with pytest.raises(PixUnavailableError):
        backend.logout(session)


def test_rate_limited_by_a_proxy(backend: PixApiPasswordBackend, pix_api: FakePixApi) -> None:
    pix_api.fail_status = 429
    with pytest.raises(PixAccountError) as info:
        backend.login(EMAIL, PASSWORD)
    assert info.value.code == "RATE_LIMITED"
    assert info.value.meta["retry_after_seconds"] == 60


def test_oidc_token_endpoint_timeout(oidc_config: OidcConfig) -> None:
    backend = OidcBackend(oidc_config)
    params, pending, _ = authorize(backend)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/token"
    broken = OidcBackend(dataclasses.replace(oidc_config, token_endpoint=dead))
    with pytest.raises(PixUnavailableError):
        broken.complete_login(params, pending)


def test_https_is_required_outside_loopback() -> None:
    with pytest.raises(ValueError, match="https"):
        PixApiConfig("http://api.pix.fr")
    assert PixApiConfig("https://api.pix.fr/").token_url == "https://api.pix.fr/api/token"


@pytest.mark.parametrize("content", [b"<html>maintenance</html>", b"[]", b""])
def test_a_200_that_is_not_a_json_object(content: bytes) -> None:
    response = httpx2.Response(200, content=content)
    with pytest.raises(PixAccountError) as info:
        raise_unless_ok(response)
    assert info.value.code == "PIX_RESPONSE_INVALID"


@pytest.mark.parametrize(
    "body",
    [
        {"access_token": "", "user_id": 1, "expires_in": 10},
        {"access_token": "a", "user_id": True, "expires_in": 10},
        {"access_token": "a", "user_id": 1, "expires_in": -1},
        {"access_token": "a", "user_id": 1, "expires_in": 10, "refresh_token": 5},
    ],
)
def test_a_malformed_token_reply(body: dict[str, object]) -> None:
    with pytest.raises(PixAccountError) as info:
        session_from(body, now=datetime.now(UTC))
    assert info.value.code == "PIX_RESPONSE_INVALID"


def test_a_resolver_that_never_answers_ends_by_the_deadline(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Name resolution is under the call's deadline: without it this test would hang
    (the fake resolver blocks until the test releases it, after the call returned)."""
    release = threading.Event()
    asked: list[str] = []
    real = socket.getaddrinfo

    def stuck(host: str, *args: object, **kwargs: object) -> object:
        if host.endswith(".invalid"):
            asked.append(host)
            release.wait()
            raise socket.gaierror("released")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    backend = PixApiPasswordBackend(
        PixApiConfig("https://pix.invalid", timeout_seconds=0.3), clock=clock
    )
    try:
        assert unavailable(backend).meta["reason"] == "timeout"
        assert asked == ["pix.invalid"]
    finally:
        release.set()


def test_a_name_that_does_not_resolve_is_a_network_error(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unknown(host: str, *args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "unknown")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    backend = PixApiPasswordBackend(PixApiConfig("https://pix.invalid"), clock=clock)
    assert unavailable(backend).meta["reason"] == "network"
