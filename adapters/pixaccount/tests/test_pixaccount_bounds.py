"""Bounded time and memory per call: one deadline per call, a size cap, no inflating.

These tests are about timeouts, so they read the clock; their margins are generous
(seconds) and the scripted servers would hold the old code far longer than the margin.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta

import httpx2
import pytest
from pixcore_pixaccount import (
    OidcBackend,
    OidcConfig,
    PixAccountError,
    PixApiConfig,
    PixApiPasswordBackend,
    PixSession,
    PixUnavailableError,
)
from pixcore_pixaccount.testing import FakeClock

from .conftest import EMAIL, PASSWORD, TLS, authorize
from .rawserver import RawServer, Script, at_once, drip, gzip_bomb, head

MARGIN = 3.0
"""Seconds allowed past the deadline: generous for a loaded 2-core CI machine."""

TOKEN_BODY = b'{"token_type":"bearer","access_token":"a.b.c","user_id":7,"expires_in":1200}'


def token_head(*extra: str) -> bytes:
    return head("HTTP/1.1 200 OK", "Content-Type: application/json", *extra)


def backend_for(url: str, timeout: float) -> PixApiPasswordBackend:
    config = PixApiConfig(url, timeout_seconds=timeout)
    return PixApiPasswordBackend(config, clock=FakeClock(), ssl_context=TLS)


def session() -> PixSession:
    return PixSession("access", "7:refresh", FakeClock()() + timedelta(minutes=20), "7")


Call = Callable[[PixApiPasswordBackend], object]
CALLS: dict[str, Call] = {
    "login": lambda backend: backend.login(EMAIL, PASSWORD),
    "refresh": lambda backend: backend.refresh(session()),
    "logout": lambda backend: backend.logout(session()),
}


def timed(call: Callable[[], object]) -> tuple[BaseException, float]:
    start = time.monotonic()
    with pytest.raises((PixAccountError, PixUnavailableError)) as info:
        call()
    return info.value, time.monotonic() - start


def endless(chunk: bytes, interval: float) -> Script:
    def script() -> Iterator[tuple[float, bytes]]:
        for _ in itertools.count():
            yield interval, chunk

    return script


# -- one deadline per call ------------------------------------------------------------


def test_a_status_line_dripped_byte_by_byte_ends_at_the_deadline() -> None:
    """The issue's case: one byte every 0.3 s, timeout 1 s (old code: 8 s and more)."""
    dripped = drip(token_head(f"Content-Length: {len(TOKEN_BODY)}") + TOKEN_BODY, 0.3)
    with RawServer(dripped) as server:
        error, elapsed = timed(lambda: backend_for(server.url, 1.0).login(EMAIL, PASSWORD))
        assert server.sent >= 2  # each byte came well within the 1 s read timeout
    assert isinstance(error, PixUnavailableError)
    assert error.meta["reason"] == "timeout"
    assert elapsed < 1.0 + MARGIN


@pytest.mark.parametrize("name", sorted(CALLS))
def test_an_endless_body_drip_ends_at_the_deadline(name: str) -> None:
    """Headers at once, then one body byte every 0.1 s, forever."""
    first = token_head("Content-Length: 60000")

    def script() -> Iterator[tuple[float, bytes]]:
        yield 0.0, first
        yield from endless(b" ", 0.1)()

    with RawServer(script) as server:
        error, elapsed = timed(lambda: CALLS[name](backend_for(server.url, 0.5)))
    assert error.code == "PIX_UNAVAILABLE"
    assert elapsed < 0.5 + MARGIN


def test_an_oidc_token_endpoint_drip_ends_at_the_deadline(oidc_config: OidcConfig) -> None:
    params, pending, _ = authorize(OidcBackend(oidc_config, ssl_context=TLS))
    with RawServer(endless(b"H", 0.1)) as server:
        config = dataclasses.replace(
            oidc_config, token_endpoint=f"{server.url}/token", timeout_seconds=0.5
        )
        error, elapsed = timed(
            lambda: OidcBackend(config, ssl_context=TLS).complete_login(params, pending)
        )
    assert error.code == "PIX_UNAVAILABLE"
    assert elapsed < 0.5 + MARGIN


@pytest.mark.parametrize("timeout", [0.0, -1.0, float("nan"), float("inf"), 601.0])
def test_the_deadline_must_be_a_usable_number(timeout: float) -> None:
    with pytest.raises(ValueError, match="timeout_seconds"):
        PixApiConfig("https://api.pix.fr", timeout_seconds=timeout)


# -- size cap, no content coding --------------------------------------------------------


def test_a_gzip_bomb_is_refused_without_being_inflated() -> None:
    """32 MiB of zeros in 32 KB of gzip, under the size cap: the old code held 2 × 32 MiB."""
    bomb = gzip_bomb(32 << 20)
    assert len(bomb) < 64 * 1024
    reply = token_head("Content-Encoding: gzip", f"Content-Length: {len(bomb)}") + bomb
    with RawServer(at_once(reply)) as server:
        backend = backend_for(server.url, 5.0)
        tracemalloc.start()
        try:
            with pytest.raises(PixAccountError) as info:
                backend.login(EMAIL, PASSWORD)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert info.value.code == "PIX_RESPONSE_INVALID"
    assert info.value.meta["reason"] == "content_encoding"
    assert peak < 4 << 20, f"peak {peak / 2**20:.1f} MiB"


@pytest.mark.parametrize(
    ("framing", "reason"),
    [
        (["Content-Length: 1000000"], "too_large"),
        (["Transfer-Encoding: chunked"], "too_large"),
        ([], "too_large"),
    ],
)
def test_an_endless_body_stops_at_the_size_cap(framing: list[str], reason: str) -> None:
    chunked = framing == ["Transfer-Encoding: chunked"]
    block = b"2000\r\n" + b"x" * 0x2000 + b"\r\n" if chunked else b"x" * 0x2000

    def script() -> Iterator[tuple[float, bytes]]:
        yield 0.0, token_head(*framing)
        yield from endless(block, 0.0)()

    with RawServer(script) as server:
        backend = backend_for(server.url, 10.0)
        tracemalloc.start()
        try:
            error, elapsed = timed(lambda: backend.login(EMAIL, PASSWORD))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert error.code == "PIX_RESPONSE_INVALID"
    assert error.meta["reason"] == reason
    assert peak < 2 << 20, f"peak {peak / 2**20:.1f} MiB"
    assert elapsed < 10.0  # stopped by the cap, not by the deadline


@pytest.mark.parametrize(
    "coding", ["gzip", "deflate", "br", "zstd", "GZIP", "identity, gzip", "x-gzip", "compress"]
)
def test_any_content_coding_but_identity_is_refused(coding: str) -> None:
    def reply(request: httpx2.Request) -> httpx2.Response:
        assert request.headers["Accept-Encoding"] == "identity"
        stream = httpx2.ByteStream(TOKEN_BODY)  # not read (nor decoded) on this side
        return httpx2.Response(200, headers={"Content-Encoding": coding}, stream=stream)

    backend = PixApiPasswordBackend(
        PixApiConfig("https://pix.example"), transport=httpx2.MockTransport(reply)
    )
    with pytest.raises(PixAccountError) as info:
        backend.login(EMAIL, PASSWORD)
    assert info.value.meta["reason"] == "content_encoding"


@pytest.mark.parametrize("headers", [{}, {"Content-Encoding": "identity"}])
def test_an_identity_reply_is_read(headers: dict[str, str]) -> None:
    transport = httpx2.MockTransport(
        lambda _: httpx2.Response(200, headers=headers, content=TOKEN_BODY)
    )
    backend = PixApiPasswordBackend(PixApiConfig("https://pix.example"), transport=transport)
    assert backend.login(EMAIL, PASSWORD).identity.subject == "7"


def test_a_host_transport_still_gets_the_size_cap() -> None:
    big = b'{"access_token":"' + b"a" * 70_000 + b'"}'
    transport = httpx2.MockTransport(lambda _: httpx2.Response(200, content=big))
    backend = PixApiPasswordBackend(PixApiConfig("https://pix.example"), transport=transport)
    with pytest.raises(PixAccountError) as info:
        backend.login(EMAIL, PASSWORD)
    assert info.value.meta["reason"] == "too_large"


# -- malformed heads --------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        token_head("Content-Length: " + "9" * 5000),
        token_head("Content-Length: -1"),
        token_head("Content-Length: 12", "Content-Length: 13"),
        token_head("Transfer-Encoding: gzip"),
        token_head("Transfer-Encoding: chunked") + b"zz\r\n",
        token_head("Transfer-Encoding: chunked") + b"f" * 5000 + b"\r\n",
        token_head("X-Long: " + "a" * 200_000),
        b"HTTP/1.1 abc Nope\r\n\r\n",
        b"NOT HTTP AT ALL\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n",
        b"",
        b"\xff\xfe\x00garbage",
    ],
    ids=lambda reply: repr(reply[:40]),
)
def test_a_malformed_head_is_a_coded_error(reply: bytes) -> None:
    with RawServer(at_once(reply)) as server:
        error, _ = timed(lambda: backend_for(server.url, 2.0).login(EMAIL, PASSWORD))
    assert error.code in {"PIX_UNAVAILABLE", "PIX_RESPONSE_INVALID"}
