"""Issue 17: what sealing personal data costs, joining and replaying a 40-candidate session.

Runs unchanged on the code before issue 17 (events hold civil data) and after (events
hold references, values are records), so that both are measured on one machine::

    git archive 416723f pixcore plugins/sqlite | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old:/tmp/old/plugins/sqlite .venv/bin/python benchmarks/bench_personal_data.py
    .venv/bin/python benchmarks/bench_personal_data.py

``join``: 40 candidates join one after the other (typed names compared with the
enrolled ones, the event stored: with its record after issue 17), per join; ``replay``:
a cold ``SessionService`` loads the session from the SQLite file (after issue 17: the
records read and the events resolved too), per load. Median of ``--runs``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from pixcore_sqlite import SqliteEventStore

from pixcore.host.memory import EventStorePlugin, MemoryAttachments
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.lifecycle import commands as cmd
from pixcore.models import BirthPlace, Candidate, CompetenceProfile, Session
from pixcore.models.competence import CORE_COMPETENCES
from pixcore.testing.machine import FakeClock

START = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
PROFILE = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:6], 12))
PLACE = BirthPlace(country_code="99100", country="FRANCE", city="Paris", insee_code="75056",
                   department_code="75")  # fmt: skip


def _service(store: SqliteEventStore) -> SessionService:
    plugins = [FakeClock(START), EventStorePlugin(store), MemoryAttachments()]
    return SessionService(PluginHost(create_plugin_manager(autoload=False, plugins=plugins)))


def one_run(folder: Path, run: int, candidates: int) -> tuple[float, float]:
    """Seconds per join, seconds per cold replay."""
    path = folder / f"run{run}.db"
    with SqliteEventStore(path, synchronous="NORMAL") as store:
        service = _service(store)
        session = Session(number=1, site="Collège", room="B1", date=START.date(),
                          time=START.time(), invigilator="M", access_code="BCDF23")  # fmt: skip
        service.execute(1, cmd.CreateSession(session=session))
        people = [(f"Nom{i}", f"Prénom{i}") for i in range(candidates)]
        imported = tuple(Candidate(last_name=last, first_name=first,
                                   birth_date=dt.date(2010, 5, 17), sex="F", birth_place=PLACE)
                         for last, first in people)  # fmt: skip
        service.execute(1, cmd.ImportCandidates(candidates=imported))
        service.execute(1, cmd.NoteStartTime(noted_start=START))
        start = time.perf_counter()
        for i, (last, first) in enumerate(people):
            service.execute(1, cmd.JoinSession(
                session_number=1, access_code="BCDF23", first_name=first, last_name=last,
                birth_date=dt.date(2010, 5, 17), user=f"gar:{i}", profile=PROFILE,
                question_count=6,
            ))  # fmt: skip
        join = (time.perf_counter() - start) / candidates
    loads = []
    for _ in range(5):
        with SqliteEventStore(path, cache_streams=0) as cold:
            service = _service(cold)
            start = time.perf_counter()
            service.load(1)
            loads.append(time.perf_counter() - start)
    return join, min(loads)


def main() -> None:
    """Print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--candidates", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = [one_run(Path(folder), run, args.candidates) for run in range(args.runs)]
    join = statistics.median(r[0] for r in results)
    replay = statistics.median(r[1] for r in results)
    print(
        f"join (per candidate): {join * 1e3:.2f} ms; cold replay of the session: "
        f"{replay * 1e3:.2f} ms ({args.candidates} candidates, median of {args.runs})"
    )


if __name__ == "__main__":
    main()
