"""BEF-10 — the technical test: what a browser page measured, turned into a machine report.

The page a host serves (``pixcore.host.technical_test``, package data) collects, on one
computer: the user agent and client hints; a **test download** written to the download
folder and read back by the pupil (its text must come back unchanged); a **test PDF**
opened by the pupil, who types the code it shows; the pupil's answer about an office
suite; whether its network probe succeeded. This module compares what came back with
what was served; :func:`pixcore.rules.readiness.technical_test_verdict` judges the rest
like any other computer (BEF-9). Pure: no I/O.
"""

from __future__ import annotations

from pixcore.models.readiness import MachineReport, TechnicalTestResult

__all__ = [
    "TEST_FILE_NAME",
    "TEST_FILE_TEXT",
    "TEST_PDF_CODE",
    "TEST_PDF_NAME",
    "download_ok",
    "machine_report",
    "pdf_code_ok",
]

TEST_FILE_NAME = "pixcore-test-telechargement.txt"
"""The file the page asks the pupil to download, then to open again from the folder."""
TEST_FILE_TEXT = (
    "Test technique pixcore : téléchargement.\n"
    "Ce fichier a été enregistré dans votre dossier de téléchargement puis rouvert.\n"
    "Contrôle : 5C1E-77A2-D9F0\n"
)
"""The test file's exact text (UTF-8); a test checks the shipped file against it."""
TEST_PDF_NAME = "pixcore-test-pdf.pdf"
"""The test PDF; it shows :data:`TEST_PDF_CODE`."""
TEST_PDF_CODE = "K7P4"
"""The code shown in the test PDF: typing it back proves a PDF reader opened the file."""


def _text(value: str) -> str:
    return value.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()


def download_ok(read_back: str | None) -> bool:
    """The test file came back unchanged (a BOM, line endings and trailing blanks aside)."""
    return read_back is not None and _text(read_back) == _text(TEST_FILE_TEXT)


def pdf_code_ok(typed: str | None) -> bool:
    """The code typed is the test PDF's, whatever the case, spaces or dashes."""
    if typed is None:
        return False
    kept = "".join(char for char in typed.upper() if char.isascii() and char.isalnum())
    return kept == TEST_PDF_CODE


def machine_report(result: TechnicalTestResult) -> MachineReport:
    """The machine report a technical test stands for (``technical_test`` set)."""
    return MachineReport(
        label=result.label, user_agent=result.user_agent, client_hints=result.client_hints,
        client_hints_header=result.client_hints_header, mobile=result.mobile,
        browser=result.browser, browser_version=result.browser_version,
        connected=result.connected, office_suite=result.office_suite,
        pdf_reader=pdf_code_ok(result.pdf_code), download_writable=download_ok(result.download_text),
        technical_test=True,
    )  # fmt: skip
