"""The browser side of the tests: Debian's chromium driven by Playwright, and axe-core.

Playwright's own browser builds cannot be downloaded here: the tests launch the system
``chromium`` (``/usr/bin/chromium``, installed by ``.ci/run``). Each screen is checked
with the vendored axe-core (WCAG 2.0/2.1 A and AA rules): no ``serious`` or
``critical`` violation is allowed. Screenshots go to ``$PIXCORE_WEB_SCREENSHOTS`` when
set (``docs/web/`` keeps the published ones), else to the test's temporary folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette

CHROMIUM = os.environ.get("PIXCORE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text("utf-8")
BLOCKING = ("serious", "critical")


def chromium_path() -> str:
    """The system chromium; a clear failure when it is missing (CI installs it)."""
    found = shutil.which(CHROMIUM) or (CHROMIUM if Path(CHROMIUM).exists() else None)
    assert found, f"chromium is required at {CHROMIUM} (apt-get install -y chromium)"
    return found


@contextlib.contextmanager
def served(app: Starlette) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 at an ephemeral port; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page; the serious and critical violations (rule, nodes)."""
    page.evaluate(AXE)
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {runOnly: {type: 'tag',"
        " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))"
    )
    violations = json.loads(result)["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in BLOCKING
    ]


class Screens:
    """Checks every screen with axe and keeps a screenshot of it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.checked: list[str] = []

    def check(self, page: Any, name: str) -> None:
        """Screenshot ``page`` as ``name.png`` and fail on a serious accessibility violation."""
        page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)
        violations = axe_violations(page)
        assert not violations, f"{name}: {violations}"
        self.checked.append(name)
