"""``pixcore batch FICHIER -o SORTIE``: a large file of candidates, on every core.

The input is JSON Lines (one candidate per line) or CSV (``;``, Pix's columns,
:data:`~pixcore.formats.batch_models.CSV_COLUMNS`); the output is JSON Lines, one
result per non-empty input line, in input order, each with its line number and every
error coded (:mod:`pixcore.formats.batch`). Lines go to worker processes in chunks,
with at most two chunks per process in flight: memory stays bounded whatever the
file's size. A progress bar (read bytes) is drawn on stderr when it is a terminal, or
with ``--progression``.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from pixcore.cli.common import EXIT_OK, FileNotWritableError, emit
from pixcore.errors import InvalidInputError
from pixcore.formats.batch import MAX_LINE_BYTES, CsvLayout, csv_layout, evaluate_line

__all__ = ["CHUNK_LINES", "BatchProgress", "evaluate_chunk", "read_lines", "register"]

CHUNK_LINES = 2_000
"""Lines sent to a worker at once."""
_CHUNK_BYTES = 4 << 20
"""...or fewer, when they already hold 4 MiB."""
_IN_FLIGHT_PER_WORKER = 2

Chunk = list[tuple[int, bytes]]


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """``(line number, bytes)`` of every non-empty line; a line over the limit is cut.

    A cut line keeps ``MAX_LINE_BYTES + 1`` bytes (refused as too long by the
    evaluation) and the rest of it is skipped without being kept: bounded memory.
    """
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
        if raw.strip():
            yield number, raw


def evaluate_chunk(chunk: Chunk, layout: CsvLayout | None) -> tuple[str, int]:
    """The results of ``chunk``, one JSON line each, and how many carry errors."""
    results = [evaluate_line(raw, number, layout) for number, raw in chunk]
    failed = sum(not result.ok for result in results)
    return "".join(result.text + "\n" for result in results), failed


def _chunks(lines: Iterator[tuple[int, bytes]]) -> Iterator[Chunk]:
    chunk: Chunk = []
    size = 0
    for item in lines:
        chunk.append(item)
        size += len(item[1])
        if len(chunk) >= CHUNK_LINES or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class BatchProgress:
    """``Évaluation [#####.....]  45 % – 450000 lignes`` on stderr, redrawn in place."""

    WIDTH = 30

    def __init__(self, total_bytes: int, stream: TextIO, *, active: bool) -> None:
        self.total, self.stream, self.active = max(total_bytes, 1), stream, active

    def line(self, read_bytes: int, lines: int) -> str:
        """The bar once ``read_bytes`` of the file are evaluated (``lines`` lines)."""
        percent = min(100, 100 * read_bytes // self.total)
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        return f"Évaluation [{bar}] {percent:3d} % – {lines} lignes"

    def update(self, read_bytes: int, lines: int, *, done: bool = False) -> None:
        """Redraw the bar; a line break when ``done``."""
        if self.active:
            self.stream.write("\r" + self.line(read_bytes, lines) + ("\n" if done else ""))
            self.stream.flush()


def _open_input(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InvalidInputError("FILE_NOT_FOUND", meta={"path": str(path)}) from None
    except OSError:
        raise InvalidInputError("INVALID_DOCUMENT", meta={"path": str(path)}) from None


def _layout(lines: Iterator[tuple[int, bytes]], path: Path) -> CsvLayout:
    header = next(lines, None)
    try:
        text = header[1].decode("utf-8") if header else ""
        return csv_layout(text)
    except (UnicodeDecodeError, InvalidInputError) as error:
        errors = error.errors if isinstance(error, InvalidInputError) else ()
        raise InvalidInputError(
            "INVALID_DOCUMENT", meta={"path": str(path)}, errors=errors
        ) from None


def _workers(requested: int | None) -> int:
    return requested or len(os.sched_getaffinity(0)) or 1


def _serial(chunks: Iterator[Chunk], layout: CsvLayout | None) -> Iterator[tuple[Chunk, Any]]:
    for chunk in chunks:
        yield chunk, evaluate_chunk(chunk, layout)


def _parallel(
    chunks: Iterator[Chunk], layout: CsvLayout | None, workers: int
) -> Iterator[tuple[Chunk, Any]]:
    """Results in input order, never more than two chunks per worker in flight."""
    pending: collections.deque[tuple[Chunk, concurrent.futures.Future[tuple[str, int]]]]
    pending = collections.deque()
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(evaluate_chunk, chunk, layout)))
                if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _run(args: argparse.Namespace, out: TextIO) -> tuple[int, int]:
    source = _open_input(args.file)
    with source:
        size = os.fstat(source.fileno()).st_size
        lines = read_lines(source)
        layout = _layout(lines, args.file) if args.format == "csv" else None
        workers = _workers(args.processes)
        evaluate: Callable[..., Iterator[tuple[Chunk, Any]]] = (
            _serial if workers == 1 else lambda c, lay: _parallel(c, lay, workers)
        )
        active = args.progress or sys.stderr.isatty()
        progress = BatchProgress(size, sys.stderr, active=active)
        total = failed = 0
        for chunk, (text, errors) in evaluate(_chunks(lines), layout):
            _write(out, text, args.out)
            total += len(chunk)
            failed += errors
            progress.update(source.tell(), total)
        progress.update(size, total, done=True)
    return total, failed


def _write(out: TextIO, text: str, path: Path | None) -> None:
    try:
        out.write(text)
    except OSError:
        raise FileNotWritableError(meta={"path": str(path or "-")}) from None


def _batch(args: argparse.Namespace) -> int:
    if args.format is None:
        args.format = "csv" if args.file.suffix.lower() == ".csv" else "jsonl"
    begin = time.monotonic()
    if args.out is None:
        total, failed = _run(args, sys.stdout)
    else:
        try:
            out = args.out.open("w", encoding="utf-8", newline="\n")
        except OSError:
            raise FileNotWritableError(meta={"path": str(args.out)}) from None
        with out:
            total, failed = _run(args, out)
    seconds = f"{time.monotonic() - begin:.1f}".replace(".", ",")
    emit(f"pixcore : {total} lignes évaluées, dont {failed} avec erreurs, en {seconds} s.",
         sys.stderr)  # fmt: skip
    return EXIT_OK


def _processes(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError("un entier de 1 à 256 est attendu")
    return int(text)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``batch`` to the ``pixcore`` command."""
    parser = commands.add_parser(
        "batch",
        help="évaluer un grand fichier de candidats (JSON Lines ou CSV) sur tous les cœurs",
        description=(
            "Lit FICHIER (JSON Lines : un candidat par ligne ; ou CSV séparé par « ; » "
            "avec les colonnes de Pix, voir docs/cli.md) et écrit un résultat JSON par "
            "ligne : éligibilité, échéance et temps écoulé, écran de fin, signalements et, "
            "pour une session finalisée, jury automatique et résultat. Une ligne en erreur "
            "donne ses erreurs codées, les autres sont évaluées. Codes de sortie : 0 "
            "évaluation faite, 1 erreur interne, 2 erreur d'utilisation, 3 fichier "
            "illisible ou sortie impossible à écrire."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FICHIER", help="le fichier de candidats")
    parser.add_argument(
        "-o", "--out", type=Path, metavar="SORTIE",
        help="fichier de résultats JSON Lines (défaut : la sortie standard)",
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("jsonl", "csv"),
        help="format de FICHIER (défaut : csv si le nom finit par .csv, sinon jsonl)",
    )  # fmt: skip
    parser.add_argument(
        "--processus", dest="processes", type=_processes, metavar="N",
        help="nombre de processus (défaut : un par cœur disponible)",
    )  # fmt: skip
    parser.add_argument(
        "--progression", dest="progress", action="store_true",
        help="afficher la barre de progression même hors d'un terminal",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="erreurs du fichier en JSON")
    parser.set_defaults(handler=_batch)
