"""Shared helpers of the web host's tests: a host on a temporary store, a clock, forms."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from pixcore_web.config import WebConfig
from pixcore_web.dev import DevPix, DevProfiles
from pixcore_web.dev_gar import dev_gar_login
from pixcore_web.serve import Host, open_host

from pixcore.host.hookspecs import hookimpl

PARIS = ZoneInfo("Europe/Paris")
REFERENT_CODE = "code-referent-de-test"
JURY_CODE = "code-jury-de-test-42"
SECRET_KEY = b"k" * 48
CANDIDATES_CSV = (
    Path(__file__).resolve().parents[1] / "examples" / "candidats-dev.csv"
).read_bytes()
TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


class MovableClock:
    """A ``pixcore_now`` plugin the tests move by hand (nothing sleeps)."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.current += dt.timedelta(**delta)

    @hookimpl
    def pixcore_now(self) -> dt.datetime:
        """The tests' time."""
        return self.current


def config(*, dev: bool = False) -> WebConfig:
    """The tests' settings (loopback HTTP: cookies without Secure)."""
    return WebConfig(secret_key=SECRET_KEY, referent_secret=REFERENT_CODE,
                     jury_secret=JURY_CODE, secure_cookies=False, dev=dev)  # fmt: skip


@contextlib.contextmanager
def web_host(
    folder: Path, clock: MovableClock, *, dev: bool = False
) -> Iterator[tuple[Host, DevPix]]:
    """A host on ``folder/sessions.db`` with the fake Pix API and the dev profile."""
    pix = DevPix()
    try:
        with open_host(str(folder / "sessions.db"), config(dev=dev), pix_login=pix.login,
                       plugins=[clock, DevProfiles()],
                       gar=dev_gar_login(secure_cookies=False)) as host:  # fmt: skip
            yield host, pix
    finally:
        pix.stop()


def csrf(html: str) -> str:
    """The CSRF token of a page."""
    found = TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)
