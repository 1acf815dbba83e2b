"""Per-username rate limit in the host process: protects the user's real Pix lock-out."""

from __future__ import annotations

import tracemalloc
from datetime import timedelta

import pytest
from pixcore_pixaccount import AttemptLimiter, PixAccountError, PixApiConfig, PixApiPasswordBackend
from pixcore_pixaccount.ratelimit import DEFAULT_MAX_USERNAMES
from pixcore_pixaccount.testing import FakeClock, FakePixApi

from .conftest import EMAIL, PASSWORD, TLS


@pytest.fixture
def limited(pix_url: str, clock: FakeClock) -> PixApiPasswordBackend:
    limiter = AttemptLimiter(max_attempts=3, window=timedelta(minutes=1), clock=clock)
    return PixApiPasswordBackend(
        PixApiConfig(pix_url), clock=clock, limiter=limiter, ssl_context=TLS
    )


def attempt(backend: PixApiPasswordBackend, username: str, password: str = "wrong") -> str:
    with pytest.raises(PixAccountError) as info:
        backend.login(username, password)
    return info.value.code


def test_attempts_beyond_the_limit_never_reach_pix(
    limited: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    assert [attempt(limited, EMAIL) for _ in range(3)] == ["MISSING_OR_INVALID_CREDENTIALS"] * 3
    with pytest.raises(PixAccountError) as info:
        limited.login(EMAIL, PASSWORD)
    assert info.value.code == "RATE_LIMITED"
    assert info.value.meta["retry_after_seconds"] == 60
    assert "60 secondes" in info.value.message
    assert len(pix_api.requests) == 3


def test_the_key_ignores_case_and_spaces(limited: PixApiPasswordBackend) -> None:
    for login in (EMAIL, EMAIL.upper(), f"  {EMAIL} "):
        attempt(limited, login)
    assert attempt(limited, EMAIL) == "RATE_LIMITED"


def test_other_usernames_are_not_affected(limited: PixApiPasswordBackend) -> None:
    for _ in range(3):
        attempt(limited, EMAIL)
    assert limited.login("annie.male0101", PASSWORD).identity.subject == "4242"


def test_the_window_slides(limited: PixApiPasswordBackend, clock: FakeClock) -> None:
    attempt(limited, EMAIL)
    clock.advance(timedelta(seconds=30))
    attempt(limited, EMAIL)
    attempt(limited, EMAIL)
    assert attempt(limited, EMAIL) == "RATE_LIMITED"
    clock.advance(timedelta(seconds=30))
    assert attempt(limited, EMAIL) == "MISSING_OR_INVALID_CREDENTIALS"


def test_success_clears_the_history(limited: PixApiPasswordBackend) -> None:
    attempt(limited, EMAIL)
    attempt(limited, EMAIL)
    limited.login(EMAIL, PASSWORD)
    assert [attempt(limited, EMAIL) for _ in range(3)] == ["MISSING_OR_INVALID_CREDENTIALS"] * 3


def test_default_limit_stops_before_pix_first_block(pix_url: str, clock: FakeClock) -> None:
    backend = PixApiPasswordBackend(PixApiConfig(pix_url), clock=clock, ssl_context=TLS)
    codes = [attempt(backend, EMAIL) for _ in range(10)]
    assert codes.count("MISSING_OR_INVALID_CREDENTIALS") == 5
    assert codes[5:] == ["RATE_LIMITED"] * 5


@pytest.mark.parametrize(("max_attempts", "window"), [(0, timedelta(minutes=1)), (3, timedelta(0))])
def test_invalid_settings(max_attempts: int, window: timedelta) -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        AttemptLimiter(max_attempts=max_attempts, window=window)


def test_invalid_size() -> None:
    with pytest.raises(ValueError, match="max_usernames"):
        AttemptLimiter(max_usernames=0)


def test_the_map_stays_bounded_under_many_distinct_usernames(clock: FakeClock) -> None:
    limiter = AttemptLimiter(max_attempts=1, max_usernames=1000, clock=clock)
    sizes = []
    for n in range(20_000):
        limiter.acquire(f"user{n}@example.net")
        if n % 500 == 0:
            sizes.append(len(limiter))
    assert max(sizes) <= 1000
    assert len(limiter) == 1000
    with pytest.raises(PixAccountError):  # the most recent usernames are remembered
        limiter.acquire("user19000@example.net")
    limiter.acquire("user18999@example.net")  # older ones were forgotten


def test_stale_usernames_are_forgotten_before_live_ones(clock: FakeClock) -> None:
    limiter = AttemptLimiter(max_attempts=1, max_usernames=3, clock=clock)
    limiter.acquire("old-1")
    limiter.acquire("old-2")
    clock.advance(timedelta(seconds=59))
    limiter.acquire("live")
    clock.advance(timedelta(seconds=1))
    limiter.acquire("new")
    assert len(limiter) == 2
    with pytest.raises(PixAccountError):
        limiter.acquire("live")


def test_the_default_size_bounds_memory(clock: FakeClock) -> None:
    """Three times the default number of usernames: the map and its memory stay bounded."""
    limiter = AttemptLimiter(clock=clock)
    assert limiter.max_usernames == DEFAULT_MAX_USERNAMES
    tracemalloc.start()
    try:
        for n in range(3 * DEFAULT_MAX_USERNAMES):
            limiter.acquire(f"user{n}@example.net")
        current = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(limiter) == DEFAULT_MAX_USERNAMES
    assert current < 8 << 20, f"{current / 2**20:.1f} MiB"  # unbounded: 28 MiB
