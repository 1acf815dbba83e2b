"""The technical-test page a host serves (issue 16, ``procedure.md`` BEF-10).

Package data, served as is: ``index.html`` and ``technical-test.js`` (the page), the test
file to download and open again, and the test PDF showing a code to type back. The page
collects a :class:`~pixcore.models.readiness.TechnicalTestResult`; when the host sets
``data-submit`` on its ``<body>`` to a same-origin path, the page posts the result there
as JSON and shows the verdict the host answers (:func:`verdict_json`); otherwise it
offers the result as a JSON file for ``pixcore readiness check``.

A host serves :data:`ASSETS` by name with :func:`asset` (no other file can be read),
parses a posted body with :func:`parse_result` and answers with
:func:`pixcore.rules.readiness.technical_test_verdict` rendered by :func:`verdict_json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from pydantic import ValidationError

from pixcore.errors import InvalidInputError, NotFoundError
from pixcore.models._coded import details_from_validation_error
from pixcore.models.readiness import MachineVerdict, TechnicalTestResult
from pixcore.rules.technical_test import TEST_FILE_NAME, TEST_PDF_NAME

__all__ = ["ASSETS", "MAX_RESULT_BYTES", "asset", "parse_result", "verdict_json"]

ASSETS: Mapping[str, str] = MappingProxyType({
    "index.html": "text/html; charset=utf-8",
    "technical-test.js": "text/javascript; charset=utf-8",
    TEST_FILE_NAME: "text/plain; charset=utf-8",
    TEST_PDF_NAME: "application/pdf",
})  # fmt: skip
"""Every file of the page → its content type."""

MAX_RESULT_BYTES = 64 * 1024
"""A posted result larger than this is refused unread."""


def asset(name: str) -> bytes:
    """The bytes of one file of the page; ``NOT_FOUND`` for any other name."""
    if name not in ASSETS:
        raise NotFoundError("NOT_FOUND")
    return (resources.files(__name__) / name).read_bytes()


def parse_result(body: bytes) -> TechnicalTestResult:
    """The result a page posted; ``INVALID_DOCUMENT`` or ``INVALID_INPUT`` (errors listed)."""
    if len(body) > MAX_RESULT_BYTES:
        raise InvalidInputError("INVALID_DOCUMENT")
    try:
        return TechnicalTestResult.model_validate_json(body)
    except ValidationError as error:
        details = details_from_validation_error(error)
        unreadable = any(detail.field is None for detail in details)  # not JSON, not an object
        code = "INVALID_DOCUMENT" if unreadable else "INVALID_INPUT"
        raise InvalidInputError(code, errors=details) from None


def verdict_json(verdict: MachineVerdict) -> dict[str, object]:
    """What the page shows: ready, and each failure's code and French message."""
    return {
        "ready": verdict.ready,
        "browser": None if verdict.browser is None else verdict.browser.model_dump(mode="json"),
        "failures": [
            {"code": failure.code, "message": failure.message, "message_en": failure.message_en}
            for failure in verdict.failures
        ],
    }
