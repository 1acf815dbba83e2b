"""How long each hostile candidate file of issue 8 §1 takes to be refused.

Usage: ``.venv/bin/python benchmarks/bench_hostile_files.py [--repeat 5]``. The files are
built by ``tests/hostile_files.py`` (the zip bombs here inflate to 1 GiB, not the tests'
256 MiB); each is refused ``--repeat`` times through ``parse_candidates`` and the median
is printed, beside a valid 30-candidate file of the same format for scale. Numbers, not
assertions: timed tests would be flaky on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile_files  # noqa: E402
from spreadsheets import ODS, build_xlsx  # noqa: E402

from pixcore.errors import PixcoreError  # noqa: E402
from pixcore.formats.importing import parse_candidates  # noqa: E402
from pixcore.referential import Referential  # noqa: E402


def _median_ms(name: str, data: bytes, referential: Referential, repeat: int) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            parse_candidates(name, data, referential=referential)
            outcome = "accepted"
        except PixcoreError as error:
            outcome = error.code
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    hostile_files.BOMB_BYTES = 1024 * 1024 * 1024
    referential = Referential.load()
    rows = ODS.rows_from_csv(ROOT / "examples" / "candidates.csv")
    csv = (ROOT / "examples" / "candidates.csv").read_bytes()
    valid = [
        ("valid 30 candidates", "liste.ods", ODS.build_ods(rows)),
        ("valid 30 candidates", "liste.xlsx", build_xlsx(rows)),
        ("valid 30 candidates", "liste.csv", csv),
    ]
    print(f"{'case':30} {'file':11} {'bytes':>10} {'median ms':>10}  outcome")
    for label, name, data in valid:
        ms, outcome = _median_ms(name, data, referential, args.repeat)
        print(f"{label:30} {name:11} {len(data):>10} {ms:>10.2f}  {outcome}")
    for case in hostile_files.HOSTILE:
        data = case.build()
        ms, outcome = _median_ms(case.filename, data, referential, args.repeat)
        flag = "" if outcome == case.code else f"  (expected {case.code})"
        print(f"{case.name:30} {case.filename:11} {len(data):>10} {ms:>10.2f}  {outcome}{flag}")


if __name__ == "__main__":
    main()
