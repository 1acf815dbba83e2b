"""The web host under load, on loopback: answers of a room, open invigilator streams.

    .venv/bin/python benchmarks/bench_web.py [--rooms 1000] [--candidates 40]

Starts the host (uvicorn, embedded SQLite in a temporary folder) in this process, then:

1. creates ``--rooms`` sessions; logs an invigilator into each over HTTP and opens its
   server-sent-event stream (``/surveillant/salle/flux``) — all stay open;
2. ``--candidates`` pupils of room 1 log in, join and answer their 15 questions
   **concurrently** (one HTTP client each): requests/s and latency percentiles of the
   answer endpoint (``POST /candidat/test/repondre``);
3. one more pupil answers 15 questions one at a time while every stream is open: the
   delay from sending the answer to its ``room`` event arriving on room 1's stream.

Bounded: every wait has a timeout; the run takes about a minute on 2 cores. Logins use a
local function instead of the Pix API (the adapter is not what is measured).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import re
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web" / "tests"))

from pixcore_web.config import WebConfig
from pixcore_web.dev import DevProfiles
from pixcore_web.security import invigilator_secret
from pixcore_web.serve import open_host
from web_browser import served

from pixcore import Referential, validate_candidate
from pixcore.lifecycle import commands as cmd
from pixcore.models.identity import VerifiedIdentity
from pixcore.models.session import Session

KEY = b"b" * 48
TOKEN = re.compile(r'name="csrf" value="([^"]+)"')
CODE = "BCDF23"
TIMEOUT = 60.0
SSL = ssl.create_default_context()  # shared: building one per client costs ~50 ms


def _login(username: str, password: str) -> VerifiedIdentity:
    return VerifiedIdentity(provider="PIX", subject=username)


def _name(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "Eleve" + letters[index // 26] + letters[index % 26]


def prepare(service: object, rooms: int, candidates: int) -> None:
    """Room 1 with its candidates, the other rooms empty (straight through the service)."""
    referential = Referential.load()
    today = dt.date.today()
    for number in range(1, rooms + 1):
        session = Session(number=number, site="Collège", room=f"Salle {number}", date=today,
                          time=dt.time(9), invigilator="Mme Martin", access_code=CODE)  # fmt: skip
        service.execute(number, cmd.CreateSession(session=session))  # type: ignore[attr-defined]
    pupils = tuple(
        validate_candidate({"last_name": _name(i), "first_name": "Camille", "sex": "F",
                            "birth_date": "2011-03-14", "birth_country": "France",
                            "birth_insee_code": "75056"}, referential=referential)
        for i in range(candidates + 1)
    )  # fmt: skip
    service.execute(1, cmd.ImportCandidates(candidates=pupils))  # type: ignore[attr-defined]
    service.execute(1, cmd.NoteStartTime(noted_start=dt.datetime.now(dt.UTC)))  # type: ignore[attr-defined]


async def token(client: httpx2.AsyncClient, path: str) -> str:
    page = await client.get(path)
    found = TOKEN.search(page.text)
    assert found, (path, page.status_code)
    return found.group(1)


async def invigilator_cookie(base: str, number: int, limit: asyncio.Semaphore) -> str:
    async with limit, httpx2.AsyncClient(base_url=base, timeout=TIMEOUT, verify=SSL) as client:
        csrf = await token(client, "/surveillant")
        reply = await client.post("/surveillant", data={
            "csrf": csrf, "session_number": str(number), "code": invigilator_secret(KEY, number),
        })  # fmt: skip
        assert reply.status_code == 303, reply.status_code
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


class Stream:
    """One open SSE connection; records the arrival time of each ``room`` event."""

    def __init__(self) -> None:
        self.versions: list[tuple[int, float]] = []
        self.opened = asyncio.Event()
        self.changed = asyncio.Event()

    async def run(self, host: str, port: int, cookie: str) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(f"GET /surveillant/salle/flux HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
                     "Accept: text/event-stream\r\n\r\n".encode())  # fmt: skip
        await writer.drain()
        try:
            while line := await reader.readline():
                if line.startswith(b"data: open"):
                    self.opened.set()
                elif line.startswith(b"data: ") and line[6:].strip().isdigit():
                    self.versions.append((int(line[6:]), time.perf_counter()))
                    self.changed.set()
        finally:
            writer.close()


async def pupil(base: str, index: int) -> httpx2.AsyncClient:
    client = httpx2.AsyncClient(base_url=base, timeout=TIMEOUT, verify=SSL)
    csrf = await token(client, "/candidat")
    await client.post("/candidat", data={"csrf": csrf, "username": f"u{index}", "password": "x"})
    csrf = await token(client, "/candidat/rejoindre")
    reply = await client.post("/candidat/rejoindre", data={
        "csrf": csrf, "session_number": "1", "first_name": "Camille",
        "last_name": _name(index), "birth_date": "2011-03-14", "access_code": CODE,
    })  # fmt: skip
    assert reply.headers.get("location") == "/candidat/test", reply.text[-500:]
    return client


async def answer_all(client: httpx2.AsyncClient, latencies: list[float]) -> None:
    while True:
        page = await client.get("/candidat/test")
        found = re.search(r'name="position" value="(\d+)"', page.text)
        if not found:
            return
        csrf = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
        start = time.perf_counter()
        reply = await client.post("/candidat/test/repondre", data={
            "csrf": csrf, "position": found.group(1), "choice": "ok", "answer": "1"})  # fmt: skip
        latencies.append(time.perf_counter() - start)
        assert reply.status_code == 303, reply.status_code


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main_async(base: str, rooms: int, candidates: int) -> None:
    host, port = "127.0.0.1", int(base.rsplit(":", 1)[1])
    started = time.perf_counter()
    limit = asyncio.Semaphore(32)
    cookies = await asyncio.gather(
        *(invigilator_cookie(base, n, limit) for n in range(1, rooms + 1))
    )
    streams = [Stream() for _ in cookies]
    tasks = [
        asyncio.create_task(s.run(host, port, c)) for s, c in zip(streams, cookies, strict=True)
    ]
    await asyncio.wait_for(asyncio.gather(*(s.opened.wait() for s in streams)), TIMEOUT)
    print(
        f"{rooms} invigilator streams open "
        f"({time.perf_counter() - started:.1f} s to log in and open)"
    )

    clients = await asyncio.gather(*(pupil(base, i) for i in range(candidates)))
    latencies: list[float] = []
    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(answer_all(c, latencies) for c in clients)), 600)
    wall = time.perf_counter() - start
    print(f"{candidates} pupils answering concurrently: {len(latencies)} answers in {wall:.1f} s "
          f"(with the page GET between answers)")  # fmt: skip
    print(f"  answer endpoint: {len(latencies) / wall:.0f} answers/s; latency p50 "
          f"{statistics.median(latencies) * 1000:.0f} ms, "
          f"p99 {pct(latencies, 0.99) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")  # fmt: skip

    room1 = streams[0]
    probe = await pupil(base, candidates)
    delays: list[float] = []
    for _ in range(15):
        page = await probe.get("/candidat/test")
        found = re.search(r'name="position" value="(\d+)"', page.text)
        assert found
        csrf = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
        room1.changed.clear()
        seen = len(room1.versions)
        sent = time.perf_counter()
        await probe.post("/candidat/test/repondre", data={
            "csrf": csrf, "position": found.group(1), "choice": "ok", "answer": "1"})  # fmt: skip
        while len(room1.versions) == seen:
            await asyncio.wait_for(room1.changed.wait(), 10)
            room1.changed.clear()
        delays.append(room1.versions[seen][1] - sent)
    print(f"live update delay (answer sent → event on room 1's stream, {rooms} streams open): "
          f"p50 {statistics.median(delays) * 1000:.0f} ms, p99 {pct(delays, 0.99) * 1000:.0f} ms, "
          f"max {max(delays) * 1000:.0f} ms")  # fmt: skip
    for client in [*clients, probe]:
        await client.aclose()
    for task in tasks:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*tasks, return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=1000)
    parser.add_argument("--candidates", type=int, default=40)
    args = parser.parse_args()
    config = WebConfig(secret_key=KEY, referent_secret="r" * 16, jury_secret="j" * 16,
                       secure_cookies=False)  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        location = str(Path(folder) / "bench.db")
        with open_host(location, config, pix_login=_login, plugins=[DevProfiles()]) as running:
            # The limiter would (rightly) count 1,000 logins from one client as an attack.
            running.app.state.web.per_client.limit = 10**9
            running.app.state.web.per_target.limit = 10**9
            started = time.perf_counter()
            prepare(running.service, args.rooms, args.candidates)
            print(f"prepared {args.rooms} sessions in {time.perf_counter() - started:.1f} s")
            with served(running.app) as base:
                asyncio.run(main_async(base, args.rooms, args.candidates))


if __name__ == "__main__":
    main()
