"""D1 eligibility: example cases (rules.md §13 P1–P3, case 30)."""

from __future__ import annotations

import pytest

from pixcore import CORE_COMPETENCES, CompetenceProfile, InvalidInputError, check_eligibility
from pixcore.rules import Engine


def profile(*pix: int) -> dict[str, int]:
    return dict(zip(CORE_COMPETENCES, pix, strict=False))


class TestCheckEligibility:
    def test_p1_five_competences_at_eight_pix(self, engine: Engine) -> None:
        """Five core competences at 8 pix: eligible, count 5, one detail per competence."""
        decision = check_eligibility(profile(8, 8, 8, 8, 8), engine=engine)
        assert decision.eligible is True
        assert decision.count == 5
        assert [d.competence for d in decision.details] == list(CORE_COMPETENCES)
        assert [d.counts for d in decision.details][:6] == [True] * 5 + [False]

    def test_p2_four_and_a_seven(self, engine: Engine) -> None:
        """Four at ≥ 8 and one at 7: not eligible, count 4, a reason naming what is missing."""
        decision = check_eligibility(profile(8, 9, 40, 16, 7), engine=engine)
        assert decision.eligible is False
        assert decision.count == 4
        assert decision.details[4].level == 0
        (reason,) = decision.reasons
        assert reason.code == "NOT_ENOUGH_COMPETENCES"
        assert reason.meta == {"count": 4, "missing": 1}
        assert "il en manque 1" in reason.message

    def test_p3_non_core_competence_ignored(self, engine: Engine) -> None:
        """A non-core competence with 40 pix does not count."""
        decision = check_eligibility({**profile(8, 8, 8, 8), "6.1": 40}, engine=engine)
        assert (decision.eligible, decision.count) == (False, 4)
        assert "6.1" not in {d.competence for d in decision.details}

    def test_accepts_a_model_or_a_mapping(self) -> None:
        """A CompetenceProfile and a plain mapping give the same decision."""
        pix = profile(8, 16, 24, 32, 40, 3)
        assert check_eligibility(CompetenceProfile(pix=pix)) == check_eligibility(pix)

    @pytest.mark.parametrize("bad", [-1, True, "8"])
    def test_invalid_pix_values_are_refused_with_a_code(self, bad: object) -> None:
        """Negative, boolean or text pix values are refused with a coded error."""
        with pytest.raises(InvalidInputError) as excinfo:
            check_eligibility({"1.1": bad})  # type: ignore[dict-item]
        expected = "COMPETENCE_PIX_NOT_VALID" if bad == -1 else "FIELD_INVALID"
        assert excinfo.value.code == expected
        assert (excinfo.value.errors[0].field or "").startswith("pix")

    @pytest.mark.parametrize("other", ["6.1", "pix+droit", "CléA"])
    def test_a_competence_at_zero_is_a_missing_competence(self, other: str) -> None:
        """A missing competence has 0 pix (CompetenceProfile): writing the 0 changes
        nothing, whatever else the mapping holds; only its pix values are checked, keys
        that are not core competences are ignored (D1)."""
        missing = {**profile(8, 8, 8, 8, 8), other: 40}
        written = {**missing, CORE_COMPETENCES[5]: 0, CORE_COMPETENCES[15]: 0}
        assert check_eligibility(written) == check_eligibility(missing)
        assert (check_eligibility(written).eligible, check_eligibility(written).count) == (True, 5)

    def test_never_raises_for_ineligible(self) -> None:
        """An empty profile is a decision, not an exception."""
        decision = check_eligibility({})
        assert decision.eligible is False
        assert decision.count == 0
