"""FakePixApi reproduces saml.md §4.1–§4.3 at the HTTP level (raw requests, no adapter)."""

from __future__ import annotations

import httpx2
import pytest
from pixcore_pixaccount.testing import FakePixApi

from .conftest import EMAIL, PASSWORD, USER_ID, USERNAME


def post(url: str, **kwargs: object) -> httpx2.Response:
    return httpx2.post(url, trust_env=False, **kwargs)  # type: ignore[arg-type]


def test_success_body_and_headers(pix_url: str) -> None:
    response = post(
        f"{pix_url}/api/token",
        data={"grant_type": "password", "username": EMAIL, "password": PASSWORD},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    body = response.json()
    assert set(body) == {"token_type", "access_token", "user_id", "refresh_token", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["user_id"] == USER_ID
    assert body["expires_in"] == 1200
    assert body["refresh_token"].startswith(f"{USER_ID}:")


def test_json_body_is_415(pix_url: str) -> None:
    payload = {"grant_type": "password", "username": EMAIL, "password": PASSWORD}
    assert post(f"{pix_url}/api/token", json=payload).status_code == 415
    assert post(f"{pix_url}/api/revoke", json={"token": "t"}).status_code == 415


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "password", "username": EMAIL, "password": PASSWORD, "client_id": "None"},
        {"grant_type": "password", "username": EMAIL},
        {"grant_type": "password", "username": EMAIL, "password": ""},
        {"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"},
        {"grant_type": "refresh_token", "refresh_token": "t", "scope": "mon-pix"},
    ],
)
def test_unknown_or_missing_keys_are_400(pix_url: str, form: dict[str, str]) -> None:
    response = post(f"{pix_url}/api/token", data=form)
    assert response.status_code == 400
    assert response.json()["errors"][0]["status"] == "400"


def test_optional_scope_is_accepted(pix_url: str) -> None:
    form = {"grant_type": "password", "username": EMAIL, "password": PASSWORD, "scope": "x"}
    assert post(f"{pix_url}/api/token", data=form).status_code == 200


def test_repeated_key_is_400(pix_url: str) -> None:
    body = b"grant_type=password&username=a&username=b&password=c"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert post(f"{pix_url}/api/token", content=body, headers=headers).status_code == 400


def test_jsonapi_error_shape(pix_url: str) -> None:
    form = {"grant_type": "password", "username": EMAIL, "password": "nope"}
    error = post(f"{pix_url}/api/token", data=form).json()["errors"][0]
    assert error == {
        "status": "401",
        "title": "Unauthorized",
        "code": "MISSING_OR_INVALID_CREDENTIALS",
        "detail": "Missing or invalid credentials",
        "meta": {"isLoginFailureWithUsername": False},
    }


def test_revoke_rules(pix_url: str, pix_api: FakePixApi) -> None:
    form = {"grant_type": "password", "username": EMAIL, "password": PASSWORD}
    refresh = post(f"{pix_url}/api/token", data=form).json()["refresh_token"]
    access_hint = {"token": refresh, "token_type_hint": "access_token"}
    assert post(f"{pix_url}/api/revoke", data=access_hint).status_code == 204
    assert refresh in pix_api.refresh_tokens
    bad_hint = {"token": refresh, "token_type_hint": "id_token"}
    assert post(f"{pix_url}/api/revoke", data=bad_hint).status_code == 400
    good = {"token": refresh, "token_type_hint": "refresh_token"}
    assert post(f"{pix_url}/api/revoke", data=good).status_code == 204
    assert refresh not in pix_api.refresh_tokens


def test_refresh_grant_echoes_the_same_refresh_token(pix_url: str) -> None:
    form = {"grant_type": "password", "username": EMAIL, "password": PASSWORD}
    first = post(f"{pix_url}/api/token", data=form).json()
    again = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    second = post(f"{pix_url}/api/token", data=again).json()
    assert second["refresh_token"] == first["refresh_token"]
    assert second["user_id"] == USER_ID


def test_unknown_routes_and_methods_are_404(pix_url: str) -> None:
    assert httpx2.get(f"{pix_url}/api/token", trust_env=False).status_code == 404
    assert post(f"{pix_url}/api/nothing", data={"a": "b"}).status_code == 404


@pytest.mark.parametrize("login", [EMAIL.upper(), USERNAME.upper(), USERNAME.title()])
def test_logins_are_looked_up_lower_cased(pix_url: str, login: str) -> None:
    form = {"grant_type": "password", "username": login, "password": PASSWORD}
    assert post(f"{pix_url}/api/token", data=form).json()["user_id"] == USER_ID


def test_logins_are_not_trimmed_by_the_api(pix_url: str) -> None:
    """Pix's sign-in form trims; the API does not."""
    form = {"grant_type": "password", "username": f" {EMAIL}", "password": PASSWORD}
    assert post(f"{pix_url}/api/token", data=form).status_code == 401


def test_should_change_password_meta_is_a_bare_string(pix_url: str, pix_api: FakePixApi) -> None:
    pix_api.add_user(7, "old-password", email="old@example.net", should_change_password=True)
    form = {"grant_type": "password", "username": "old@example.net", "password": "old-password"}
    response = post(f"{pix_url}/api/token", data=form)
    error = response.json()["errors"][0]
    assert (response.status_code, error["code"]) == (401, "SHOULD_CHANGE_PASSWORD")
    assert isinstance(error["meta"], str) and error["meta"].count(".") == 2


@pytest.mark.parametrize("login", ["nobody", "nobody@example.net"])
def test_unknown_user_is_never_a_failure_with_username(pix_url: str, login: str) -> None:
    form = {"grant_type": "password", "username": login, "password": "x"}
    meta = post(f"{pix_url}/api/token", data=form).json()["errors"][0]["meta"]
    assert meta == {"isLoginFailureWithUsername": False}


def test_known_user_failure_says_how_they_logged_in(pix_url: str) -> None:
    for login, with_username in ((USERNAME.upper(), True), (EMAIL, False)):
        form = {"grant_type": "password", "username": login, "password": "x"}
        meta = post(f"{pix_url}/api/token", data=form).json()["errors"][0]["meta"]
        assert meta["isLoginFailureWithUsername"] is with_username


def test_refresh_token_is_optional_in_the_refresh_grant(pix_url: str) -> None:
    response = post(f"{pix_url}/api/token", data={"grant_type": "refresh_token"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "INVALID_REFRESH_TOKEN"


def test_revoke_without_hint_revokes_the_refresh_token(pix_url: str, pix_api: FakePixApi) -> None:
    form = {"grant_type": "password", "username": EMAIL, "password": PASSWORD}
    refresh = post(f"{pix_url}/api/token", data=form).json()["refresh_token"]
    assert post(f"{pix_url}/api/revoke", data={"token": refresh}).status_code == 204
    assert refresh not in pix_api.refresh_tokens


@pytest.mark.parametrize(
    "form",
    [
        {"token_type_hint": "access_token"},
        {"token_type_hint": "refresh_token"},
        {"token": ""},
        {"token": "t", "x": "y"},
    ],
)
def test_revoke_bad_body_is_a_jsonapi_400(pix_url: str, form: dict[str, str]) -> None:
    response = post(f"{pix_url}/api/revoke", data=form)
    assert response.status_code == 400
    assert "invalid token" in response.json()["errors"][0]["detail"]
