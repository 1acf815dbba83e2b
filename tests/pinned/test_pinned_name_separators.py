"""F11 (docs/decisions.md): a name holds no character a pupil cannot see or type.

Line and paragraph separators (Unicode categories Zl and Zp) break a name over lines on
the PV de session and the certificate: each is refused in a name with the name's own
``…_CHARACTER_NOT_VALID`` code, on its field, without meta.
"""

from __future__ import annotations

import pytest

from pixcore import CandidateDataError, Referential, validate_candidate

VALID = {"last_name": "Dubois", "first_name": "Léa", "sex": "F", "birth_date": "2010-01-02",
         "birth_country": "France", "birth_insee_code": "75056"}  # fmt: skip


@pytest.mark.parametrize("separator", ["\u2029", "\u2028"], ids=["paragraph", "line"])
@pytest.mark.parametrize(
    ("field", "code"),
    [("last_name", "CANDIDATE_LAST_NAME_CHARACTER_NOT_VALID"),
     ("first_name", "CANDIDATE_FIRST_NAME_CHARACTER_NOT_VALID")],
)  # fmt: skip
def test_a_separator_inside_a_name_is_refused(separator: str, field: str, code: str) -> None:
    data = {**VALID, field: f"Du{separator}bois"}
    with pytest.raises(CandidateDataError) as caught:
        validate_candidate(data, referential=Referential.load())
    assert [(e.code, e.field, dict(e.meta)) for e in caught.value.errors] == [(code, field, {})]
