"""saml.md §9 case 64: exact form bodies, no ``client_id=None`` (authlib quirk, §7.1)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from authlib.integrations.httpx_client import OAuth2Client
from pixcore_pixaccount import PixAccountError, PixApiPasswordBackend
from pixcore_pixaccount.pixreplies import raise_unless_ok
from pixcore_pixaccount.testing import FakePixApi

from .conftest import EMAIL, PASSWORD

FORM = "application/x-www-form-urlencoded;charset=UTF-8"


def test_case_64_password_grant_exact_bytes(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    backend.login(EMAIL, PASSWORD)
    [request] = pix_api.requests_to("/api/token")
    assert (
        request.body
        == b"grant_type=password&username=annie.male%40example.net&password=Pix-s3cret%21"
    )
    assert b"client_id" not in request.body
    assert request.headers["Content-Type"] == FORM
    assert "Authorization" not in request.headers


def test_case_64_special_characters_round_trip(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    password = "p@ss w&rd=é+%"
    pix_api.add_user(9, password, email="zoe@example.net")
    backend.login("zoe@example.net", password)
    [request] = pix_api.requests_to("/api/token")
    expected = urlencode(
        [("grant_type", "password"), ("username", "zoe@example.net"), ("password", password)]
    )
    assert request.body == expected.encode("ascii")


def test_case_64_refresh_and_revoke_exact_bytes(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    session = backend.login(EMAIL, PASSWORD).session
    assert session.refresh_token is not None
    quoted = urlencode({"t": session.refresh_token})[2:]
    backend.refresh(session)
    backend.logout(session)
    refresh_request = pix_api.requests_to("/api/token")[-1]
    [revoke_request] = pix_api.requests_to("/api/revoke")
    assert refresh_request.body == f"grant_type=refresh_token&refresh_token={quoted}".encode()
    assert revoke_request.body == f"token={quoted}&token_type_hint=refresh_token".encode()
    assert revoke_request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")


def test_case_64_authlib_default_none_method_would_send_client_id_none(
    pix_url: str, pix_api: FakePixApi
) -> None:
    """Why the no-op method exists: authlib's ``none`` adds ``client_id=None``; Pix says 400."""
    with OAuth2Client(token_endpoint_auth_method="none", trust_env=False) as client:
        client.register_compliance_hook("access_token_response", raise_unless_ok)
        with pytest.raises(PixAccountError) as info:
            client.fetch_token(
                f"{pix_url}/api/token", grant_type="password", username=EMAIL, password=PASSWORD
            )
    assert info.value.code == "PIX_REQUEST_REJECTED"
    assert pix_api.requests[-1].body.endswith(b"&client_id=None")


def test_empty_credentials_never_reach_pix(
    backend: PixApiPasswordBackend, pix_api: FakePixApi
) -> None:
    for username, password in (("", PASSWORD), ("   ", PASSWORD), (EMAIL, "")):
        with pytest.raises(PixAccountError):
            backend.login(username, password)
    assert pix_api.requests == []
