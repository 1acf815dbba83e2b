"""D6 — publishability and publication (``rules.md`` D6, §11).

:data:`PUBLISHABILITY` collects every reason a finalised session is **not
automatically** publishable: a global comment, an impactful report of the invigilator
still unresolved, a certification in error or without a result, a pending
``END_SCREEN_NOT_SEEN`` proposal (D3), a jury member assigned.
:data:`PUBLICATION` refuses to publish: not finalised, already published, any
certification in error or without a result, or an end-screen proposal still pending
(pixcore: a human must decide it first, ``docs/decisions.md``).
"""

from __future__ import annotations

from pixcore.rules.table import DecisionTable, HitPolicy, Row, fact

__all__ = ["PUBLICATION", "PUBLISHABILITY"]

_T = True

PUBLISHABILITY = DecisionTable(
    name="publishability",
    description="D6 / §11.1: why a session is not automatically publishable",
    hit_policy=HitPolicy.COLLECT,
    facts={
        "has_comment": bool, "unresolved_impactful_reports": int, "in_error": int,
        "without_result": int, "pending_end_screen": int, "jury_assigned": bool,
    },
    rows=(
        Row("comment", "GLOBAL_COMMENT", when=(fact("has_comment") == _T,)),
        Row("reports", "UNRESOLVED_IMPACTFUL_REPORT", when=(fact("unresolved_impactful_reports") > 0,)),
        Row("error", "CERTIFICATION_IN_ERROR", when=(fact("in_error") > 0,)),
        Row("no_result", "CERTIFICATION_WITHOUT_RESULT", when=(fact("without_result") > 0,)),
        Row("end_screen", "END_SCREEN_REVIEW_PENDING", when=(fact("pending_end_screen") > 0,)),
        Row("jury", "JURY_MEMBER_ASSIGNED", when=(fact("jury_assigned") == _T,)),
    ),
)  # fmt: skip

PUBLICATION = DecisionTable(
    name="publication",
    description="D6 / §11.2: publication refusals, first failure wins",
    facts={
        "finalised": bool, "published": bool, "in_error": int, "without_result": int,
        "pending_end_screen": int,
    },
    rows=(
        Row("not_finalised", "SESSION_NOT_FINALIZED", when=(fact("finalised") == False,)),  # noqa: E712
        Row("published", "SESSION_ALREADY_PUBLISHED", when=(fact("published") == _T,)),
        Row("error", "CERTIFICATION_COURSE_NOT_PUBLISHABLE", when=(fact("in_error") > 0,)),
        Row("no_result", "CERTIFICATION_COURSE_NOT_PUBLISHABLE", when=(fact("without_result") > 0,)),
        Row("end_screen", "END_SCREEN_REVIEW_PENDING", when=(fact("pending_end_screen") > 0,)),
        Row("accepted", "accepted"),
    ),
)  # fmt: skip
