"""``results_json``'s documented limits, at their edges.

Its docstring: ``indent`` is ``None`` (one line) or 0 to 8 spaces; at most
:data:`~pixcore.lifecycle.results.MAX_JSON_RESULTS` (100,000) results per call (a session
has a few hundred); anything beyond is ``ARGUMENT_NOT_VALID`` naming ``results``. The
bound is reached cheaply by repeating one result: the call counts results, it does not
ask them to differ.
"""

from __future__ import annotations

import itertools
import json

import pytest

from pixcore import InvalidInputError
from pixcore.lifecycle.results import CertificationResult, results_json

RESULT = CertificationResult(certification_number=7, candidate_id="C2", status="validated",
                             reason=None, pix=16, reproducibility=90, end_screen="seen",
                             end_screen_pending=False)  # fmt: skip


@pytest.mark.slow
def test_exactly_the_limit_is_written_one_more_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        results_json(itertools.repeat(RESULT, 100_001))
    assert (caught.value.code, dict(caught.value.meta)) == ("ARGUMENT_NOT_VALID",
                                                           {"argument": "results"})  # fmt: skip
    text = results_json(itertools.repeat(RESULT, 100_000))
    one = json.dumps(RESULT.to_dict(), ensure_ascii=False)
    assert text == "[" + ", ".join([one] * 100_000) + "]"


@pytest.mark.parametrize("indent", [0, 8])
def test_indents_from_0_to_8_spaces_are_written(indent: int) -> None:
    text = results_json([RESULT, RESULT], indent=indent)
    assert json.loads(text) == json.loads(results_json([RESULT, RESULT]))
    lines = text.splitlines()
    assert len(lines) > 2  # indented: not one line
    members = [line for line in lines if line.lstrip().startswith('"')]
    assert members and {len(line) - len(line.lstrip(" ")) for line in members} == {2 * indent}


@pytest.mark.parametrize("indent", [-1, 9])
def test_indents_outside_0_to_8_are_refused(indent: int) -> None:
    with pytest.raises(InvalidInputError) as caught:
        results_json([RESULT], indent=indent)
    assert (caught.value.code, dict(caught.value.meta)) == ("ARGUMENT_NOT_VALID",
                                                           {"argument": "indent"})  # fmt: skip
