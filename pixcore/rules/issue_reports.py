"""D4 — incident reports ("signalements"): validity, normalisation, impact.

Declared rules (``rules.md`` D4, Pix §8): the current categories and subcategories of
:data:`CATEGORIES`; deprecated ones refused with their own codes; a question number
(1–500) and a detailed description for a problem on a question (``IN_CHALLENGE``); a
description for C1, C2, C4, C7, C8; only reports noted by the invigilator count (filed
live, or transcribed by the referent from the PV de session); each report names a
certification number of the session; a ``FRAUD`` report needs a PV d'incident
attachment before finalisation. Every broken rule is reported at once
(:data:`REPORT_VALIDITY` collects); the error's own code is that of the first family
hit, schema errors first, as Pix does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping

from pixcore.errors import ErrorDetail, IssueReportError
from pixcore.models._base import trusted
from pixcore.models._guards import require_type
from pixcore.models._numbers import bounded_int
from pixcore.models.report import IssueReport
from pixcore.rules.engine import Engine, first_outcome, outcomes
from pixcore.rules.table import DecisionTable, HitPolicy, Row, fact

__all__ = [
    "CATEGORIES",
    "DEPRECATED_CATEGORIES",
    "DEPRECATED_SUBCATEGORIES",
    "IMPACT",
    "MAX_DESCRIPTION_LENGTH",
    "REPORT_VALIDITY",
    "CategorySpec",
    "report_code",
    "validate_issue_report",
]

MAX_DESCRIPTION_LENGTH = 500
QUESTION_NUMBER_MIN, QUESTION_NUMBER_MAX = 1, 500


@dataclasses.dataclass(frozen=True, slots=True)
class CategorySpec:
    """A current category: its subcategories with their short codes, what it requires."""

    subcategories: Mapping[str, str]
    code: str | None = None
    description_required: bool = True
    question_number: bool = False


CATEGORIES: Mapping[str, CategorySpec] = {
    "CANDIDATE_INFORMATIONS_CHANGES": CategorySpec(
        {"NAME_OR_BIRTHDATE": "C1", "EXTRA_TIME_PERCENTAGE": "C2"}
    ),
    "SIGNATURE_ISSUE": CategorySpec({}, code="C4"),
    "FRAUD": CategorySpec({}, code="C6", description_required=False),
    "NON_BLOCKING_TECHNICAL_ISSUE": CategorySpec({}, code="C7"),
    "NON_BLOCKING_CANDIDATE_ISSUE": CategorySpec({}, code="C8"),
    "IN_CHALLENGE": CategorySpec(
        {
            "IMAGE_NOT_DISPLAYING": "E1",
            "EMBED_NOT_WORKING": "E2",
            "FILE_NOT_OPENING": "E3",
            "WEBSITE_UNAVAILABLE": "E4",
            "WEBSITE_BLOCKED": "E5",
            "EXTRA_TIME_EXCEEDED": "E8",
            "SOFTWARE_NOT_WORKING": "E9",
            "UNINTENTIONAL_FOCUS_OUT": "E10",
            "SKIP_ON_OOPS": "E11",
            "ACCESSIBILITY_ISSUE": "E12",
        },
        question_number=True,
    ),
}
"""Current categories (``rules.md`` §8.1). pixcore (D4) also requires a description
for ``IN_CHALLENGE``, which Pix does not."""

DEPRECATED_CATEGORIES = (
    "TECHNICAL_PROBLEM",
    "OTHER",
    "LATE_OR_LEAVING",
    "CONNECTION_OR_END_SCREEN",
)
DEPRECATED_SUBCATEGORIES = ("LINK_NOT_WORKING", "OTHER", "LEFT_EXAM_ROOM")

_NEEDS_SUBCATEGORY = tuple(name for name, spec in CATEGORIES.items() if spec.subcategories)
_NEEDS_DESCRIPTION = tuple(name for name, spec in CATEGORIES.items() if spec.description_required)
_NEEDS_QUESTION = tuple(name for name, spec in CATEGORIES.items() if spec.question_number)
_COUNTING_AUTHORS = ("invigilator", "referent")
_INVALID = "INVALID_CERTIFICATION_ISSUE_REPORT"

REPORT_VALIDITY = DecisionTable(
    name="issue_report_validity",
    description="D4: every rule an issue report breaks, schema errors first",
    hit_policy=HitPolicy.COLLECT,
    facts={
        "category": str,
        "category_state": str,  # current | deprecated | unknown
        "subcategory_state": str,  # none | valid | deprecated | invalid
        "question_number_state": str,  # none | in_range | out_of_range
        "description_state": str,  # blank | present | too_long
        "filed_by": str,  # invigilator | referent | other
        "certification_state": str,  # missing | in_session | not_in_session | unchecked
    },
    rows=(
        Row("unknown_category", "ISSUE_REPORT_CATEGORY_UNKNOWN",
            when=(fact("category_state") == "unknown",), cites="§8.3"),
        Row("subcategory_needed", "ISSUE_REPORT_SUBCATEGORY_NOT_VALID",
            when=(fact("category").is_in(*_NEEDS_SUBCATEGORY),
                  fact("subcategory_state").is_in("none", "invalid")), cites="§8.3"),
        Row("question_number_needed", "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED",
            when=(fact("category").is_in(*_NEEDS_QUESTION),
                  fact("question_number_state") == "none"), cites="D4"),
        Row("question_number_range", "ISSUE_REPORT_QUESTION_NUMBER_OUT_OF_RANGE",
            when=(fact("category").is_in(*_NEEDS_QUESTION),
                  fact("question_number_state") == "out_of_range"), cites="D4"),
        Row("description_needed", "ISSUE_REPORT_DESCRIPTION_REQUIRED",
            when=(fact("category").is_in(*_NEEDS_DESCRIPTION),
                  fact("description_state") == "blank"), cites="D4"),
        Row("description_length", "ISSUE_REPORT_DESCRIPTION_TOO_LONG",
            when=(fact("description_state") == "too_long",), cites="§8.3"),
        Row("certification_needed", "ISSUE_REPORT_CERTIFICATION_NUMBER_REQUIRED",
            when=(fact("certification_state") == "missing",), cites="D4"),
        Row("certification_of_session", "ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION",
            when=(fact("certification_state") == "not_in_session",), cites="D4"),
        Row("deprecated_category", "DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY",
            when=(fact("category_state") == "deprecated",), cites="§8.2"),
        Row("deprecated_subcategory", "DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY",
            when=(fact("category_state") != "deprecated",
                  fact("subcategory_state") == "deprecated"), cites="§8.2"),
        Row("invigilator_only", "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR",
            when=(fact("filed_by") == "other",), cites="D4"),
    ),
)  # fmt: skip

IMPACT = DecisionTable(
    name="issue_report_impact",
    description="§8.3: isImpactful",
    facts={"category": str, "subcategory": str},
    rows=(
        Row("category", "impactful",
            when=(fact("category").is_in("TECHNICAL_PROBLEM", "OTHER", "FRAUD"),)),
        Row("subcategory", "impactful",
            when=(fact("subcategory").is_in(
                "NAME_OR_BIRTHDATE", "IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING",
                "FILE_NOT_OPENING", "WEBSITE_UNAVAILABLE", "WEBSITE_BLOCKED",
                "LINK_NOT_WORKING", "OTHER", "EXTRA_TIME_EXCEEDED", "SOFTWARE_NOT_WORKING",
                "UNINTENTIONAL_FOCUS_OUT", "SKIP_ON_OOPS", "ACCESSIBILITY_ISSUE"),)),
        Row("otherwise", "not_impactful"),
    ),
)  # fmt: skip

_OWN_FAMILY = frozenset({
    "DEPRECATED_CERTIFICATION_ISSUE_REPORT_CATEGORY",
    "DEPRECATED_CERTIFICATION_ISSUE_REPORT_SUBCATEGORY",
    "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR",
})  # fmt: skip
"""Codes raised as themselves; every other code is a schema error (Pix's
``InvalidCertificationIssueReportForSaving``), which comes first."""


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _category_state(category: str) -> str:
    if category in CATEGORIES:
        return "current"
    return "deprecated" if category in DEPRECATED_CATEGORIES else "unknown"


def _subcategory_state(category: str, subcategory: str | None) -> str:
    if subcategory is None:
        return "none"
    if subcategory in DEPRECATED_SUBCATEGORIES:
        return "deprecated"
    spec = CATEGORIES.get(category)
    if spec is None or not spec.subcategories:
        return "none"  # forced null for categories without subcategories
    return "valid" if subcategory in spec.subcategories else "invalid"


def _question_number_state(value: object) -> str:
    if value is None or (isinstance(value, str) and (not value or value.isspace())):
        return "none"  # a form's field left blank, spaces included, gives no number
    number = _as_int(value)
    if number is None or not QUESTION_NUMBER_MIN <= number <= QUESTION_NUMBER_MAX:
        return "out_of_range"
    return "in_range"


def _as_int(value: object) -> int | None:
    """An integer or ASCII digits (``"²"``, 5,000 digits, ``True`` are not): bounded."""
    return bounded_int(value)


def _description_state(description: str | None) -> str:
    if description is None:
        return "blank"
    return "too_long" if len(description) > MAX_DESCRIPTION_LENGTH else "present"


def _certification_state(number: int | None, known: Collection[int] | None) -> str:
    if number is None or number <= 0:
        return "missing"
    if known is None:
        return "unchecked"
    return "in_session" if number in known else "not_in_session"


def report_facts(
    data: Mapping[str, object], *, filed_by: str, certification_numbers: Collection[int] | None
) -> dict[str, str]:
    """The facts of :data:`REPORT_VALIDITY` for raw report ``data``."""
    category = _text(data.get("category")) or ""
    return {
        "category": category,
        "category_state": _category_state(category),
        "subcategory_state": _subcategory_state(category, _text(data.get("subcategory"))),
        "question_number_state": _question_number_state(data.get("question_number")),
        "description_state": _description_state(_text(data.get("description"))),
        "filed_by": filed_by if filed_by in _COUNTING_AUTHORS else "other",
        "certification_state": _certification_state(
            _as_int(data.get("certification_number")), certification_numbers
        ),
    }


def report_code(category: str, subcategory: str | None) -> str:
    """The short code of a current category/subcategory: ``C1`` … ``C8``, ``E1`` … ``E12``."""
    spec = CATEGORIES[category]
    return spec.code or spec.subcategories[subcategory or ""]


def validate_issue_report(
    data: Mapping[str, object],
    *,
    filed_by: str,
    certification_numbers: Collection[int] | None = None,
    engine: Engine | None = None,
) -> IssueReport:
    """Validate and normalise a raw report (D4), or raise :class:`IssueReportError`.

    ``data`` keys: ``certification_number``, ``category``, ``subcategory``,
    ``question_number``, ``description``, ``incident_report_attachment``.
    ``filed_by`` is ``"invigilator"``, ``"referent"`` (transcribing the PV de session)
    or anything else (refused). ``certification_numbers``, when given, are those of the
    session: the report must name one of them. The error carries every broken rule.
    """
    if type(data) is not dict:  # the common case skips the ABC check
        require_type(data, Mapping, "data")
    require_type(filed_by, str, "filed_by")
    if certification_numbers is not None and (
        not isinstance(certification_numbers, Collection)
        or isinstance(certification_numbers, str | bytes)
    ):
        raise IssueReportError("ARGUMENT_NOT_VALID", meta={"argument": "certification_numbers"})
    facts = report_facts(data, filed_by=filed_by, certification_numbers=certification_numbers)
    codes = outcomes(REPORT_VALIDITY, facts, engine)
    if codes:
        raise _error(codes)
    return _normalised(data, facts, filed_by, engine)


def _error(codes: tuple[str, ...]) -> IssueReportError:
    families = [code if code in _OWN_FAMILY else _INVALID for code in codes]
    primary = _INVALID if _INVALID in families else families[0]
    return IssueReportError(primary, errors=(ErrorDetail(code=code) for code in codes))


def _normalised(
    data: Mapping[str, object], facts: Mapping[str, str], filed_by: str, engine: Engine | None
) -> IssueReport:
    category = facts["category"]
    spec = CATEGORIES[category]
    subcategory = _text(data.get("subcategory")) if spec.subcategories else None
    impact = first_outcome(IMPACT, {"category": category, "subcategory": subcategory or ""}, engine)
    return trusted(
        IssueReport,
        certification_number=_as_int(data.get("certification_number")) or 0,
        category=category,
        subcategory=subcategory,
        question_number=_as_int(data.get("question_number")) if spec.question_number else None,
        description=_text(data.get("description")),
        filed_by=filed_by,
        code=report_code(category, subcategory),
        impactful=impact == "impactful",
        incident_report_attachment=_text(data.get("incident_report_attachment")),
    )
