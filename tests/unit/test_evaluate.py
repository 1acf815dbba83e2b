"""Tests of pixcore.formats.evaluate: the pure evaluation of one session document."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import json
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import pytest

import pixcore.formats.evaluate as evaluate_module
from pixcore import PURE_ENGINE, Referential
from pixcore.formats.evaluate import (
    SessionDocumentError,
    SessionEvaluation,
    evaluate_session,
    parse_session_document,
)
from pixcore.rules.table import DecisionTable

PARIS = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture(scope="module")
def referential() -> Referential:
    return Referential.load()


def civil(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "last_name": "Lefèvre",
        "first_name": "Maël",
        "sex": "M",
        "birth_date": "2011-01-09",
        "birth_country": "FRANCE",
        "birth_insee_code": "59350",
        "birth_department_code": "59",
    }
    data.update(overrides)
    return data


ELIGIBLE_PROFILE = {"1.1": 8, "1.2": 9, "2.1": 16, "3.1": 8, "4.1": 12, "5.1": 3}
FOUR_AND_A_SEVEN = {"1.1": 8, "1.2": 9, "2.1": 16, "3.1": 8, "4.1": 7}


def candidate(number: int = 101, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "certification_number": number,
        "civil": civil(),
        "profile": dict(ELIGIBLE_PROFILE),
        "first_start": "2026-03-12T09:02:00+01:00",
        "state": "completed",
        "end_screen_seen": True,
    }
    data.update(overrides)
    return data


def document(*candidates: dict[str, object], **overrides: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "session": {
            "number": 12345,
            "site": "Collège Jean Moulin",
            "room": "Salle info 2",
            "date": "2026-03-12",
            "time": "09:00",
            "invigilator": "Mme Martin",
            "access_code": "BCDF23",
        },
        "noted_start": "2026-03-12T09:05:00+01:00",
        "candidates": list(candidates) or [candidate()],
    }
    data.update(overrides)
    return data


def run(data: Mapping[str, Any], referential: Referential) -> SessionEvaluation:
    return evaluate_session(data, referential=referential)


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 3, 12, hour, minute, tzinfo=PARIS)


# ---------------------------------------------------------------------- D2 timing


def test_deadline_with_extra_time_starts_at_the_later_first_start(referential: Referential) -> None:
    doc = document(
        candidate(civil=civil(extra_time="0.33"), first_start="2026-03-12T09:12:00+01:00")
    )
    timing = run(doc, referential).candidates[0].timing
    assert timing is not None
    assert timing.allowed_minutes == math.ceil(105 * Fraction("1.33")) == 140
    assert timing.start == at(9, 12)
    assert timing.deadline == at(9, 12) + dt.timedelta(minutes=140) == at(11, 32)
    assert str(timing.extra_time) == "0.33"


def test_first_start_before_noted_start_uses_noted_start(referential: Referential) -> None:
    timing = run(document(candidate()), referential).candidates[0].timing
    assert timing is not None
    assert timing.start == at(9, 5)
    assert timing.deadline == at(10, 50)
    assert timing.extra_time is None


def test_exact_arithmetic_for_large_extra_time(referential: Referential) -> None:
    doc = document(candidate(civil=civil(extra_time="1.20")))
    timing = run(doc, referential).candidates[0].timing
    assert timing is not None and timing.allowed_minutes == 231


@pytest.mark.parametrize(
    ("now", "state", "expected"),
    [
        ("2026-03-12T10:50:00+01:00", "started", True),  # now == deadline: time over
        ("2026-03-12T10:49:59+01:00", "started", False),
        ("2026-03-12T09:50:00Z", "started", True),  # another offset, same instant
        ("2026-03-12T11:30:00+01:00", "completed", None),  # only a test in progress
        (None, "started", None),  # no clock in the document, none read
    ],
)
def test_time_over_uses_the_document_now(
    referential: Referential, now: str | None, state: str, expected: bool | None
) -> None:
    extra = {} if now is None else {"now": now}
    doc = document(candidate(first_start=None, state=state), **extra)
    evaluation = run(doc, referential)
    timing = evaluation.candidates[0].timing
    assert timing is not None and timing.time_over is expected
    assert evaluation.summary.time_over == (1 if expected else 0)


# ----------------------------------------------------------------- D1 eligibility


def test_four_competences_and_a_seven_is_not_eligible(referential: Referential) -> None:
    doc = document(candidate(profile=FOUR_AND_A_SEVEN))
    eligibility = run(doc, referential).candidates[0].eligibility
    assert eligibility is not None
    assert (eligibility.eligible, eligibility.count) == (False, 4)
    assert eligibility.reason.code == "NOT_ENOUGH_COMPETENCES"
    assert "il en manque 1" in eligibility.reason.message


def test_eighth_pix_makes_the_fifth_competence_count(referential: Referential) -> None:
    doc = document(candidate(profile={**FOUR_AND_A_SEVEN, "4.1": 8}))
    eligibility = run(doc, referential).candidates[0].eligibility
    assert eligibility is not None
    assert (eligibility.eligible, eligibility.count) == (True, 5)
    assert eligibility.reason.code == "ELIGIBLE"
    assert len(eligibility.details) == 16


def test_no_profile_means_no_eligibility_decision(referential: Referential) -> None:
    entry = candidate()
    del entry["profile"]
    evaluation = run(document(entry), referential)
    assert evaluation.candidates[0].eligibility is None
    assert (evaluation.summary.eligible, evaluation.summary.not_eligible) == (0, 0)


# ------------------------------------------------------------------ D3 end screen


@pytest.mark.parametrize(
    ("state", "seen", "auto_reject", "outcome", "reason"),
    [
        ("completed", True, False, "seen", None),
        ("completed", False, False, "proposal_reject", "END_SCREEN_NOT_SEEN"),
        ("completed", None, False, "proposal_reject", "END_SCREEN_NOT_SEEN"),
        ("completed", False, True, "rejected", "END_SCREEN_NOT_SEEN"),
        ("started", False, False, "not_applicable", None),
        ("endedByInvigilator", None, True, "not_applicable", None),
    ],
)
def test_end_screen_decision(
    referential: Referential,
    state: str,
    seen: bool | None,
    auto_reject: bool,
    outcome: str,
    reason: str | None,
) -> None:
    entry = candidate(state=state, end_screen_seen=seen)
    policy = {"auto_reject_unseen_end_screen": auto_reject}
    evaluation = run(document(entry, policy=policy), referential)
    end_screen = evaluation.candidates[0].end_screen
    assert end_screen is not None
    assert (end_screen.outcome, end_screen.reason) == (outcome, reason)
    assert end_screen.pending_proposal is (outcome == "proposal_reject")
    assert evaluation.summary.end_screen_proposals == int(outcome == "proposal_reject")
    assert evaluation.summary.end_screen_rejections == int(outcome == "rejected")


def test_candidate_who_never_started_has_no_end_screen_decision(referential: Referential) -> None:
    entry = candidate()
    for key in ("state", "first_start", "end_screen_seen"):
        del entry[key]
    row = run(document(entry, now="2026-03-12T11:00:00+01:00"), referential).candidates[0]
    assert row.state is None and row.end_screen is None
    assert row.timing is not None and row.timing.time_over is None


# ------------------------------------------------------------------ D9 civil data


def test_invalid_civil_data_is_a_result_not_an_error(referential: Referential) -> None:
    bad = candidate(102, civil=civil(sex="X", birth_department_code="75"))
    evaluation = run(document(candidate(), bad), referential)
    good_row, bad_row = evaluation.candidates
    assert good_row.civil_valid and good_row.civil_errors == ()
    assert not bad_row.civil_valid
    codes = {message.code for message in bad_row.civil_errors}
    assert codes == {"CANDIDATE_SEX_NOT_VALID", "CANDIDATE_BIRTH_DEPARTMENT_CODE_NOT_VALID"}
    assert all(message.message and message.message_en for message in bad_row.civil_errors)
    assert bad_row.eligibility is not None and bad_row.eligibility.eligible
    assert bad_row.timing is not None  # extra time readable: the deadline is still given
    assert (bad_row.last_name, bad_row.first_name) == ("Lefèvre", "Maël")
    assert evaluation.summary.civil_invalid == 1


def test_invalid_extra_time_gives_no_deadline(referential: Referential) -> None:
    row = run(document(candidate(civil=civil(extra_time="12"))), referential).candidates[0]
    assert [m.code for m in row.civil_errors] == ["CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"]
    assert row.timing is None


def test_unknown_civil_key_is_a_civil_error(referential: Referential) -> None:
    row = run(document(candidate(civil=civil(nickname="Mama"))), referential).candidates[0]
    assert [(m.code, m.field) for m in row.civil_errors] == [("FIELD_NOT_ALLOWED", "nickname")]


# ---------------------------------------------------------------------- D4 reports


def report(number: int = 101, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "certification_number": number,
        "category": "IN_CHALLENGE",
        "subcategory": "WEBSITE_UNAVAILABLE",
        "question_number": 12,
        "description": "Le site de la question 12 ne répond pas.",
        "filed_by": "invigilator",
    }
    data.update(overrides)
    return data


def test_reports_are_checked_and_attached_to_their_candidate(referential: Referential) -> None:
    reports = [
        report(),
        report(question_number=None),
        report(102, category="FRAUD", subcategory=None, question_number=None),
        report(999),
        report(filed_by="candidate"),
    ]
    doc = document(candidate(), candidate(102), reports=reports)
    evaluation = run(doc, referential)
    first, second = evaluation.candidates
    assert [(r.index, r.valid, r.code) for r in first.reports] == [
        (0, True, "E4"),
        (1, False, None),
        (4, False, None),
    ]
    invalid = first.reports[1]
    assert [m.code for m in invalid.errors] == [
        "INVALID_CERTIFICATION_ISSUE_REPORT",
        "ISSUE_REPORT_QUESTION_NUMBER_REQUIRED",
    ]
    assert first.reports[2].errors[0].code == "ISSUE_REPORT_NOT_FILED_BY_INVIGILATOR"
    (fraud,) = second.reports
    assert (fraud.valid, fraud.code, fraud.needs_incident_report) == (True, "C6", True)
    (orphan,) = evaluation.unattached_reports
    assert orphan.index == 3 and not orphan.valid
    assert "ISSUE_REPORT_CERTIFICATION_NOT_IN_SESSION" in {m.code for m in orphan.errors}
    summary = evaluation.summary
    assert (summary.reports, summary.reports_invalid, summary.incident_reports_missing) == (5, 3, 1)


def test_fraud_report_with_its_incident_report_is_complete(referential: Referential) -> None:
    fraud = report(category="FRAUD", subcategory=None, question_number=None)
    fraud["incident_report_attachment"] = "PV-incident-12345-101.pdf"
    (row,) = run(document(reports=[fraud]), referential).candidates
    assert (row.reports[0].code, row.reports[0].needs_incident_report) == ("C6", False)


# ------------------------------------------------------------- document structure


def codes_of(error: SessionDocumentError) -> list[tuple[str, str | None]]:
    return [(detail.code, detail.field) for detail in error.errors]


def structure_error(data: object) -> SessionDocumentError:
    with pytest.raises(SessionDocumentError) as caught:
        parse_session_document(data)  # type: ignore[arg-type]
    assert caught.value.code == "INVALID_DOCUMENT"
    return caught.value


def test_unknown_top_level_key() -> None:
    error = structure_error(document(candidats=[]))
    assert codes_of(error) == [("FIELD_NOT_ALLOWED", "candidats")]
    assert error.errors[0].message == "Le champ « candidats » n'est pas attendu."


def test_missing_candidates_and_unknown_candidate_key() -> None:
    data = document()
    data["candidates"][0]["end_screen"] = True
    del data["noted_start"]
    error = structure_error(data)
    assert codes_of(error) == [
        ("FIELD_REQUIRED", "noted_start"),
        ("FIELD_NOT_ALLOWED", "candidates[0].end_screen"),
    ]
    assert error.errors[1].meta["certification_number"] == 101


def test_duplicate_certification_numbers() -> None:
    error = structure_error(document(candidate(), candidate(102), candidate(101)))
    (detail,) = error.errors
    assert (detail.code, detail.field) == (
        "DUPLICATE_CERTIFICATION_NUMBER",
        "candidates[2].certification_number",
    )
    assert dict(detail.meta) == {"certification_number": 101, "first_index": 0}
    message = evaluate_module.message_of(detail).message
    assert message == "Ce numéro de certification est déjà attribué à un autre candidat du fichier."


def test_duplicates_are_reported_with_other_structure_errors() -> None:
    error = structure_error(document(candidate(), candidate(101, state="finished")))
    assert [code for code, _ in codes_of(error)] == [
        "FIELD_INVALID",
        "DUPLICATE_CERTIFICATION_NUMBER",
    ]


@pytest.mark.parametrize("key", ["noted_start", "now"])
def test_naive_datetime_at_top_level(key: str) -> None:
    error = structure_error(document(**{key: "2026-03-12T09:05:00"}))
    assert codes_of(error) == [("DATETIME_NOT_AWARE", key)]


def test_naive_first_start_names_the_candidate() -> None:
    bad = candidate(104, first_start="2026-03-12T09:06:00")
    error = structure_error(document(candidate(), bad))
    (detail,) = error.errors
    assert (detail.code, detail.field) == ("DATETIME_NOT_AWARE", "candidates[1].first_start")
    assert detail.meta["certification_number"] == 104


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (candidate(answers=["ok", "maybe"]), ("FIELD_INVALID", "candidates[0].answers[1]")),
        (candidate(profile={"1.1": -1}), ("COMPETENCE_PIX_NOT_VALID", "candidates[0].profile")),
        (candidate(profile={"1.1": "12"}), ("FIELD_INVALID", "candidates[0].profile.1.1")),
        (
            candidate(certification_number="101"),
            ("FIELD_INVALID", "candidates[0].certification_number"),
        ),
        (candidate(end_screen_seen="oui"), ("FIELD_INVALID", "candidates[0].end_screen_seen")),
    ],
)
def test_wrong_types_inside_a_candidate(
    entry: dict[str, object], expected: tuple[str, str]
) -> None:
    assert codes_of(structure_error(document(entry))) == [expected]


def test_unknown_competence_is_named() -> None:
    error = structure_error(document(candidate(profile={"1.1": 9, "6.x": 1})))
    assert codes_of(error) == [("COMPETENCE_UNKNOWN", "candidates[0].profile")]
    assert error.errors[0].message == "La compétence « 6.x » n'existe pas."


def test_bad_session_access_code_keeps_its_code() -> None:
    data = document()
    data["session"]["access_code"] = "AEIO01"
    assert codes_of(structure_error(data)) == [
        ("SESSION_ACCESS_CODE_NOT_VALID", "session.access_code")
    ]


def test_report_needs_its_author_and_known_keys() -> None:
    bad = report()
    del bad["filed_by"]
    bad["pv"] = "x"
    assert codes_of(structure_error(document(reports=[bad]))) == [
        ("FIELD_REQUIRED", "reports[0].filed_by"),
        ("FIELD_NOT_ALLOWED", "reports[0].pv"),
    ]


@pytest.mark.parametrize("data", [[], "session", None, 3])
def test_document_must_be_an_object(data: object) -> None:
    assert codes_of(structure_error(data)) == [("DOCUMENT_NOT_AN_OBJECT", None)]


def test_structure_errors_never_echo_input_values() -> None:
    data = document(candidate(first_start="Kévin-Secret 09:00", state="Kévin-Secret"))
    error = structure_error(data)
    rendered = json.dumps(error.as_dict(), ensure_ascii=False)
    assert "Kévin-Secret" not in rendered


# ---------------------------------------------------------------- output, purity


def test_output_is_json_dumpable_and_keeps_the_access_code_secret(referential: Referential) -> None:
    doc = document(candidate(civil=civil(extra_time="0.5")), now="2026-03-12T10:00:00+01:00")
    dumped = json.loads(run(doc, referential).model_dump_json())
    assert "access_code" not in dumped["session"]
    assert "BCDF23" not in json.dumps(dumped)
    row = dumped["candidates"][0]
    assert row["timing"]["extra_time"] == "0.5"
    assert row["timing"]["allowed_minutes"] == 158
    assert row["timing"]["deadline"] == "2026-03-12T11:43:00+01:00"
    assert dumped["now"] == "2026-03-12T10:00:00+01:00"


def test_evaluation_does_not_modify_its_input(referential: Referential) -> None:
    doc = document(candidate(), reports=[report()])
    before = copy.deepcopy(doc)
    run(doc, referential)
    assert doc == before


class RecordingEngine:
    """Delegates to the pure engine and records every table it is asked about."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def matching_rows(self, table: DecisionTable, facts: Mapping[str, Any]) -> frozenset[str]:
        self.tables.add(table.name)
        return PURE_ENGINE.matching_rows(table, facts)


def test_the_given_engine_runs_every_rule(referential: Referential) -> None:
    engine = RecordingEngine()
    doc = document(
        candidate(state="started", first_start=None),
        now="2026-03-12T10:00:00+01:00",
        reports=[report()],
    )
    with_engine = evaluate_session(doc, referential=referential, engine=engine)
    assert {
        "eligibility",
        "time_over",
        "end_screen",
        "issue_report_validity",
        "civil_data",
        "birth_place",
    } <= engine.tables
    assert with_engine == run(doc, referential)


def test_evaluate_module_reads_no_clock_and_no_file() -> None:
    source = inspect.getsource(evaluate_module)
    for forbidden in ("now()", "today()", "time.time", "open(", "read_text", "Referential.load"):
        assert forbidden not in source
