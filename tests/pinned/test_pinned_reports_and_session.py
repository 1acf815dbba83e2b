"""D4, D5, D6 (publication) and D7/D8 pinned to ``rules.md``, codes and order included.

Expected values come from the rule text: the category list and short codes of D4 and
§8.1, isImpactful of §8.3, the deprecated lists of §8.2, the finalisation checks in
D5's order, the publishability reasons and publication refusals of D6 / §11, access
and identity matching of D7 / D8. Each refusal is checked with its code.
"""

from __future__ import annotations

import itertools

import pytest

from pixcore import ConflictError, IssueReportError, NotFoundError
from pixcore.rules.access_code import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    SESSION_ACCESS,
    generate_access_code,
)
from pixcore.rules.engine import first_outcome, outcomes
from pixcore.rules.finalisation import FINALISATION, MAX_COMMENT_LENGTH
from pixcore.rules.identity import IDENTITY_MATCH, MATCH_RESOLUTION, find_candidate
from pixcore.rules.issue_reports import IMPACT, validate_issue_report
from pixcore.rules.publication import PUBLICATION, PUBLISHABILITY

# ---------------------------------------------------------------- D4 / §8.1 codes

CODES = {  # rules.md D4 table and §8.1
    ("CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE"): ("C1", True),
    ("CANDIDATE_INFORMATIONS_CHANGES", "EXTRA_TIME_PERCENTAGE"): ("C2", False),
    ("SIGNATURE_ISSUE", None): ("C4", False),
    ("FRAUD", None): ("C6", True),
    ("NON_BLOCKING_TECHNICAL_ISSUE", None): ("C7", False),
    ("NON_BLOCKING_CANDIDATE_ISSUE", None): ("C8", False),
    ("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING"): ("E1", True),
    ("IN_CHALLENGE", "EMBED_NOT_WORKING"): ("E2", True),
    ("IN_CHALLENGE", "FILE_NOT_OPENING"): ("E3", True),
    ("IN_CHALLENGE", "WEBSITE_UNAVAILABLE"): ("E4", True),
    ("IN_CHALLENGE", "WEBSITE_BLOCKED"): ("E5", True),
    ("IN_CHALLENGE", "EXTRA_TIME_EXCEEDED"): ("E8", True),
    ("IN_CHALLENGE", "SOFTWARE_NOT_WORKING"): ("E9", True),
    ("IN_CHALLENGE", "UNINTENTIONAL_FOCUS_OUT"): ("E10", True),
    ("IN_CHALLENGE", "SKIP_ON_OOPS"): ("E11", True),
    ("IN_CHALLENGE", "ACCESSIBILITY_ISSUE"): ("E12", True),
}


def report(category: str, subcategory: str | None = None, **fields: object) -> dict[str, object]:
    data: dict[str, object] = {"certification_number": 7, "category": category,
                               "subcategory": subcategory, "description": "Constaté en salle."}  # fmt: skip
    if category == "IN_CHALLENGE":
        data["question_number"] = 3
    return {**data, **fields}


@pytest.mark.parametrize(("key", "expected"), CODES.items(), ids=lambda v: str(v))
@pytest.mark.parametrize("author", ["invigilator", "referent"])
def test_each_current_category(
    key: tuple[str, str | None], expected: tuple[str, bool], author: str
) -> None:
    """Every current category is accepted, with its short code and its impact."""
    category, subcategory = key
    accepted = validate_issue_report(report(category, subcategory), filed_by=author,
                                     certification_numbers={7, 8})  # fmt: skip
    assert (accepted.code, accepted.impactful) == expected
    assert accepted.category == category and accepted.subcategory == subcategory
    assert accepted.question_number == (3 if category == "IN_CHALLENGE" else None)
    assert accepted.filed_by == author and accepted.certification_number == 7


def test_fraud_needs_no_description_and_keeps_its_attachment() -> None:
    """C6: description not required; the PV d'incident reference is kept."""
    accepted = validate_issue_report(
        {"certification_number": 7, "category": "FRAUD", "incident_report_attachment": " pv.pdf "},
        filed_by="invigilator",
    )
    assert accepted.description is None and accepted.incident_report_attachment == "pv.pdf"


def test_subcategory_forced_null_where_there_is_none() -> None:
    """§8.3: the subcategory is forced null for C4, C7, C8 (and FRAUD)."""
    for category in (
        "SIGNATURE_ISSUE",
        "NON_BLOCKING_TECHNICAL_ISSUE",
        "NON_BLOCKING_CANDIDATE_ISSUE",
    ):
        accepted = validate_issue_report(
            report(category, "IMAGE_NOT_DISPLAYING"), filed_by="invigilator"
        )
        assert accepted.subcategory is None


def refusal(data: dict[str, object], filed_by: str = "invigilator") -> tuple[str, list[str]]:
    with pytest.raises(IssueReportError) as caught:
        validate_issue_report(data, filed_by=filed_by, certification_numbers={7})
    return caught.value.code, [detail.code for detail in caught.value.errors]


INVALID = "INVALID_CERTIFICATION_ISSUE_REPORT"


@pytest.mark.parametrize(
    ("data", "codes"),
    [
        (report("NOPE"), ["ISSUE_REPORT_CATEGORY_UNKNOWN"]),
        (report("CANDIDATE_INFORMATIONS_CHANGES"), ["ISSUE_REPORT_SUBCATEGORY_NOT_VALID"]),
        (report("IN_CHALLENGE", "NOPE"), ["ISSUE_REPORT_SUBCATEGORY_NOT_VALID"]),
        (
            report("CANDIDATE_INFORMATIONS_CHANGES", "IMAGE_NOT_DISPLAYING"),
            ["ISSUE_REPORT_SUBCATEGORY_NOT_VALID"],
        ),
        (
            report("IN_CHALLENGE", "SKIP_ON_OOPS", question_number=None),
            ["ISSUE_REPORT_QUESTION_NUMBER_REQUIRED"],
        ),
        (
            report("IN_CHALLENGE", "SKIP_ON_OOPS", question_number=0),
            ["ISSUE_REPORT_QUESTION_NUMBER_OUT_OF_RANGE"],
        ),
        (
            report("IN_CHALLENGE", "SKIP_ON_OOPS", question_number=501),
            ["ISSUE_REPORT_QUESTION_NUMBER_OUT_OF_RANGE"],
        ),
        (
            report("IN_CHALLENGE", "SKIP_ON_OOPS", description="  "),
            ["ISSUE_REPORT_DESCRIPTION_REQUIRED"],
        ),
        (report("SIGNATURE_ISSUE", description=None), ["ISSUE_REPORT_DESCRIPTION_REQUIRED"]),
        (report("FRAUD", description="x" * 501), ["ISSUE_REPORT_DESCRIPTION_TOO_LONG"]),
        (
            report("FRAUD", certification_number=None),
            ["ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED"],
        ),
        (report("FRAUD", certification_number=0), ["ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED"]),
        (report("FRAUD", certification_number=8), ["ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION"]),
    ],
)
def test_schema_errors(data: dict[str, object], codes: list[str]) -> None:
    """Each schema rule alone, with its own code; the error is Pix's invalid report."""
    assert refusal(data) == (INVALID, codes)


@pytest.mark.parametrize(
    "category", ["TECHNICAL_PROBLEM", "OTHER", "LATE_OR_LEAVING", "CONNECTION_OR_END_SCREEN"]
)
def test_deprecated_categories(category: str) -> None:
    """§8.2: each deprecated category has its own error."""
    code = "DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY"
    assert refusal(report(category)) == (code, [code])


@pytest.mark.parametrize("subcategory", ["LINK_NOT_WORKING", "OTHER", "LEFT_EXAM_ROOM"])
def test_deprecated_subcategories(subcategory: str) -> None:
    """§8.2: each deprecated subcategory has its own error, on a current category."""
    code = "DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY"
    assert refusal(report("IN_CHALLENGE", subcategory)) == (code, [code])
    assert refusal(report("FRAUD", subcategory)) == (code, [code])


def test_question_number_edges_and_description_length() -> None:
    """1 and 500 accepted (§8.3), a 500-character description too; 501 is too long."""
    for number in (1, 500, "12"):
        accepted = validate_issue_report(
            report("IN_CHALLENGE", "SKIP_ON_OOPS", question_number=number), filed_by="invigilator"
        )
        assert accepted.question_number == int(number)
    assert validate_issue_report(report("FRAUD", description="x" * 500), filed_by="invigilator")
    assert refusal(report("IN_CHALLENGE", "SKIP_ON_OOPS", question_number=True))[1] == [
        "ISSUE_REPORT_QUESTION_NUMBER_OUT_OF_RANGE"
    ]


def test_a_report_keeps_its_description() -> None:
    """The report holds the invigilator's text; a blank one is no description (rules.md
    §8.3: blank counts as missing)."""
    described = report("SIGNATURE_ISSUE", description="Signature absente, élève 3.")
    accepted = validate_issue_report(described, filed_by="invigilator")
    assert accepted.description == "Signature absente, élève 3."
    blank = report("FRAUD", description="   ")
    assert validate_issue_report(blank, filed_by="invigilator").description is None


def test_only_the_invigilator_counts_and_schema_errors_come_first() -> None:
    """D4 seed rule; every broken rule listed, Pix's schema error first."""
    own = "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR"
    assert refusal(report("FRAUD"), filed_by="candidate") == (own, [own])
    assert refusal(report("OTHER"), filed_by="candidate") == (
        "DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY",
        ["DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY", own],
    )
    assert refusal(report("NOPE", description=None), filed_by="candidate") == (
        INVALID, ["ISSUE_REPORT_CATEGORY_UNKNOWN", own]
    )  # fmt: skip
    code, codes = refusal(
        report("IN_CHALLENGE", "LINK_NOT_WORKING", question_number=None, description=None,
               certification_number=None), filed_by="other")  # fmt: skip
    assert code == INVALID
    assert codes == [
        "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED", "ISSUE_REPORT_DESCRIPTION_REQUIRED",
        "ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED",
        "DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY", own,
    ]  # fmt: skip


IMPACTFUL_CATEGORIES = {"TECHNICAL_PROBLEM", "OTHER", "FRAUD"}  # §8.3
IMPACTFUL_SUBCATEGORIES = {
    "NAME_OR_BIRTHDATE", "IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING", "FILE_NOT_OPENING",
    "WEBSITE_UNAVAILABLE", "WEBSITE_BLOCKED", "LINK_NOT_WORKING", "OTHER", "EXTRA_TIME_EXCEEDED",
    "SOFTWARE_NOT_WORKING", "UNINTENTIONAL_FOCUS_OUT", "SKIP_ON_OOPS", "ACCESSIBILITY_ISSUE",
}  # fmt: skip


def test_impact_of_every_category_and_subcategory() -> None:
    """§8.3 isImpactful, legacy codes included."""
    categories = {k[0] for k in CODES} | IMPACTFUL_CATEGORIES | {"LATE_OR_LEAVING", ""}
    subcategories = (
        {k[1] or "" for k in CODES}
        | IMPACTFUL_SUBCATEGORIES
        | {"EXTRA_TIME_PERCENTAGE", "LEFT_EXAM_ROOM"}
    )
    for category, subcategory in itertools.product(sorted(categories), sorted(subcategories)):
        expected = category in IMPACTFUL_CATEGORIES or subcategory in IMPACTFUL_SUBCATEGORIES
        outcome = first_outcome(IMPACT, {"category": category, "subcategory": subcategory})
        assert outcome == ("impactful" if expected else "not_impactful"), (category, subcategory)


# ---------------------------------------------------------------- D5

FINALISATION_ORDER = (  # rules.md D5 (Pix §9 first, then pixcore's checks), with their facts
    ("already_finalised", True, "SESSION_ALREADY_FINALIZED"),
    ("started", 0, "SESSION_WITHOUT_STARTED_CERTIFICATION"),
    ("unknown_certifications", 1, "FINALISATION_UNKNOWN_CERTIFICATION"),
    ("missing_abort_reasons", 1, "UNTERMINATED_CERTIFICATION_WITHOUT_ABORT_REASON"),
    (
        "abort_reasons_on_completed",
        1,
        "SESSION_WITH_ABORT_REASON_ON_COMPLETED_CERTIFICATION_COURSE",
    ),
    ("comment_length", MAX_COMMENT_LENGTH + 1, "FINALISATION_COMMENT_TOO_LONG"),
    ("flags_given", False, "FINALISATION_FLAGS_REQUIRED"),
    ("pv_scan_given", False, "FINALISATION_PV_SCAN_REQUIRED"),
    ("fraud_without_incident_report", 1, "FRAUD_REPORT_WITHOUT_INCIDENT_REPORT"),
)
FINE = {"already_finalised": False, "started": 1, "unknown_certifications": 0,
        "missing_abort_reasons": 0, "abort_reasons_on_completed": 0, "comment_length": 500,
        "flags_given": True, "pv_scan_given": True, "fraud_without_incident_report": 0}  # fmt: skip


def test_finalisation_checks_in_order() -> None:
    """Every subset of failing checks: the first one in D5's order is the answer."""
    assert MAX_COMMENT_LENGTH == 500
    assert first_outcome(FINALISATION, FINE) == "accepted"
    assert first_outcome(FINALISATION, {**FINE, "comment_length": 0, "started": 40}) == "accepted"
    for failing in itertools.product((False, True), repeat=len(FINALISATION_ORDER)):
        facts = dict(FINE)
        for (name, value, _), fails in zip(FINALISATION_ORDER, failing, strict=True):
            if fails:
                facts[name] = value
        expected = next(
            (code for (_, _, code), f in zip(FINALISATION_ORDER, failing, strict=True) if f),
            "accepted",
        )
        assert first_outcome(FINALISATION, facts) == expected, facts


# ---------------------------------------------------------------- D6 / §11

PUBLISHABILITY_REASONS = (  # §11.1 and D6, in the order they are reported
    ("has_comment", True, "GLOBAL_COMMENT"),
    ("unresolved_impactful_reports", 1, "UNRESOLVED_IMPACTFUL_REPORT"),
    ("in_error", 1, "CERTIFICATION_IN_ERROR"),
    ("without_result", 1, "CERTIFICATION_WITHOUT_RESULT"),
    ("pending_end_screen", 1, "END_SCREEN_REVIEW_PENDING"),
    ("jury_assigned", True, "JURY_MEMBER_ASSIGNED"),
)


def test_every_reason_not_to_publish_automatically() -> None:
    """Each subset of reasons: exactly those reasons, in order; none → publishable."""
    clean = {"has_comment": False, "unresolved_impactful_reports": 0, "in_error": 0,
             "without_result": 0, "pending_end_screen": 0, "jury_assigned": False}  # fmt: skip
    for chosen in itertools.product((False, True), repeat=len(PUBLISHABILITY_REASONS)):
        facts = dict(clean)
        for (name, value, _), on in zip(PUBLISHABILITY_REASONS, chosen, strict=True):
            if on:
                facts[name] = value
        expected = tuple(
            code for (_, _, code), on in zip(PUBLISHABILITY_REASONS, chosen, strict=True) if on
        )
        assert outcomes(PUBLISHABILITY, facts) == expected


PUBLICATION_ORDER = (  # §11.2, D6, pixcore's pending end-screen proposal last
    ("finalised", False, "SESSION_NOT_FINALIZED"),
    ("published", True, "SESSION_ALREADY_PUBLISHED"),
    ("in_error", 1, "CERTIFICATION_COURSE_NOT_PUBLISHABLE"),
    ("without_result", 1, "CERTIFICATION_COURSE_NOT_PUBLISHABLE"),
    ("pending_end_screen", 1, "END_SCREEN_REVIEW_PENDING"),
)


def test_publication_refusals_in_order() -> None:
    clean = {"finalised": True, "published": False, "in_error": 0, "without_result": 0,
             "pending_end_screen": 0}  # fmt: skip
    for failing in itertools.product((False, True), repeat=len(PUBLICATION_ORDER)):
        facts = dict(clean)
        for (name, value, _), fails in zip(PUBLICATION_ORDER, failing, strict=True):
            if fails:
                facts[name] = value
        expected = next(
            (code for (_, _, code), f in zip(PUBLICATION_ORDER, failing, strict=True) if f),
            "accepted",
        )
        assert first_outcome(PUBLICATION, facts) == expected, facts


# ---------------------------------------------------------------- D7 / D8


def test_access_needs_both_the_number_and_the_code() -> None:
    for number_ok, code_ok in itertools.product((False, True), repeat=2):
        facts = {"session_number_matches": number_ok, "access_code_matches": code_ok}
        expected = "granted" if number_ok and code_ok else "SESSION_NOT_FOUND"
        assert first_outcome(SESSION_ACCESS, facts) == expected


def test_access_code_alphabet() -> None:
    """D7: 4 letters from BCDFGHJKMPQRTVWXY, then 2 digits from 2346789."""
    assert ACCESS_CODE_LETTERS == "BCDFGHJKMPQRTVWXY" and ACCESS_CODE_DIGITS == "2346789"
    draws = iter([0, 16, 5, 8, 0, 6])
    assert generate_access_code(lambda n: next(draws)) == "BYHM29"
    seen: list[int] = []
    generate_access_code(lambda n: seen.append(n) or 0)  # type: ignore[func-returns-value]
    assert seen == [17, 17, 17, 17, 7, 7]


def test_identity_needs_all_three() -> None:
    names = ("last_name_equal", "first_name_equal", "birth_date_equal")
    for values in itertools.product((False, True), repeat=3):
        expected = "match" if all(values) else "no_match"
        assert first_outcome(IDENTITY_MATCH, dict(zip(names, values, strict=True))) == expected


def test_exactly_one_match_is_needed() -> None:
    assert first_outcome(MATCH_RESOLUTION, {"match_count": 0}) == "CANDIDATE_NOT_FOUND"
    assert first_outcome(MATCH_RESOLUTION, {"match_count": 1}) == "found"
    for count in (2, 3):
        assert (
            first_outcome(MATCH_RESOLUTION, {"match_count": count}) == "CANDIDATE_TOO_MANY_MATCHES"
        )


class Person:
    def __init__(self, first: str, last: str) -> None:
        import datetime as dt

        self.first_name, self.last_name, self.birth_date = first, last, dt.date(2010, 1, 2)


def test_find_candidate_errors_carry_their_code_and_count() -> None:
    import datetime as dt

    born = dt.date(2010, 1, 2)
    twins = [Person("Zoé", "Martin"), Person("Zoe", "MARTIN")]
    with pytest.raises(NotFoundError) as missing:
        find_candidate(twins, "Léa", "Martin", born)
    assert missing.value.code == "CANDIDATE_NOT_FOUND"
    with pytest.raises(ConflictError) as several:
        find_candidate(twins, "Zoe", "Martin", born)
    assert (several.value.code, dict(several.value.meta)) == (
        "CANDIDATE_TOO_MANY_MATCHES",
        {"count": 2},
    )
    assert find_candidate(twins[:1], "ZOE", " martin", born) is twins[0]
