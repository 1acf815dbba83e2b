"""Results: each certification's jury decision (D6), publishability, the school's CSV.

Pure functions of a :class:`~pixcore.lifecycle.state.SessionState`. Scoring follows Pix
V2 (``rules.md`` §10.4): the reproducibility rate over answered, non-neutralised
questions; per competence, :data:`~pixcore.rules.jury.CERTIFIED_LEVEL` keeps, lowers or
invalidates the placement level; certified pix = the competence's pix at
reconciliation (V), minus 8 (D), or 0 (I). Every question needs its competence
(:mod:`pixcore.lifecycle.competences`): without them there is no score, and a decision
that needs one is an ``error`` (``COMPETENCES_MISSING``), never an invented score.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

from pixcore.errors import InvalidInputError
from pixcore.lifecycle.comments import jury_comments
from pixcore.lifecycle.competences import answer_competences
from pixcore.lifecycle.state import CertificationState, SessionState
from pixcore.models.competence import CompetenceProfile
from pixcore.models.decisions import JuryPolicy
from pixcore.rules.eligibility import PIX_COUNT_BY_LEVEL
from pixcore.rules.end_screen import END_SCREEN
from pixcore.rules.engine import Engine, first_outcome, outcomes
from pixcore.rules.jury import (
    CERTIFIED_LEVEL,
    JURY_DECISION,
    NOT_COVERED,
    CompetenceMark,
    competence_counts,
    rate_band,
    reproducibility_rate,
    trustable,
)
from pixcore.rules.publication import PUBLISHABILITY

__all__ = [
    "CertificationResult",
    "ReadOnlyDict",
    "ResultStatus",
    "certification_result",
    "decide_certification",
    "publishability",
    "result_recipients",
    "results_json",
    "session_results",
]

ResultStatus = Literal["validated", "rejected", "cancelled", "error", "started"]
"""``started``: no result yet (before the automatic jury)."""


class ReadOnlyDict(dict[str, int]):
    """A ``dict`` that refuses changes.

    Results stay immutable, and ``dataclasses.asdict`` and ``json.dumps`` still work on
    them (a ``MappingProxyType`` breaks both).
    """

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("ReadOnlyDict is read-only")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __ior__(self, other: object) -> ReadOnlyDict:  # type: ignore[override,misc]
        raise TypeError("ReadOnlyDict is read-only")


@dataclasses.dataclass(frozen=True, slots=True)
class CertificationResult:
    """One certification's decision, with what led to it."""

    certification_number: int
    candidate_id: str
    status: ResultStatus
    reason: str | None
    pix: int
    reproducibility: int
    end_screen: str
    end_screen_pending: bool
    competence_pix: Mapping[str, int] = dataclasses.field(default_factory=ReadOnlyDict)
    """Certified pix per competence tested (V: kept, D: − 8, I: 0); empty unless validated."""
    comment_for_candidate: str = ""
    comment_for_organization: str = ""

    @property
    def competence_levels(self) -> Mapping[str, int]:
        """Certified level per competence tested: ``pix // 8``."""
        return {code: pix // PIX_COUNT_BY_LEVEL for code, pix in self.competence_pix.items()}

    def to_dict(self) -> dict[str, object]:
        """The result as plain JSON-ready data (the fields and ``competence_levels``)."""
        data = dataclasses.asdict(self)
        data["competence_pix"] = dict(self.competence_pix)
        data["competence_levels"] = dict(self.competence_levels)
        return data


MAX_JSON_RESULTS = 100_000
"""At most this many results per :func:`results_json` call (a session has a few hundred)."""


def results_json(results: Iterable[CertificationResult], *, indent: int | None = None) -> str:
    """Results as a JSON array of :meth:`CertificationResult.to_dict` objects (UTF-8 text).

    :param indent: ``None`` (one line) or 0 to 8 spaces.
    :raises InvalidInputError: ``ARGUMENT_NOT_VALID`` for anything but results (at most
        :data:`MAX_JSON_RESULTS`, 100 000: a session has a few hundred) or another indent.
    """
    if isinstance(results, str | bytes | Mapping) or not isinstance(results, Iterable):
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "results"})
    if indent is not None and (type(indent) is not int or not 0 <= indent <= 8):
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "indent"})
    items = list(itertools.islice(results, MAX_JSON_RESULTS + 1))
    if len(items) > MAX_JSON_RESULTS or not all(
        isinstance(item, CertificationResult) for item in items
    ):
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "results"})
    try:
        data = [item.to_dict() for item in items]
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as error:  # a result built by hand, wrongly
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "results"}) from error


@dataclasses.dataclass(frozen=True, slots=True)
class _Score:
    answered: int
    neutralised: int
    correct: int
    rate: int
    pix: int
    competence_pix: Mapping[str, int]
    scoring: str
    """``ok``; ``missing`` (an answer without competence); ``no_profile``; ``not_covered``."""


def _certified_pix(
    course: CertificationState, profile: CompetenceProfile | None, rate: int, engine: Engine | None
) -> tuple[int, dict[str, int], str]:
    competences = answer_competences(course, profile)
    if None in competences:
        return 0, {}, "missing"  # never invent a score (issue 9 §5, docs/decisions.md)
    if profile is None:
        return 0, {}, "no_profile"
    groups: dict[str, list[tuple[str, bool, bool]]] = defaultdict(list)
    for answer, competence in zip(course.answers, competences, strict=True):
        # a plain tuple: equal and hashed as the CompetenceMark it stands for
        groups[str(competence)].append((answer.status, answer.neutralised, answer.qrocm_dep))
    per_competence: dict[str, int] = {}
    scoring = "ok"
    band = rate_band(rate)
    for competence, marks in groups.items():
        key = (tuple(marks), band)
        verdict = _VERDICTS.get(key) if engine is None else None
        if verdict is None:
            verdict = _level_verdict(tuple(map(CompetenceMark._make, marks)), band, engine)
            if engine is None and len(_VERDICTS) < _VERDICTS_KEPT:
                _VERDICTS[key] = verdict
        if verdict == NOT_COVERED:
            scoring = "not_covered"
        pix = profile.pix_of(competence)
        per_competence[competence] = {"V": pix, "D": max(pix - PIX_COUNT_BY_LEVEL, 0)}.get(
            verdict, 0
        )
    return sum(per_competence.values()), per_competence, scoring


def _level_verdict(marks: tuple[CompetenceMark, ...], band: str, engine: Engine | None) -> str:
    """:data:`CERTIFIED_LEVEL`'s verdict for one competence's marks at a rate band."""
    questions, correct, neutralised = competence_counts(marks)
    facts: dict[str, int | str] = {
        "questions": questions,
        "correct": correct,
        "neutralised": neutralised,
        "band": band,
    }
    return first_outcome(CERTIFIED_LEVEL, facts, engine)


_VERDICTS: dict[tuple[tuple[tuple[str, bool, bool], ...], str], str] = {}
_VERDICTS_KEPT = 8192
"""At most this many (marks, band) → verdict remembered, for the default engine only: a
pure function of immutable values (a competence has ~3 marks of 6 statuses × 2 × 2)."""


def _score(
    course: CertificationState, profile: CompetenceProfile | None, engine: Engine | None
) -> _Score:
    counted = [a for a in course.answers if not a.neutralised]
    correct = sum(a.status == "ok" for a in counted)
    rate = reproducibility_rate(correct, len(counted))
    pix, per_competence, scoring = _certified_pix(course, profile, rate, engine)
    return _Score(
        len(counted), len(course.answers) - len(counted), correct, rate, pix, per_competence,
        scoring,
    )  # fmt: skip


def _end_screen(
    course: CertificationState, policy: JuryPolicy, engine: Engine | None
) -> tuple[str, bool, bool]:
    facts = {
        "finished": course.finished,
        "end_screen_seen": course.end_screen_seen,
        "auto_reject": policy.auto_reject_unseen_end_screen,
    }
    outcome = first_outcome(END_SCREEN, facts, engine)
    proposal = outcome == "proposal_reject"
    rejected = outcome == "rejected" or (proposal and course.end_screen_review == "confirmed")
    pending = proposal and course.end_screen_review == "none"
    return outcome, rejected, pending


def certification_result(
    state: SessionState,
    course: CertificationState,
    policy: JuryPolicy | None = None,
    *,
    engine: Engine | None = None,
) -> CertificationResult:
    """Decide one certification (D6 order); ``started`` until the automatic jury ran."""
    profile = state.profiles.get(course.candidate_id)
    return decide_certification(course, profile, state.jury_done, policy, engine=engine)


def decide_certification(
    course: CertificationState,
    profile: CompetenceProfile | None,
    jury_done: bool,
    policy: JuryPolicy | None = None,
    *,
    engine: Engine | None = None,
) -> CertificationResult:
    """:func:`certification_result` from the course and the candidate's profile alone.

    The one decision both paths share: a session's state (:func:`certification_result`)
    and a single candidate (:func:`pixcore.lifecycle.single.single_result`).
    """
    screen, rejected, pending = _end_screen(course, policy or JuryPolicy(), engine)
    score = _score(course, profile, engine)
    status, reason = "started", None
    if jury_done:
        facts: dict[str, bool | int | str] = {
            "cancelled": course.cancelled,
            "rejected_for_fraud": course.rejected_for_fraud,
            "end_screen_rejected": rejected,
            "computable": course.unanswered == 0,
            "trustable": trustable(score.answered, course.question_count),
            "abort_technical": course.abort_reason == "technical",
            "reproducibility": score.rate,
            "total_pix": score.pix,
            "scoring": score.scoring,
        }
        status, _, reason = first_outcome(JURY_DECISION, facts, engine).partition(":")
    validated = status == "validated"
    for_candidate, for_organization = jury_comments(status, reason or None)
    return CertificationResult(
        certification_number=course.certification_number,
        candidate_id=course.candidate_id,
        status=status,  # type: ignore[arg-type]
        reason=reason or None,
        pix=score.pix if validated else 0,
        reproducibility=score.rate,
        end_screen=screen,
        end_screen_pending=pending,
        competence_pix=ReadOnlyDict(score.competence_pix if validated else {}),
        comment_for_candidate=for_candidate,
        comment_for_organization=for_organization,
    )


def session_results(
    state: SessionState, policy: JuryPolicy | None = None, *, engine: Engine | None = None
) -> tuple[CertificationResult, ...]:
    """Every certification's result, by certification number."""
    return tuple(
        certification_result(state, state.certifications[number], policy, engine=engine)
        for number in sorted(state.certifications)
    )


def _count(results: Iterable[CertificationResult], status: str) -> int:
    return sum(result.status == status for result in results)


def publishability(
    state: SessionState, policy: JuryPolicy | None = None, *, engine: Engine | None = None
) -> tuple[str, ...]:
    """Why the session is not automatically publishable; empty when it is (D6, §11.1)."""
    results = session_results(state, policy, engine=engine)
    facts = {
        "has_comment": bool(state.finalisation and state.finalisation.comment),
        "unresolved_impactful_reports": sum(
            entry.report.impactful and not entry.resolved for entry in state.reports.values()
        ),
        "in_error": _count(results, "error"),
        "without_result": _count(results, "started"),
        "pending_end_screen": sum(result.end_screen_pending for result in results),
        "jury_assigned": state.jury_member is not None,
    }
    return outcomes(PUBLISHABILITY, facts, engine)


def result_recipients(state: SessionState) -> Mapping[str, tuple[str, ...]]:
    """Who receives the results e-mail (§11.3): address → candidate ids.

    Addresses are grouped case-insensitively (one e-mail per address, ``Prof@X.fr`` and
    ``prof@x.fr`` are one); only candidates who started a certification count.
    """
    started = {course.candidate_id for course in state.certifications.values()}
    recipients: dict[str, list[str]] = defaultdict(list)
    for candidate_id, candidate in state.candidates.items():
        address = candidate.result_recipient_email
        if address and candidate_id in started:
            recipients[address.casefold()].append(candidate_id)
    return MappingProxyType({address: tuple(ids) for address, ids in recipients.items()})
