"""Messages for every code; no password, token or username in errors or logs."""

from __future__ import annotations

import logging
import re

import pytest
from pixcore_pixaccount import MESSAGES, PixAccountError, PixApiPasswordBackend
from pixcore_pixaccount.testing import FakePixApi

from pixcore.errors import AuthError

from .conftest import EMAIL, PASSWORD

SAMPLE_META = {
    "remaining_attempts": 3,
    "blocking_minutes": 2,
    "blocking_duration_ms": 120000,
    "retry_after_seconds": 30,
    "status": 400,
    "reason": "iss",
}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_renders_in_french_and_english(code: str) -> None:
    error = PixAccountError(code, meta=SAMPLE_META)
    assert isinstance(error, AuthError)
    for text in (error.message, error.message_en):
        assert text and "{" not in text
    assert error.message != error.message_en


def test_every_code_raised_in_the_package_has_a_message() -> None:
    import pixcore_pixaccount

    root = pixcore_pixaccount.__file__.rsplit("/", 1)[0]
    from pathlib import Path

    source = "\n".join(path.read_text() for path in Path(root).rglob("*.py"))
    raised = set(re.findall(r'Pix(?:Account|Unavailable)Error\(\s*"([A-Z_]+)"', source))
    assert raised
    assert raised <= set(MESSAGES)


def test_secrets_stay_out_of_errors_and_logs(
    backend: PixApiPasswordBackend, pix_api: FakePixApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = backend.login(EMAIL, PASSWORD)
    with pytest.raises(PixAccountError) as info:
        backend.login(EMAIL, PASSWORD + "-wrong")
    backend.refresh(result.session)
    backend.logout(result.session)
    error = info.value
    shown = " ".join([str(error), repr(error), str(error.as_dict()), caplog.text])
    for secret in (PASSWORD, EMAIL, result.session.access_token, str(result.session.refresh_token)):
        assert secret not in shown
