"""BEF-9 — the room's material conditions, judged at the session's date.

Declared rule (``procedure.md`` BEF-9): one computer per candidate, connected to the
internet, each with a recent browser (**less than 2 years old**), an office suite, a PDF
reader, and the ability to download files into a personal space and open them. The
technical test (BEF-10, :mod:`pixcore.rules.technical_test`) measures most of it.

Pure: the session's date is an argument, never the clock. Browser ages come from
:class:`~pixcore.referential.browsers.BrowserReleases` (MDN's release dates).

The boundary (``docs/decisions.md``, issue 16): a browser's age is the number of whole
years from its release date to the session's date, counted like a birthday; "less than
2 years old" means an age of 0 or 1. **A browser exactly 2 years old on the session's
date is too old** (released 2024-03-12, session 2026-03-12). A release of 29 February
turns 2 on 1 March of a common year. A version the data does not list is dated by its
neighbours: recent when even its earliest possible date is less than 2 years old, too
old when even its latest possible date is not; otherwise the check fails with
``READINESS_BROWSER_RELEASE_UNKNOWN`` (update pixcore's data).
"""

from __future__ import annotations

import datetime as dt

from pixcore.errors import InvalidInputError
from pixcore.models.decisions import Reason
from pixcore.models.readiness import (
    BrowserFound,
    MachineReport,
    MachineVerdict,
    ReadinessVerdict,
    RoomReport,
    TechnicalTestResult,
)
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.engine import Engine, outcomes
from pixcore.rules.table import DecisionTable, HitPolicy, Row, fact
from pixcore.rules.technical_test import machine_report
from pixcore.rules.user_agent import identify_browser

__all__ = [
    "MACHINE_READINESS",
    "MAX_BROWSER_AGE_YEARS",
    "ROOM_READINESS",
    "check_machine",
    "check_room",
    "completed_years",
    "machine_facts",
    "room_facts",
    "technical_test_verdict",
]

MAX_BROWSER_AGE_YEARS = 2
"""BEF-9: "un navigateur récent (-2 ans)": an age of 2 whole years or more is too old."""

_BEF9 = "procedure.md BEF-9"

MACHINE_READINESS = DecisionTable(
    name="machine_readiness",
    description="BEF-9: every reason a computer is not ready, at the session's date",
    hit_policy=HitPolicy.COLLECT,
    facts={
        "connected": bool,
        "browser": str,  # known | unknown
        "browser_min_age": int,  # whole years at the session's date, latest possible release
        "browser_max_age": int,  # whole years at the session's date, earliest possible release
        "office_suite": bool,
        "pdf_reader": bool,
        "download_writable": bool,
    },
    rows=(
        Row("not_connected", "READINESS_NOT_CONNECTED", when=(fact("connected") == False,), cites=_BEF9),  # noqa: E712
        Row("browser_unknown", "READINESS_BROWSER_UNKNOWN", when=(fact("browser") == "unknown",), cites=_BEF9),
        Row("browser_too_old", "READINESS_BROWSER_TOO_OLD",
            when=(fact("browser") == "known", fact("browser_min_age") >= MAX_BROWSER_AGE_YEARS), cites=_BEF9),
        Row("browser_undated", "READINESS_BROWSER_RELEASE_UNKNOWN",
            when=(fact("browser") == "known", fact("browser_min_age") < MAX_BROWSER_AGE_YEARS,
                  fact("browser_max_age") >= MAX_BROWSER_AGE_YEARS), cites=_BEF9),
        Row("no_office_suite", "READINESS_NO_OFFICE_SUITE", when=(fact("office_suite") == False,), cites=_BEF9),  # noqa: E712
        Row("no_pdf_reader", "READINESS_NO_PDF_READER", when=(fact("pdf_reader") == False,), cites=_BEF9),  # noqa: E712
        Row("download_not_writable", "READINESS_DOWNLOAD_NOT_WRITABLE",
            when=(fact("download_writable") == False,), cites=_BEF9),  # noqa: E712
    ),
)  # fmt: skip

ROOM_READINESS = DecisionTable(
    name="room_readiness",
    description="BEF-9: one ready computer per enrolled candidate",
    hit_policy=HitPolicy.COLLECT,
    facts={"machines": int, "missing_machines": int},
    rows=(
        Row("no_machine", "READINESS_NO_MACHINE", when=(fact("machines") == 0,), cites=_BEF9),
        Row("not_enough", "READINESS_NOT_ENOUGH_MACHINES",
            when=(fact("machines") >= 1, fact("missing_machines") >= 1), cites=_BEF9),
    ),
)  # fmt: skip


def completed_years(released: dt.date, on: dt.date) -> int:
    """Whole years from ``released`` to ``on``, counted like a birthday (negative before)."""
    return on.year - released.year - ((on.month, on.day) < (released.month, released.day))


def _ages(found: BrowserFound, on: dt.date) -> tuple[int, int]:
    """(youngest, oldest) possible age of the browser's version at ``on``."""
    oldest = completed_years(found.released, on)
    if found.latest is None:
        return min(oldest, 0), oldest
    return completed_years(found.latest, on), oldest


def machine_facts(
    report: MachineReport, found: BrowserFound | None, session_date: dt.date
) -> dict[str, bool | int | str]:
    """The facts of :data:`MACHINE_READINESS` for one computer at ``session_date``."""
    youngest, oldest = _ages(found, session_date) if found is not None else (0, 0)
    return {
        "connected": report.connected,
        "browser": "unknown" if found is None else "known",
        "browser_min_age": youngest,
        "browser_max_age": oldest,
        "office_suite": report.office_suite,
        "pdf_reader": report.pdf_reader,
        "download_writable": report.download_writable,
    }


def _meta(code: str, machine: int, found: BrowserFound | None) -> dict[str, int | str]:
    meta: dict[str, int | str] = {"machine": machine}
    if found is not None and code.startswith("READINESS_BROWSER_"):
        meta.update(browser=found.name, version=found.version,
                    released=f"{found.released:%d/%m/%Y}")  # fmt: skip
    return meta


def check_machine(
    report: MachineReport,
    *,
    session_date: dt.date,
    releases: BrowserReleases,
    machine: int = 1,
    engine: Engine | None = None,
) -> MachineVerdict:
    """Judge one computer (BEF-9) at ``session_date``; ``machine`` is its rank from 1."""
    found = identify_browser(
        releases, user_agent=report.user_agent, client_hints=report.client_hints,
        client_hints_header=report.client_hints_header, mobile=report.mobile,
        browser=report.browser, browser_version=report.browser_version,
    )  # fmt: skip
    codes = outcomes(MACHINE_READINESS, machine_facts(report, found, session_date), engine)
    return MachineVerdict(
        machine=machine, label=report.label, technical_test=report.technical_test,
        browser=found, failures=tuple(Reason(code=c, meta=_meta(c, machine, found)) for c in codes),
    )  # fmt: skip


def technical_test_verdict(
    result: TechnicalTestResult,
    *,
    session_date: dt.date,
    releases: BrowserReleases,
    engine: Engine | None = None,
) -> MachineVerdict:
    """Judge the computer a technical test ran on (BEF-10), at ``session_date``."""
    return check_machine(
        machine_report(result), session_date=session_date, releases=releases, engine=engine
    )


def room_facts(machines: int, ready_machines: int, enrolled: int) -> dict[str, int]:
    """The facts of :data:`ROOM_READINESS`."""
    return {"machines": machines, "missing_machines": max(enrolled - ready_machines, 0)}


def check_room(
    report: RoomReport,
    *,
    session_date: dt.date,
    releases: BrowserReleases,
    enrolled: int | None = None,
    engine: Engine | None = None,
) -> ReadinessVerdict:
    """Judge the room (BEF-9): each computer, then one ready computer per candidate.

    ``enrolled`` (the session's candidates) overrides the report's; one of them is
    required. Declared computers come first, then the technical tests, numbered from 1.
    """
    count = report.enrolled if enrolled is None else enrolled
    if count is None or count < 0:
        raise InvalidInputError("FIELD_REQUIRED", meta={"field": "enrolled"})
    reports = [*report.machines, *(machine_report(test) for test in report.technical_tests)]
    verdicts = tuple(
        check_machine(item, session_date=session_date, releases=releases, machine=rank,
                      engine=engine)
        for rank, item in enumerate(reports, start=1)
    )  # fmt: skip
    ready = sum(verdict.ready for verdict in verdicts)
    facts = room_facts(len(verdicts), ready, count)
    failures = tuple(
        Reason(code=code, meta={"count": ready, "missing": facts["missing_machines"]})
        for code in outcomes(ROOM_READINESS, facts, engine)
    )
    return ReadinessVerdict(
        session_date=session_date, enrolled=count, shared_storage=report.shared_storage,
        machines=verdicts, failures=failures, source=f"{releases.package} {releases.version}",
    )  # fmt: skip
