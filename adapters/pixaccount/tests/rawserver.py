"""A raw HTTP server on loopback that answers with scripted bytes, at a scripted pace.

For replies no well-behaved server library would send: a status line dripped byte by
byte, an endless body, a gzip bomb, a malformed head.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType

Script = Callable[[], Iterable[tuple[float, bytes]]]
"""Yields (seconds to wait, bytes to send) pairs; the connection closes at the end."""


class RawServer:
    """Serve ``script`` to every connection, each in its own thread, until closed."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.connections = 0
        self.sent = 0
        self._closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closed.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                connection.recv(65536)
                for delay, data in self.script():
                    if self._closed.wait(delay):
                        return
                    connection.sendall(data)
                    self.sent += len(data)
            except OSError:
                return


def head(*lines: str) -> bytes:
    """A status line and headers, CRLF-separated, ending with the blank line."""
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def drip(data: bytes, interval: float, then: Iterable[bytes] = ()) -> Script:
    """Send ``data`` one byte every ``interval`` seconds, then each of ``then``."""

    def script() -> Iterator[tuple[float, bytes]]:
        for index in range(len(data)):
            yield interval, data[index : index + 1]
        for chunk in then:
            yield interval, chunk

    return script


def at_once(data: bytes) -> Script:
    """Send ``data`` in one go."""
    return lambda: [(0.0, data)]


def gzip_bomb(decoded_size: int) -> bytes:
    """A gzip member that inflates to ``decoded_size`` zero bytes (about 1/1000 on the wire)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(decoded_size >> 20)]
    return b"".join(parts) + compressor.flush()


def wait_for(predicate: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Poll ``predicate`` until true or ``seconds`` passed."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
