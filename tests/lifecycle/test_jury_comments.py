"""Every decision the jury can give has its two comments (candidate, school).

The decisions are the outcomes of JURY_DECISION (rules.md §10.3: a status, and Pix's
automatic-jury key when there is one); Pix translates the same keys for the candidate
and the organisation, so a decision without both comments would print a blank result.
"""

from __future__ import annotations

import pytest

from pixcore.lifecycle.comments import JURY_COMMENTS, jury_comments
from pixcore.rules.jury import JURY_DECISION

DECISIONS = [outcome.partition(":") for outcome in JURY_DECISION.outcomes]


@pytest.mark.parametrize(("status", "reason"), [(s, r) for s, _, r in DECISIONS])
def test_every_decision_has_a_comment_for_the_candidate_and_the_school(
    status: str, reason: str
) -> None:
    candidate, school = jury_comments(status, reason or None)
    assert candidate.strip() and school.strip()
    assert candidate != school  # one speaks to the pupil, the other to the school
    assert (candidate, school) == JURY_COMMENTS[reason or status]


def test_a_reasoned_decision_is_explained_by_its_reason_not_its_status() -> None:
    for status, _, reason in DECISIONS:
        if reason:
            assert jury_comments(status, reason) != jury_comments(status, None), reason


def test_no_comment_before_a_result_and_none_unused() -> None:
    assert jury_comments("started", None) == ("", "")
    assert set(JURY_COMMENTS) == {reason or status for status, _, reason in DECISIONS}
