"""D4: a question number left empty is missing, not out of range.

``rules.md`` §8 (D4): an ``IN_CHALLENGE`` report "must give the question number"; a
number missing or outside 1–500 is a schema error. A form posts an empty field as
``""`` (or spaces only, typed by mistake): that is a number not given (``ISSUE_REPORT_QUESTION_NUMBER_REQUIRED``), the same
refusal as no key at all, never ``…_OUT_OF_RANGE``.
"""

from __future__ import annotations

import pytest

from pixcore import IssueReportError, validate_issue_report

IN_CHALLENGE = {"certification_number": 7, "category": "IN_CHALLENGE",
                "subcategory": "IMAGE_NOT_DISPLAYING",
                "description": "L'image ne s'affiche pas."}  # fmt: skip


@pytest.mark.parametrize(
    "question_number",
    ["", "   ", "\t\n", None, ...],
    ids=["empty", "spaces", "tab", "none", "absent"],
)
def test_an_empty_question_number_is_a_missing_one(question_number: object) -> None:
    data = dict(IN_CHALLENGE)
    if question_number is not ...:
        data["question_number"] = question_number
    with pytest.raises(IssueReportError) as caught:
        validate_issue_report(data, filed_by="invigilator", certification_numbers={7})
    assert caught.value.code == "INVALID_CERTIFICATION_ISSUE_REPORT"
    assert [(e.code, dict(e.meta)) for e in caught.value.errors] == [
        ("ISSUE_REPORT_QUESTION_NUMBER_REQUIRED", {})
    ]


def test_an_empty_question_number_is_dropped_where_none_is_asked() -> None:
    """Decision 14: a category without question number ignores the field."""
    report = validate_issue_report(
        {"certification_number": 7, "category": "FRAUD", "question_number": ""},
        filed_by="invigilator", certification_numbers={7},
    )  # fmt: skip
    assert (report.category, report.question_number) == ("FRAUD", None)
