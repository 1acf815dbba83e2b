"""The host guide's examples ran: docs/guides/host.md includes examples/host_guide.py.

Runs the walkthrough in a fresh namespace and checks what a host relies on (the typed
join answer, results as JSON and CSV); checks that the guide includes every section of
the file and only sections that exist, so no example in the guide is untested.
"""

from __future__ import annotations

import dataclasses
import json
import re
import runpy
from pathlib import Path

import pixcore

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guides" / "host.md"
SCRIPT = ROOT / "examples" / "host_guide.py"
INCLUDE = re.compile(r'--8<-- "examples/host_guide\.py:(?P<name>[a-z_]+)"')
SECTION = re.compile(r"# --8<-- \[start:(?P<name>[a-z_]+)\]")


def test_the_guide_includes_every_section_and_only_existing_ones() -> None:
    included = INCLUDE.findall(GUIDE.read_text("utf-8"))
    sections = SECTION.findall(SCRIPT.read_text("utf-8"))
    assert len(included) == len(set(included))
    assert set(included) == set(sections)
    for name in sections:  # every section is closed
        assert f"# --8<-- [end:{name}]" in SCRIPT.read_text("utf-8")


def test_the_walkthrough_runs_and_gives_typed_json_and_csv_results() -> None:
    namespace = runpy.run_path(str(SCRIPT))
    results, csv_text = namespace["main"]()
    service: pixcore.SessionService = namespace["service"]
    typed = service.results(12345)
    assert json.loads(pixcore.results_json(typed)) == results
    assert [r["status"] for r in results] == ["validated", "cancelled"]
    validated = typed[0]
    assert validated.pix == sum(validated.competence_pix.values()) > 0
    assert results[0]["competence_levels"] == {
        code: pix // 8 for code, pix in validated.competence_pix.items()
    }
    assert dataclasses.asdict(validated)["competence_pix"] == dict(validated.competence_pix)
    assert csv_text is not None
    assert all(str(r["certification_number"]) in csv_text for r in results)


def test_a_rejoin_resumes_the_same_certification() -> None:
    namespace = runpy.run_path(str(SCRIPT))
    for step in ("create", "enrol", "start"):
        namespace[step]()
    first: pixcore.Joined = namespace["join"]()
    assert not first.resumed and first.next_question == 1
    assert first.question_count == 15  # 3 questions for each of the 5 competences
    service: pixcore.SessionService = namespace["service"]
    service.execute(12345, pixcore.RecordAnswer(certification_number=first.certification_number,
                                                status="ok", competence="1.1"))  # fmt: skip
    again: pixcore.Joined = namespace["join"]()
    assert again.resumed and again.next_question == 2
    assert again.certification_number == first.certification_number
    assert again.candidate_id == first.candidate_id
    assert [type(e).__name__ for e in again.events] == ["CertificationResumed"]
