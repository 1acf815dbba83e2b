"""Results built without a validation pass equal the same results validated (issue 14).

:func:`pixcore.models._base.trusted` builds a decision's result model from values the
core computed; validating those values again must give an equal model, of the same
class, and the same JSON: the cheaper construction changes nothing a caller sees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import pixcore
from pixcore.models import CORE_COMPETENCES
from pixcore.models._base import PixcoreModel

PARIS = dt.timezone(dt.timedelta(hours=1))
BASE = dt.datetime(2026, 3, 12, 9, tzinfo=PARIS)


def same_as_validated(result: PixcoreModel, exclude: set[str] | None = None) -> None:
    again = type(result).model_validate(result.model_dump(exclude=exclude))
    assert again == result and type(again) is type(result)
    assert again.model_dump_json() == result.model_dump_json()
    assert _hash(again) == _hash(result)


def _hash(model: PixcoreModel) -> int | None:
    """The hash, or None when the model holds a dict (``Reason.meta``), validated or not."""
    try:
        return hash(model)
    except TypeError:
        return None


@given(st.dictionaries(st.sampled_from(CORE_COMPETENCES), st.integers(0, 64)))
def test_eligibility_decisions(profile: dict[str, int]) -> None:
    same_as_validated(pixcore.check_eligibility(profile), exclude={"details"})


@given(
    st.integers(1, 10**6),
    st.sampled_from(["started", "completed", "endedByInvigilator"]),
    st.none() | st.booleans(),
)
def test_end_screen_decisions(number: int, state: str, seen: bool | None) -> None:
    course = pixcore.CertificationCourse(certification_number=number, started_at=BASE, state=state)
    confirmation = (
        None
        if seen is None
        else pixcore.EndScreenConfirmation(certification_number=number, seen=seen)
    )
    same_as_validated(pixcore.end_screen_decision(course, confirmation))


REPORT = st.fixed_dictionaries(
    {"certification_number": st.integers(1, 10**6)},
    optional={
        "category": st.sampled_from(["IN_CHALLENGE", "FRAUD", "SIGNATURE_ISSUE",
                                     "CANDIDATE_INFORMATIONS_CHANGES", "NON_BLOCKING_TECHNICAL_ISSUE"]),
        "subcategory": st.sampled_from(["WEBSITE_UNAVAILABLE", "NAME_OR_BIRTHDATE", "SKIP_ON_OOPS"]),
        "question_number": st.integers(1, 500) | st.just("12"),
        "description": st.text(min_size=1, max_size=30),
        "incident_report_attachment": st.text(max_size=10),
    },
)  # fmt: skip


@given(REPORT, st.sampled_from(["invigilator", "referent"]))
def test_normalised_reports(data: dict[str, Any], filed_by: str) -> None:
    try:
        report = pixcore.validate_issue_report(data, filed_by=filed_by)
    except pixcore.IssueReportError:
        return
    same_as_validated(report)
