"""Full candidate decisions per second through pixcore's public API, per engine.

One decision = eligibility (D1) + deadline and time over (D2) + every issue report of
the candidate (D4) + the end-screen rule (D3), on distinct random candidates (no
caching across candidates), built one at a time outside the timed section. Reports
p50/p99 latency, throughput on one core (decisions / summed decision time), and the
resident memory (RSS) every 10,000 decisions, to show it stays flat.

    python benchmarks/bench_decisions.py                      # pure engine, 1,000,000
    python benchmarks/bench_decisions.py --engine durable --count 200000
    python benchmarks/bench_decisions.py --json               # machine-readable
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import platform
import random
import statistics
import sys
import time
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from _measure import rss_mb

import pixcore
from pixcore.rules import PURE_ENGINE, Engine

CHUNK = 10_000
PARIS = dt.timezone(dt.timedelta(hours=1))
EXTRA_TIMES = [None] * 8 + [Decimal("0.33"), Decimal("0.5")]
REPORTS = [
    {"category": "IN_CHALLENGE", "subcategory": "WEBSITE_UNAVAILABLE", "question_number": 3,
     "description": "Le site ne répond pas"},
    {"category": "NON_BLOCKING_TECHNICAL_ISSUE", "description": "Souris changée"},
    {"category": "FRAUD", "incident_report_attachment": "pv-incident.pdf"},
    {"category": "IN_CHALLENGE", "subcategory": "IMAGE_NOT_DISPLAYING", "description": " "},
    {"category": "OTHER", "description": "Catégorie abandonnée"},
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class CandidateInput:
    """Everything one decision reads."""

    profile: dict[str, int]
    extra_time: Decimal | None
    noted_start: dt.datetime
    first_start: dt.datetime
    now: dt.datetime
    reports: tuple[dict[str, Any], ...]
    course: pixcore.CertificationCourse
    confirmation: pixcore.EndScreenConfirmation | None


def make_inputs(rng: random.Random, start_number: int) -> Iterator[CandidateInput]:
    """Distinct random candidates, CHUNK at a time."""
    base = dt.datetime(2026, 3, 12, 9, tzinfo=PARIS)
    for offset in range(CHUNK):
        number = start_number + offset + 1
        first = base + dt.timedelta(seconds=rng.randrange(0, 900))
        reports = tuple(
            {**rng.choice(REPORTS), "certification_number": number}
            for _ in range(rng.choice((0, 0, 1, 2)))
        )
        yield CandidateInput(
            profile={c: rng.randrange(0, 41) for c in pixcore.CORE_COMPETENCES},
            extra_time=rng.choice(EXTRA_TIMES),
            noted_start=base,
            first_start=first,
            now=base + dt.timedelta(minutes=rng.randrange(60, 200)),
            reports=reports,
            course=pixcore.CertificationCourse(
                certification_number=number, started_at=first,
                state=rng.choice(("completed", "completed", "started")),
            ),
            confirmation=None if rng.random() < 0.1 else pixcore.EndScreenConfirmation(
                certification_number=number
            ),
        )  # fmt: skip


def candidates(rng: random.Random) -> Iterator[CandidateInput]:
    """An endless stream of distinct candidates, built one at a time."""
    for start in itertools.count(CHUNK, CHUNK):
        yield from make_inputs(rng, start)


def decide(candidate: CandidateInput, engine: Engine) -> tuple[Any, ...]:
    """One full decision through the public API."""
    eligibility = pixcore.check_eligibility(candidate.profile, engine=engine)
    end = pixcore.deadline(candidate.noted_start, candidate.extra_time, candidate.first_start)
    over = pixcore.is_time_over(end, candidate.now, engine=engine)
    reports = []
    for data in candidate.reports:
        try:
            reports.append(
                pixcore.validate_issue_report(data, filed_by="invigilator", engine=engine)
            )
        except pixcore.IssueReportError as error:
            reports.append(error.code)
    screen = pixcore.end_screen_decision(candidate.course, candidate.confirmation, engine=engine)
    return eligibility, end, over, reports, screen


def run(engine_name: str, count: int, seed: int) -> dict[str, Any]:
    """Measure ``count`` decisions; return the figures."""
    engine = make_engine(engine_name)
    rng = random.Random(seed)
    for candidate in make_inputs(rng, 0):  # warm-up: one chunk, not measured
        decide(candidate, engine)
    latencies = array("q", bytes(8 * count))  # allocated before the first RSS reading
    gc.collect()
    rss_before = rss_mb()
    rss_samples = []
    for position, candidate in enumerate(itertools.islice(candidates(rng), count)):
        begin = time.perf_counter_ns()
        decide(candidate, engine)
        latencies[position] = time.perf_counter_ns() - begin
        if position % CHUNK == CHUNK - 1:
            rss_samples.append(rss_mb())
    elapsed = sum(latencies)
    ordered = sorted(latencies)
    return {
        "engine": engine_name,
        "decisions": count,
        "decisions_per_second": round(count / (elapsed / 1e9)),
        "mean_us": round(statistics.fmean(ordered) / 1000, 2),
        "p50_us": round(ordered[len(ordered) // 2] / 1000, 2),
        "p99_us": round(ordered[int(len(ordered) * 0.99)] / 1000, 2),
        "max_us": round(ordered[-1] / 1000, 1),
        "rss_before_mb": round(rss_before, 1),
        "rss_after_first_chunk_mb": round(rss_samples[0], 1),
        "rss_after_mb": round(rss_samples[-1], 1),
        "rss_max_mb": round(max(rss_samples), 1),
        "python": platform.python_version(),
    }


def make_engine(name: str) -> Engine:
    """The engine to measure."""
    if name == "pure":
        return PURE_ENGINE
    from pixcore.rules import ALL_TABLES
    from pixcore.rules.durable import DurableEngine

    return DurableEngine(ALL_TABLES)


def main() -> int:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("pure", "durable"), default="pure")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.engine, args.count, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
