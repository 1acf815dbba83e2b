"""saml.md §9 case 63: Pix's lock-out sequence, through the adapter, over loopback HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pixcore_pixaccount import PixAccountError, PixApiPasswordBackend
from pixcore_pixaccount.testing import FakeClock, FakePixApi, FakePixUser

from .conftest import EMAIL, PASSWORD, USERNAME


def fail(backend: PixApiPasswordBackend, login: str = EMAIL) -> PixAccountError:
    with pytest.raises(PixAccountError) as info:
        backend.login(login, "wrong password")
    return info.value


def assert_plain_failures(backend: PixApiPasswordBackend, count: int) -> None:
    for _ in range(count):
        error = fail(backend)
        assert error.code == "MISSING_OR_INVALID_CREDENTIALS"
        assert "remaining_attempts" not in error.meta


def assert_temporary_block(error: PixAccountError, duration_ms: int) -> None:
    assert error.code == "USER_IS_TEMPORARY_BLOCKED"
    assert error.meta["blocking_duration_ms"] == duration_ms
    assert error.meta["blocking_minutes"] == duration_ms // 60_000


def assert_block_not_counted(backend: PixApiPasswordBackend, user: FakePixUser, code: str) -> None:
    before = user.failure_count
    for password in ("wrong password", PASSWORD):
        with pytest.raises(PixAccountError) as info:
            backend.login(EMAIL, password)
        assert info.value.code == code
    assert user.failure_count == before


def test_case_63_whole_sequence_1_to_30(
    backend: PixApiPasswordBackend, pix_api: FakePixApi, pix_user: FakePixUser, clock: FakeClock
) -> None:
    assert_plain_failures(backend, 9)
    assert_temporary_block(fail(backend), 120_000)
    assert_block_not_counted(backend, pix_user, "USER_IS_TEMPORARY_BLOCKED")
    clock.advance(timedelta(minutes=2))
    assert_plain_failures(backend, 9)
    assert_temporary_block(fail(backend), 240_000)
    assert_block_not_counted(backend, pix_user, "USER_IS_TEMPORARY_BLOCKED")
    clock.advance(timedelta(minutes=4))
    for remaining in range(9, 0, -1):
        error = fail(backend)
        assert error.code == "MISSING_OR_INVALID_CREDENTIALS"
        assert error.meta["remaining_attempts"] == remaining
    assert fail(backend).code == "USER_IS_BLOCKED"
    assert pix_user.failure_count == 30
    clock.advance(timedelta(days=30))
    assert_block_not_counted(backend, pix_user, "USER_IS_BLOCKED")


def test_case_63_http_statuses_of_the_sequence(
    backend: PixApiPasswordBackend, pix_api: FakePixApi, clock: FakeClock
) -> None:
    for failure in range(1, 31):
        fail(backend)
        if failure in (10, 20):
            clock.advance(timedelta(minutes=4))
    expected = [403 if n in (10, 20, 30) else 401 for n in range(1, 31)]
    assert pix_api.statuses == expected


def test_case_63_temporary_block_ends_after_two_minutes_not_before(
    backend: PixApiPasswordBackend, pix_user: FakePixUser, clock: FakeClock
) -> None:
    assert_plain_failures(backend, 9)
    fail(backend)
    clock.advance(timedelta(minutes=2) - timedelta(seconds=1))
    assert_block_not_counted(backend, pix_user, "USER_IS_TEMPORARY_BLOCKED")
    clock.advance(timedelta(seconds=1))
    assert backend.login(EMAIL, PASSWORD).identity.subject == str(pix_user.user_id)


def test_case_63_success_before_30_resets_the_counter(
    backend: PixApiPasswordBackend, pix_user: FakePixUser, clock: FakeClock
) -> None:
    assert_plain_failures(backend, 9)
    backend.login(EMAIL, PASSWORD)
    assert pix_user.failure_count == 0
    assert_plain_failures(backend, 9)
    assert_temporary_block(fail(backend), 120_000)
    clock.advance(timedelta(minutes=2))
    assert_plain_failures(backend, 5)
    backend.login(USERNAME, PASSWORD)
    assert pix_user.failure_count == 0
    assert pix_user.temporary_blocked_until is None
    assert_plain_failures(backend, 9)
    assert_temporary_block(fail(backend), 120_000)


def test_case_63_the_adapter_never_retries(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    for _ in range(12):
        fail(backend)
    assert len(pix_api.requests_to("/api/token")) == 12


def test_case_63_failure_with_username_is_flagged(backend: PixApiPasswordBackend) -> None:
    assert fail(backend, USERNAME).meta["login_failure_with_username"] is True
    assert fail(backend, EMAIL).meta["login_failure_with_username"] is False


def test_unknown_user_is_a_plain_credentials_error(backend: PixApiPasswordBackend) -> None:
    error = fail(backend, "nobody@example.net")
    assert error.code == "MISSING_OR_INVALID_CREDENTIALS"
    assert error.message.startswith("L'adresse e-mail")


def test_should_change_password_keeps_no_token(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    pix_api.add_user(7, "old-password", email="old@example.net", should_change_password=True)
    with pytest.raises(PixAccountError) as info:
        backend.login("old@example.net", "old-password")
    assert info.value.code == "SHOULD_CHANGE_PASSWORD"
    assert dict(info.value.meta) == {}
