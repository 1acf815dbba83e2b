"""Issue 8 §1: candidate files read with bounds — spreadsheets (ODS, XLSX) and CSV.

Every hostile file of the issue, and its XLSX equivalent, is generated here and must end
in a coded error with a French message (no raw exception, no input in the message); the
time bound is the fuzz suite's business (``tests/fuzz``), the measured times are in
``benchmarks/bench_hostile_files.py``. Valid XLSX files import like the ODS template;
CSV files in another encoding or with another separator get one message that names
the problem and the fix.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hostile_files import HOSTILE, ODS_TEMPLATE_ROWS, Hostile
from spreadsheets import ODS, ROOT, build_xlsx, ods_body, ods_cell, ods_of

from pixcore.cli.common import error_exit_code
from pixcore.errors import InvalidInputError
from pixcore.formats.importing import (
    CSV_HEADERS,
    IMPORT_FILE_CODES,
    UnsupportedImportFormatError,
    parse_candidates,
    parse_candidates_csv,
    parse_candidates_xlsx,
)
from pixcore.messages import CATALOGUE
from pixcore.referential import Referential

EXAMPLES = ROOT / "examples"


@pytest.mark.parametrize("case", HOSTILE, ids=lambda h: f"{h.filename}:{h.name}")
def test_each_hostile_file_ends_in_its_coded_error(case: Hostile, referential: Referential) -> None:
    data = case.build()
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates(case.filename, data, referential=referential)
    error = caught.value
    assert error.code == case.code
    assert error.code in IMPORT_FILE_CODES and error.code in CATALOGUE
    assert error.message != CATALOGUE["PIXCORE_ERROR"][0] and error.message_en
    assert "Lefèvre" not in error.message and "<" not in error.message
    assert error_exit_code(error) == 3  # an input file problem, as on the command line


def test_the_issues_row_repeat_comes_from_a_tiny_file() -> None:
    case = next(h for h in HOSTILE if h.name == "2,000,000-row repeat")
    assert len(case.build()) < 512


# --------------------------------------------------------------------------- XLSX


def test_the_example_list_saved_as_xlsx_imports_like_the_csv(referential: Referential) -> None:
    rows = ODS.rows_from_csv(EXAMPLES / "candidates.csv")
    from_xlsx = parse_candidates_xlsx(build_xlsx(rows), referential=referential)
    from_csv = parse_candidates_csv((EXAMPLES / "candidates.csv").read_bytes(),
                                    referential=referential)  # fmt: skip
    assert from_xlsx == from_csv and len(from_xlsx) == 30


def test_xlsx_cells_percentage_date_number_and_padding(referential: Referential) -> None:
    rows = [["Dubois", "Léa", "", "33", "2011-03-14", "", "", "6088", "France", "", "", "f", "3e"]]
    (candidate,) = parse_candidates("liste.XLSX", build_xlsx(rows), referential=referential)
    assert candidate.extra_time is not None and candidate.extra_time.fraction == Decimal("0.33")
    assert candidate.birth_date == dt.date(2011, 3, 14)  # an Excel date cell
    assert candidate.birth_place.insee_code == "06088" and candidate.sex == "F"


def test_xlsx_line_errors_carry_the_sheet_row_numbers(referential: Referential) -> None:
    rows = [ODS_TEMPLATE_ROWS[0], ["", ""], ["Martin", "", "", "", "31/02/2011", "", "", "75056",
                                              "France", "", "", "X", ""]]  # fmt: skip
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_xlsx(build_xlsx(rows), referential=referential)
    found = {(d.meta["line"], d.code) for d in caught.value.errors}
    assert (5, "CANDIDATE_FIRST_NAME_REQUIRED") in found and (5, "CANDIDATE_SEX_NOT_VALID") in found


def test_xls_and_other_extensions_are_refused_with_the_formats_to_use(
    referential: Referential,
) -> None:
    for name in ("liste.xls", "liste.txt", "liste"):
        with pytest.raises(UnsupportedImportFormatError) as caught:
            parse_candidates(name, b"whatever", referential=referential)
        assert ".xlsx" in caught.value.message and ".ods" in caught.value.message


def test_libreoffice_trailing_empty_repeats_are_fine(referential: Referential) -> None:
    """LibreOffice writes empty rows and cells repeated to the sheet's end: allowed."""
    head = "".join(ods_cell(h) for h in ODS.ODS_HEADERS)
    row = "".join(ods_cell(v) for v in [*ODS_TEMPLATE_ROWS[0][:3], "", *ODS_TEMPLATE_ROWS[0][4:]])
    tail = '<table:table-cell table:number-columns-repeated="16371"/>'
    rows = (f"<table:table-row>{head}{tail}</table:table-row><table:table-row>{row}{tail}"
            '</table:table-row><table:table-row table:number-rows-repeated="1048573">'
            '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')  # fmt: skip
    (candidate,) = parse_candidates("liste.ods", ods_of(ods_body(rows)), referential=referential)
    assert candidate.last_name == "Dubois"


# ---------------------------------------------------------------------------- CSV

CSV_HEAD = ";".join(CSV_HEADERS)
CSV_LINE = "Lefèvre;Maël;14/03/2011;M;75056;;;France;;;;33"


def test_a_windows_1252_csv_is_refused_with_the_encoding_and_the_fix(
    referential: Referential,
) -> None:
    data = (CSV_HEAD + "\r\n" + CSV_LINE + "\r\n").encode("cp1252")
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(data, referential=referential)
    error = caught.value
    assert error.code == "CSV_ENCODING_NOT_UTF8"
    assert "enregistrez le fichier en UTF-8" in error.message
    assert error.meta["encoding"] in {"Windows-1252", "ISO-8859-1", "ISO-8859-15"}
    assert "Lefèvre" not in error.message


def test_a_utf16_csv_from_excel_unicode_text_is_named(referential: Referential) -> None:
    data = (CSV_HEAD + "\r\n" + CSV_LINE).replace(";", "\t").encode("utf-16")
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(data, referential=referential)
    assert (caught.value.code, caught.value.meta["encoding"]) == ("CSV_ENCODING_NOT_UTF8", "UTF-16")


@pytest.mark.parametrize(("separator", "label"), [(",", ","), ("\t", "tabulation"), ("|", "|")])
def test_a_csv_with_another_separator_gets_one_message_naming_it(
    separator: str, label: str, referential: Referential
) -> None:
    text = (CSV_HEAD + "\r\n" + CSV_LINE).replace(";", separator)
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(text.encode(), referential=referential)
    error = caught.value
    assert (error.code, error.meta["separator"]) == ("CSV_SEPARATOR_NOT_VALID", label)
    assert "le séparateur attendu est « ; »" in error.message
    assert error.errors == ()  # not twelve missing-header errors


def test_a_quoted_comma_header_is_recognised_too(referential: Referential) -> None:
    text = ",".join(f'"{h}"' for h in CSV_HEADERS) + "\r\n"
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(text.encode(), referential=referential)
    assert caught.value.code == "CSV_SEPARATOR_NOT_VALID"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (CSV_HEAD + "\r\n" + (CSV_LINE + "\r\n") * 5001, "IMPORT_TOO_MANY_ROWS"),
        (CSV_HEAD + ";x" * 200 + "\r\n", "IMPORT_TOO_MANY_COLUMNS"),
        (CSV_HEAD + "\r\n" + CSV_LINE.replace("Maël", "M" * 2000) + "\r\n", "IMPORT_CELL_TOO_LONG"),
        ("x" * (11 * 1024 * 1024), "IMPORT_FILE_TOO_LARGE"),
        (CSV_HEAD + '\r\n"' + "x" * 200_000, "INVALID_DOCUMENT"),  # an unclosed quote
    ],
    ids=["rows", "columns", "cell", "size", "quote"],
)
def test_csv_caps(text: str, code: str, referential: Referential) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(text.encode(), referential=referential)
    assert caught.value.code == code
    assert caught.value.message and caught.value.code in CATALOGUE
