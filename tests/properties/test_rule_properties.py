"""Property tests: real invariants of every rule, and oracles restated from rules.md."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import oracles
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests_support import Enrolled

from pixcore import (
    CORE_COMPETENCES,
    CandidateDataError,
    CertificationCourse,
    CompetenceProfile,
    EndScreenConfirmation,
    ExtraTime,
    IssueReportError,
    JuryPolicy,
    Referential,
    allowed_duration,
    check_eligibility,
    deadline,
    end_screen_decision,
    generate_access_code,
    is_time_over,
    match_candidates,
    normalize_name,
    validate_candidate,
    validate_issue_report,
)
from pixcore.rules.issue_reports import CATEGORIES, DEPRECATED_CATEGORIES, DEPRECATED_SUBCATEGORIES
from pixcore.testing import (
    candidate_data,
    certification_courses,
    competence_profiles,
    extra_times,
    french_names,
    issue_report_data,
)

ACCESS_CODE = re.compile(r"^[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}$")
PARIS = dt.timezone(dt.timedelta(hours=1))
starts = st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2031, 1, 1), timezones=st.just(PARIS))
fractions = st.decimals(min_value=0, max_value=Decimal("9.99"), places=2)


class TestEligibilityProperties:
    @given(profile=competence_profiles())
    def test_oracle(self, profile: CompetenceProfile) -> None:
        """The rule gives the oracle's answer on every profile."""
        decision = check_eligibility(profile)
        assert (decision.eligible, decision.count) == oracles.eligible(dict(profile.pix))

    @given(
        profile=competence_profiles(),
        competence=st.sampled_from(CORE_COMPETENCES),
        extra=st.integers(1, 40),
    )
    def test_more_pix_never_makes_ineligible(
        self, profile: CompetenceProfile, competence: str, extra: int
    ) -> None:
        """Raising one competence never lowers the count nor removes eligibility."""
        before = check_eligibility(profile)
        pix = {**profile.pix, competence: profile.pix_of(competence) + extra}
        after = check_eligibility(pix)
        assert after.count >= before.count
        assert after.eligible or not before.eligible

    @given(order=st.permutations(CORE_COMPETENCES), reached=st.integers(0, 16))
    def test_flips_exactly_at_the_fifth_competence_reaching_8_pix(
        self, order: list[str], reached: int
    ) -> None:
        """With k competences at 8 pix and the others at 7, eligible iff k >= 5."""
        pix = {code: (8 if index < reached else 7) for index, code in enumerate(order)}
        decision = check_eligibility(pix)
        assert decision.count == reached
        assert decision.eligible is (reached >= 5)


class TestTimingProperties:
    @given(p=fractions, start=starts)
    @example(p=Decimal("1.20"), start=dt.datetime(2026, 3, 12, 9, tzinfo=PARIS))
    @example(p=Decimal("0.13"), start=dt.datetime(2026, 3, 12, 9, tzinfo=PARIS))
    def test_deadline_never_shortchanges(self, p: Decimal, start: dt.datetime) -> None:
        """exact ≤ deadline − start < exact + 1 min, and the oracle agrees."""
        exact = dt.timedelta(minutes=105) * 1  # base
        exact_seconds = Decimal(105 * 60) * (1 + p)
        end = deadline(start, p)
        elapsed = Decimal((end - start).total_seconds())
        assert exact_seconds <= elapsed < exact_seconds + 60
        assert end == oracles.deadline(start, p, None)
        assert end - start >= exact

    @given(p=fractions, q=fractions)
    def test_duration_is_monotonic_in_extra_time(self, p: Decimal, q: Decimal) -> None:
        """More extra time never gives less time."""
        low, high = sorted((p, q))
        assert allowed_duration(low) <= allowed_duration(high)

    @given(p=fractions, start=starts, first=starts)
    def test_later_first_start_never_shortens(
        self, p: Decimal, start: dt.datetime, first: dt.datetime
    ) -> None:
        """The deadline counts from the later of the noted start and the first start."""
        end = deadline(start, p, first_start=first)
        assert end >= deadline(start, p)
        assert end == oracles.deadline(start, p, first)

    @given(extra=extra_times(), start=starts, offset=st.integers(-(10**10), 10**10))
    def test_time_over_iff_now_at_or_after_deadline(
        self, extra: ExtraTime, start: dt.datetime, offset: int
    ) -> None:
        """Time over exactly when now ≥ deadline (microsecond precision)."""
        end = deadline(start, extra)
        now = end + dt.timedelta(microseconds=offset)
        assert is_time_over(end, now) is (now >= end)


class TestEndScreenProperties:
    @given(course=certification_courses(), seen=st.none() | st.booleans(), auto=st.booleans())
    def test_oracle(self, course: CertificationCourse, seen: bool | None, auto: bool) -> None:
        """D3's outcome is the oracle's for every state, confirmation and policy."""
        confirmation = (
            None
            if seen is None
            else EndScreenConfirmation(certification_number=course.certification_number, seen=seen)
        )
        decision = end_screen_decision(
            course, confirmation, policy=JuryPolicy(auto_reject_unseen_end_screen=auto)
        )
        assert decision.outcome == oracles.end_screen(course.finished, bool(seen), auto)
        assert (decision.reason is not None) == (
            decision.outcome in ("proposal_reject", "rejected")
        )


class TestIdentityProperties:
    @given(name=french_names())
    def test_normalize_is_idempotent_and_matches_the_oracle(self, name: str) -> None:
        """normalize(normalize(x)) == normalize(x) == oracle(x)."""
        once = normalize_name(name)
        assert normalize_name(once) == once == oracles.normalize(name)
        assert re.fullmatch(r"[0-9A-Z]*", once)

    @given(name=french_names(), spaces=st.text(" -'\u200b", max_size=3))
    def test_case_accents_and_spacing_do_not_matter(self, name: str, spaces: str) -> None:
        """Lower case, NFC/NFD, and spaces, hyphens, apostrophes around change nothing."""
        variants = [
            name.lower(),
            name.upper(),
            unicodedata.normalize("NFD", name),
            unicodedata.normalize("NFC", name),
            spaces + name + spaces,
        ]
        assert {normalize_name(v) for v in variants} == {normalize_name(name)}

    @given(first=french_names(), last=french_names(), born=st.dates())
    def test_an_enrolled_candidate_finds_itself(self, first: str, last: str, born: dt.date) -> None:
        """Typing one's own enrolled identity (in any Unicode form) always matches."""
        me = Enrolled(first, last, born)
        typed = unicodedata.normalize("NFD", first.upper()), f" {last.lower()} "
        assert me in match_candidates([me], typed[0], typed[1], born)


class TestAccessCodeProperties:
    @given(st.data())
    def test_format(self, data: st.DataObject) -> None:
        """Every code from the CSPRNG matches the D7 format."""
        assert ACCESS_CODE.match(generate_access_code())

    @given(draws=st.lists(st.integers(0, 100), min_size=6, max_size=6))
    def test_format_whatever_the_random_source(self, draws: list[int]) -> None:
        """Even a fake random source cannot produce a code outside the alphabets."""
        values = iter(draws)
        code = generate_access_code(lambda n: next(values) % n)
        assert ACCESS_CODE.match(code)


REPORT_FIELDS = st.fixed_dictionaries(
    {
        "category": st.sampled_from([*CATEGORIES, *DEPRECATED_CATEGORIES, "UNKNOWN", ""]),
        "subcategory": st.one_of(
            st.none(),
            st.sampled_from(
                [s for spec in CATEGORIES.values() for s in spec.subcategories]
                + list(DEPRECATED_SUBCATEGORIES)
            ),
        ),
        "question_number": st.one_of(st.none(), st.sampled_from([-1, 0, 1, 2, 250, 499, 500, 501])),
        "description": st.one_of(
            st.none(), st.sampled_from(["", "  ", "Texte", "x" * 500, "x" * 501])
        ),
    }
)


class TestIssueReportProperties:
    @given(fields=REPORT_FIELDS)
    def test_validity_partitions_every_combination(self, fields: dict[str, object]) -> None:
        """Every (category, subcategory, question, description) is valid xor refused,
        and the verdict is the oracle's."""
        data = {"certification_number": 5, **fields}
        refusal: IssueReportError | None = None
        try:
            report = validate_issue_report(data, filed_by="invigilator")
        except IssueReportError as error:
            refusal = error
        else:
            assert report.impactful == oracles.impactful(report.category, report.subcategory)
        valid = refusal is None
        assert valid or refusal.errors, "a refusal always says why"
        assert valid == oracles.report_valid(
            fields["category"],
            fields["subcategory"],
            fields["question_number"],  # type: ignore[arg-type]
            fields["description"],  # type: ignore[arg-type]
        )

    @given(data=issue_report_data(valid=True))
    def test_valid_strategy_is_accepted(self, data: dict[str, object]) -> None:
        """pixcore.testing's valid reports are accepted."""
        validate_issue_report(data, filed_by="invigilator")

    @given(data=issue_report_data(valid=False))
    def test_invalid_strategy_is_refused(self, data: dict[str, object]) -> None:
        """pixcore.testing's invalid reports are refused."""
        with pytest.raises(IssueReportError):
            validate_issue_report(data, filed_by="invigilator")

    @given(
        data=issue_report_data(valid=True),
        # Both branches: the two counting authors, near misses, and any text at all.
        author=st.one_of(
            st.sampled_from(["invigilator", "referent", "Invigilator", "invigilator ", "other"]),
            st.text(max_size=12),
        ),
    )
    def test_only_invigilator_or_transcription_counts(
        self, data: dict[str, object], author: str
    ) -> None:
        """Any author other than the invigilator or the referent's transcription is refused."""
        if author in ("invigilator", "referent"):
            validate_issue_report(data, filed_by=author)
        else:
            with pytest.raises(IssueReportError):
                validate_issue_report(data, filed_by=author)


class TestCandidateProperties:
    @given(data=st.data())
    def test_valid_strategy_is_accepted(
        self, referential: Referential, data: st.DataObject
    ) -> None:
        """pixcore.testing's candidates pass validation, keeping names and birth date."""
        raw = data.draw(candidate_data(referential))
        candidate = validate_candidate(raw, referential=referential)
        assert candidate.last_name == raw["last_name"].strip()
        assert candidate.birth_date.isoformat() == raw["birth_date"]

    @given(data=st.data(), field=st.sampled_from(["last_name", "first_name", "sex", "birth_date"]))
    def test_removing_a_required_field_is_refused(
        self, referential: Referential, data: st.DataObject, field: str
    ) -> None:
        """Without a required field, validation fails naming that field."""
        raw = data.draw(candidate_data(referential))
        raw.pop(field)
        with pytest.raises(CandidateDataError) as excinfo:
            validate_candidate(raw, referential=referential)
        assert field in {detail.field for detail in excinfo.value.errors}
