"""Erasing a report's description (issue 17): the event names the report, once.

``ErasePersonalData`` (its docstring): "the free-text descriptions of reports" go; the
one event "names candidate and report ids only", and :func:`~pixcore.lifecycle.evolve`
then shows the values as erased. The report itself (its category, its question, its
resolution) stays: only the free text may name anyone.
"""

from __future__ import annotations

import pytest
from lifecycle_support import Driver

from pixcore import Referential
from pixcore import events as ev
from pixcore.lifecycle import commands as c
from pixcore.lifecycle.state import ERASED


@pytest.fixture
def driver(referential: Referential) -> Driver:
    return Driver(referential)


def test_erasing_a_description_names_its_report_once_and_keeps_the_report(
    driver: Driver,
) -> None:
    driver.started(1)
    number = driver.number(0)
    data = {"certification_number": number, "category": "IN_CHALLENGE", "subcategory": "IMAGE_NOT_DISPLAYING",
            "question_number": 1, "description": "Léa Dubois dit que l'image manque"}  # fmt: skip
    (filed,) = driver.run(c.FileIssueReport(data=data, filed_by="invigilator"))
    assert isinstance(filed, ev.IssueReportFiled)
    key = filed.report_id
    before = driver.state.reports[key].report
    (event,) = driver.run(c.ErasePersonalData(report_ids=(key, key)))
    assert isinstance(event, ev.PersonalDataErased)
    assert (event.reason, event.candidate_ids, event.report_ids) == ("request", (), (key,))
    assert (event.comments, event.attachments) == (False, False)
    after = driver.state.reports[key].report
    assert after.description == ERASED
    assert after.model_copy(update={"description": before.description}) == before
    assert set(driver.state.candidates) and driver.state.erased == frozenset()
