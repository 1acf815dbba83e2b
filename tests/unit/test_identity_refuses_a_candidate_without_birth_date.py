"""Identity matching refuses an enrolled entry that is not a candidate (D8, ``rules.md``).

``match_candidates``: ``enrolled`` is an iterable of candidates, "anything else raises
``ARGUMENT_NOT_VALID``". A candidate has two names *and* a birth date: an entry whose
names are text but whose birth date is not a date (a string read from a file, say) is
not one, and must be refused rather than silently never match — a pupil who typed the
right identity would otherwise be told they are not enrolled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from pixcore.errors import InvalidInputError
from pixcore.rules.identity import match_candidates


@dataclass(frozen=True)
class Entry:
    last_name: object
    first_name: object
    birth_date: object


BORN = dt.date(2011, 2, 3)


@pytest.mark.parametrize("birth_date", ["2011-02-03", None, 20110203])
def test_text_names_with_a_birth_date_that_is_not_a_date_are_refused(birth_date: object) -> None:
    enrolled = [Entry("Diallo", "Awa", birth_date)]
    with pytest.raises(InvalidInputError) as excinfo:
        match_candidates(enrolled, "Awa", "Diallo", BORN)
    assert (excinfo.value.code, dict(excinfo.value.meta)) == (
        "ARGUMENT_NOT_VALID",
        {"argument": "enrolled"},
    )


def test_a_real_candidate_still_matches() -> None:
    enrolled = [Entry("Diallo", "Awa", BORN)]
    assert match_candidates(enrolled, "Awa", "Diallo", BORN) == enrolled
