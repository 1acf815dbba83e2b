"""docs/cli.md and the importer agree on birth dates: jj/mm/aaaa and ISO, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixcore.cli.demo import DEMO_CANDIDATES_CSV
from pixcore.errors import PixcoreError
from pixcore.formats.importing import parse_candidates_csv
from pixcore.referential import Referential

REFERENTIAL = Referential.load()
DOC = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")


def imported(birth: str) -> str:
    header, first = DEMO_CANDIDATES_CSV.splitlines()[:2]  # one candidate is enough
    text = f"{header}\n{first.replace('14/03/2011', birth)}\n"
    candidates = parse_candidates_csv(text, referential=REFERENTIAL, session_number=1)
    return candidates[0].birth_date.isoformat()


@pytest.mark.parametrize(("written", "documented"), [("14/03/2011", "`jj/mm/aaaa`"),
                                                      ("2011-03-14", "`aaaa-mm-jj`")])  # fmt: skip
def test_each_documented_form_is_accepted(written: str, documented: str) -> None:
    row = next(line for line in DOC.splitlines() if line.startswith("| `* Date de naissance"))
    assert documented in row
    assert imported(written) == "2011-03-14"


@pytest.mark.parametrize("written", ["14-03-2011", "2011/03/14", "14/03/11", "2011-3-14"])
def test_other_forms_are_refused_with_the_documented_code(written: str) -> None:
    with pytest.raises(PixcoreError) as info:
        imported(written)
    assert [d.code for d in info.value.errors] == ["CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID"]
    assert "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID" in DOC
