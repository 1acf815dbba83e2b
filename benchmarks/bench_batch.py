"""``pixcore batch`` on a national file: candidates per second, wall time, peak RSS.

Writes (once, reused when present) a JSON Lines file of ``--count`` distinct random
candidates: a profile, extra time for one in five, a noted start and a first start, a
finished or interrupted test of 24–48 answers with their competences, ~0.75 incident
reports each (a fifth invalid), one line in 1,000 broken; every session finalised, so
that each line goes through D1–D4 and the automatic jury and result (D6). Then runs
``pixcore batch`` in a child process and reads its wall time and the peak resident
memory of the largest process (``ru_maxrss`` of the children).

    python benchmarks/bench_batch.py                       # 1,000,000 candidates
    python benchmarks/bench_batch.py --count 100000 --processes 1 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CORE = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.1", "4.2",
        "4.3", "5.1", "5.2", "3.4")  # fmt: skip
REPORTS: list[dict[str, Any]] = [
    {"category": "IN_CHALLENGE", "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 3,
     "description": "Le site ne répond pas"},
    {"category": "NON_BLOCKING_TECHNICAL_ISSUE", "description": "Souris changée"},
    {"category": "FRAUD", "incident_report_attachment": "pv-incident.pdf"},
    {"category": "IN_CHALLENGE", "subcategory": "IMAGE_NOT_DISPLAYING", "description": " "},
    {"category": "OTHER", "description": "Catégorie abandonnée"},
]  # fmt: skip
STATUSES = ("ok",) * 7 + ("ko", "ko", "aband")


def candidate(rng: random.Random, number: int) -> dict[str, Any]:
    """One random candidate line (a dict to dump)."""
    base = dt.datetime(2026, 3, 12, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    first = base + dt.timedelta(seconds=rng.randrange(0, 900))
    profile = {code: rng.randrange(0, 41) for code in CORE}
    tested = [code for code, pix in profile.items() if pix >= 8] or ["1.1"]
    questions = 3 * len(tested)
    finished = rng.random() < 0.9
    count = questions if finished else rng.randrange(questions // 2, questions + 1)
    answers = [{"status": rng.choice(STATUSES), "competence": tested[i // 3]}
               for i in range(count)]  # fmt: skip
    line: dict[str, Any] = {
        "certification_number": number, "profile": profile,
        "extra_time": rng.choice(["0.33", "0.5"]) if rng.random() < 0.2 else None,
        "noted_start": base.isoformat(), "first_start": first.isoformat(),
        "now": (base + dt.timedelta(minutes=rng.randrange(60, 200))).isoformat(),
        "state": "completed" if finished else "endedByInvigilator",
        "end_screen_seen": rng.random() < 0.9, "answers": answers,
        "question_count": questions, "finalised": True,
        "reports": [rng.choice(REPORTS) for _ in range(rng.choice((0, 0, 1, 2)))],
    }  # fmt: skip
    if not finished:
        line["abort_reason"] = rng.choice(("candidate", "technical"))
    return line


def write_input(path: Path, count: int, seed: int, compact: bool = False) -> None:
    """Write ``count`` lines to ``path`` (a broken line every 1,000).

    ``compact``: the same candidates, answers written ``"ok:1.1 ko:1.1"`` (PERF-12).
    """
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, count + 1):
            if number % 1000 == 0:
                out.write('{"certification_number": "pas un nombre"\n')
                continue
            line = candidate(rng, number)
            if compact:
                line["answers"] = " ".join(f"{a['status']}:{a['competence']}"
                                           for a in line["answers"])  # fmt: skip
            out.write(json.dumps(line, separators=(",", ":")) + "\n")


def main() -> int:
    """Generate the file if needed, run the batch, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dir", type=Path, default=Path("/tmp"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--compact", action="store_true", help='answers as "ok:1.1 ko:1.1"')
    args = parser.parse_args()
    form = "-compact" if args.compact else ""
    source = args.dir / f"pixcore-batch-{args.count}-{args.seed}{form}.jsonl"
    if not source.exists():
        write_input(source, args.count, args.seed, args.compact)
    target = args.dir / f"pixcore-batch-{args.count}-{os.getpid()}.out.jsonl"
    command = [sys.executable, "-m", "pixcore.cli", "batch", str(source), "-o", str(target)]
    if args.processes:
        command += ["--processus", str(args.processes)]
    begin = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - begin
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its workers
    with target.open("rb") as results:
        lines = sum(1 for _ in results)
    target.unlink()
    result = {
        "candidates": args.count, "output_lines": lines, "seconds": round(seconds, 2),
        "candidates_per_second": round(args.count / seconds),
        "processes": args.processes or len(os.sched_getaffinity(0)),
        "input_mb": round(source.stat().st_size / 1e6, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_us_per_line": round((usage.ru_utime + usage.ru_stime) / args.count * 1e6, 1),
        "projected_1m_seconds": round(seconds / args.count * 1_000_000, 1),
    }  # fmt: skip
    print(
        json.dumps(result) if args.json else "\n".join(f"{k:>22}: {v}" for k, v in result.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
