"""``results_json`` refuses anything but an iterable of results, naming ``results``.

Its docstring: ``ARGUMENT_NOT_VALID`` "for anything but results (at most
:data:`MAX_JSON_RESULTS`, 100 000 [...])". Text, bytes and mappings iterate, but are
not a sequence of results; a number does not iterate at all. Past the limit the call is
refused as soon as the limit is passed: a longer (or endless) source is not read further.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from pixcore import InvalidInputError
from pixcore.lifecycle.results import MAX_JSON_RESULTS, CertificationResult, results_json

RESULT = CertificationResult(certification_number=7, candidate_id="C2", status="validated",
                             reason=None, pix=16, reproducibility=90, end_screen="seen",
                             end_screen_pending=False)  # fmt: skip


@pytest.mark.parametrize(
    "value", ["[]", b"[]", {}, {"C2": RESULT}, 7, None], ids=repr,
)  # fmt: skip
def test_non_results_are_refused_naming_results(value: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        results_json(value)  # type: ignore[arg-type]
    assert (caught.value.code, dict(caught.value.meta)) == ("ARGUMENT_NOT_VALID",
                                                           {"argument": "results"})  # fmt: skip


class _ReadTooFarError(Exception):
    """Raised by a source asked for more than one result past the limit."""


def test_reading_stops_at_the_first_result_past_the_limit() -> None:
    def source() -> Iterator[CertificationResult]:
        yield from itertools.repeat(RESULT, MAX_JSON_RESULTS + 1)
        raise _ReadTooFarError  # a longer (or endless) source: never reached

    with pytest.raises(InvalidInputError) as caught:
        results_json(source())
    assert (caught.value.code, dict(caught.value.meta)) == ("ARGUMENT_NOT_VALID",
                                                           {"argument": "results"})  # fmt: skip
