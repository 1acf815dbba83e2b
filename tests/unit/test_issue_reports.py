"""D4 incident reports (§13 cases 36–39; P14–P16)."""

from __future__ import annotations

from typing import Any

import pytest

from pixcore import IssueReportError, validate_issue_report
from pixcore.rules import Engine
from pixcore.rules.issue_reports import CATEGORIES, REPORT_VALIDITY, report_facts


def report(**fields: Any) -> dict[str, Any]:
    return {"certification_number": 12, "description": "La page reste blanche.", **fields}


def codes_of(error: IssueReportError) -> list[str]:
    return [detail.code for detail in error.errors]


class TestValidity:
    @pytest.mark.parametrize("question", [None, 0, 501, "x"])
    def test_case_36_question_number_range(self, engine: Engine, question: object) -> None:
        """IN_CHALLENGE without a question number, or 0, 501 → invalid."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                report(
                    category="IN_CHALLENGE",
                    subcategory="WEBSITE_UNAVAILABLE",
                    question_number=question,
                ),
                filed_by="invigilator",
                engine=engine,
            )
        assert excinfo.value.code == "INVALID_CERTIFICATION_ISSUE_REPORT"

    @pytest.mark.parametrize("question", [1, 500, "3"])
    def test_case_36_bounds_accepted(self, engine: Engine, question: object) -> None:
        """1 and 500 are accepted with a description."""
        result = validate_issue_report(
            report(
                category="IN_CHALLENGE", subcategory="WEBSITE_UNAVAILABLE", question_number=question
            ),
            filed_by="invigilator",
            engine=engine,
        )
        assert result.question_number == int(str(question))
        assert result.code == "E4"

    def test_p14_in_challenge_needs_a_description(self, engine: Engine) -> None:
        """E4 on question 3 with a blank description → invalid (pixcore D4)."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                report(
                    category="IN_CHALLENGE",
                    subcategory="WEBSITE_UNAVAILABLE",
                    question_number=3,
                    description="  ",
                ),
                filed_by="invigilator",
                engine=engine,
            )
        assert codes_of(excinfo.value) == ["ISSUE_REPORT_DESCRIPTION_REQUIRED"]

    def test_case_37_blank_description_then_text(self, engine: Engine) -> None:
        """C7 with "   " → invalid; with text → valid, subcategory forced null."""
        with pytest.raises(IssueReportError):
            validate_issue_report(
                report(category="NON_BLOCKING_TECHNICAL_ISSUE", description="   "),
                filed_by="invigilator",
                engine=engine,
            )
        result = validate_issue_report(
            report(
                category="NON_BLOCKING_TECHNICAL_ISSUE", subcategory="WHATEVER", question_number=4
            ),
            filed_by="invigilator",
            engine=engine,
        )
        assert (result.subcategory, result.question_number, result.code) == (None, None, "C7")

    @pytest.mark.parametrize(
        "category", ["OTHER", "LATE_OR_LEAVING", "TECHNICAL_PROBLEM", "CONNECTION_OR_END_SCREEN"]
    )
    def test_case_38_deprecated_categories(self, engine: Engine, category: str) -> None:
        """Deprecated categories are refused with their own code."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(report(category=category), filed_by="invigilator", engine=engine)
        assert excinfo.value.code == "DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY"

    def test_case_38_deprecated_subcategory(self, engine: Engine) -> None:
        """IN_CHALLENGE + LINK_NOT_WORKING → deprecated-subcategory error."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                report(category="IN_CHALLENGE", subcategory="LINK_NOT_WORKING", question_number=2),
                filed_by="invigilator",
                engine=engine,
            )
        assert excinfo.value.code == "DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY"
        assert codes_of(excinfo.value) == ["DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY"]

    def test_unknown_category(self, engine: Engine) -> None:
        """An unknown category is a schema error."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(report(category="BANANA"), filed_by="invigilator", engine=engine)
        assert codes_of(excinfo.value) == ["ISSUE_REPORT_CATEGORY_UNKNOWN"]

    def test_c1_needs_its_subcategory(self, engine: Engine) -> None:
        """CANDIDATE_INFORMATIONS_CHANGES needs NAME_OR_BIRTHDATE or EXTRA_TIME_PERCENTAGE."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                report(
                    category="CANDIDATE_INFORMATIONS_CHANGES", subcategory="IMAGE_NOT_DISPLAYING"
                ),
                filed_by="invigilator",
                engine=engine,
            )
        assert codes_of(excinfo.value) == ["ISSUE_REPORT_SUBCATEGORY_NOT_VALID"]

    def test_every_error_is_reported_at_once(self, engine: Engine) -> None:
        """Several broken rules → every code, schema family first."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                {"category": "IN_CHALLENGE", "subcategory": "NOPE"},
                filed_by="candidate",
                engine=engine,
            )
        assert excinfo.value.code == "INVALID_CERTIFICATION_ISSUE_REPORT"
        assert codes_of(excinfo.value) == [
            "ISSUE_REPORT_SUBCATEGORY_NOT_VALID",
            "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED",
            "ISSUE_REPORT_DESCRIPTION_REQUIRED",
            "ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED",
            "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR",
        ]

    def test_description_too_long(self) -> None:
        """More than 500 characters is refused."""
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                report(category="SIGNATURE_ISSUE", description="x" * 501), filed_by="invigilator"
            )
        assert codes_of(excinfo.value) == ["ISSUE_REPORT_DESCRIPTION_TOO_LONG"]


class TestAuthorAndCertification:
    def test_p16_only_the_invigilators_reports_count(self, engine: Engine) -> None:
        """A candidate's own report is refused; the referent's transcription is accepted."""
        data = report(category="SIGNATURE_ISSUE")
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(data, filed_by="candidate", engine=engine)
        assert excinfo.value.code == "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR"
        assert validate_issue_report(data, filed_by="referent", engine=engine).filed_by == (
            "referent"
        )

    def test_p15_certification_of_the_session(self, engine: Engine) -> None:
        """No certification number, or one of another session → invalid."""
        data = report(category="SIGNATURE_ISSUE")
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                data, filed_by="invigilator", certification_numbers={1, 2}, engine=engine
            )
        assert codes_of(excinfo.value) == ["ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION"]
        with pytest.raises(IssueReportError) as excinfo:
            validate_issue_report(
                {**data, "certification_number": None}, filed_by="invigilator", engine=engine
            )
        assert codes_of(excinfo.value) == ["ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED"]
        accepted = validate_issue_report(
            data, filed_by="invigilator", certification_numbers={12}, engine=engine
        )
        assert accepted.certification_number == 12

    def test_fraud_needs_its_incident_report(self, engine: Engine) -> None:
        """FRAUD is valid without a description; it flags a missing PV d'incident."""
        fraud = validate_issue_report(
            {"certification_number": 3, "category": "FRAUD"}, filed_by="invigilator", engine=engine
        )
        assert fraud.needs_incident_report is True
        attached = validate_issue_report(
            {
                "certification_number": 3,
                "category": "FRAUD",
                "incident_report_attachment": "pv.pdf",
            },
            filed_by="invigilator",
            engine=engine,
        )
        assert attached.needs_incident_report is False


class TestImpact:
    @pytest.mark.parametrize(
        ("category", "subcategory", "expected"),
        [
            ("FRAUD", None, True),
            ("CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE", True),
            ("CANDIDATE_INFORMATIONS_CHANGES", "EXTRA_TIME_PERCENTAGE", False),
            ("SIGNATURE_ISSUE", None, False),
            ("NON_BLOCKING_TECHNICAL_ISSUE", None, False),
            ("NON_BLOCKING_CANDIDATE_ISSUE", None, False),
        ],
    )
    def test_case_39(
        self, engine: Engine, category: str, subcategory: str | None, expected: bool
    ) -> None:
        """FRAUD and C1 impactful; C2, C4, C7, C8 not."""
        result = validate_issue_report(
            report(category=category, subcategory=subcategory),
            filed_by="invigilator",
            engine=engine,
        )
        assert result.impactful is expected

    @pytest.mark.parametrize("subcategory", sorted(CATEGORIES["IN_CHALLENGE"].subcategories))
    def test_case_39_every_e_code_is_impactful(self, engine: Engine, subcategory: str) -> None:
        """Every E code is impactful and carries its short code."""
        result = validate_issue_report(
            report(category="IN_CHALLENGE", subcategory=subcategory, question_number=1),
            filed_by="invigilator",
            engine=engine,
        )
        assert result.impactful is True
        assert result.code == CATEGORIES["IN_CHALLENGE"].subcategories[subcategory]


def test_the_facts_are_the_words_the_table_declares() -> None:
    """``report_facts`` (docs/engines.md) speaks the vocabulary declared beside
    :data:`REPORT_VALIDITY`'s facts, for a valid report and for a broken one."""
    valid = {"certification_number": 7, "category": "IN_CHALLENGE",
             "subcategory": "IMAGE_NOT_DISPLAYING", "question_number": "12",
             "description": "L'image de la question 12 ne s'affiche pas."}  # fmt: skip
    assert report_facts(valid, filed_by="referent", certification_numbers={7}) == {
        "category": "IN_CHALLENGE", "category_state": "current", "subcategory_state": "valid",
        "question_number_state": "in_range", "description_state": "present",
        "filed_by": "referent", "certification_state": "in_session",
    }  # fmt: skip
    broken = {"certification_number": 8, "category": "OTHER", "subcategory": "LEFT_EXAM_ROOM",
              "question_number": 501, "description": "x" * 501}  # fmt: skip
    assert report_facts(broken, filed_by="candidate", certification_numbers={7}) == {
        "category": "OTHER", "category_state": "deprecated", "subcategory_state": "deprecated",
        "question_number_state": "out_of_range", "description_state": "too_long",
        "filed_by": "other", "certification_state": "not_in_session",
    }  # fmt: skip
    unknown = {"category": "PANNE", "subcategory": "X", "description": "  "}
    assert report_facts(unknown, filed_by="invigilator", certification_numbers=None) == {
        "category": "PANNE", "category_state": "unknown", "subcategory_state": "none",
        "question_number_state": "none", "description_state": "blank",
        "filed_by": "invigilator", "certification_state": "missing",
    }  # fmt: skip
    assert report_facts(valid, filed_by="invigilator", certification_numbers=None)[
        "certification_state"] == "unchecked"  # fmt: skip
    assert set(report_facts(valid, filed_by="x", certification_numbers=None)) == set(
        REPORT_VALIDITY.facts
    )
