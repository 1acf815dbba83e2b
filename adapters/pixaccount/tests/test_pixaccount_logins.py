"""What is sent as login and password, and how the limiter keys it: the same login.

Decision (docs/decisions.md, "Pix-account adapter"): like Pix's own sign-in form, the
adapter sends the login and the password trimmed (JavaScript ``trim()``), the login's
case as typed; Pix looks the login up lower-cased, and the limiter keys on the login
as sent, lower-cased, so every spelling Pix resolves to one account shares one limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pixcore_pixaccount import AttemptLimiter, PixAccountError, PixApiConfig, PixApiPasswordBackend
from pixcore_pixaccount.credentials import JS_WHITESPACE, MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH
from pixcore_pixaccount.testing import FakeClock, FakePixApi, LoopbackServer

from .conftest import EMAIL, PASSWORD, TLS, USER_ID, USERNAME


def sent(api: FakePixApi) -> dict[str, str]:
    return dict(parse_qsl(api.requests_to("/api/token")[-1].body.decode()))


def limited(url: str, clock: FakeClock, attempts: int = 1) -> PixApiPasswordBackend:
    limiter = AttemptLimiter(max_attempts=attempts, clock=clock)
    return PixApiPasswordBackend(PixApiConfig(url), clock=clock, limiter=limiter, ssl_context=TLS)


def test_login_and_password_are_sent_trimmed_with_case_kept(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    result = backend.login("\ufeff Annie.Male@Example.NET\u00a0\t", f"\u2028{PASSWORD} ")
    assert result.identity.subject == str(USER_ID)
    assert sent(pix_api) == {
        "grant_type": "password",
        "username": "Annie.Male@Example.NET",
        "password": PASSWORD,
    }


def test_a_username_in_another_case_logs_in(backend: PixApiPasswordBackend) -> None:
    assert backend.login(USERNAME.upper(), PASSWORD).identity.subject == str(USER_ID)


def test_only_what_javascript_trims_is_trimmed(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    """U+001C and U+0085 are spaces to Python's ``strip()``, not to JavaScript's ``trim()``."""
    with pytest.raises(PixAccountError):
        backend.login(f"\x1c{EMAIL}\x85", PASSWORD)
    assert sent(pix_api)["username"] == f"\x1c{EMAIL}\x85"


def test_every_spelling_of_one_login_shares_one_limit(
    pix_url: str, pix_api: FakePixApi, clock: FakeClock
) -> None:
    backend = limited(pix_url, clock)
    with pytest.raises(PixAccountError):
        backend.login(f"  {EMAIL.upper()} ", "wrong")
    for spelling in (EMAIL, EMAIL.title(), f"\t{EMAIL}\u3000"):
        with pytest.raises(PixAccountError) as info:
            backend.login(spelling, PASSWORD)
        assert info.value.code == "RATE_LIMITED"
    assert len(pix_api.requests) == 1


def test_a_success_clears_the_limit_of_every_spelling(
    pix_url: str, pix_api: FakePixApi, clock: FakeClock
) -> None:
    backend = limited(pix_url, clock, attempts=2)
    with pytest.raises(PixAccountError):
        backend.login(EMAIL.upper(), "wrong")
    backend.login(f" {EMAIL} ", PASSWORD)
    assert len(backend.limiter) == 0


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("", PASSWORD),
        (JS_WHITESPACE, PASSWORD),
        (EMAIL, ""),
        (EMAIL, " \t\u3000"),
        ("a" * (MAX_LOGIN_LENGTH + 1), PASSWORD),
        (EMAIL, "p" * (MAX_PASSWORD_LENGTH + 1)),
        ("annie\ud800@example.net", PASSWORD),
        (EMAIL, "pass\udfffword"),
        (None, PASSWORD),
        (EMAIL, b"bytes"),
        (["a"], PASSWORD),
    ],
    ids=range(11),
)
def test_unusable_credentials_never_reach_pix_nor_the_limiter(
    backend: PixApiPasswordBackend, pix_api: FakePixApi, username: object, password: object
) -> None:
    with pytest.raises(PixAccountError) as info:
        backend.login(username, password)  # type: ignore[arg-type]
    assert info.value.code == "MISSING_OR_INVALID_CREDENTIALS"
    assert pix_api.requests == []
    assert len(backend.limiter) == 0


@pytest.fixture(scope="module")
def recording() -> Iterator[tuple[FakePixApi, PixApiPasswordBackend]]:
    api = FakePixApi(clock=FakeClock())
    with LoopbackServer(api) as server:
        yield api, PixApiPasswordBackend(PixApiConfig(server.url), ssl_context=TLS)


padding = st.text(alphabet=JS_WHITESPACE, max_size=3)
logins = st.text(min_size=1, max_size=40).filter(lambda text: text.strip(JS_WHITESPACE) != "")


@settings(deadline=None)
@given(core=logins, before=padding, after=padding, other_before=padding, other_after=padding)
def test_the_login_sent_and_the_limiter_key_agree(
    recording: tuple[FakePixApi, PixApiPasswordBackend],
    core: str,
    before: str,
    after: str,
    other_before: str,
    other_after: str,
) -> None:
    """Sent: the trimmed login. Limited: the same login in any case and any padding."""
    api, backend = recording
    login = core.strip(JS_WHITESPACE)
    backend.limiter = AttemptLimiter(max_attempts=1, clock=FakeClock())
    with pytest.raises(PixAccountError) as info:
        backend.login(before + core + after, "wrong")
    assert info.value.code == "MISSING_OR_INVALID_CREDENTIALS"
    assert sent(api)["username"] == login
    count = len(api.requests)
    upper = login.upper()
    same_at_pix = upper if upper.lower() == login.lower() else login.lower()
    with pytest.raises(PixAccountError) as info:
        backend.login(other_before + same_at_pix + other_after, "wrong")
    assert info.value.code == "RATE_LIMITED"
    assert len(api.requests) == count
