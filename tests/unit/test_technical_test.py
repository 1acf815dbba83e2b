"""The technical test (issue 16, BEF-10): the page's files, its checks, what a host parses."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixcore.errors import InvalidInputError, NotFoundError
from pixcore.host.technical_test import ASSETS, MAX_RESULT_BYTES, asset, parse_result
from pixcore.rules.technical_test import (
    TEST_FILE_NAME,
    TEST_FILE_TEXT,
    TEST_PDF_CODE,
    TEST_PDF_NAME,
    download_ok,
    machine_report,
    pdf_code_ok,
)

ROOT = Path(__file__).resolve().parents[2]


def pdf_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_test_pdf", ROOT / "scripts" / "make_test_pdf.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_test_file_is_the_text_the_verdict_expects() -> None:
    assert asset(TEST_FILE_NAME).decode("utf-8") == TEST_FILE_TEXT
    assert download_ok(asset(TEST_FILE_NAME).decode("utf-8"))


def test_the_shipped_pdf_is_rebuilt_identically_and_is_well_formed() -> None:
    pdf = asset(TEST_PDF_NAME)
    assert pdf == pdf_script().build_pdf(TEST_PDF_CODE)
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    startxref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    table = pdf[startxref:].split(b"trailer")[0].split(b"\n")[2:-1]
    offsets = [int(line[:10]) for line in table[1:]]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert f"Code : {TEST_PDF_CODE}".encode() in pdf


def test_assets_are_served_by_name_only() -> None:
    for name in ASSETS:
        assert asset(name)
    for name in ("../technical_test.py", "__init__.py", "/etc/passwd", "index.htm"):
        with pytest.raises(NotFoundError):
            asset(name)


def test_the_page_uses_the_names_and_fields_the_python_side_expects() -> None:
    html = asset("index.html").decode("utf-8")
    script = asset("technical-test.js").decode("utf-8")
    assert 'src="technical-test.js"' in html
    assert f'href="{TEST_FILE_NAME}"' in html and f'href="{TEST_PDF_NAME}"' in html
    assert f'"{TEST_FILE_NAME}"' in script
    literal = script.split("const result = {", 1)[1].split("};", 1)[0]
    sent = set(re.findall(r"\b(\w+):", literal))
    from pixcore.models.readiness import TechnicalTestResult

    assert sent <= set(TechnicalTestResult.model_fields)
    assert {"user_agent", "client_hints", "download_text", "pdf_code", "office_suite",
            "connected"} <= sent  # fmt: skip


@given(st.text(max_size=200))
def test_any_other_download_text_is_refused(text: str) -> None:
    normalised = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()
    assert download_ok(text) is (normalised == TEST_FILE_TEXT.rstrip())


def test_the_download_survives_line_ending_and_bom_changes_only() -> None:
    assert download_ok("\ufeff" + TEST_FILE_TEXT.replace("\n", "\r\n"))
    assert not download_ok(None)
    assert not download_ok(TEST_FILE_TEXT.replace("5C1E", "5C1F"))
    assert not download_ok(TEST_FILE_TEXT[:-10])


def test_the_download_survives_carriage_returns_alone() -> None:
    """Line endings aside, whatever they are: a lone CR (an old Mac editor) too."""
    assert download_ok(TEST_FILE_TEXT.replace("\n", "\r"))
    assert download_ok("\ufeff" + TEST_FILE_TEXT.replace("\n", "\r") + "\r\r")


@given(st.text(max_size=20))
def test_the_pdf_code_is_compared_without_case_spaces_or_dashes(typed: str) -> None:
    kept = "".join(c for c in typed.upper() if c.isascii() and c.isalnum())
    assert pdf_code_ok(typed) is (kept == TEST_PDF_CODE)


@pytest.mark.parametrize("typed", ["K7P4", "k7p4", " K7-P4 ", "k 7 p 4"])
def test_the_pdf_code_typed_back(typed: str) -> None:
    assert pdf_code_ok(typed)


def test_a_technical_test_result_maps_onto_a_machine_report() -> None:
    result = parse_result(json.dumps({
        "label": "PC-3", "user_agent": "Mozilla/5.0", "office_suite": False, "connected": True,
        "pdf_code": TEST_PDF_CODE, "download_text": None,
        "client_hints": [{"brand": "Chromium", "version": "131.0.1"}], "mobile": False,
    }).encode())  # fmt: skip
    report = machine_report(result)
    assert (report.label, report.technical_test, report.pdf_reader, report.download_writable,
            report.office_suite) == ("PC-3", True, True, False, False)  # fmt: skip
    assert report.client_hints == result.client_hints


def test_every_browser_source_of_a_technical_test_reaches_the_machine_report() -> None:
    result = parse_result(json.dumps({
        "user_agent": "Mozilla/5.0", "client_hints_header": '"Chromium";v="131"',
        "mobile": True, "browser": "firefox", "browser_version": "128.0", "connected": False,
        "office_suite": True,
    }).encode())  # fmt: skip
    report = machine_report(result)
    carried = ("user_agent", "client_hints_header", "mobile", "browser", "browser_version",
               "connected", "office_suite")  # fmt: skip
    assert {name: getattr(report, name) for name in carried} == {
        "user_agent": "Mozilla/5.0", "client_hints_header": '"Chromium";v="131"',
        "mobile": True, "browser": "firefox", "browser_version": "128.0", "connected": False,
        "office_suite": True,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{", "INVALID_DOCUMENT"),
        (b"[]", "INVALID_DOCUMENT"),
        (b'{"connected": true}', "INVALID_INPUT"),
        (b'{"connected": true, "office_suite": true, "pdf_code": "' + b"x" * 101 + b'"}',
         "INVALID_INPUT"),
        (b" " * (MAX_RESULT_BYTES + 1), "INVALID_DOCUMENT"),
    ],
)  # fmt: skip
def test_a_posted_result_is_bounded_and_coded(body: bytes, code: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_result(body)
    assert refused.value.code == code
    assert "x" * 20 not in str(refused.value.as_dict())  # no input value echoed
