"""saml.md §9 cases 59–62 (RelayState, error surface, logs) through the ASGI sub-app."""

from __future__ import annotations

import json
import logging

import pytest
from pixcore_gar.acs import ido_hash
from pixcore_gar.asgi import REQUEST_COOKIE, create_app
from pixcore_gar.testing import student_attributes
from starlette.testclient import TestClient

IDO = "a3f5" * 32
RESOURCE = "https://gar.example.test/ressource/pix"


@pytest.fixture
def client(gar):
    app = create_app(gar.sp, default_redirect="/accueil")
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def _login(client):
    response = client.get("/saml/login")
    assert response.status_code == 302
    return response.cookies[REQUEST_COOKIE]


def _acs(client, saml_response, relay_state=None):
    form = {"SAMLResponse": saml_response}
    if relay_state is not None:
        form["RelayState"] = relay_state
    return client.post("/saml/acs", data=form)


def test_metadata_route(client, gar):
    response = client.get("/saml/metadata.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert gar.idp.sp_entity_id in response.text


def test_login_sets_a_secure_request_cookie(client):
    response = client.get("/saml/login")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(REQUEST_COOKIE)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=none" in cookie


@pytest.mark.parametrize(
    "relay_state",
    ["https://evil.example/", "//evil.example", "javascript:alert(1)", "/\\evil.example"],
)
def test_case_59_foreign_relay_state_never_redirected_to(client, gar, relay_state):
    assert client.get("/saml/login", params={"relay_state": relay_state}).status_code == 400
    rid = _login(client)
    response = _acs(client, gar.idp.response(rid), relay_state)
    assert response.status_code == 303
    assert response.headers["location"] == "/accueil"


def test_case_60_gar_resource_relay_state_kept(client, gar):
    rid = _login(client)
    response = _acs(client, gar.idp.response(rid), RESOURCE)
    assert response.status_code == 303
    assert response.headers["location"] == RESOURCE


def test_acs_hands_the_identity_to_the_host(gar):
    from starlette.responses import PlainTextResponse

    seen = []

    def on_identity(identity, relay):
        seen.append((identity.subject, relay))
        return PlainTextResponse("welcome")

    app = create_app(gar.sp, on_identity=on_identity)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    rid = _login(client)
    assert _acs(client, gar.idp.response(rid), RESOURCE).text == "welcome"
    assert seen == [(IDO, RESOURCE)]


def _failures(gar, rid):
    idp = gar.idp
    return {
        "signature": idp.response(rid, signing_key=idp.keys.attacker),
        "dtd": "PCFET0NUWVBFIHI+PHIvPg==",
        "not_base64": "%%%",
        "multivalued": idp.response(rid, attributes=student_attributes(NOM=["Martin", "Durand"])),
        "unsolicited": idp.response(None),
        "audience": idp.response(rid, audience=None),
        "issuer": idp.response(rid, issuer="https://evil.example/<script>"),
    }


def test_case_61_replies_never_contain_exception_text_xml_ido_or_names(client, gar):
    for name, saml_response in _failures(gar, _login(client)).items():
        response = _acs(client, saml_response)
        assert response.status_code == 400, name
        body = response.text
        assert set(json.loads(body)) == {"code", "message"}
        for secret in (IDO, "Martin", "Durand", "Léa", "<", "Traceback", "Signature", "evil"):
            assert secret not in body, (name, secret)


def test_case_61_oversized_post_refused_cleanly(client):
    response = client.post("/saml/acs", data={"SAMLResponse": "A" * 900_000})
    assert response.status_code == 400
    assert json.loads(response.text)["code"] == "SAML_INVALID"


def test_case_62_logs_never_contain_response_names_or_ido(client, gar, caplog):
    caplog.set_level(logging.DEBUG, logger="pixcore_gar")
    rid = _login(client)
    saml_response = gar.idp.response(rid)
    assert _acs(client, saml_response).status_code == 303
    for bad in _failures(gar, _login(client)).values():
        _acs(client, bad)
    text = caplog.text
    assert ido_hash(IDO) in text
    for secret in (IDO, "Martin", "Durand", "Léa", saml_response[:40]):
        assert secret not in text


def test_case_23_host_header_spoofing_does_not_move_the_expected_acs(client, gar):
    spoofed = {"host": "evil.example"}
    rid = _login(client)
    forged = gar.idp.response(rid, destination="https://evil.example/api/saml/assert")
    response = client.post("/saml/acs", data={"SAMLResponse": forged}, headers=spoofed)
    assert response.status_code == 400
    rid = _login(client)
    genuine = gar.idp.response(rid)
    assert client.post("/saml/acs", data={"SAMLResponse": genuine}, headers=spoofed).is_redirect


def test_the_test_idp_posts_to_the_mounted_acs_and_on_identity_may_be_async(gar):
    """Mounted at /api as documented, the test IdP's default ACS URL is the app's route."""
    from urllib.parse import urlsplit

    from pixcore_gar.config import ACS_PATH
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Mount

    seen = []

    async def on_identity(identity, relay):
        seen.append(identity.subject)
        return PlainTextResponse(f"bienvenue {len(seen)}")

    app = Starlette(routes=[Mount("/api", create_app(gar.sp, on_identity=on_identity))])
    client = TestClient(app, base_url="https://pix.example.test", follow_redirects=False)
    rid = client.get("/api/saml/login").cookies[REQUEST_COOKIE]
    acs = urlsplit(gar.idp.acs_url)
    assert acs.path == "/api" + ACS_PATH
    answer = client.post(acs.path, data={"SAMLResponse": gar.idp.response(rid)})
    assert (answer.status_code, answer.text, seen) == (200, "bienvenue 1", [IDO])
