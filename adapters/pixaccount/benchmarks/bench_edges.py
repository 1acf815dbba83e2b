"""Measure the adapter's bounds: limiter memory, a dripping server, a gzip bomb.

Run from the repository root, after ``python3 scripts/dev.py test`` created ``.venv``::

    .venv/bin/python adapters/pixaccount/benchmarks/bench_edges.py limiter 1000000
    .venv/bin/python adapters/pixaccount/benchmarks/bench_edges.py drip 0.3 1.0
    .venv/bin/python adapters/pixaccount/benchmarks/bench_edges.py bomb 256

``limiter N``: RSS and traced memory while N distinct usernames are tried (flat once
the map is full). ``drip INTERVAL TIMEOUT``: a server sending one byte every INTERVAL
seconds for 30 s; how long a login with ``timeout_seconds=TIMEOUT`` lasts. ``bomb MIB``:
a gzip reply inflating to MIB MiB; peak traced memory of the login that refuses it.
"""

from __future__ import annotations

import argparse
import resource
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterable

from pixcore_pixaccount import (
    AttemptLimiter,
    PixAccountError,
    PixApiConfig,
    PixApiPasswordBackend,
    PixUnavailableError,
)


def rss_mb() -> float:
    """Resident set size of this process, in MB (Linux; NaN elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def serve(chunks: Iterable[tuple[float, bytes]]) -> str:
    """Answer one connection with ``chunks`` (delay, bytes) in a thread; return the URL."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        connection, _ = listener.accept()
        with connection, listener:
            connection.recv(65536)
            try:
                for delay, data in chunks:
                    time.sleep(delay)
                    connection.sendall(data)
            except OSError:
                return

    threading.Thread(target=run, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def login(url: str, timeout: float) -> str:
    """One login; the code it ends with."""
    backend = PixApiPasswordBackend(PixApiConfig(url, timeout_seconds=timeout))
    try:
        backend.login("someone@example.net", "password")
    except (PixAccountError, PixUnavailableError) as error:
        return error.code
    return "logged in"


def bench_limiter(count: int) -> None:
    """RSS every tenth of ``count`` distinct usernames."""
    limiter = AttemptLimiter()
    tracemalloc.start()
    print(f"start: RSS {rss_mb():.1f} MB")
    for n in range(count):
        limiter.acquire(f"user{n}@example.net")
        if (n + 1) % max(1, count // 10) == 0:
            traced = tracemalloc.get_traced_memory()[0] / 2**20
            kept = len(limiter)
            print(f"{n + 1:>9} usernames: {kept} kept, {traced:.1f} MiB, RSS {rss_mb():.1f} MB")


def bench_drip(interval: float, timeout: float) -> None:
    """How long one login lasts against a server dripping one byte per ``interval``."""
    count = int(30 / interval)
    url = serve((interval, b"H") for _ in range(count))
    start = time.monotonic()
    code = login(url, timeout)
    elapsed = time.monotonic() - start
    print(f"drip every {interval} s, timeout {timeout} s: {code} after {elapsed:.2f} s")


def bench_bomb(mib: int) -> None:
    """Peak traced memory of a login answered with a gzip bomb of ``mib`` MiB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    bomb = b"".join(compressor.compress(block) for _ in range(mib)) + compressor.flush()
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        f"Content-Length: {len(bomb)}\r\n\r\n"
    ).encode()
    url = serve([(0.0, head + bomb)])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    code = login(url, 30.0)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gzip bomb {mib} MiB ({len(bomb)} bytes sent): {code}, peak traced {peak:.1f} MiB")
    print(f"peak RSS before the login {before:.1f} MB, after {after:.1f} MB")


def main() -> None:
    """Parse the command line and run one measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("limiter").add_argument("count", type=int, nargs="?", default=1_000_000)
    drip = sub.add_parser("drip")
    drip.add_argument("interval", type=float, nargs="?", default=0.3)
    drip.add_argument("timeout", type=float, nargs="?", default=1.0)
    sub.add_parser("bomb").add_argument("mib", type=int, nargs="?", default=256)
    args = parser.parse_args()
    if args.what == "limiter":
        bench_limiter(args.count)
    elif args.what == "drip":
        bench_drip(args.interval, args.timeout)
    else:
        bench_bomb(args.mib)


if __name__ == "__main__":
    main()
