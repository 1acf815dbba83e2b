"""Candidate lists from files: the Pix ODS template and the CSV mass-import format.

Pure: every function takes the file's bytes (or text) and returns validated
:class:`~pixcore.models.candidate.Candidate` values, or raises **one** error listing
**every** problem of the file at once, each with its line number.

Formats (``rules.md`` §3.6, ``docs/cli.md``):

- **ODS** (the "liste des candidats" template of Pix Certif): the header row holds the
  exact French headers of :data:`ODS_HEADERS` (rows above it, such as a title, are
  ignored); fully empty rows are ignored; sex is upper-cased; INSEE and postal codes
  shorter than 5 characters get a leading ``0`` (``pad_ods_code``); "Temps majoré ?" is
  a percentage cell, read as the fraction it holds (``0.33``); dates ``jj/mm/aaaa`` (or
  date cells) become ``AAAA-MM-JJ``.
- **CSV** (Pix's mass import, ``;``-separated, UTF-8, with or without BOM): the first
  line holds the headers of :data:`CSV_HEADERS`; the session columns of Pix's mass
  import (:data:`CSV_SESSION_HEADERS`) may be present: they are ignored, except that a
  filled "N° de session" must be the session imported into. "Temps majoré ?" is an
  integer percentage (``33``).
- Both: an optional class column, headed "Classe" or "Division" (pixcore's addition:
  the school's results are exported per class). Other columns are ignored. Two lines
  for the same person (names compared as when joining, same birth date) →
  ``DUPLICATE_CANDIDATE`` on the second one.

- **XLSX** (the same template saved by Excel): read like the ODS template, headers
  included; an Excel percentage cell also holds the fraction.

A header row that lacks a required header → ``INVALID_DOCUMENT`` (one ``FIELD_REQUIRED``
detail per missing header); line errors → :class:`CandidatesImportError`
(``CANDIDATES_IMPORT_INVALID``), whose ``errors`` carry ``field="ligne 7 : birth_date"``
and ``meta["line"] = 7``. A file that is too large, corrupt or unsafe, a CSV not in
UTF-8 or not separated by ``;``, gets one coded error naming the problem and the fix
(:data:`~pixcore.formats._limits.IMPORT_FILE_CODES`): spreadsheets are read by
python-calamine behind pixcore's own caps and pre-scan (:mod:`pixcore.formats._sheets`),
CSV files by :mod:`pixcore.formats._csvread`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from pixcore.errors import ErrorDetail, InvalidInputError
from pixcore.formats._csvread import csv_rows, decode_csv, separator_error
from pixcore.formats._limits import IMPORT_FILE_CODES
from pixcore.formats._sheets import SheetKind, read_sheet_rows
from pixcore.models.candidate import Candidate
from pixcore.referential import Referential
from pixcore.rules.birth_place import pad_ods_code
from pixcore.rules.civil_data import birth_date_from_french, validate_candidate
from pixcore.rules.engine import Engine
from pixcore.rules.identity import normalize_name
from pixcore.rules.timing import extra_time_from_csv, extra_time_from_ods

__all__ = [
    "CSV_HEADERS",
    "CSV_SESSION_HEADERS",
    "DIVISION_HEADERS",
    "IMPORT_FILE_CODES",
    "ODS_HEADERS",
    "CandidatesImportError",
    "Progress",
    "UnsupportedImportFormatError",
    "parse_candidates",
    "parse_candidates_csv",
    "parse_candidates_ods",
    "parse_candidates_xlsx",
]

Progress = Callable[[int, int], None]
"""``on_progress(done, total)``: called after each data line is checked."""

ODS_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        "* Nom de naissance": "last_name",
        "* Prénom": "first_name",
        "Identifiant local": "external_id",
        "Temps majoré ?": "extra_time",
        "* Date de naissance (format : jj/mm/aaaa)": "birth_date",
        "Nom de la commune": "birth_city",
        "Code postal": "birth_postal_code",
        "Code Insee": "birth_insee_code",
        "Pays": "birth_country",
        "E-mail de convocation": "email",
        "E-mail du destinataire des résultats (formateur, enseignant…)": "result_recipient_email",
        "* Sexe (M ou F)": "sex",
    }
)
"""The Pix ODS template's headers (exact text, ``rules.md`` §3.6) → candidate field."""

CSV_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        "* Nom de naissance": "last_name",
        "* Prénom": "first_name",
        "* Date de naissance (format: jj/mm/aaaa)": "birth_date",
        "* Sexe (M ou F)": "sex",
        "Code Insee": "birth_insee_code",
        "Code postal": "birth_postal_code",
        "Nom de la commune": "birth_city",
        "* Pays": "birth_country",
        "E-mail du destinataire des résultats (formateur, enseignant…)": "result_recipient_email",
        "E-mail de convocation": "email",
        "Identifiant local": "external_id",
        "Temps majoré ?": "extra_time",
    }
)
"""The candidate columns of Pix's CSV mass import (exact text) → candidate field."""

CSV_SESSION_HEADERS = (
    "N° de session",
    "* Nom du site",
    "* Nom de la salle",
    "* Date de début",
    "* Heure de début (heure locale)",
    "* Surveillant(s)",
    "Observations (optionnel)",
)
"""The session columns of Pix's CSV mass import: allowed, ignored (see the module doc)."""

_CSV_BILLING = ("Tarification part Pix", "Code de prépaiement")
DIVISION_HEADERS = ("Classe", "Division")
"""The optional class column (either header)."""

_SESSION_NUMBER = "N° de session"


class CandidatesImportError(InvalidInputError):
    """A candidate file has line errors; ``errors`` lists every one, with its line.

    Code ``CANDIDATES_IMPORT_INVALID``; ``meta["count"]`` is the number of errors.
    """

    default_code = "CANDIDATES_IMPORT_INVALID"


class UnsupportedImportFormatError(CandidatesImportError):
    """Not ``.ods``, ``.xlsx`` nor ``.csv`` (code ``IMPORT_FORMAT_NOT_SUPPORTED``)."""

    default_code = "IMPORT_FORMAT_NOT_SUPPORTED"


def _header(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _invalid_document(reason: str, missing: Sequence[str] = ()) -> InvalidInputError:
    details = [ErrorDetail("FIELD_REQUIRED", field=header) for header in missing]
    return InvalidInputError("INVALID_DOCUMENT", meta={"reason": reason}, errors=details)


class _Columns:
    """Where each known header sits in the header row."""

    def __init__(self, cells: Sequence[str], expected: Mapping[str, str]) -> None:
        positions = {_header(cell): index for index, cell in enumerate(cells) if cell.strip()}
        self.missing = [header for header in expected if header not in positions]
        self.fields = {field: positions[h] for h, field in expected.items() if h in positions}
        self.division = next((positions[h] for h in DIVISION_HEADERS if h in positions), None)
        self.session = positions.get(_SESSION_NUMBER)
        self.billing = [positions[h] for h in _CSV_BILLING if h in positions]

    def value(self, cells: Sequence[str], index: int | None) -> str:
        if index is None or index >= len(cells):
            return ""
        return cells[index].strip()

    def raw(self, cells: Sequence[str]) -> dict[str, str]:
        data = {field: self.value(cells, index) for field, index in self.fields.items()}
        data["division"] = self.value(cells, self.division)
        billing = [self.value(cells, index) for index in self.billing]
        data["billing_mode"] = next((value for value in billing if value), "")
        return data


def _line_detail(line: int, detail: ErrorDetail) -> ErrorDetail:
    meta = {**detail.meta, "line": line}
    if detail.code == "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID":
        meta["expected"] = "JJ/MM/AAAA"
    field = detail.field or str(detail.meta.get("field") or "")
    return ErrorDetail(detail.code, field=f"ligne {line} : {field}" if field else f"ligne {line}",
                       meta=meta)  # fmt: skip


class _Checker:
    """Validates data lines one by one, collecting every error and duplicate."""

    def __init__(self, referential: Referential, engine: Engine | None) -> None:
        self.referential, self.engine = referential, engine
        self.candidates: list[Candidate] = []
        self.errors: list[ErrorDetail] = []
        self.seen: dict[tuple[str, str, object], int] = {}

    def check(
        self, line: int, data: dict[str, object], extra_time: Callable[[str], object]
    ) -> None:
        line_errors: list[ErrorDetail] = []
        try:
            data["extra_time"] = extra_time(str(data.get("extra_time") or ""))
        except InvalidInputError as error:
            line_errors.append(ErrorDetail(error.code, field="extra_time"))
            data["extra_time"] = None
        if isinstance(data.get("birth_date"), str):
            data["birth_date"] = birth_date_from_french(str(data["birth_date"]))
        try:
            candidate = validate_candidate(data, referential=self.referential, engine=self.engine)
        except InvalidInputError as error:
            line_errors += list(error.errors) or [ErrorDetail(error.code)]
            candidate = None
        self.errors += [_line_detail(line, detail) for detail in line_errors]
        if candidate is None:
            return
        key = (
            normalize_name(candidate.first_name),
            normalize_name(candidate.last_name),
            candidate.birth_date,
        )
        if key in self.seen:
            self.errors.append(
                ErrorDetail("DUPLICATE_CANDIDATE", field=f"ligne {line}",
                            meta={"line": line, "first_line": self.seen[key]})
            )  # fmt: skip
            return
        self.seen[key] = line
        self.candidates.append(candidate)

    def result(self) -> tuple[Candidate, ...]:
        if self.errors:
            raise CandidatesImportError(meta={"count": len(self.errors)}, errors=self.errors)
        return tuple(self.candidates)


def _ods_extra_time(engine: Engine | None) -> Callable[[str], object]:
    return lambda text: extra_time_from_ods(text, engine=engine)


def _csv_extra_time(engine: Engine | None) -> Callable[[str], object]:
    return lambda text: extra_time_from_csv(text, engine=engine)


def _find_header(
    rows: Sequence[tuple[int, list[str]]], expected: Mapping[str, str]
) -> tuple[int, _Columns]:
    best: _Columns | None = None
    for position, (_, cells) in enumerate(rows):
        columns = _Columns(cells, expected)
        if not columns.missing:
            return position, columns
        if best is None or len(columns.missing) < len(best.missing):
            best = columns
    missing = best.missing if best is not None else list(expected)
    raise _invalid_document("headers", missing)


def _parse_sheet(
    data: bytes,
    kind: SheetKind,
    referential: Referential,
    on_progress: Progress | None,
    engine: Engine | None,
) -> tuple[Candidate, ...]:
    rows = read_sheet_rows(data, kind)
    start, columns = _find_header(rows, ODS_HEADERS)
    body = rows[start + 1 :]
    checker = _Checker(referential, engine)
    for done, (line, cells) in enumerate(body, start=1):
        raw: dict[str, object] = dict(columns.raw(cells))
        raw["sex"] = str(raw.get("sex", "")).upper()
        for key in ("birth_insee_code", "birth_postal_code"):
            raw[key] = pad_ods_code(str(raw.get(key, "")))
        checker.check(line, raw, _ods_extra_time(engine))
        if on_progress is not None:
            on_progress(done, len(body))
    return checker.result()


def parse_candidates_ods(
    data: bytes,
    *,
    referential: Referential,
    on_progress: Progress | None = None,
    engine: Engine | None = None,
) -> tuple[Candidate, ...]:
    """Read the Pix ODS template (bytes of the ``.ods`` file); see the module doc.

    Raises ``INVALID_DOCUMENT`` (:class:`InvalidInputError`) for a wrong header row, a
    coded file error (:data:`IMPORT_FILE_CODES`) for a file too large, corrupt or
    unsafe, :class:`CandidatesImportError` for line errors.
    """
    return _parse_sheet(data, "ODS", referential, on_progress, engine)


def parse_candidates_xlsx(
    data: bytes,
    *,
    referential: Referential,
    on_progress: Progress | None = None,
    engine: Engine | None = None,
) -> tuple[Candidate, ...]:
    """Read the Pix template saved by Excel (bytes of the ``.xlsx`` file), as the ODS one.

    Raises like :func:`parse_candidates_ods`.
    """
    return _parse_sheet(data, "XLSX", referential, on_progress, engine)


def parse_candidates_csv(
    data: bytes | str,
    *,
    referential: Referential,
    session_number: int | None = None,
    on_progress: Progress | None = None,
    engine: Engine | None = None,
) -> tuple[Candidate, ...]:
    """Read Pix's CSV mass-import format (bytes in UTF-8, or text); see the module doc.

    ``session_number``: when given, a filled "N° de session" must equal it.
    Raises like :func:`parse_candidates_ods`, and ``CSV_ENCODING_NOT_UTF8`` or
    ``CSV_SEPARATOR_NOT_VALID`` for a file saved with another encoding or separator.
    """
    rows = csv_rows(decode_csv(data))
    if not rows:
        raise _invalid_document("empty", list(CSV_HEADERS))
    columns = _Columns(rows[0][1], CSV_HEADERS)
    if columns.missing:
        raise separator_error(rows[0][1], CSV_HEADERS) or _invalid_document(
            "headers", columns.missing
        )
    body = rows[1:]
    checker = _Checker(referential, engine)
    for done, (line, cells) in enumerate(body, start=1):
        number = columns.value(cells, columns.session)
        if number and session_number is not None and number != str(session_number):
            checker.errors.append(
                ErrorDetail("FIELD_INVALID", field=f"ligne {line} : {_SESSION_NUMBER}",
                            meta={"line": line})
            )  # fmt: skip
        checker.check(line, dict(columns.raw(cells)), _csv_extra_time(engine))
        if on_progress is not None:
            on_progress(done, len(body))
    return checker.result()


def parse_candidates(
    filename: str,
    data: bytes,
    *,
    referential: Referential,
    session_number: int | None = None,
    on_progress: Progress | None = None,
    engine: Engine | None = None,
) -> tuple[Candidate, ...]:
    """Read a candidate file, ODS, XLSX or CSV by the extension of ``filename``.

    Raises :class:`UnsupportedImportFormatError` for any other extension (``.xls``,
    Excel's binary format, included: pixcore cannot pre-scan it, see the decisions).
    """
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in ("ods", "xlsx"):
        kind: SheetKind = "ODS" if suffix == "ods" else "XLSX"
        return _parse_sheet(data, kind, referential, on_progress, engine)
    if suffix == "csv":
        return parse_candidates_csv(
            data, referential=referential, session_number=session_number,
            on_progress=on_progress, engine=engine,
        )  # fmt: skip
    raise UnsupportedImportFormatError()
