"""The session lifecycle: replay, automatic jury and results, and a 100,000-candidate batch.

    python benchmarks/bench_lifecycle.py                 # 40-candidate sessions + batch
    python benchmarks/bench_lifecycle.py --batch 20000   # a smaller batch
    python benchmarks/bench_lifecycle.py --json

A 40-candidate session is built through the pure commands (create, enrol, note the
start, join, 30 answers each, reports, confirmations, some abandons), then measured:

- replay: ``replay(events)`` of the whole stream (about 1,400 events);
- jury: the automatic jury of the finalised session plus every result (D6);
- batch: sessions of 40 built and judged one after the other until the number of
  candidates is reached, with the resident memory before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import time
from typing import Any

from _measure import rss_mb

from pixcore import CompetenceProfile, Session
from pixcore.events import Event
from pixcore.lifecycle import EMPTY, automatic_jury, decide, evolve, replay, session_results
from pixcore.lifecycle import commands as c
from pixcore.models import CORE_COMPETENCES, BirthPlace, Candidate

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
CANDIDATES = 40
QUESTIONS = 30
PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:10], 16))
PLACE = BirthPlace(
    country_code="99100", country="FRANCE", city="Paris", insee_code="75056", department_code="75"
)
STATUSES = ("ok", "ok", "ok", "ko", "aband", "partially")


def build_session(rng: random.Random, number: int) -> tuple[list[Event], Any]:
    """A finalisable 40-candidate session: its events and its state."""
    events: list[Event] = []
    state = EMPTY

    def run(command: c.Command, now: dt.datetime = T0) -> None:
        nonlocal state
        new = decide(state, command, now)
        for event in new:
            state = evolve(state, event)
        events.extend(new)

    session = Session(
        number=number,
        site="Collège",
        room="B1",
        date=T0.date(),
        time=T0.time(),
        invigilator="Mme Martin",
        access_code="BCDF23",
    )
    run(c.CreateSession(session=session))
    for index in range(CANDIDATES):
        candidate = Candidate(
            last_name=f"Nom{index}",
            first_name=f"Prénom{index}",
            birth_date=dt.date(2010, 1, 1) + dt.timedelta(days=index),
            sex="F",
            birth_place=PLACE,
        )
        run(c.EnrolCandidate(candidate=candidate))
    run(c.NoteStartTime(noted_start=T0))
    for index in range(CANDIDATES):
        run(
            c.JoinSession(
                session_number=number,
                access_code="BCDF23",
                first_name=f"Prénom{index}",
                last_name=f"Nom{index}",
                birth_date=dt.date(2010, 1, 1) + dt.timedelta(days=index),
                user=f"u{index}",
                profile=PROFILE,
                question_count=QUESTIONS,
            )
        )
    numbers = sorted(state.certifications)
    abandons = set(rng.sample(numbers, 3))
    for cert in numbers:
        answered = rng.randrange(10, QUESTIONS) if cert in abandons else QUESTIONS
        for question in range(answered):
            run(
                c.RecordAnswer(
                    certification_number=cert,
                    status=rng.choice(STATUSES),
                    competence=CORE_COMPETENCES[question // 3],
                ),
                T0 + dt.timedelta(minutes=question * 3),
            )
        if cert not in abandons and rng.random() < 0.95:
            run(c.ConfirmEndScreen(certification_number=cert))
    for cert in rng.sample(numbers, 4):
        run(
            c.FileIssueReport(
                data={
                    "certification_number": cert,
                    "category": "IN_CHALLENGE",
                    "subcategory": "WEBSITE_UNAVAILABLE",
                    "question_number": rng.randrange(1, 10),
                    "description": "Site indisponible",
                },
                filed_by="invigilator",
            )
        )
    finalise = c.Finalise(
        abort_reasons=dict.fromkeys(sorted(abandons), "candidate"),
        pv_scan="pv.pdf",
        has_incident=False,
        has_joining_issue=False,
    )
    finalised = decide(state, finalise, T0 + dt.timedelta(hours=3))[0]
    events.append(finalised)
    return events, evolve(state, finalised)


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 / p99 / mean in milliseconds."""
    ordered = sorted(samples)
    return {
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
        "p99_ms": round(ordered[int(len(ordered) * 0.99)] * 1000, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
    }


def judge(state: Any) -> Any:
    """The automatic jury, applied, then every result."""
    done = automatic_jury(state, T0 + dt.timedelta(hours=3))
    return session_results(evolve(state, done))


def measure(repeat: int, batch: int) -> dict[str, Any]:
    """Replay and jury of one 40-candidate session ``repeat`` times, then the batch."""
    rng = random.Random(42)
    events, finalised = build_session(rng, 1)
    replays, juries = [], []
    for _ in range(repeat):
        begin = time.perf_counter()
        replay(events)
        replays.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        judge(finalised)
        juries.append(time.perf_counter() - begin)
    gc.collect()
    rss_before = rss_mb()
    judged, building, judging = 0, 0.0, 0.0
    for number in range(2, 2 + batch // CANDIDATES):
        begin = time.perf_counter()
        state = build_session(rng, number)[1]
        building += time.perf_counter() - begin
        begin = time.perf_counter()
        judged += len(judge(state))
        judging += time.perf_counter() - begin
    return {
        "events_per_session": len(events),
        "replay_40": percentiles(replays),
        "jury_and_results_40": percentiles(juries),
        "batch_candidates": judged,
        "batch_jury_and_results_seconds": round(judging, 2),
        "batch_candidates_judged_per_second": round(judged / judging),
        "batch_building_seconds_not_measured": round(building, 1),
        "batch_rss_before_mb": round(rss_before, 1),
        "batch_rss_after_mb": round(rss_mb(), 1),
    }


def main() -> int:
    """Parse arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.repeat, args.batch)
    print(json.dumps(result, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
