"""One candidate's result without a session equals the lifecycle's result (issue 14).

:func:`pixcore.lifecycle.single.single_result` (used by ``pixcore batch``) must give
exactly what a one-candidate session gives through the lifecycle: ``SessionState``,
``automatic_jury``, ``evolve`` and ``certification_result`` — the oracle here. Courses
of every shape: states, abort reasons, answers neutralised or completed by the jury,
QROCM-dep answers, missing competences, planned competences, reports of every
category (on existing, missing and other certifications), end screen seen or not,
both jury policies. A second property runs whole batch lines through
:func:`pixcore.formats.batch.evaluate_line` against the same oracle.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pixcore.errors import IssueReportError
from pixcore.formats.batch import evaluate_line
from pixcore.lifecycle.evolve import evolve
from pixcore.lifecycle.jury import automatic_jury
from pixcore.lifecycle.results import CertificationResult, certification_result
from pixcore.lifecycle.single import single_result
from pixcore.lifecycle.state import AnswerState, CertificationState, ReportState, SessionState
from pixcore.models.competence import CORE_COMPETENCES, CompetenceProfile
from pixcore.models.decisions import JuryPolicy
from pixcore.models.report import IssueReport
from pixcore.rules.issue_reports import CATEGORIES, validate_issue_report

AT = dt.datetime(2026, 3, 12, 9, tzinfo=dt.UTC)
STATUSES = ("ok", "ko", "aband", "timedout", "focusedOut", "partially")
STATES = ("started", "completed", "endedByInvigilator", "endedDueToFinalization")
CODES = CORE_COMPETENCES[:6]
NUMBER = 123456


def oracle(
    course: CertificationState,
    profile: CompetenceProfile | None,
    reports: list[IssueReport],
    policy: JuryPolicy | None = None,
) -> CertificationResult:
    """The lifecycle's path: a one-candidate session, its automatic jury, its result."""
    state = SessionState(
        profiles={} if profile is None else {course.candidate_id: profile},
        certifications={course.certification_number: course},
        reports={str(i): ReportState(str(i), report) for i, report in enumerate(reports)},
    )
    state = evolve(state, automatic_jury(state, AT))
    return certification_result(state, state.certifications[course.certification_number], policy)


answers = st.builds(
    AnswerState,
    status=st.sampled_from(STATUSES),
    at=st.sampled_from([AT, None]),
    timed=st.booleans(),
    focus=st.booleans(),
    has_illustration=st.booleans(),
    has_embed=st.booleans(),
    has_attachment=st.booleans(),
    competence=st.sampled_from([*CODES, None]),
    qrocm_dep=st.booleans(),
    neutralised=st.sampled_from([False, False, False, True]),
)
profiles = st.none() | st.builds(
    CompetenceProfile, pix=st.dictionaries(st.sampled_from(CODES), st.integers(0, 64))
)


@st.composite
def reports(draw: st.DrawFn, question_count: int) -> list[IssueReport]:
    """Valid reports: mostly ``IN_CHALLENGE`` on the course, some elsewhere."""
    found: list[IssueReport] = []
    for _ in range(draw(st.integers(0, 4))):
        category = draw(st.sampled_from(["IN_CHALLENGE", "IN_CHALLENGE", *CATEGORIES]))
        subcategories = list(CATEGORIES[category].subcategories) or [None]
        data = {
            "certification_number": draw(st.sampled_from([NUMBER, NUMBER, NUMBER, 7])),
            "category": category,
            "subcategory": draw(st.sampled_from(subcategories)),
            "question_number": draw(st.integers(1, question_count + 2)),
            "description": "Décrit.",
        }
        filed_by = draw(st.sampled_from(["invigilator", "referent"]))
        try:
            found.append(validate_issue_report(data, filed_by=filed_by))
        except IssueReportError:
            continue  # an invalid report never reaches the jury
    return found


@st.composite
def courses(draw: st.DrawFn) -> tuple[CertificationState, list[IssueReport]]:
    """A course of any shape, with the session's reports."""
    question_count = draw(st.integers(1, 12))
    given_answers = draw(st.lists(answers, max_size=question_count))
    planned = draw(
        st.dictionaries(st.integers(1, question_count), st.sampled_from(CODES), max_size=4)
        | st.lists(st.sampled_from(CODES), min_size=question_count, max_size=question_count).map(
            lambda codes: dict(enumerate(codes, start=1))
        )
    )
    course = CertificationState(
        certification_number=NUMBER,
        candidate_id="candidate",
        started_at=AT,
        question_count=question_count,
        answers=tuple(given_answers),
        state=draw(st.sampled_from(STATES)),
        end_screen_seen=draw(st.booleans()),
        abort_reason=draw(st.sampled_from([None, "candidate", "technical"])),
        rejected_for_fraud=draw(st.sampled_from([False, False, False, True])),
        cancelled=draw(st.sampled_from([False, False, False, True])),
        end_screen_review=draw(st.sampled_from(["none", "confirmed", "dismissed"])),
        planned_competences=planned,
    )
    return course, draw(reports(question_count))


@settings(max_examples=400)
@given(courses(), profiles, st.sampled_from([None, JuryPolicy(auto_reject_unseen_end_screen=True)]))
def test_single_result_is_the_lifecycle_result(
    shape: tuple[CertificationState, list[IssueReport]],
    profile: CompetenceProfile | None,
    policy: JuryPolicy | None,
) -> None:
    course, session_reports = shape
    expected = oracle(course, profile, session_reports, policy)
    assert single_result(course, profile, session_reports, policy) == expected


# ---------------------------------------------------------------- whole batch lines


@st.composite
def lines(draw: st.DrawFn) -> dict[str, Any]:
    """A finalised batch line: profile, answers (bare or with details), reports."""
    question_count = draw(st.integers(1, 9))
    items: list[object] = []
    for _ in range(draw(st.integers(0, question_count))):
        status = draw(st.sampled_from(STATUSES))
        if draw(st.booleans()):
            items.append(status)  # a bare status: no competence
        else:
            competence = draw(st.sampled_from([*CODES[:4], None]))
            item: dict[str, object] = {"status": status, "competence": competence}
            for flag in ("timed", "focus", "has_illustration", "has_embed", "has_attachment"):
                item[flag] = draw(st.booleans())
            items.append(item)
    line: dict[str, Any] = {
        "certification_number": NUMBER,
        "finalised": True,
        "state": draw(st.sampled_from(STATES)),
        "answers": items,
        "question_count": question_count,
        "end_screen_seen": draw(st.booleans()),
    }
    pix = draw(st.none() | st.dictionaries(st.sampled_from(CODES[:4]), st.integers(0, 40)))
    if pix is not None:
        line["profile"] = pix
    reason = draw(st.sampled_from([None, "candidate", "technical"]))
    if reason is not None:
        line["abort_reason"] = reason
    reports_given = []
    for _ in range(draw(st.integers(0, 3))):
        reports_given.append({
            "category": draw(st.sampled_from(["IN_CHALLENGE", "IN_CHALLENGE", "FRAUD", "BOGUS"])),
            "subcategory": draw(st.sampled_from(list(CATEGORIES["IN_CHALLENGE"].subcategories))),
            "question_number": draw(st.integers(1, question_count + 1)),
            "description": "Décrit.",
        })  # fmt: skip
    line["reports"] = reports_given
    return line


def line_oracle(line: dict[str, Any]) -> CertificationResult:
    """The lifecycle's result for a line, its course built independently of the batch."""
    details = [{"status": a} if isinstance(a, str) else a for a in line["answers"]]
    recorded = tuple(
        AnswerState(
            status=a["status"], at=AT, competence=a.get("competence"),
            **{k: a.get(k, False) for k in ("timed", "focus", "has_illustration",
                                             "has_embed", "has_attachment")},
        )
        for a in details
    )  # fmt: skip
    course = CertificationState(
        certification_number=NUMBER, candidate_id="c", started_at=AT,
        question_count=line["question_count"], answers=recorded, state=line["state"],
        end_screen_seen=line["end_screen_seen"], abort_reason=line.get("abort_reason"),
    )  # fmt: skip
    valid = []
    for report in line["reports"]:
        data = {**report, "certification_number": NUMBER}
        try:
            valid.append(validate_issue_report(data, filed_by="invigilator"))
        except IssueReportError:
            continue
    pix = line.get("profile")
    return oracle(course, None if pix is None else CompetenceProfile(pix=pix), valid)


@given(lines())
def test_batch_line_result_is_the_lifecycle_result(line: dict[str, Any]) -> None:
    text, _ = evaluate_line(json.dumps(line).encode(), 1)
    got = json.loads(text)
    expected = line_oracle(line)
    assert got["errors"] == []
    assert got["result"] == {
        "status": expected.status, "reason": expected.reason, "pix": expected.pix,
        "reproducibility": expected.reproducibility,
        "end_screen_pending": expected.end_screen_pending,
        "competence_pix": dict(expected.competence_pix),
    }  # fmt: skip


def test_questions_completed_by_the_jury_take_their_planned_competence() -> None:
    """A rare shape drawn on purpose: the completed question's competence decides."""
    course = CertificationState(
        certification_number=NUMBER, candidate_id="candidate", started_at=AT,
        question_count=6, answers=tuple(AnswerState("ok", AT, competence=code)
                                        for code in ("1.1", "1.1", "1.1", "1.2", "1.2")),
        state="started", abort_reason="technical", planned_competences={6: "1.2"},
    )  # fmt: skip
    profile = CompetenceProfile(pix={"1.1": 20, "1.2": 30, "2.1": 16})  # plan ≠ 6 questions
    expected = oracle(course, profile, [])
    assert expected.status == "validated" and set(expected.competence_pix) == {"1.1", "1.2"}
    assert single_result(course, profile) == expected
    without_plan = single_result(
        CertificationState(**{**_fields(course), "planned_competences": {}}), profile
    )
    assert without_plan != expected  # the plan is what made it scorable


def _fields(course: CertificationState) -> dict[str, Any]:
    return {name: getattr(course, name) for name in CertificationState.__dataclass_fields__}


# ------------------------------------------------------ compact answers (PERF-12)

tokens = st.tuples(
    st.sampled_from([*STATUSES, "nope", "OK", ""]),
    st.sampled_from([None, "", *CODES[:3], "1", "1.1.1", "x.y", "123.4"]),
).map(lambda pair: pair[0] if pair[1] is None else f"{pair[0]}:{pair[1]}")


def as_objects(text: str) -> list[object]:
    """The object form of a compact answers text, independently of the batch's reader."""
    items: list[object] = []
    for token in text.split():
        status, colon, competence = token.partition(":")
        items.append({"status": status, "competence": competence} if colon else status)
    return items


@given(lines(), st.lists(tokens.filter(bool), max_size=8))
def test_compact_answers_give_what_the_object_form_gives(
    line: dict[str, Any], written: list[str]
) -> None:
    """Same result for valid compact answers; same codes and fields for broken ones."""
    text = " ".join(written)
    compact = json.loads(evaluate_line(json.dumps({**line, "answers": text}).encode(), 1).text)
    objects = {**line, "answers": as_objects(text)}
    expected = json.loads(evaluate_line(json.dumps(objects).encode(), 1).text)
    assert compact == expected


valid_tokens = st.sampled_from([*STATUSES, *(f"{s}:{c}" for s in STATUSES for c in CODES[:3])])


@given(lines(), st.lists(valid_tokens, max_size=9))
def test_valid_compact_answers_score_as_the_lifecycle(
    line: dict[str, Any], written: list[str]
) -> None:
    """Valid compact answers: the result equals the lifecycle's (the oracle above)."""
    compact_line = {**line, "answers": " ".join(written)}
    got = json.loads(evaluate_line(json.dumps(compact_line).encode(), 1).text)
    objects = [{"status": o} if isinstance(o, str) else o for o in as_objects(" ".join(written))]
    if len(objects) > line["question_count"]:
        assert [e["code"] for e in got["errors"]] == ["BATCH_TOO_MANY_ANSWERS"]
        return
    expected = line_oracle({**line, "answers": objects})
    assert got["errors"] == [] and got["result"]["status"] == expected.status
    assert got["result"]["pix"] == expected.pix
    assert got["result"]["competence_pix"] == dict(expected.competence_pix)
