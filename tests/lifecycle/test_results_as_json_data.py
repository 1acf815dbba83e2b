"""A result as plain data: ``to_dict`` gives its fields and ``competence_levels``
(docs/decisions.md, "Results as JSON"), and ``results_json`` writes UTF-8 text (its
docstring), so accents stay as typed rather than ``\\u`` escapes.

A level is 8 pix (rules.md: ``PIX_COUNT_BY_LEVEL``): the eligible profile of the
lifecycle driver holds 16 pix per competence, kept (V) when every answer is correct, so
each competence tested is certified at level 2.
"""

from __future__ import annotations

import dataclasses
import json

from lifecycle_support import ELIGIBLE, Driver

from pixcore import Referential
from pixcore.lifecycle.results import CertificationResult, results_json, session_results


def _validated(referential: Referential) -> CertificationResult:
    driver = Driver(referential)
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise(end_screen_confirmations=(driver.number(0),))
    (result,) = session_results(driver.state)
    assert result.status == "validated"
    return result


def test_to_dict_holds_the_fields_and_the_levels(referential: Referential) -> None:
    result = _validated(referential)
    data = result.to_dict()
    fields = {field.name for field in dataclasses.fields(CertificationResult)}
    assert set(data) == fields | {"competence_levels"}
    tested = dict(ELIGIBLE.pix)
    assert data["competence_pix"] == tested
    assert type(data["competence_pix"]) is dict  # plain data, not the read-only type
    assert data["competence_levels"] == dict.fromkeys(tested, 2)
    assert type(data["competence_levels"]) is dict
    assert json.loads(json.dumps(data)) == data


def test_results_json_writes_accents_as_typed(referential: Referential) -> None:
    result = dataclasses.replace(
        _validated(referential), comment_for_organization="Élève arrivé en retard"
    )
    text = results_json([result])
    assert '"Élève arrivé en retard"' in text
    assert "\\u00" not in text
    assert json.loads(text) == [result.to_dict()]
