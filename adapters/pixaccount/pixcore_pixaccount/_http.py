"""HTTP helpers shared by the backends: TLS policy, per-call bounds, transport errors.

Each call builds a short-lived client (:meth:`HttpOptions.client_kwargs`) whose
transport bounds the whole call by ``timeout_seconds`` and caps the reply
(:mod:`~pixcore_pixaccount._transport`).
"""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx2

from pixcore_pixaccount._transport import Deadline, GuardedTransport, PoolTransport
from pixcore_pixaccount.errors import PixUnavailableError

__all__ = [
    "HttpOptions",
    "check_timeout",
    "check_url",
    "http_options",
    "translate_transport_errors",
]

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def check_url(url: str) -> str:
    """Return ``url`` without a trailing slash; refuse plain HTTP except on loopback.

    Credentials and tokens pass through these URLs, so TLS is mandatory; loopback HTTP
    is allowed for tests and local doubles only.
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS:
        return url.rstrip("/")
    raise ValueError("an https:// URL is required (http:// only on loopback)")


def check_timeout(seconds: float) -> float:
    """Return ``seconds`` if it is a usable per-call deadline (0 < seconds <= 600)."""
    if not 0 < seconds <= 600:
        raise ValueError("timeout_seconds must be positive and at most 600")
    return seconds


@contextmanager
def translate_transport_errors() -> Iterator[None]:
    """Turn timeouts and dropped connections into a retryable ``PIX_UNAVAILABLE``.

    The exception text (which may hold URLs) is chained, never put in the message.
    """
    try:
        yield
    except httpx2.TimeoutException as exc:
        raise PixUnavailableError(meta={"reason": "timeout"}) from exc
    except httpx2.TransportError as exc:
        raise PixUnavailableError(meta={"reason": "network"}) from exc
    except httpx2.HTTPStatusError as exc:
        status = exc.response.status_code
        raise PixUnavailableError(meta={"reason": "http", "status": status}) from exc


@dataclasses.dataclass(frozen=True, slots=True)
class HttpOptions:
    """Options for each short-lived client: one TLS context built once, reused.

    A fresh client per call keeps one user's tokens out of another's (authlib's client
    holds the last token it parsed); sharing the TLS context keeps that cheap.
    ``timeout_seconds`` is the most one call may take, from connect to the last byte.
    A ``transport`` given by the host replaces the network (tests, proxies): the size
    and encoding checks still apply, the deadline only between body chunks.
    """

    timeout_seconds: float
    transport: httpx2.BaseTransport | None = None
    ssl_context: ssl.SSLContext = dataclasses.field(
        default_factory=lambda: httpx2.create_ssl_context(trust_env=False)
    )

    def __post_init__(self) -> None:
        check_timeout(self.timeout_seconds)

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``httpx2.Client`` or authlib's ``OAuth2Client``.

        Call it once per call: the call's deadline starts here.
        """
        deadline = Deadline(self.timeout_seconds)
        if self.transport is None:
            inner: httpx2.BaseTransport = PoolTransport(self.ssl_context, deadline)
            transport = GuardedTransport(inner, deadline)
        else:
            transport = GuardedTransport(self.transport, deadline, owns_inner=False)
        return {
            "timeout": self.timeout_seconds,
            "transport": transport,
            "trust_env": False,
        }


def http_options(
    timeout: float, transport: httpx2.BaseTransport | None, ssl_context: ssl.SSLContext | None
) -> HttpOptions:
    """Build :class:`HttpOptions`, creating the default TLS context only when none is given."""
    if ssl_context is None:
        return HttpOptions(timeout, transport)
    return HttpOptions(timeout, transport, ssl_context)
