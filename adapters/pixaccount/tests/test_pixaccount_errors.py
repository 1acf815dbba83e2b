"""Messages for every code; no password, token or username in errors or logs."""

from __future__ import annotations

import logging
import re
import string

import httpx2
import pytest
from pixcore_pixaccount import MESSAGES, PixAccountError, PixApiPasswordBackend
from pixcore_pixaccount.pixreplies import error_for
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


def placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


GAPS = re.compile(r"  |\(\)|\( \)| [.,)]|\b1 (minutes|secondes|seconds)\b")


@pytest.mark.parametrize("code", sorted(c for c in MESSAGES if placeholders(MESSAGES[c][0])))
@pytest.mark.parametrize("value", [None, "", True, 1, 2, 120])
def test_a_message_reads_well_whatever_its_value(code: str, value: object) -> None:
    """A missing value (older Pix sends no ``blockingDurationMs``) or 1 leaves no gap."""
    meta = {} if value is None else dict.fromkeys(placeholders(MESSAGES[code][0]), value)
    error = PixAccountError(code, meta=meta)  # type: ignore[arg-type]
    for text in (error.message, error.message_en):
        assert not GAPS.search(text), text
        assert "{" not in text and "True" not in text


def test_a_temporary_block_without_duration_reads_well(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    """Older Pix: ``USER_IS_TEMPORARY_BLOCKED`` with no ``blockingDurationMs``."""
    pix_api.send_blocking_duration = False
    for _ in range(9):
        with pytest.raises(PixAccountError):
            backend.login(EMAIL, "wrong")
    with pytest.raises(PixAccountError) as info:
        backend.login(EMAIL, "wrong")
    error = info.value
    assert error.code == "USER_IS_TEMPORARY_BLOCKED"
    assert "blocking_minutes" not in error.meta
    assert error.message == (
        "Trop de tentatives : votre compte Pix est bloqué pour quelques minutes. "
        "Réessayez plus tard."
    )
    assert error.message_en.startswith("Too many attempts: your Pix account is blocked for a few")


@pytest.mark.parametrize(
    ("duration_ms", "expected"),
    [
        (120_000, "pendant 2 minutes."),
        (60_000, "pendant 1 minute."),
        (90_000, "pendant 2 minutes."),
    ],
)
def test_a_temporary_block_names_its_duration(duration_ms: int, expected: str) -> None:
    response = httpx2.Response(
        403,
        json={
            "errors": [
                {"code": "USER_IS_TEMPORARY_BLOCKED", "meta": {"blockingDurationMs": duration_ms}}
            ]
        },
    )
    error = error_for(response)
    assert error.message.endswith(expected)
