"""One backend serves many users at once: a fresh client per call keeps tokens apart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from pixcore_pixaccount import PixApiPasswordBackend
from pixcore_pixaccount.testing import FakePixApi


def test_concurrent_logins_never_mix_sessions(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    users = {f"user{n}@example.net": 100 + n for n in range(8)}
    for email, user_id in users.items():
        pix_api.add_user(user_id, f"pw-{user_id}", email=email)

    def login(email: str) -> tuple[int, str, str]:
        result = backend.login(email, f"pw-{users[email]}")
        refresh = result.session.refresh_token or ""
        return users[email], result.identity.subject, refresh.split(":")[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(login, [email for email in users for _ in range(4)]))
    assert len(outcomes) == 32
    for expected, subject, refresh_owner in outcomes:
        assert subject == refresh_owner == str(expected)
