"""BEF-9 readiness rules (issue 16): examples, boundaries, properties against oracles.

Every rule test runs on both engines (the ``engine`` fixture). The oracle for "less than
2 years old" is written independently of ``completed_years``: the browser's second
anniversary, with 29 February moved to 1 March, must come after the session's date.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixcore.errors import InvalidInputError
from pixcore.models.readiness import MachineReport, RoomReport, TechnicalTestResult
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules import PURE_ENGINE, Engine
from pixcore.rules.readiness import (
    MAX_BROWSER_AGE_YEARS,
    check_machine,
    check_room,
    completed_years,
    technical_test_verdict,
)
from pixcore.rules.technical_test import TEST_FILE_TEXT, TEST_PDF_CODE

RELEASES = BrowserReleases.load()
RAW = json.loads(
    gzip.decompress(
        (resources.files("pixcore.referential") / "data" / "browsers.json.gz").read_bytes()
    )
)["browsers"]
"""The shipped snapshot read directly, independently of the loader (the oracle's data)."""

FIREFOX_128 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
FIREFOX_128_RELEASE = dt.date(2024, 7, 9)
VIVALDI = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Vivaldi/6.5"
)
READY = {"office_suite": True, "pdf_reader": True, "download_writable": True, "connected": True}


def second_anniversary(released: dt.date) -> dt.date:
    """The day a release turns 2 (29 February → 1 March of a common year)."""
    try:
        return released.replace(year=released.year + MAX_BROWSER_AGE_YEARS)
    except ValueError:
        return dt.date(released.year + MAX_BROWSER_AGE_YEARS, 3, 1)


def recent_oracle(released: dt.date, session: dt.date) -> bool:
    return session < second_anniversary(released)


def machine(**fields: object) -> MachineReport:
    return MachineReport.model_validate({**READY, **fields})


def codes(report: MachineReport, day: dt.date, engine: Engine = PURE_ENGINE) -> list[str]:
    verdict = check_machine(report, session_date=day, releases=RELEASES, engine=engine)
    return [reason.code for reason in verdict.failures]


# ------------------------------------------------------------------- the boundary


def test_a_browser_exactly_two_years_old_on_the_session_date_is_too_old(engine: Engine) -> None:
    """Decision (docs/decisions.md R1): on its second anniversary a browser is too old."""
    report = machine(user_agent=FIREFOX_128)
    anniversary = dt.date(2026, 7, 9)
    assert codes(report, anniversary - dt.timedelta(days=1), engine) == []
    assert codes(report, anniversary, engine) == ["READINESS_BROWSER_TOO_OLD"]
    assert codes(report, anniversary + dt.timedelta(days=1), engine) == [
        "READINESS_BROWSER_TOO_OLD"
    ]


def test_the_too_old_message_names_the_browser_and_its_release_but_not_the_user_agent() -> None:
    verdict = check_machine(
        machine(user_agent=FIREFOX_128), session_date=dt.date(2027, 1, 1), releases=RELEASES,
        machine=7,
    )  # fmt: skip
    (reason,) = verdict.failures
    assert reason.message == (
        "Ordinateur 7 : le navigateur Firefox 128.0 (sorti le 09/07/2024) aura 2 ans ou plus "
        "le jour de la session ; il faut un navigateur de moins de 2 ans."
    )
    assert "Mozilla" not in reason.message and "Mozilla" not in reason.message_en
    assert f"{MAX_BROWSER_AGE_YEARS} ans" in reason.message


@pytest.mark.parametrize(
    ("released", "session", "age"),
    [
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28), 1),
        (dt.date(2024, 2, 29), dt.date(2026, 3, 1), 2),
        (dt.date(2026, 2, 28), dt.date(2028, 2, 29), 2),
        (dt.date(2026, 3, 1), dt.date(2028, 2, 29), 1),
        (dt.date(2027, 1, 7), dt.date(2026, 11, 30), -1),
    ],
)
def test_completed_years_counts_like_a_birthday(
    released: dt.date, session: dt.date, age: int
) -> None:
    assert completed_years(released, session) == age


@given(
    released=st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)),
    session=st.dates(dt.date(1990, 1, 1), dt.date(2045, 12, 31)),
)
def test_completed_years_agrees_with_the_anniversary_oracle(
    released: dt.date, session: dt.date
) -> None:
    assert (completed_years(released, session) < MAX_BROWSER_AGE_YEARS) == recent_oracle(
        released, session
    )


LISTED = [
    (browser, version, dt.date.fromisoformat(date))
    for browser, entry in sorted(RAW.items())
    for version, date in entry["releases"]
]


@given(
    listed=st.sampled_from(LISTED),
    session=st.dates(dt.date(2000, 1, 1), dt.date(2032, 12, 31)),
)
def test_every_listed_version_is_judged_by_its_own_release_date(
    listed: tuple[str, str, dt.date], session: dt.date
) -> None:
    """Declared browser + version: too old iff the oracle says its 2nd anniversary passed."""
    browser, version, released = listed
    report = machine(browser=browser, browser_version=version)
    expected = [] if recent_oracle(released, session) else ["READINESS_BROWSER_TOO_OLD"]
    assert codes(report, session) == expected


# ---------------------------------------------------------------- unknown browsers


@pytest.mark.parametrize(
    "fields",
    [
        {"user_agent": "curl/8.0"},
        {"user_agent": "garbage"},
        {"user_agent": VIVALDI},  # no release data for Vivaldi, and no client hints
        {"browser": "Netscape", "browser_version": "4"},
        {"browser": "firefox", "browser_version": "0.1"},  # older than the oldest listed
        {"browser": "firefox"},  # no version
        {},
    ],
)
def test_an_unknown_browser_is_a_coded_failure(engine: Engine, fields: dict[str, str]) -> None:
    assert codes(machine(**fields), dt.date(2026, 3, 12), engine) == ["READINESS_BROWSER_UNKNOWN"]


def test_client_hints_date_a_chromium_browser_the_user_agent_cannot_name() -> None:
    hints = '"Not_A Brand";v="8.0.0.0", "Chromium";v="131.0.6778.86", "Vivaldi";v="7.0"'
    report = machine(user_agent=VIVALDI, client_hints_header=hints)
    verdict = check_machine(report, session_date=dt.date(2026, 3, 12), releases=RELEASES)
    assert verdict.ready and verdict.browser is not None
    assert (verdict.browser.browser, verdict.browser.listed) == ("chrome", "131")
    assert verdict.browser.source == "client_hints"


def test_client_hints_prefer_a_known_brand_then_fall_back_to_the_user_agent() -> None:
    brands = [{"brand": "Chromium", "version": "120.0.1"},
              {"brand": "Microsoft Edge", "version": "131.0.2903.51"}]  # fmt: skip
    report = machine(client_hints=brands, user_agent=FIREFOX_128)
    found = check_machine(report, session_date=dt.date(2026, 1, 1), releases=RELEASES).browser
    assert found is not None and (found.browser, found.listed) == ("edge", "131")
    mobile = machine(client_hints=brands, mobile=True)  # no Edge data for Android: Chromium
    found = check_machine(mobile, session_date=dt.date(2026, 1, 1), releases=RELEASES).browser
    assert found is not None and (found.browser, found.listed) == ("chrome_android", "120")
    broken = machine(client_hints_header='"Chromium";v=1;;', user_agent=FIREFOX_128)
    found = check_machine(broken, session_date=dt.date(2026, 1, 1), releases=RELEASES).browser
    assert found is not None and (found.browser, found.source) == ("firefox", "user_agent")


def test_browsers_on_ios_are_dated_by_the_system_webkit() -> None:
    chrome_ios = (
        "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1"
    )
    found = check_machine(
        machine(user_agent=chrome_ios), session_date=dt.date(2026, 1, 1), releases=RELEASES
    ).browser
    assert found is not None and (found.browser, found.listed) == ("webview_ios", "17.4")


# ------------------------------------------------------- versions the data does not list


def synthetic() -> BrowserReleases:
    return BrowserReleases.from_snapshot({
        "package": "test", "version": "0",
        "browsers": {"nav": {"name": "Nav", "type": "desktop", "releases": [
            ["10", "2020-01-15"], ["12", "2022-06-01"], ["12.1", "2022-09-01"],
        ]}},
    })  # fmt: skip


@given(
    version=st.sampled_from(["10", "10.5", "11", "11.9.9", "12", "12.0.3", "12.1.4", "12.5", "13",
                             "99"]),
    session=st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31)),
)  # fmt: skip
def test_an_unlisted_version_is_judged_only_on_what_its_bounds_prove(
    version: str, session: dt.date
) -> None:
    """A listed version's line is dated exactly (10.5 is of the line 10, 12.0.3 of 12); 11
    came out in [2020-01-15, 2022-06-01]; above 12.1, after 2022-09-01. Recent or too old
    only when every date of that interval says so."""
    bounds = {
        "10": (dt.date(2020, 1, 15),) * 2, "10.5": (dt.date(2020, 1, 15),) * 2,
        "11": (dt.date(2020, 1, 15), dt.date(2022, 6, 1)),
        "11.9.9": (dt.date(2020, 1, 15), dt.date(2022, 6, 1)),
        "12": (dt.date(2022, 6, 1),) * 2, "12.0.3": (dt.date(2022, 6, 1),) * 2,
        "12.1.4": (dt.date(2022, 9, 1),) * 2, "12.5": (dt.date(2022, 9, 1), None),
        "13": (dt.date(2022, 9, 1), None), "99": (dt.date(2022, 9, 1), None),
    }  # fmt: skip
    earliest, latest = bounds[version]
    if recent_oracle(earliest, session):
        expected = []
    elif latest is not None and not recent_oracle(latest, session):
        expected = ["READINESS_BROWSER_TOO_OLD"]
    else:
        expected = ["READINESS_BROWSER_RELEASE_UNKNOWN"]
    report = machine(browser="Nav", browser_version=version)
    verdict = check_machine(report, session_date=session, releases=synthetic())
    assert [reason.code for reason in verdict.failures] == expected


def test_a_version_newer_than_the_data_is_never_called_too_old(engine: Engine) -> None:
    newest = RAW["chrome"]["releases"][-1]
    report = machine(browser="Chrome", browser_version="999")
    soon = dt.date.fromisoformat(newest[1]) + dt.timedelta(days=30)
    assert codes(report, soon, engine) == []
    assert codes(report, soon.replace(year=soon.year + 5), engine) == [
        "READINESS_BROWSER_RELEASE_UNKNOWN"
    ]


# --------------------------------------------------------------- the other failures


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("pdf_reader", "READINESS_NO_PDF_READER"),
        ("office_suite", "READINESS_NO_OFFICE_SUITE"),
        ("download_writable", "READINESS_DOWNLOAD_NOT_WRITABLE"),
        ("connected", "READINESS_NOT_CONNECTED"),
    ],
)
def test_each_missing_capability_has_its_code(engine: Engine, field: str, code: str) -> None:
    report = machine(user_agent=FIREFOX_128, **{field: False})
    assert codes(report, dt.date(2025, 9, 1), engine) == [code]


@given(
    flags=st.fixed_dictionaries({name: st.booleans() for name in READY}),
    recent=st.booleans(),
)
def test_failures_are_exactly_the_missing_capabilities(
    flags: dict[str, bool], recent: bool
) -> None:
    day = dt.date(2025, 9, 1) if recent else dt.date(2027, 9, 1)
    found = codes(machine(user_agent=FIREFOX_128, **flags), day)
    expected = {name for name, present in flags.items() if not present}
    names = {"READINESS_NO_PDF_READER": "pdf_reader", "READINESS_NO_OFFICE_SUITE": "office_suite",
             "READINESS_DOWNLOAD_NOT_WRITABLE": "download_writable",
             "READINESS_NOT_CONNECTED": "connected"}  # fmt: skip
    assert {names[c] for c in found if c in names} == expected
    assert ("READINESS_BROWSER_TOO_OLD" in found) is (not recent)
    assert len(found) == len(set(found))


# ------------------------------------------------------------------------- the room


@given(
    ready=st.integers(0, 6),
    broken=st.integers(0, 3),
    enrolled=st.integers(0, 9),
)
def test_one_ready_computer_per_enrolled_candidate(ready: int, broken: int, enrolled: int) -> None:
    """Oracle: the room is ready iff it has a computer and ready ones cover the candidates."""
    machines = [machine(user_agent=FIREFOX_128)] * ready + [
        machine(user_agent=FIREFOX_128, pdf_reader=False)
    ] * broken
    report = RoomReport(machines=tuple(machines))
    verdict = check_room(report, session_date=dt.date(2025, 9, 1), releases=RELEASES,
                         enrolled=enrolled)  # fmt: skip
    assert verdict.ready_machines == ready
    assert verdict.ready is (ready + broken > 0 and ready >= enrolled)
    room = {reason.code: reason.meta for reason in verdict.failures}
    if ready + broken == 0:
        assert set(room) == {"READINESS_NO_MACHINE"}
    elif ready < enrolled:
        assert room == {"READINESS_NOT_ENOUGH_MACHINES": {"count": ready,
                                                          "missing": enrolled - ready}}  # fmt: skip
    else:
        assert room == {}


def test_fewer_machines_than_candidates(engine: Engine) -> None:
    report = RoomReport(enrolled=3, machines=(machine(user_agent=FIREFOX_128),) * 2)
    verdict = check_room(report, session_date=dt.date(2025, 9, 1), releases=RELEASES,
                         engine=engine)  # fmt: skip
    (reason,) = verdict.failures
    assert (reason.code, verdict.ready) == ("READINESS_NOT_ENOUGH_MACHINES", False)
    assert reason.message == (
        "Il manque 1 ordinateur(s) prêt(s) : il en faut un par candidat inscrit (2 prêt(s))."
    )


def test_the_number_enrolled_comes_from_the_caller_or_the_report() -> None:
    report = RoomReport(machines=(machine(user_agent=FIREFOX_128),))
    with pytest.raises(InvalidInputError) as refused:
        check_room(report, session_date=dt.date(2025, 9, 1), releases=RELEASES)
    assert refused.value.code == "FIELD_REQUIRED" and refused.value.meta["field"] == "enrolled"
    both = RoomReport(enrolled=5, machines=report.machines)
    judged = check_room(both, session_date=dt.date(2025, 9, 1), releases=RELEASES, enrolled=1)
    assert (judged.enrolled, judged.ready) == (1, True)


def test_the_room_s_computers_are_numbered_from_one_declared_ones_first(engine: Engine) -> None:
    """docs/readiness.md: computers numbered from 1, declared ones first, then the
    technical tests; each failure names its computer; the verdict names the release data
    it judged by (the CLI prints it)."""
    report = RoomReport(
        enrolled=3,
        machines=(machine(user_agent=FIREFOX_128, label="A"),
                  machine(user_agent=FIREFOX_128, label="B", office_suite=False)),
        technical_tests=(TechnicalTestResult(user_agent=FIREFOX_128, connected=True,
                                             office_suite=True),),
    )  # fmt: skip
    verdict = check_room(report, session_date=dt.date(2025, 9, 1), releases=RELEASES,
                         engine=engine)  # fmt: skip
    assert [(m.machine, m.label, m.technical_test) for m in verdict.machines] == [
        (1, "A", False), (2, "B", False), (3, None, True),
    ]  # fmt: skip
    assert [(r.code, dict(r.meta)) for r in verdict.machines[1].failures] == [
        ("READINESS_NO_OFFICE_SUITE", {"machine": 2}),
    ]
    assert [(r.code, dict(r.meta)) for r in verdict.machines[2].failures] == [
        ("READINESS_NO_PDF_READER", {"machine": 3}),
        ("READINESS_DOWNLOAD_NOT_WRITABLE", {"machine": 3}),
    ]
    assert RELEASES.package in verdict.source and RELEASES.version in verdict.source


def test_a_room_report_is_bounded() -> None:
    one = {**READY, "user_agent": "x"}
    with pytest.raises(ValueError, match="READINESS_TOO_MANY_MACHINES"):
        RoomReport.model_validate({"machines": [one] * 300, "technical_tests": [
            {"connected": True, "office_suite": True}] * 201})  # fmt: skip
    with pytest.raises(ValueError, match="string_too_long"):
        MachineReport.model_validate({**READY, "user_agent": "a" * 1025})


# -------------------------------------------------------------- the technical test


def test_a_technical_test_becomes_a_machine_verdict(engine: Engine) -> None:
    passed = TechnicalTestResult(
        user_agent=FIREFOX_128, connected=True, office_suite=True,
        download_text=TEST_FILE_TEXT.replace("\n", "\r\n"), pdf_code=f" {TEST_PDF_CODE.lower()} ",
    )  # fmt: skip
    verdict = technical_test_verdict(passed, session_date=dt.date(2025, 9, 1), releases=RELEASES,
                                     engine=engine)  # fmt: skip
    assert verdict.ready and verdict.technical_test
    no_pdf = passed.model_copy(update={"pdf_code": None})
    wrong = passed.model_copy(update={"pdf_code": "K7P5", "download_text": "autre chose"})
    for result, expected in (
        (no_pdf, ["READINESS_NO_PDF_READER"]),
        (wrong, ["READINESS_NO_PDF_READER", "READINESS_DOWNLOAD_NOT_WRITABLE"]),
    ):
        judged = technical_test_verdict(result, session_date=dt.date(2025, 9, 1),
                                        releases=RELEASES, engine=engine)  # fmt: skip
        assert [reason.code for reason in judged.failures] == expected


def test_both_engines_give_the_same_room_verdict(engine: Engine) -> None:
    report = RoomReport(
        enrolled=4,
        machines=(machine(user_agent=FIREFOX_128), machine(user_agent=VIVALDI, connected=False),
                  machine(browser="chrome", browser_version="999")),
        technical_tests=(TechnicalTestResult(user_agent=FIREFOX_128, connected=True,
                                             office_suite=False),),
    )  # fmt: skip
    day = dt.date(2031, 1, 1)
    mine = check_room(report, session_date=day, releases=RELEASES, engine=engine)
    reference = check_room(report, session_date=day, releases=RELEASES)
    assert mine == reference
    assert [len(m.failures) for m in mine.machines] == [1, 2, 1, 4]


@given(
    user_agent=st.text(max_size=1024),
    header=st.text(max_size=200),
    brands=st.lists(st.tuples(st.text(max_size=100), st.text(max_size=100)), max_size=4),
    mobile=st.none() | st.booleans(),
)
def test_any_browser_description_is_judged_without_raising(
    user_agent: str, header: str, brands: list[tuple[str, str]], mobile: bool | None
) -> None:
    """Fail closed: whatever a page or a report sends, a verdict (maybe unknown), no crash."""
    report = machine(
        user_agent=user_agent, client_hints_header=header, mobile=mobile,
        client_hints=[{"brand": b, "version": v} for b, v in brands],
    )  # fmt: skip
    verdict = check_machine(report, session_date=dt.date(2026, 3, 12), releases=RELEASES)
    assert all(reason.code.startswith("READINESS_BROWSER_") for reason in verdict.failures)
    assert len(verdict.failures) <= 1
