"""Fuzz ``pixcore evaluate`` (the document, then the command in-process) and the CLI.

The command line's contract: an exit code (0 done, 1 refused by a rule, 2 usage, 3 input),
a coded French message, never a traceback, never the internal-error message (a raw
exception reaching the edge), never an input value in what it prints on stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from fuzzing import SENTINELS, call_keeps_the_contract, fuzz_settings, junk, sentinels, within
from hypothesis import given
from hypothesis import strategies as st
from spreadsheets import ODS, ROOT, build_xlsx

from pixcore.cli.app import main
from pixcore.formats.evaluate import evaluate_session
from pixcore.referential import Referential

REFERENTIAL = Referential.load()
DOCUMENT_TEXT = (ROOT / "examples" / "session.json").read_text(encoding="utf-8")
DOCUMENT = json.loads(DOCUMENT_TEXT, parse_float=Decimal)
INTERNAL = "Une erreur interne est survenue"


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(DOCUMENT)[1:]


def _set(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    fits = (isinstance(document, dict) and path[0] in document) or (
        isinstance(document, list) and isinstance(path[0], int) and path[0] < len(document)
    )
    if not fits:  # an earlier edit replaced this branch
        return document
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[path[0]] = _set(document[path[0]], path[1:], value)
    return copy


@st.composite
def documents(draw: st.DrawFn) -> Any:
    """The example session with a few nodes replaced by junk, sentinels or deep nesting."""
    document: Any = DOCUMENT
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        value = draw(junk | sentinels | st.integers(50, 2000).map(_nested))
        document = _set(document, path, value)
    return document


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), within():
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _assert_edge(code: int, err: str, allowed: set[int]) -> None:
    assert code in allowed, (code, err)
    assert INTERNAL not in err and "Traceback" not in err, err
    for sentinel in SENTINELS:
        assert sentinel not in err, err


@fuzz_settings(examples=60)
@given(document=documents())
def test_evaluate_session_keeps_the_contract(document: Any) -> None:
    call_keeps_the_contract(lambda: evaluate_session(document, referential=REFERENTIAL))


EDITS = [b"1E+999990", b"1E-999999999", b"NaN", b"Infinity", b"9" * 5000, b"[" * 100_000,
         b'"' + SENTINELS[0].encode() + b'"', b"\xff", b"{", b"}", b"0.33"]  # fmt: skip


@st.composite
def document_files(draw: st.DrawFn) -> bytes:
    """The example file's bytes with values replaced by hostile JSON text, or truncated."""
    data = bytearray(DOCUMENT_TEXT.encode())
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            end = data.find(b",", at)
            data[at : end if end != -1 else at] = draw(st.sampled_from(EDITS))
        else:
            del data[at:]
    return bytes(data)


@fuzz_settings(examples=40)
@given(data=document_files())
def test_the_evaluate_command_keeps_the_contract(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "session.json"
        path.write_bytes(data)
        code, _, err = _run(["evaluate", str(path), "--json"])
    _assert_edge(code, err, {0, 3})


# -------------------------------------------------------------------- subcommands

SUBCOMMANDS = [["session", "create"], ["session", "show"], ["candidates", "import"],
               ["report", "add"], ["finalize"], ["jury"], ["publish"], ["results", "export"]]  # fmt: skip
OPTIONS = ["--number", "--site", "--room", "--date", "--time", "--invigilator", "--access-code",
           "--description", "--at", "--certification", "--category", "--subcategory",
           "--question", "--by", "--pv-scan", "--abort", "--seen", "--incident-report",
           "--member", "--report", "--comment", "--division", "--out", "--tz", "--json",
           "--has-incident", "--no-incident"]  # fmt: skip
WORDS = ["12345", "0", "-1", "1E+999990", "9" * 60, "2026-03-12", "09:00", "BCDF23",
         "2026-03-12T09:00:00+01:00", "9999-12-31T23:59:59-12:00", "Europe/Paris", "Mars/Olympus",
         "IN_CHALLENGE", "WEBSITE_UNAVAILABLE", "invigilator", "101=candidate", "101", "R1",
         "neutralise", "cancel", "assign", "3e A", "", "²", *SENTINELS]  # fmt: skip


@st.composite
def command_lines(draw: st.DrawFn, files: dict[str, Path]) -> list[str]:
    argv = list(draw(st.sampled_from(SUBCOMMANDS)))
    tokens = st.sampled_from(OPTIONS) | st.sampled_from(WORDS) | st.sampled_from(sorted(files))
    argv += [str(files.get(token, token)) for token in draw(st.lists(tokens, max_size=8))]
    return argv


def _files(folder: Path) -> dict[str, Path]:
    rows = ODS.rows_from_csv(ROOT / "examples" / "candidates.csv")[:3]
    files = {"liste.csv": ROOT / "examples" / "candidates.csv", "absent.ods": folder / "absent.ods",
             "folder.csv": folder, "liste.ods": folder / "liste.ods",
             "liste.xlsx": folder / "liste.xlsx", "bomb.ods": folder / "bomb.ods"}  # fmt: skip
    files["liste.ods"].write_bytes(ODS.build_ods(rows))
    files["liste.xlsx"].write_bytes(build_xlsx(rows))
    files["bomb.ods"].write_bytes(b"PK\x03\x04" + b"\0" * 100)
    return files


def test_the_subcommands_keep_the_contract() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = folder / "sessions.db"
        files = _files(folder)
        setup = [["session", "create", "--number", "12345", "--site", "Collège", "--room", "B1",
                  "--date", "2026-03-12", "--time", "09:00", "--invigilator", "Mme Martin"],
                 ["candidates", "import", "12345", str(files["liste.csv"])]]  # fmt: skip
        for argv in setup:
            assert _run([*argv, "--store", str(store)])[0] == 0

        @fuzz_settings(examples=40)
        @given(argv=command_lines(files))
        def run(argv: list[str]) -> None:
            code, _, err = _run([*argv, "--store", str(store)])
            _assert_edge(code, err, {0, 1, 2, 3})

        run()
