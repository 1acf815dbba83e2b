"""GAR login of candidates: the adapter's ASGI app, the dev IdP page, the one-time ticket."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pixcore_gar.asgi import REQUEST_COOKIE
from pixcore_web.app import create_app
from pixcore_web.dev_gar import request_id_of
from pixcore_web.errors import WebError
from pixcore_web.gar import HANDOFF_COOKIE
from pixcore_web.serve import Host
from starlette.testclient import TestClient
from web_support import config, csrf

SAML = re.compile(r'name="SAMLResponse" value="([^"]+)"')


def _to_acs(client: TestClient, pupil: str = "lucas.martin") -> tuple[str, str]:
    """Start a login, choose ``pupil`` on the dev IdP: (request cookie, SAMLResponse)."""
    start = client.get("/api/saml/login", follow_redirects=False)
    assert start.status_code == 302
    location = start.headers["location"]
    assert location.startswith("/dev/gar/sso?SAMLRequest=")
    request_cookie = start.cookies[REQUEST_COOKIE]
    idp = client.get(location)
    assert idp.status_code == 200 and "Lucas Martin" in idp.text
    posted = client.post("/dev/gar/sso", data={
        "csrf": csrf(idp.text), "request_id": re.search(r'name="request_id" value="([^"]+)"',
                                                        idp.text).group(1),  # type: ignore[union-attr]
        "pupil": pupil,
    })  # fmt: skip
    assert posted.status_code == 200
    found = SAML.search(posted.text)
    assert found
    return request_cookie, found.group(1)


def test_gar_login_opens_a_candidate_session(client: TestClient) -> None:
    assert 'href="/api/saml/login"' in client.get("/candidat").text
    request_cookie, saml = _to_acs(client)
    # Loopback HTTP: the test client keeps the Secure request cookie to itself; a browser
    # sends it (secure context), so the test sends it as the browser would.
    client.cookies.set(REQUEST_COOKIE, request_cookie)
    acs = client.post("/api/saml/acs", data={"SAMLResponse": saml}, follow_redirects=False)
    assert acs.status_code == 303 and acs.headers["location"] == "/candidat/gar"
    ticket = acs.cookies[HANDOFF_COOKIE]
    assert "HttpOnly" in acs.headers["set-cookie"] or any(
        "HttpOnly" in v for v in acs.headers.get_list("set-cookie")
    )
    client.cookies.delete(REQUEST_COOKIE)
    client.cookies.set(HANDOFF_COOKIE, ticket)
    done = client.get("/candidat/gar", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/candidat/rejoindre"
    client.cookies.delete(HANDOFF_COOKIE)
    assert client.get("/candidat/rejoindre").status_code == 200
    # The ticket served once: replaying it (another browser that stole it) is refused.
    client.cookies.set(HANDOFF_COOKIE, ticket)
    again = client.get("/candidat/gar", follow_redirects=False)
    assert again.status_code == 400 and "WEB_GAR_LOGIN_EXPIRED" in again.text


def test_gar_response_without_the_browsers_request_is_refused(
    client: TestClient, new_client: object
) -> None:
    _request_cookie, saml = _to_acs(client)
    other: TestClient = new_client()  # type: ignore[operator]
    reply = other.post("/api/saml/acs", data={"SAMLResponse": saml}, follow_redirects=False)
    assert reply.status_code == 400
    assert HANDOFF_COOKIE not in reply.cookies
    assert other.get("/candidat/rejoindre", follow_redirects=False).status_code in (303, 403)


def test_gar_ticket_route_without_a_ticket_is_refused(client: TestClient) -> None:
    reply = client.get("/candidat/gar", follow_redirects=False)
    assert reply.status_code == 400 and "WEB_GAR_LOGIN_EXPIRED" in reply.text


@pytest.mark.parametrize("value", ["", "%%%", "A" * 9000, "eJzLSM3JyVcozy/KSQEAGgQEXQ=="])
def test_dev_idp_refuses_unreadable_requests(value: str) -> None:
    with pytest.raises(WebError) as caught:
        request_id_of(value)
    assert caught.value.code == "WEB_GAR_REQUEST_INVALID"


def test_dev_idp_page_refuses_an_unknown_pupil(client: TestClient) -> None:
    start = client.get("/api/saml/login", follow_redirects=False)
    idp = client.get(start.headers["location"])
    reply = client.post("/dev/gar/sso", data={
        "csrf": csrf(idp.text), "request_id": "_x", "pupil": "intrus",
    })  # fmt: skip
    assert reply.status_code == 400 and "SAMLResponse" not in reply.text


def test_dev_idp_refuses_a_request_with_a_dtd() -> None:
    import base64
    import zlib

    xml = b'<!DOCTYPE a [<!ENTITY e "x">]><a ID="&e;"/>'
    raw = zlib.compressobj(wbits=-15)
    value = base64.b64encode(raw.compress(xml) + raw.flush()).decode()
    with pytest.raises(WebError):
        request_id_of(value)


def test_without_gar_nothing_of_it_is_served(host: Host) -> None:
    """A host built without GAR (``gar=None``) serves no ACS, no dev IdP and no GAR link."""
    bare = create_app(host.service, config(), host.hub, pix_login=None)
    with TestClient(bare, base_url="http://127.0.0.1") as client:
        assert "/api/saml/login" not in client.get("/candidat").text
        for path in ("/api/saml/login", "/dev/gar/sso", "/candidat/gar"):
            reply = client.get(path, follow_redirects=False)
            assert reply.status_code == 400 and "WEB_NOT_FOUND" in reply.text, path


def test_the_ticket_cookie_is_secure_off_loopback() -> None:
    from pixcore_web.dev_gar import dev_gar_login

    from pixcore.models.identity import VerifiedIdentity

    login = dev_gar_login(secure_cookies=True)
    response = login.on_identity(VerifiedIdentity(provider="GAR", subject="x" * 8), None)
    cookie = response.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "Path=/candidat/gar" in cookie


def test_production_gar_settings_come_from_a_json_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pixcore_gar.testing import FakeGarIdP
    from pixcore_web.errors import DevModeError
    from pixcore_web.serve import production_gar

    from pixcore.errors import PixcoreError

    monkeypatch.delenv("PIXCORE_WEB_GAR_CONFIG", raising=False)
    assert production_gar(secure=True) is None
    settings = FakeGarIdP().sp_config()
    values = settings.model_dump(mode="json", exclude={"sp_private_key"})
    values["sp_private_key"] = settings.sp_private_key.get_secret_value()
    path = tmp_path / "gar.json"
    path.write_text(json.dumps(values))
    monkeypatch.setenv("PIXCORE_WEB_GAR_CONFIG", str(path))
    login = production_gar(secure=True)
    assert login is not None and login.secure and login.sp.config.acs_url == settings.acs_url
    for content in ("pas du json", "[1, 2]", "x" * (1 << 21)):
        path.write_text(content)
        with pytest.raises(DevModeError) as caught:
            production_gar(secure=True)
        assert caught.value.code == "WEB_GAR_CONFIG_UNREADABLE"
    path.write_text(json.dumps({**values, "acs_url": "http://ecole/acs"}))
    with pytest.raises(PixcoreError) as refused:
        production_gar(secure=True)
    assert refused.value.code == "GAR_CONFIG_INSECURE"  # plain HTTP: the adapter refuses
