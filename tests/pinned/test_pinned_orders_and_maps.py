"""Orders of collected errors, exclusions between rows and the browser-family map.

Written against the table mutator's survivors (docs/mutation.md): each expectation comes
from the rule's source — rules.md §8.2 and D4 for issue reports, docs/readiness.md for
the order of a computer's failures, ua-parser's family names and MDN's browser ids for
the user-agent map — never from the tables.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pixcore import (
    CandidateDataError,
    IssueReportError,
    Referential,
    validate_candidate,
    validate_issue_report,
)
from pixcore.models.readiness import Brand, MachineReport
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.birth_place import BirthPlaceInput, check_birth_place
from pixcore.rules.engine import outcomes
from pixcore.rules.readiness import MACHINE_READINESS, check_machine
from pixcore.rules.user_agent import identify_browser

RELEASES = BrowserReleases.load()


def refusal(data: dict[str, object], filed_by: str = "invigilator") -> list[str]:
    with pytest.raises(IssueReportError) as caught:
        validate_issue_report(data, filed_by=filed_by, certification_numbers={7})
    return [detail.code for detail in caught.value.errors]


@pytest.mark.parametrize("category", ["TECHNICAL_PROBLEM", "OTHER", "LATE_OR_LEAVING"])
@pytest.mark.parametrize("subcategory", ["LINK_NOT_WORKING", "OTHER", "LEFT_EXAM_ROOM"])
def test_a_deprecated_category_is_refused_once_whatever_its_subcategory(
    category: str, subcategory: str
) -> None:
    """§8.2: the deprecated category's own error, not the subcategory's as well."""
    data = {"certification_number": 7, "category": category, "subcategory": subcategory,
            "description": "Constaté en salle."}  # fmt: skip
    assert refusal(data) == ["DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY"]


def test_a_deprecated_subcategory_comes_before_the_author() -> None:
    """D4's order: what the report says is refused before who filed it."""
    data = {"certification_number": 7, "category": "IN_CHALLENGE", "question_number": 2,
            "subcategory": "LINK_NOT_WORKING", "description": "Lien mort."}  # fmt: skip
    assert refusal(data, filed_by="candidate") == [
        "DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY",
        "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR",
    ]


def test_a_certification_outside_the_session_comes_before_a_deprecated_category() -> None:
    """Every error at once, in pixcore's order: D4's checks (which certification) before
    §8.2's (deprecated wording); the first error is the one a host shows."""
    data = {"certification_number": 8, "category": "TECHNICAL_PROBLEM",
            "description": "Constaté en salle."}  # fmt: skip
    assert refusal(data) == [
        "ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION",
        "DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY",
    ]


READINESS_ORDER = (  # docs/readiness.md, MACHINE_READINESS: the order a host lists them in
    "READINESS_NOT_CONNECTED",
    "READINESS_BROWSER_RELEASE_UNKNOWN",
    "READINESS_NO_OFFICE_SUITE",
    "READINESS_NO_PDF_READER",
    "READINESS_DOWNLOAD_NOT_WRITABLE",
)


def test_a_computer_s_failures_come_in_the_documented_order() -> None:
    """Every failure at once (an undatable browser: youngest age 1, oldest 3)."""
    facts = {"connected": False, "browser": "known", "browser_min_age": 1,
             "browser_max_age": 3, "office_suite": False, "pdf_reader": False,
             "download_writable": False}  # fmt: skip
    assert outcomes(MACHINE_READINESS, facts) == READINESS_ORDER
    facts["browser_min_age"] = 2
    assert outcomes(MACHINE_READINESS, facts)[:2] == (
        "READINESS_NOT_CONNECTED",
        "READINESS_BROWSER_TOO_OLD",
    )


ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
USER_AGENTS = {  # ua-parser family → MDN browser-compat-data id
    "Firefox Mobile": ("Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0",
                       "firefox_android"),
    "Chromium": ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                 "Chromium/120.0.6099.109 Chrome/120.0.6099.109 Safari/537.36", "chrome"),
    "HeadlessChrome": ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "HeadlessChrome/120.0.6099.109 Safari/537.36", "chrome"),
    "Chrome Mobile WebView": (ANDROID + "Version/4.0 Chrome/120.0.6099.109 Mobile Safari/537.36 wv",
                              "webview_android"),
    "Chrome": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0.6099.109 Safari/537.36", "chrome"),
}  # fmt: skip


@pytest.mark.parametrize("family", USER_AGENTS)
def test_each_browser_family_is_dated_as_its_browser(family: str) -> None:
    user_agent, browser = USER_AGENTS[family]
    found = identify_browser(RELEASES, user_agent=user_agent)
    assert found is not None, family
    assert (found.browser, found.source) == (browser, "user_agent")


def test_a_machine_verdict_names_its_computer() -> None:
    """BEF-9 lists each computer by its rank and its label."""
    report = MachineReport.model_validate({
        "label": "PC-7", "user_agent": USER_AGENTS["Chrome"][0], "office_suite": True,
        "pdf_reader": True, "download_writable": True, "connected": True,
    })  # fmt: skip
    verdict = check_machine(report, session_date=dt.date(2025, 3, 1), releases=RELEASES, machine=4)
    assert (verdict.machine, verdict.label, verdict.ready) == (4, "PC-7", True)


@pytest.mark.parametrize("department", ["75", "13"])
def test_both_paths_to_a_french_birth_place_are_one_refusal(department: str) -> None:
    """rules.md: the INSEE code *or* the postal code and city; given both, the place is not
    resolved, so its department cannot be judged either: one error only."""
    given = BirthPlaceInput(country="FRANCE", insee_code="75056", postal_code="75001",
                            city="Paris", department_code=department)  # fmt: skip
    errors = check_birth_place(given, referential=Referential.load())
    assert [e.code for e in errors] == [
        "CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED"
    ]


@pytest.mark.parametrize(
    ("brand", "mobile", "browser"),
    [("Google Chrome", False, "chrome"), ("Google Chrome", True, "chrome_android"),
     ("Opera", False, "opera"), ("Opera", True, "opera_android")],
)  # fmt: skip
def test_a_browser_brand_is_its_browser_on_its_own(brand: str, mobile: bool, browser: str) -> None:
    """Client hints: the brands "Google Chrome" and "Opera" are those browsers (desktop
    or Android, MDN's ids), even when no "Chromium" brand comes with them to fall back on."""
    version = "120.0.6099.109" if brand == "Google Chrome" else "105.0.4970.16"
    hints = (Brand(brand="Not_A Brand", version="8.0.0.0"), Brand(brand=brand, version=version))
    found = identify_browser(RELEASES, client_hints=hints, mobile=mobile)
    assert found is not None
    assert (found.browser, found.source) == (browser, "client_hints")


def test_the_technical_test_page_links_the_pdf_it_serves() -> None:
    """docs/readiness.md: the page offers ``pixcore-test-pdf.pdf`` (the code K7P4), served
    under the name the page links."""
    from pixcore.host.technical_test import asset
    from pixcore.rules.technical_test import TEST_PDF_CODE, TEST_PDF_NAME

    html = asset("index.html").decode("utf-8")
    assert 'href="pixcore-test-pdf.pdf"' in html
    assert f"Code : {TEST_PDF_CODE}".encode() in asset(TEST_PDF_NAME)


# ------------------------------------------------ the order of collected errors (M5)
# docs/decisions.md M5: unknown keys, then the fields in rules.md §3.2's order with the
# birth name first (as on the import file, §3.6, and the enrolment form), then the extra
# time (D2), then the birth place (§3.5, checked after the fields, §3.4); a report's
# errors follow §8.1's fields, then the certification it names (D4), then §8.2, then the
# author (D4).


def test_every_field_of_a_candidate_is_refused_in_the_order_of_the_form() -> None:
    """One error per field, every field broken at once, in M5's order."""
    data = {
        "surnom": "Lulu", "last_name": "Du\u200bbois", "sex": "X", "birth_date": "02/01/2010",
        "email": "lea.dubois", "result_recipient_email": "prof@", "external_id": 12,
        "billing_mode": "FREE", "extra_time": "beaucoup", "birth_country": "France",
        "birth_insee_code": "75056", "birth_department_code": "13",
    }  # fmt: skip
    with pytest.raises(CandidateDataError) as caught:
        validate_candidate(data, referential=Referential.load())
    found = [(e.code, e.field, dict(e.meta)) for e in caught.value.errors]
    assert found == [
        ("FIELD_NOT_ALLOWED", "surnom", {}),
        ("CANDIDATE_LAST_NAME_CHARACTER_NOT_VALID", "last_name", {}),
        ("CANDIDATE_FIRST_NAME_REQUIRED", "first_name", {}),
        ("CANDIDATE_SEX_NOT_VALID", "sex", {}),
        ("CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID", "birth_date", {"expected": "AAAA-MM-JJ"}),
        ("CANDIDATE_EMAIL_NOT_VALID", "email", {}),
        ("CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID", "result_recipient_email", {}),
        ("CANDIDATE_EXTERNAL_ID_MUST_BE_A_STRING", "external_id", {}),
        ("CANDIDATE_BILLING_MODE_MUST_BE_EMPTY", "billing_mode", {}),
        ("CANDIDATE_EXTRA_TIME_INTEGER", "extra_time", {}),
        ("CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID", "birth_place", {}),
    ]
    assert (caught.value.code, dict(caught.value.meta)) == ("CANDIDATE_DATA_INVALID",
                                                            {"count": len(found)})  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # the birth name's last error before the first name's first one
        ({"last_name": "Du\u00a0bois", "first_name": None},
         [("CANDIDATE_LAST_NAME_CHARACTER_NOT_VALID", "last_name"),
          ("CANDIDATE_FIRST_NAME_REQUIRED", "first_name")]),
        # §3.2: the e-mails, then the local identifier
        ({"result_recipient_email": "prof@@lycee.fr", "external_id": ["A12"]},
         [("CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID", "result_recipient_email"),
          ("CANDIDATE_EXTERNAL_ID_MUST_BE_A_STRING", "external_id")]),
    ],
)  # fmt: skip
def test_two_neighbouring_fields_are_refused_in_the_order_of_the_form(
    changes: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    data = {"last_name": "Dubois", "first_name": "Léa", "sex": "F", "birth_date": "2010-01-02",
            "birth_country": "France", "birth_insee_code": "75056", **changes}  # fmt: skip
    with pytest.raises(CandidateDataError) as caught:
        validate_candidate(data, referential=Referential.load())
    assert [(e.code, e.field, dict(e.meta)) for e in caught.value.errors] == [
        (code, field, {}) for code, field in expected
    ]


def test_a_report_s_errors_come_in_the_order_of_its_fields() -> None:
    """M5: §8.1's fields (subcategory, question number, description), then the
    certification named (D4), then the author (D4); the error's own code is the schema's
    (decision 13)."""
    data = {"category": "IN_CHALLENGE", "subcategory": "NAME_OR_BIRTHDATE",
            "description": "x" * 501}  # fmt: skip
    with pytest.raises(IssueReportError) as caught:
        validate_issue_report(data, filed_by="candidate", certification_numbers={7})
    assert caught.value.code == "INVALID_CERTIFICATION_ISSUE_REPORT"
    assert [(e.code, e.field, dict(e.meta)) for e in caught.value.errors] == [
        ("ISSUE_REPORT_SUBCATEGORY_NOT_VALID", None, {}),
        ("ISSUE_REPORT_QUESTION_NUMBER_REQUIRED", None, {}),
        ("ISSUE_REPORT_DESCRIPTION_TOO_LONG", None, {}),
        ("ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED", None, {}),
        ("ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR", None, {}),
    ]


def test_a_description_too_long_comes_before_a_missing_certification() -> None:
    """The two schema errors of a C4 report, alone: the form's description, then the
    certification the report names (M5)."""
    data = {"category": "SIGNATURE_ISSUE", "description": "Signé sur la mauvaise ligne. " * 20}
    with pytest.raises(IssueReportError) as caught:
        validate_issue_report(data, filed_by="referent")
    assert caught.value.code == "INVALID_CERTIFICATION_ISSUE_REPORT"
    assert [e.code for e in caught.value.errors] == [
        "ISSUE_REPORT_DESCRIPTION_TOO_LONG",
        "ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED",
    ]


@pytest.mark.parametrize("insee_code", ["75056", "00000"])
def test_an_insee_code_with_a_city_is_one_refusal_whether_the_code_exists(insee_code: str) -> None:
    """rules.md §3.5 case 5: the INSEE code and a city is "one or the other" refused; the
    INSEE path (5a, the code looked up) is taken only for the code alone."""
    given = BirthPlaceInput(country="France", insee_code=insee_code, city="Paris")
    errors = check_birth_place(given, referential=Referential.load())
    assert [(e.code, e.field) for e in errors] == [
        ("CANDIDATE_BIRTH_INSEE_CODE_OR_BIRTH_POSTAL_CODE_AND_BIRTH_CITY_REQUIRED", "birth_place")
    ]
