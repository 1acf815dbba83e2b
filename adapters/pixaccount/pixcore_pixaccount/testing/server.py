"""A real HTTP server on loopback for a WSGI app, run in a background thread."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from pixcore_pixaccount.testing._wsgi import WSGIApp

__all__ = ["LoopbackServer"]


class _QuietHandler(WSGIRequestHandler):
    """Request handler that logs nothing (request lines may carry codes or tokens)."""

    def log(self, type: str, message: str, *args: Any) -> None:
        """Drop the log line."""


class LoopbackServer:
    """Serve ``app`` on ``127.0.0.1`` at an ephemeral port until :meth:`stop`.

    Use as a context manager::

        with LoopbackServer(app) as server:
            httpx.get(server.url + "/jwks")
    """

    def __init__(self, app: WSGIApp) -> None:
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="pixaccount-loopback",
            daemon=True,
        )

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> LoopbackServer:
        """Start serving in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
