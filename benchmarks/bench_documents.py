"""The printed documents: PV de session for 40 and 400 candidates, 1,000 attestations.

    python benchmarks/bench_documents.py            # PV 40 ×30, PV 400 ×10, 1,000 attestations
    python benchmarks/bench_documents.py --attestations 200 --json

Every rendered document holds different data (the candidates' names carry the run's
number, the attestations come from 25 published sessions of 40), so Typst's caches
cannot replay a previous layout; the first render of the process (fonts and template
loaded) is reported apart. Sessions are built through the lifecycle's commands
(``bench_lifecycle.build_session``), outside the timed sections.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import json
import random
import statistics
import sys
import time
from typing import Any

from _measure import rss_mb
from bench_lifecycle import T0, build_session

from pixcore import Session
from pixcore.formats.documents import iter_attestations, render_pv_session
from pixcore.lifecycle import EMPTY, SessionState, automatic_jury, decide, evolve
from pixcore.lifecycle import commands as c
from pixcore.models import BirthPlace, Candidate, ExtraTime

PLACE = BirthPlace(
    country_code="99100", country="FRANCE", city="Paris", insee_code="75056", department_code="75"
)
NAMES = ("N'Diaye", "Lefèvre-Œuvray", "García López", "de La Fontaine", "Nguyễn", "Dubois")


def enrolled(count: int, run: int) -> SessionState:
    """A created session of ``count`` candidates whose names carry ``run``."""
    session = Session(
        number=1000 + run, site="Collège Jean Moulin", room="B12", date=T0.date(),
        time=T0.time(), invigilator="Mme Martin", access_code="BCDF23",
    )  # fmt: skip
    state = EMPTY
    commands: list[c.Command] = [c.CreateSession(session=session)]
    for index in range(count):
        candidate = Candidate(
            last_name=f"{NAMES[index % len(NAMES)]} {run}-{index}",
            first_name="Maël" if index % 2 else "Anaïs",
            birth_date=dt.date(2010, 1, 1) + dt.timedelta(days=index),
            sex="F", birth_place=PLACE,
            extra_time=ExtraTime(fraction="0.33") if index % 9 == 0 else None,
        )  # fmt: skip
        commands.append(c.EnrolCandidate(candidate=candidate))
    for command in commands:
        for event in decide(state, command, T0):
            state = evolve(state, event)
    return state


def published(rng: random.Random, number: int) -> SessionState:
    """A 40-candidate session, finalised, judged and marked published."""
    state = build_session(rng, number)[1]
    state = evolve(state, automatic_jury(state, T0 + dt.timedelta(hours=3)))
    return dataclasses.replace(state, published_at=T0 + dt.timedelta(days=2))


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 1),
        "p99_ms": round(ordered[min(int(len(ordered) * 0.99), len(ordered) - 1)] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def time_pv(count: int, repeat: int, first_run: int) -> dict[str, Any]:
    """Wall-clock percentiles, and the CPU time (all threads) per render."""
    samples, cpu, size = [], 0.0, 0
    for run in range(first_run, first_run + repeat):
        state = enrolled(count, run)
        begin, begin_cpu = time.perf_counter(), time.process_time()
        pdf = render_pv_session(state)
        samples.append(time.perf_counter() - begin)
        cpu += time.process_time() - begin_cpu
        size = len(pdf)
    return {
        **stats(samples), "cpu_mean_ms": round(cpu / repeat * 1000, 1), "renders": repeat,
        "pdf_kb": round(size / 1024),
    }  # fmt: skip


def measure(repeat_40: int, repeat_400: int, attestations: int) -> dict[str, Any]:
    """Cold first render, then warm PVs and the attestations batch."""
    first = enrolled(40, 0)
    begin = time.perf_counter()
    render_pv_session(first)
    cold = time.perf_counter() - begin
    pv40 = time_pv(40, repeat_40, 1)
    pv400 = time_pv(400, repeat_400, 1000)
    rng = random.Random(7)
    sessions = [published(rng, 5000 + i) for i in range(-(-attestations // 40))]
    gc.collect()
    rss_before, done, pages = rss_mb(), 0, 0
    begin, begin_cpu = time.perf_counter(), time.process_time()
    for state in sessions:
        for _, pdf in iter_attestations(state):
            done += 1
            pages += len(pdf)
            if done == attestations:
                break
        if done == attestations:
            break
    batch, batch_cpu = time.perf_counter() - begin, time.process_time() - begin_cpu
    return {
        "first_render_in_process_ms": round(cold * 1000, 1),
        "pv_40": pv40,
        "pv_400": pv400,
        "attestations": done,
        "attestations_seconds": round(batch, 2),
        "attestations_per_second": round(done / batch, 1),
        "attestations_cpu_seconds": round(batch_cpu, 2),
        "attestation_mean_kb": round(pages / done / 1024, 1),
        "rss_before_attestations_mb": round(rss_before, 1),
        "rss_after_attestations_mb": round(rss_mb(), 1),
    }


def main() -> int:
    """Parse arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat-40", type=int, default=30)
    parser.add_argument("--repeat-400", type=int, default=10)
    parser.add_argument("--attestations", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.repeat_40, args.repeat_400, args.attestations)
    print(json.dumps(result, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
