"""Candidate files: the Pix ODS template and the CSV mass-import format (pixcore.formats.importing)."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from pixcore.cli.demo import DEMO_CANDIDATES_CSV
from pixcore.errors import InvalidInputError
from pixcore.formats.importing import (
    CSV_HEADERS,
    CandidatesImportError,
    UnsupportedImportFormatError,
    parse_candidates,
    parse_candidates_csv,
    parse_candidates_ods,
)
from pixcore.referential import Referential

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_example_ods", ROOT / "scripts" / "make_example_ods.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ODS = _load_script()

CSV_HEAD = ";".join(CSV_HEADERS) + ";Classe"


def _csv(*lines: str, head: str = CSV_HEAD, bom: bool = True) -> bytes:
    text = "\r\n".join([head, *lines]) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


# columns: nom;prénom;naissance;sexe;insee;postal;commune;pays;e-mail résultats;e-mail;id;temps;classe
VALID = "Dubois;Léa;14/03/2011;F;75056;;;France;;;INE1;33;3e A"
VALID_2 = "Martin;Lucas;07/02/2011;M;;69003;Lyon;France;prof@exemple.fr;;INE2;;3e B"


def _ods_row(
    last: str = "Dubois",
    first: str = "Léa",
    born: str = "14/03/2011",
    sex: str = "F",
    insee: str = "75056",
    extra: str = "",
    division: str = "3e A",
) -> list[str]:
    # ODS template order: nom, prénom, id local, temps majoré, naissance, commune, postal,
    # insee, pays, e-mail convocation, e-mail résultats, sexe, classe
    return [last, first, "", extra, born, "", "", insee, "France", "", "", sex, division]


# --------------------------------------------------------------------------- CSV


def test_example_csv_is_the_demo_list_and_imports(referential: Referential) -> None:
    data = (EXAMPLES / "candidates.csv").read_bytes()
    assert data.decode("utf-8-sig").replace("\r\n", "\n") == DEMO_CANDIDATES_CSV
    candidates = parse_candidates_csv(data, referential=referential)
    assert len(candidates) == 30
    extra = {c.last_name: c.extra_time.fraction for c in candidates if c.extra_time}
    assert extra == {"Nguyen": Decimal("0.33"), "Bernard": Decimal("0.5")}
    assert {c.division for c in candidates} == {"3e A", "3e B"}
    spain = next(c for c in candidates if c.last_name == "García López")
    assert spain.birth_place.insee_code == "99134"


def test_csv_valid_lines(referential: Referential) -> None:
    first, second = parse_candidates_csv(_csv(VALID, VALID_2), referential=referential)
    assert (first.last_name, str(first.birth_date), first.extra_time) == (
        "Dubois",
        "2011-03-14",
        first.extra_time,
    )
    assert first.extra_time is not None and first.extra_time.fraction == Decimal("0.33")
    assert first.division == "3e A" and first.external_id == "INE1"
    assert second.birth_place.city == "Lyon" and second.result_recipient_email


def test_csv_reports_every_line_error_at_once(referential: Referential) -> None:
    data = _csv(
        VALID,
        "X;;1/2/2011;Q;75056;;;France;;;;0.5;",  # line 3: 4 problems
        "",  # empty line: ignored, still counted
        "Petit;Noah;08/08/2011;M;99999;;;France;;;;;",  # line 5: unknown INSEE code
        "Dubois;LEA;14/03/2011;F;75056;;;France;;;;;",  # line 6: duplicate of line 2
    )
    with pytest.raises(CandidatesImportError) as caught:
        parse_candidates_csv(data, referential=referential)
    error = caught.value
    assert error.code == "CANDIDATES_IMPORT_INVALID"
    assert "aucun candidat n'a été importé" in error.message
    found = {(d.meta["line"], d.code) for d in error.errors}
    assert found == {
        (3, "CANDIDATE_FIRST_NAME_REQUIRED"),
        (3, "CANDIDATE_SEX_NOT_VALID"),
        (3, "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID"),
        (3, "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE"),
        (5, "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID"),
        (6, "DUPLICATE_CANDIDATE"),
    }
    assert error.meta["count"] == 6
    birth = next(d for d in error.errors if d.code == "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID")
    assert birth.field == "ligne 3 : birth_date"
    assert "JJ/MM/AAAA" in birth.message
    duplicate = next(d for d in error.errors if d.code == "DUPLICATE_CANDIDATE")
    assert duplicate.meta["first_line"] == 2


def test_csv_header_mismatch_is_invalid_document(referential: Referential) -> None:
    head = CSV_HEAD.replace("* Prénom", "Prenom").replace("* Pays", "Pays")
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(_csv(VALID, head=head), referential=referential)
    assert caught.value.code == "INVALID_DOCUMENT"
    assert {d.field for d in caught.value.errors} == {"* Prénom", "* Pays"}


def test_csv_comma_separated_file_is_refused(referential: Referential) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(_csv(VALID, head=CSV_HEAD.replace(";", ",")), referential=referential)
    assert caught.value.code == "CSV_SEPARATOR_NOT_VALID"


def test_csv_not_utf8_is_refused_naming_the_encoding(referential: Referential) -> None:
    data = (CSV_HEAD + "\r\n" + VALID).encode("latin-1", "replace")
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_csv(data, referential=referential)
    assert caught.value.code == "CSV_ENCODING_NOT_UTF8"


def test_csv_without_bom_and_with_session_columns(referential: Referential) -> None:
    head = "N° de session;* Nom du site;" + CSV_HEAD + ";Tarification part Pix"
    data = _csv(
        "12345;;" + VALID + ";",
        "999;;" + VALID_2 + ";Payante",
        head=head,
        bom=False,
    )
    with pytest.raises(CandidatesImportError) as caught:
        parse_candidates_csv(data, referential=referential, session_number=12345)
    found = {(d.meta["line"], d.code) for d in caught.value.errors}
    assert found == {(3, "FIELD_INVALID"), (3, "CANDIDATE_BILLING_MODE_MUST_BE_EMPTY")}


def test_csv_extra_time_is_an_integer_percentage(referential: Referential) -> None:
    (candidate,) = parse_candidates_csv(
        _csv(VALID.replace(";33;", ";120;")), referential=referential
    )
    assert candidate.extra_time is not None and candidate.extra_time.fraction == Decimal("1.2")
    (none,) = parse_candidates_csv(_csv(VALID.replace(";33;", ";0;")), referential=referential)
    assert none.extra_time is None


def test_progress_callback_counts_every_line(referential: Referential) -> None:
    seen: list[tuple[int, int]] = []
    parse_candidates_csv(
        _csv(VALID, VALID_2), referential=referential, on_progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 2), (2, 2)]


# --------------------------------------------------------------------------- ODS


def test_example_ods_imports_like_the_csv(referential: Referential) -> None:
    from_ods = parse_candidates_ods(
        (EXAMPLES / "candidates.ods").read_bytes(), referential=referential
    )
    from_csv = parse_candidates_csv(
        (EXAMPLES / "candidates.csv").read_bytes(), referential=referential
    )
    assert from_ods == from_csv


def test_ods_rules_sex_padding_percentage_empty_rows(referential: Referential) -> None:
    rows = [
        _ods_row(sex="f", insee="6088", extra="33"),  # number cell 6088 → 06088
        ["", "", ""],  # two fully empty rows: ignored
        _ods_row(last="Martin", first="Lucas", sex="m", insee="2A004", extra="0"),
    ]
    nice, ajaccio = parse_candidates_ods(ODS.build_ods(rows), referential=referential)
    assert nice.sex == "F" and nice.birth_place.insee_code == "06088"
    assert nice.extra_time is not None and nice.extra_time.fraction == Decimal("0.33")
    assert ajaccio.sex == "M" and ajaccio.extra_time is None


def test_ods_every_line_error_with_sheet_row_numbers(referential: Referential) -> None:
    rows = [
        _ods_row(),  # row 3 (row 1: title, row 2: headers)
        ["", ""],  # rows 4 and 5: empty
        _ods_row(first="", born="2011-03-14", sex="X"),  # row 6
        _ods_row(first="LÉA", last="dubois"),  # row 7: duplicate of row 3
    ]
    with pytest.raises(CandidatesImportError) as caught:
        parse_candidates_ods(ODS.build_ods(rows), referential=referential)
    found = {(d.meta["line"], d.code) for d in caught.value.errors}
    assert found == {
        (6, "CANDIDATE_FIRST_NAME_REQUIRED"),
        (6, "CANDIDATE_SEX_NOT_VALID"),
        (7, "DUPLICATE_CANDIDATE"),
    }
    assert all(
        d.field and d.field.startswith(f"ligne {d.meta['line']}") for d in caught.value.errors
    )


def test_ods_header_mismatch_is_invalid_document(referential: Referential) -> None:
    headers = [h.replace(" (format : jj/mm/aaaa)", "") for h in ODS.ODS_HEADERS]
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_ods(ODS.build_ods([_ods_row()], headers=headers), referential=referential)
    assert caught.value.code == "INVALID_DOCUMENT"
    assert [d.field for d in caught.value.errors] == ["* Date de naissance (format : jj/mm/aaaa)"]


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE lol [<!ENTITY lol "lol">]>\n',
        '<!doctype x SYSTEM "file:///etc/passwd">\n',
        '<!ENTITY x "y">\n',
    ],
)
def test_ods_with_a_doctype_or_entity_is_refused(
    referential: Referential, declaration: str
) -> None:
    data = ODS.build_ods([_ods_row()], doctype=declaration)
    with pytest.raises(InvalidInputError) as caught:
        parse_candidates_ods(data, referential=referential)
    if "DOCTYPE" in declaration:  # the keyword is case-sensitive: `<!doctype` is not XML
        assert caught.value.code == "IMPORT_FILE_UNSAFE"
        assert caught.value.meta["reason"] == "declaration"
    else:  # an ENTITY without a DOCTYPE is not even well-formed XML
        assert caught.value.code == "IMPORT_FILE_CORRUPT"


def test_not_an_ods_and_missing_content_are_invalid_documents(referential: Referential) -> None:
    for data in (b"not a zip", _zip_without_content()):
        with pytest.raises(InvalidInputError) as caught:
            parse_candidates_ods(data, referential=referential)
        assert caught.value.code == "IMPORT_FILE_CORRUPT"


def _zip_without_content() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    return buffer.getvalue()


def test_dispatch_by_extension(referential: Referential) -> None:
    ods = ODS.build_ods([_ods_row()])
    assert len(parse_candidates("liste.ODS", ods, referential=referential)) == 1
    assert len(parse_candidates("liste.csv", _csv(VALID), referential=referential)) == 1
    with pytest.raises(UnsupportedImportFormatError) as caught:
        parse_candidates("liste.xls", ods, referential=referential)
    assert caught.value.code == "IMPORT_FORMAT_NOT_SUPPORTED"
    assert ".ods" in caught.value.message and ".xlsx" in caught.value.message
