"""Every refusal of an extra time names its field, whatever check refused it.

``pixcore.models.extra_time.parse_extra_time_fraction`` refuses a value's *shape* with
its own code (too precise, not decimal, huge, not a number); ``to_extra_time`` and the
import readers refuse the *range* (D2). A host puts each error next to its field, so
every one of these refusals carries ``{"field": "extra_time"}`` (``rules.md`` D2, §3.2).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from pixcore.errors import InvalidInputError
from pixcore.rules.timing import extra_time_from_csv, extra_time_from_ods, to_extra_time

SHAPES = [
    (Decimal("0." + "1" * 21), "CANDIDATE_EXTRA_TIME_TOO_PRECISE"),  # more than 20 decimals
    (Fraction(1, 3), "CANDIDATE_EXTRA_TIME_NOT_DECIMAL"),  # a third has no decimal form
    (Decimal("1E+30"), "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"),  # a huge magnitude
    ("1" + "0" * 40, "CANDIDATE_EXTRA_TIME_INTEGER"),  # over-long text
]


@pytest.mark.parametrize(("value", "code"), SHAPES)
def test_a_value_refused_by_its_shape_names_the_extra_time_field(value: object, code: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        to_extra_time(value)
    assert (caught.value.code, dict(caught.value.meta)) == (code, {"field": "extra_time"})


def test_an_over_precise_ods_cell_names_the_extra_time_field() -> None:
    with pytest.raises(InvalidInputError) as caught:
        extra_time_from_ods("0." + "3" * 21)
    assert (caught.value.code, dict(caught.value.meta)) == (
        "CANDIDATE_EXTRA_TIME_TOO_PRECISE",
        {"field": "extra_time"},
    )


@pytest.mark.parametrize("text", ["-5", "-0.5", "-1000"])
def test_a_negative_csv_percentage_is_out_of_range(text: str) -> None:
    """D2: 0 % to 999 %; a negative percentage is out of that range."""
    with pytest.raises(InvalidInputError) as caught:
        extra_time_from_csv(text)
    assert (caught.value.code, dict(caught.value.meta)) == (
        "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE",
        {"field": "extra_time"},
    )
