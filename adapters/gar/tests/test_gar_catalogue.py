"""Meta-tests: every SP case of saml.md §9 (1–62) has a test; every error code a message."""

from __future__ import annotations

import re
from pathlib import Path

from pixcore_gar.errors import MESSAGES, GarAuthError

HERE = Path(__file__).parent
SP_CASES = range(1, 63)


def test_every_sp_case_of_section_9_has_a_named_test():
    names = set()
    for path in HERE.glob("test_gar_*.py"):
        names |= set(re.findall(r"def (test_case_(\d\d)_\w+)", path.read_text()))
    numbers = {int(number) for _, number in names}
    assert sorted(set(SP_CASES) - numbers) == []


def test_every_code_raised_has_a_french_first_message():
    source = "\n".join(p.read_text() for p in (HERE.parent / "pixcore_gar").glob("*.py"))
    codes = set(re.findall(r'Error\(\s*"([A-Z_]+)"', source))
    assert {"SAML_REPLAYED", "SAML_UNSOLICITED", "GAR_STORE_MISSING"} <= codes
    assert codes <= set(MESSAGES), codes - set(MESSAGES)
    for french, english in MESSAGES.values():
        assert french and english and french != english


def test_messages_never_render_meta_beyond_safe_placeholders():
    error = GarAuthError("SAML_ATTRIBUTE_MULTIVALUED", meta={"attribute": "NOM"})
    assert error.message == "La réponse du GAR contient plusieurs valeurs pour « NOM »."
    assert error.message_en == "The GAR response has several values for attribute 'NOM'."
