"""D5: once finalised, the candidate list is closed to an import as to any other change.

rules.md case 12 (adding a candidate to a finalised session →
``CertificationCandidateOnFinalizedSessionError``) and ``docs/cli.md`` (``candidates
import`` is "refused [...] after finalisation"): an import replaces the list, so it adds
candidates, and is refused with the code of an added candidate.
"""

from __future__ import annotations

import pytest
from lifecycle_support import Driver

from pixcore import Referential, RefusedError
from pixcore.lifecycle import commands as c


def test_an_import_into_a_finalised_session_is_refused(referential: Referential) -> None:
    driver = Driver(referential)
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise()
    before = dict(driver.state.candidates)
    with pytest.raises(RefusedError) as excinfo:
        driver.run(c.ImportCandidates(candidates=tuple(before.values())))
    assert (excinfo.value.code, dict(excinfo.value.meta)) == (
        "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION", {},
    )  # fmt: skip
    assert driver.state.candidates == before
