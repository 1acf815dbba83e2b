"""The room readiness check and the technical test (``procedure.md`` BEF-9, BEF-10).

Inputs: a :class:`RoomReport` lists the room's computers, each declared by the referent
(:class:`MachineReport`) or measured by the technical-test page
(:class:`TechnicalTestResult`). Outputs: a :class:`ReadinessVerdict`, one
:class:`MachineVerdict` per computer, each failure a coded :class:`Reason` with a French
message. The rules are in :mod:`pixcore.rules.readiness`; every size is bounded so that
any input is judged in bounded time.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, NonNegativeInt, PositiveInt, model_validator

from pixcore.models._base import PixcoreModel
from pixcore.models._coded import coded
from pixcore.models.decisions import Reason

__all__ = [
    "MAX_MACHINES",
    "Brand",
    "BrowserFound",
    "BrowserSource",
    "MachineReport",
    "MachineVerdict",
    "ReadinessVerdict",
    "RoomReport",
    "TechnicalTestResult",
]

MAX_MACHINES = 500
"""Computers in one report, at most (declared and tested together)."""
_UA = 1024
_SHORT = 100
_BRANDS = 32

BrowserSource = Literal["client_hints", "user_agent", "declared"]
"""Where the browser and its version were read, in order of preference."""


class Brand(PixcoreModel):
    """One entry of the client hints' full version list (``Sec-CH-UA-Full-Version-List``)."""

    brand: str = Field(max_length=_SHORT)
    version: str = Field(max_length=_SHORT)


class _Browser(PixcoreModel):
    """What tells the browser: client hints, a user agent, or a declared name."""

    label: str | None = Field(default=None, max_length=_SHORT, description="e.g. PC-12")
    user_agent: str | None = Field(default=None, max_length=_UA)
    client_hints: tuple[Brand, ...] | None = Field(
        default=None, max_length=_BRANDS, description="navigator.userAgentData fullVersionList"
    )
    client_hints_header: str | None = Field(
        default=None, max_length=_UA, description="the Sec-CH-UA-Full-Version-List header"
    )
    mobile: bool | None = Field(default=None, description="Sec-CH-UA-Mobile")
    browser: str | None = Field(default=None, max_length=_SHORT, description="e.g. Firefox")
    browser_version: str | None = Field(default=None, max_length=_SHORT, description="e.g. 128")
    connected: bool = Field(description="the computer reaches the internet")
    office_suite: bool = Field(description="an office suite is installed")


class MachineReport(_Browser):
    """A computer as the referent declares it (or as a technical test found it)."""

    pdf_reader: bool = Field(description="a PDF reader opens PDF files")
    download_writable: bool = Field(
        description="files download into a personal space and open from there"
    )
    technical_test: bool = Field(default=False, description="measured by the technical test")


class TechnicalTestResult(_Browser):
    """What the technical-test page collects on one computer (BEF-10).

    ``download_text`` is the test file read back from the download folder (``None`` when
    the pupil could not pick it); ``pdf_code`` is the code typed after opening the test
    PDF; ``office_suite`` is the pupil's answer; ``connected`` the page's network probe.
    """

    download_text: str | None = Field(default=None, max_length=4096)
    pdf_code: str | None = Field(default=None, max_length=_SHORT)


class RoomReport(PixcoreModel):
    """The room: its computers, the candidates expected, whether storage is shared.

    ``enrolled`` may be left out when the caller knows it (the session's candidates).
    ``shared_storage``: the computers keep users' files in a space shared between users
    (DAY-25 then asks the invigilator to erase it after the session).
    """

    enrolled: NonNegativeInt | None = Field(default=None, le=100_000)
    shared_storage: bool | None = None
    machines: tuple[MachineReport, ...] = Field(default=(), max_length=MAX_MACHINES)
    technical_tests: tuple[TechnicalTestResult, ...] = Field(default=(), max_length=MAX_MACHINES)

    @model_validator(mode="after")
    def _bounded(self) -> RoomReport:
        if len(self.machines) + len(self.technical_tests) > MAX_MACHINES:
            raise coded("READINESS_TOO_MANY_MACHINES")
        return self


class BrowserFound(PixcoreModel):
    """The browser recognised on a computer and when its version came out.

    ``browser`` is the id in the release data (``firefox``), ``name`` its display name,
    ``version`` the version reported; ``released`` the date of the listed release it
    belongs to; ``exact`` false when the version is not listed and only bounds are known:
    ``released`` is then the earliest possible date and ``latest`` the latest one (``None``
    above the newest listed release).
    """

    browser: str
    name: str
    version: str
    source: BrowserSource
    listed: str
    released: dt.date
    latest: dt.date | None
    exact: bool = True


class MachineVerdict(PixcoreModel):
    """One computer judged at the session's date: ready, or why not."""

    machine: PositiveInt = Field(description="its rank in the report, from 1")
    label: str | None = None
    technical_test: bool = False
    browser: BrowserFound | None = None
    failures: tuple[Reason, ...] = ()

    @property
    def ready(self) -> bool:
        """No failure."""
        return not self.failures


class ReadinessVerdict(PixcoreModel):
    """The room judged at ``session_date`` for ``enrolled`` candidates (BEF-9).

    Ready when at least one ready computer per enrolled candidate (and at least one
    computer); ``failures`` are the room's own, each computer's are in ``machines``.
    """

    session_date: dt.date
    enrolled: NonNegativeInt
    shared_storage: bool | None = None
    machines: tuple[MachineVerdict, ...] = ()
    failures: tuple[Reason, ...] = ()
    source: str = Field(default="", description="release data used, e.g. its version")

    @property
    def ready_machines(self) -> int:
        """Computers without any failure."""
        return sum(verdict.ready for verdict in self.machines)

    @property
    def ready(self) -> bool:
        """No room failure: enough ready computers for every enrolled candidate."""
        return not self.failures

    @property
    def technical_tests(self) -> int:
        """Computers measured by the technical test."""
        return sum(verdict.technical_test for verdict in self.machines)
