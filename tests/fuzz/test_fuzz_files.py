"""Fuzz both importers (CSV; ODS and XLSX) and ``parse_event`` with mutated valid inputs.

Mutations of a valid file: truncation, byte flips, inserted bytes (a sentinel, a huge
number, a DOCTYPE), and, one level up, mutations of the XML inside a spreadsheet
(huge repeats and space counts, deep nesting, another encoding) or of the CSV text
(separators, quotes, huge numbers in the extra-time column).
"""

from __future__ import annotations

import io
import zipfile

from fuzzing import SENTINELS, call_keeps_the_contract, fuzz_settings, junk
from hypothesis import given
from hypothesis import strategies as st
from spreadsheets import ODS, ROOT, build_xlsx, ods_of, xlsx_of

from pixcore.events import dump_event, parse_event
from pixcore.formats.importing import parse_candidates
from pixcore.referential import Referential

REFERENTIAL = Referential.load()
CSV = (ROOT / "examples" / "candidates.csv").read_bytes()
ROWS = ODS.rows_from_csv(ROOT / "examples" / "candidates.csv")[:4]
ODS_FILE = ODS.build_ods(ROWS)
XLSX_FILE = build_xlsx(ROWS)
INSERTS = [s.encode() for s in SENTINELS] + [
    b"1E+999990", b"NaN", b"9" * 5000, b'<!DOCTYPE x [<!ENTITY e "e">]>', b"\x00", b"\xff\xfe",
    b'table:number-rows-repeated="2000000" ', b'<text:s text:c="400000000"/>', b";;;;", b'"',
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` truncated, flipped, or with bytes inserted, a few times over."""
    result = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        at = draw(st.integers(0, max(len(result) - 1, 0)))
        if kind == "truncate":
            del result[at:]
        elif kind == "flip" and result:
            result[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            result[at:at] = draw(st.sampled_from(INSERTS) | st.binary(max_size=16))
        else:
            del result[at : at + draw(st.integers(1, 64))]
    return bytes(result)


def _parts(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return {name: source.read(name) for name in source.namelist()}


ODS_CONTENT = _parts(ODS_FILE)["content.xml"]
XLSX_PARTS = _parts(XLSX_FILE)


@st.composite
def mutated_xml_spreadsheets(draw: st.DrawFn) -> tuple[str, bytes]:
    """A spreadsheet whose inner XML is mutated, then zipped again (valid archive)."""
    if draw(st.booleans()):
        return "liste.ods", ods_of(draw(mutated(ODS_CONTENT)))
    sheet = draw(mutated(XLSX_PARTS["xl/worksheets/sheet1.xml"]))
    strings = draw(mutated(XLSX_PARTS["xl/sharedStrings.xml"]) | st.just(
        XLSX_PARTS["xl/sharedStrings.xml"]))  # fmt: skip
    return "liste.xlsx", xlsx_of(sheet, strings)


uploads = st.one_of(
    st.tuples(st.just("liste.csv"), mutated(CSV)),
    st.tuples(st.just("liste.ods"), mutated(ODS_FILE)),
    st.tuples(st.just("liste.xlsx"), mutated(XLSX_FILE)),
    mutated_xml_spreadsheets(),
    st.tuples(st.sampled_from(["liste.csv", "liste.ods", "liste.xlsx"]), st.binary(max_size=512)),
)


@fuzz_settings(examples=150)
@given(upload=uploads)
def test_importers_keep_the_contract(upload: tuple[str, bytes]) -> None:
    name, data = upload
    call_keeps_the_contract(lambda: parse_candidates(name, data, referential=REFERENTIAL,
                                                     session_number=12345))  # fmt: skip


@fuzz_settings(examples=60)
@given(text=st.text(max_size=400), separator=st.sampled_from([";", ",", "\t"]))
def test_csv_text_keeps_the_contract(text: str, separator: str) -> None:
    data = text.replace(";", separator).encode("utf-8", "surrogatepass")
    call_keeps_the_contract(lambda: parse_candidates("liste.csv", data, referential=REFERENTIAL))


# ---------------------------------------------------------------------- parse_event


def _stored_events() -> list[bytes]:
    """Every event of a small session, as a store keeps them (the lifecycle driver's)."""
    from lifecycle_support import Driver

    driver = Driver(REFERENTIAL).started(3)
    driver.answer(0, "ok", "ko", "aband")
    numbers = [driver.number(index) for index in range(3)]
    driver.finalise(comment="RAS", abort_reasons=dict.fromkeys(numbers, "candidate"))
    return [dump_event(event).encode() for event in driver.events]


@st.composite
def stored_texts(draw: st.DrawFn) -> object:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(mutated(draw(st.sampled_from(EVENTS))))
    if choice == 1:
        return draw(mutated(draw(st.sampled_from(EVENTS)))).decode("utf-8", "replace")
    if choice == 2:
        return draw(st.text(max_size=200) | st.binary(max_size=200))
    return draw(junk)


EVENTS = _stored_events()


@fuzz_settings(examples=150)
@given(text=stored_texts())
def test_parse_event_keeps_the_contract(text: object) -> None:
    result = call_keeps_the_contract(lambda: parse_event(text))  # type: ignore[arg-type]
    if isinstance(result, Exception):
        assert result.code == "EVENT_NOT_VALID"  # type: ignore[attr-defined]
