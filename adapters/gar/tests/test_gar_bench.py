"""The login benchmark measures what it says (``benchmarks/bench_consume.py``, issue 14).

Its stage breakdown wraps module attributes of the ACS pipeline: if the pipeline
stopped calling one of them (a rename, an inlined step), that stage would silently
read zero. Here every stage must be timed exactly once per login, every wrapper must be
removed afterwards, and a few interleaved logins must all be accepted.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_consume.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_consume", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_consume"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["bench_consume"]


def test_every_stage_is_timed_once_per_login_and_unwrapped_after(bench, idp):
    originals = {name: getattr(m, attr) for name, (m, attr) in bench._STAGES.items()}
    n = 4
    times = bench.breakdown(idp, n)
    assert {name: len(values) for name, values in times.items()} == dict.fromkeys(times, n)
    assert all(value >= 0 for values in times.values() for value in values)
    for name, (module, attr) in bench._STAGES.items():
        assert getattr(module, attr) is originals[name], name


def test_interleaved_measures_accept_every_login(bench, idp):
    # consume() and the reference pipeline raise on a refusal: each list is full only
    # if every login was accepted by both.
    timings = bench.valid_logins(idp, 3)
    assert set(timings) == {"floor", "consume", "reference"}
    assert all(len(wall) == len(cpu) == 3 for wall, cpu in timings.values())
