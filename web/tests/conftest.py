"""Fixtures of the web host's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pixcore_web.serve import Host
from starlette.testclient import TestClient
from web_support import PARIS, MovableClock, web_host


@pytest.fixture
def clock() -> MovableClock:
    """The session's morning, 08:45 in Paris."""
    return MovableClock(dt.datetime(2026, 3, 12, 8, 45, tzinfo=PARIS))


@pytest.fixture
def host(tmp_path: Path, clock: MovableClock) -> Iterator[Host]:
    """A web host on a temporary SQLite store."""
    with web_host(tmp_path, clock) as (running, _pix):
        yield running


@pytest.fixture
def client(host: Host) -> Iterator[TestClient]:
    """An HTTP client on the host (a browser of its own: its own cookies)."""
    with TestClient(host.app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def new_client(host: Host) -> Iterator[object]:
    """Make more browsers on the same host."""
    opened: list[TestClient] = []

    def make() -> TestClient:
        c = TestClient(host.app, base_url="http://127.0.0.1")
        c.__enter__()
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)
