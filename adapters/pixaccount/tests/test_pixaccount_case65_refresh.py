"""saml.md §9 case 65: expired access token → one refresh, then re-login; never a loop."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from pixcore_pixaccount import PixAccountError, PixApiPasswordBackend, ensure_fresh
from pixcore_pixaccount.testing import FakeClock, FakePixApi

from .conftest import EMAIL, PASSWORD, USER_ID


def test_case_65_valid_session_is_not_refreshed(
    backend: PixApiPasswordBackend, pix_api: FakePixApi, clock: FakeClock
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    clock.advance(timedelta(minutes=18))
    assert ensure_fresh(backend, session, now=clock()) is session
    assert len(pix_api.requests) == 1


def test_case_65_expired_access_token_is_refreshed_once(
    backend: PixApiPasswordBackend, pix_api: FakePixApi, clock: FakeClock
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    assert session.expires_at == clock() + timedelta(minutes=20)
    clock.advance(timedelta(minutes=21))
    fresh = ensure_fresh(backend, session, now=clock())
    assert fresh.access_token != session.access_token
    assert fresh.refresh_token == session.refresh_token
    assert fresh.user_id == str(USER_ID)
    assert fresh.expires_at == clock() + timedelta(minutes=20)
    assert len(pix_api.requests_to("/api/token")) == 2


def test_case_65_revoked_refresh_token_requires_relogin_without_loop(
    backend: PixApiPasswordBackend, pix_api: FakePixApi, clock: FakeClock
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    backend.logout(session)
    assert pix_api.refresh_tokens == {}
    clock.advance(timedelta(minutes=21))
    with pytest.raises(PixAccountError) as info:
        ensure_fresh(backend, session, now=clock())
    assert info.value.code == "RELOGIN_REQUIRED"
    assert len(pix_api.requests_to("/api/token")) == 2
    assert backend.login(EMAIL, PASSWORD).identity.subject == str(USER_ID)


def test_case_65_unknown_refresh_token_requires_relogin(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    forged = dataclasses.replace(session, refresh_token=f"{USER_ID}:not-a-real-token")
    with pytest.raises(PixAccountError) as info:
        backend.refresh(forged)
    assert info.value.code == "RELOGIN_REQUIRED"
    assert info.value.message == "Votre session Pix a expiré : reconnectez-vous."


def test_case_65_refresh_token_past_seven_days_requires_relogin(
    backend: PixApiPasswordBackend, clock: FakeClock
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    clock.advance(timedelta(days=7, seconds=1))
    with pytest.raises(PixAccountError, match="reconnectez-vous"):
        ensure_fresh(backend, session, now=clock())


def test_case_65_session_without_refresh_token_never_calls_pix(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    session = dataclasses.replace(backend.login(EMAIL, PASSWORD).session, refresh_token=None)
    with pytest.raises(PixAccountError, match="reconnectez-vous"):
        backend.refresh(session)
    backend.logout(session)
    assert len(pix_api.requests) == 1


def test_tokens_never_appear_in_repr(backend: PixApiPasswordBackend) -> None:
    result = backend.login(EMAIL, PASSWORD)
    text = repr(result)
    assert result.session.access_token not in text
    assert str(result.session.refresh_token) not in text
