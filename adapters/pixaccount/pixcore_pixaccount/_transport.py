"""Bounded HTTP exchanges: one overall deadline per call, a size cap, no content coding.

httpx's ``timeout`` bounds each socket operation, not a call: a server that sends one
byte just before each read times out keeps a call alive as long as it likes. Here
every socket operation of a call (connect, TLS handshake, each write, each read of the
headers and of the body) is given at most the time left before the call's
:class:`Deadline`, so the whole call ends by its deadline, plus at most one scheduling
delay. Name resolution runs in a small pool of resolver threads and is waited for
only until the deadline: a resolver that never answers ends the call on time (its
thread finishes in the background; the pool is bounded, so a flood of such names
queues instead of spawning threads).

The reply is read into memory only up to :data:`MAX_RESPONSE_BYTES`; its
``Content-Encoding`` must be ``identity`` (we ask for it with ``Accept-Encoding:
identity``): a compressed body is refused, never decoded, so no gzip bomb is inflated.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, NoReturn

import httpcore2
import httpx2

from pixcore_pixaccount.errors import PixAccountError

__all__ = ["MAX_RESPONSE_BYTES", "Deadline", "GuardedTransport", "PoolTransport"]

MAX_RESPONSE_BYTES = 64 * 1024
"""The largest reply body read (a Pix token reply is about 1 KB, a JWKS a few KB)."""


class Deadline:
    """A point on the monotonic clock after which a call gives up."""

    __slots__ = ("_at",)

    def __init__(self, seconds: float) -> None:
        self._at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self._at - time.monotonic()

    def bound(self, timeout: float | None, expired: type[Exception]) -> float:
        """``timeout`` shortened to the time left; raise ``expired`` when none is left."""
        left = self.remaining()
        if left <= 0:
            raise expired("deadline")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore2.NetworkStream):
    """A network stream whose every operation ends by the deadline."""

    def __init__(self, inner: httpcore2.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.bound(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.bound(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        bounded = self._deadline.bound(timeout, httpcore2.ConnectTimeout)
        tls = self._inner.start_tls(ssl_context, server_hostname, bounded)
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


_RESOLVERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pixaccount-dns")
"""Name resolution threads shared by every call (bounded: slow names queue)."""


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def resolve(host: str, port: int, deadline: Deadline) -> list[str]:
    """The addresses of ``host``, waited for until ``deadline`` (ConnectTimeout after)."""
    if _is_address(host):
        return [host.strip("[]")]
    pending = _RESOLVERS.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = pending.result(timeout=deadline.bound(None, httpcore2.ConnectTimeout))
    except FutureTimeout:
        pending.cancel()
        raise httpcore2.ConnectTimeout("name resolution") from None
    except OSError as exc:
        raise httpcore2.ConnectError("name resolution") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise httpcore2.ConnectError("name resolution")
    return addresses


class _DeadlineBackend(httpcore2.NetworkBackend):
    """httpcore's synchronous backend, with every connection bound to one deadline."""

    def __init__(self, deadline: Deadline) -> None:
        self._inner = httpcore2.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        failure: Exception = httpcore2.ConnectError("no address")
        for address in resolve(host, port, self._deadline):
            bounded = self._deadline.bound(timeout, httpcore2.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(
                    address, port, bounded, local_address, socket_options
                )
            except (httpcore2.ConnectError, httpcore2.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        raise httpcore2.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, min(seconds, self._deadline.remaining())))


def _raise_mapped(exc: Exception) -> NoReturn:
    """Re-raise an httpcore error as httpx's, so one place maps them to coded errors."""
    if isinstance(exc, httpcore2.TimeoutException):
        raise httpx2.TimeoutException(type(exc).__name__) from exc
    raise httpx2.TransportError(type(exc).__name__) from exc


_CORE_ERRORS = (
    httpcore2.TimeoutException,
    httpcore2.NetworkError,
    httpcore2.ProtocolError,
    httpcore2.ProxyError,
    httpcore2.UnsupportedProtocol,
    httpcore2.ConnectionNotAvailable,
)


class _CoreBody(httpx2.SyncByteStream):
    """httpcore's response body, with its errors mapped to httpx's."""

    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except _CORE_ERRORS as exc:
            _raise_mapped(exc)

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class PoolTransport(httpx2.BaseTransport):
    """An HTTP/1.1 transport for one call, every socket operation bound to ``deadline``."""

    def __init__(self, ssl_context: Any, deadline: Deadline) -> None:
        self._pool = httpcore2.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=1,
            retries=0,
            network_backend=_DeadlineBackend(deadline),
        )

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request`` through the pool; httpcore errors become httpx errors."""
        core_request = httpcore2.Request(
            method=request.method,
            url=httpcore2.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self._pool.handle_request(core_request)
        except _CORE_ERRORS as exc:
            _raise_mapped(exc)
        body = response.stream
        if not isinstance(body, Iterable):
            raise httpx2.TransportError("asynchronous body")
        return httpx2.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_CoreBody(body),
            extensions=response.extensions,
        )

    def close(self) -> None:
        """Close the pool and its connection."""
        self._pool.close()


def _refuse(reason: str) -> PixAccountError:
    return PixAccountError("PIX_RESPONSE_INVALID", meta={"reason": reason})


class _BoundedBody(httpx2.SyncByteStream):
    """A reply body cut at ``max_bytes`` and at the deadline."""

    def __init__(self, inner: httpx2.SyncByteStream, deadline: Deadline, max_bytes: int) -> None:
        self._inner = inner
        self._deadline = deadline
        self._max_bytes = max_bytes

    def __iter__(self) -> Iterator[bytes]:
        received = 0
        for chunk in self._inner:
            received += len(chunk)
            if received > self._max_bytes:
                raise _refuse("too_large")
            if self._deadline.remaining() <= 0:
                raise httpx2.ReadTimeout("deadline")
            yield chunk

    def close(self) -> None:
        self._inner.close()


def _check_head(response: httpx2.Response, max_bytes: int) -> None:
    codings = ",".join(response.headers.get_list("content-encoding")).lower().split(",")
    if any(coding.strip() not in ("", "identity") for coding in codings):
        raise _refuse("content_encoding")
    length = response.headers.get("content-length")
    if length is not None:
        length = length.strip()
        if not (length.isascii() and length.isdigit()) or len(length) > 12:
            raise _refuse("content_length")
        if int(length) > max_bytes:
            raise _refuse("too_large")


class GuardedTransport(httpx2.BaseTransport):
    """Ask for an uncompressed reply, refuse any other, cap its size and its time.

    ``inner`` is closed with this transport only when ``owns_inner`` (a transport the
    host passed in is the host's to close).
    """

    def __init__(
        self,
        inner: httpx2.BaseTransport,
        deadline: Deadline,
        *,
        max_bytes: int = MAX_RESPONSE_BYTES,
        owns_inner: bool = True,
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._max_bytes = max_bytes
        self._owns_inner = owns_inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send ``request``; return a reply whose body is read within the bounds."""
        request.headers["Accept-Encoding"] = "identity"
        if self._deadline.remaining() <= 0:
            raise httpx2.ConnectTimeout("deadline")
        response = self._inner.handle_request(request)
        try:
            _check_head(response, self._max_bytes)
        except PixAccountError:
            response.close()
            raise
        stream = response.stream
        if not isinstance(stream, httpx2.SyncByteStream):
            response.close()
            raise _refuse("stream")
        return httpx2.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_BoundedBody(stream, self._deadline, self._max_bytes),
            extensions=response.extensions,
        )

    def close(self) -> None:
        """Close the inner transport if this transport created it."""
        if self._owns_inner:
            self._inner.close()
