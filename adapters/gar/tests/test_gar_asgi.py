"""saml.md §9 cases 59–62 (RelayState, error surface, logs) through the ASGI sub-app."""

from __future__ import annotations

import asyncio
import json
import logging
import threading

import pytest
from pixcore_gar.acs import ido_hash
from pixcore_gar.asgi import REQUEST_COOKIE, create_app
from pixcore_gar.errors import GarAuthError
from pixcore_gar.testing import student_attributes
from starlette.testclient import TestClient

from pixcore.errors import HookResultError, ServiceUnavailableError
from pixcore.host.hookspecs import hookimpl

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


# A malformed form is a coded 400, never a 500.


def _post(client, body, content_type="application/x-www-form-urlencoded", **headers):
    return client.post("/saml/acs", content=body, headers={"content-type": content_type, **headers})


@pytest.mark.parametrize(
    ("body", "content_type", "check"),
    [
        (b"RelayState=x", "application/x-www-form-urlencoded", "form_fields"),
        (b"", "application/x-www-form-urlencoded", "form_fields"),
        (b"SAMLResponse=a&SAMLResponse=b", "application/x-www-form-urlencoded", "form_fields"),
        (b"SAMLResponse=a&Other=b", "application/x-www-form-urlencoded", "form_fields"),
        (b"SAMLResponse=a&a=1&b=2&c=3", "application/x-www-form-urlencoded", "form_encoding"),
        (b'{"SAMLResponse": "PHI+"}', "application/json", "content_type"),
        (b"--b\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b", "content_type"),
        (b"SAMLResponse=PHI+", "text/plain", "content_type"),
        (b"SAMLResponse=PHI+", "", "content_type"),
        (b"SAMLResponse=\xe9\xff", "application/x-www-form-urlencoded", "form_encoding"),
        (b"SAMLResponse=%E9%FF", "application/x-www-form-urlencoded", "form_encoding"),
        (b"SAMLResponse=PHI+&RelayState=%C3", "application/x-www-form-urlencoded", "form_encoding"),
    ],
)
def test_malformed_acs_form_is_a_coded_400(client, monkeypatch, body, content_type, check):
    from pixcore_gar import asgi

    checks = []
    original = asgi._error
    monkeypatch.setattr(asgi, "_error", lambda e: checks.append(e.meta.get("check")) or original(e))
    response = _post(client, body, content_type)
    assert response.status_code == 400
    assert set(json.loads(response.text)) == {"code", "message"}
    assert json.loads(response.text)["code"] == "SAML_INVALID"
    assert checks == [check]


def test_declared_content_length_too_large_refused_before_reading(client):
    response = _post(client, b"SAMLResponse=x", **{"content-length": str(10**9)})
    assert response.status_code == 400
    assert json.loads(response.text)["code"] == "SAML_INVALID"


def test_streamed_body_too_large_refused(gar):
    app = create_app(gar.sp)

    async def scenario():
        messages = [
            {"type": "http.request", "body": b"SAMLResponse=" + b"A" * 65536, "more_body": True}
        ] * 20 + [{"type": "http.request", "body": b"", "more_body": False}]
        sent = []

        async def receive():
            return messages.pop(0)

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http",
            "method": "POST",
            "path": "/saml/acs",
            "raw_path": b"/saml/acs",
            "query_string": b"",
            "root_path": "",
            "scheme": "https",
            "http_version": "1.1",
            "server": ("testserver", 443),
            "client": ("1.2.3.4", 1),
            "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
        }
        await app(scope, receive, send)
        return sent

    sent = asyncio.run(scenario())
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"])["code"] == "SAML_INVALID"


@pytest.mark.parametrize(
    "declared",
    [b"\xb2", "\u0663".encode(), b"9" * 5000, b"-1", b" 5", b"0x10", b"1e3", b""],
    ids=["superscript-2", "arabic-3", "5000-digits", "negative", "space", "hex", "exp", "empty"],
)
def test_an_unreadable_content_length_is_a_coded_400(gar, declared):
    # "²".isdigit() is True and int("²") raises; int() refuses 5,000 digits: both were a 500.
    app = create_app(gar.sp)
    headers = [
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", declared),
    ]

    async def scenario():
        messages = [{"type": "http.request", "body": b"SAMLResponse=AAAA", "more_body": False}]
        sent = []

        async def receive():
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http", "method": "POST", "path": "/saml/acs", "raw_path": b"/saml/acs",
            "query_string": b"", "root_path": "", "scheme": "https", "http_version": "1.1",
            "server": ("testserver", 443), "client": ("1.2.3.4", 1), "headers": headers,
        }  # fmt: skip
        await app(scope, receive, send)
        return sent

    sent = asyncio.run(scenario())
    assert sent[0]["status"] == 400
    assert json.loads(sent[1]["body"]) == {
        "code": "SAML_INVALID",
        "message": GarAuthError("SAML_INVALID").message,
    }


# on_identity: plain or async.


def _session_response(identity, relay):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(f"session for {ido_hash(identity.subject)} {relay}")


class _AsyncHandler:
    async def __call__(self, identity, relay):
        await asyncio.sleep(0)
        return _session_response(identity, relay)


async def _async_handler(identity, relay):
    await asyncio.sleep(0)  # a host awaiting its database
    return _session_response(identity, relay)


def _sync_handler(identity, relay):
    return _session_response(identity, relay)


def _sync_returning_awaitable(identity, relay):
    return _async_handler(identity, relay)


@pytest.mark.parametrize(
    "handler", [_sync_handler, _async_handler, _AsyncHandler(), _sync_returning_awaitable]
)
def test_on_identity_may_be_sync_or_async(gar, handler):
    app = create_app(gar.sp, on_identity=handler)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    rid = _login(client)
    response = _acs(client, gar.idp.response(rid), RESOURCE)
    assert response.status_code == 200
    assert response.text == f"session for {ido_hash(IDO)} {RESOURCE}"
    assert REQUEST_COOKIE in response.headers["set-cookie"]  # deleted on the way out


def test_a_blocking_sync_handler_runs_off_the_event_loop(gar):
    threads = []

    def handler(identity, relay):
        threads.append(threading.get_ident())
        return _session_response(identity, relay)

    async def loop_thread():
        return threading.get_ident()

    app = create_app(gar.sp, on_identity=handler)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        rid = _login(client)
        assert _acs(client, gar.idp.response(rid)).status_code == 200
        event_loop = client.portal.call(loop_thread)
    assert threads and threads[0] != event_loop


# FakeGarIdP's defaults match the app mounted as the README shows.


def test_fake_idp_default_acs_is_the_mounted_acs_route(gar):
    from urllib.parse import urlsplit

    from pixcore_gar.testing import ACS_PATH, FakeGarIdP
    from starlette.applications import Starlette
    from starlette.routing import Mount

    assert urlsplit(FakeGarIdP().acs_url).path == ACS_PATH
    host = Starlette(routes=[Mount("/api", app=create_app(gar.sp, default_redirect="/ok"))])
    client = TestClient(host, base_url="https://pix.example.test", follow_redirects=False)
    login = client.get("/api/saml/login")
    rid = login.cookies[REQUEST_COOKIE]
    response = client.post(ACS_PATH, data={"SAMLResponse": gar.idp.response(rid)})
    assert response.status_code == 303 and response.headers["location"] == "/ok"
    metadata = client.get(urlsplit(gar.idp.sp_entity_id).path)
    assert metadata.status_code == 200 and ACS_PATH in metadata.text


# Failures of the host's stores and hooks: coded, with the right status, never a raw 500.


class _FullStore:
    """A replay and request store that cannot take more (as InMemoryStore when full)."""

    @hookimpl
    def pixcore_gar_store_request(self, request_id, expires_at):
        raise ServiceUnavailableError()

    @hookimpl
    def pixcore_gar_replay_check_and_store(self, key, expires_at):
        raise ServiceUnavailableError()


class _WrongReplayAnswer:
    @hookimpl
    def pixcore_gar_replay_check_and_store(self, key, expires_at):
        return "yes"  # not a bool: a host's bug


def test_a_full_store_is_a_coded_503_at_login_and_at_the_acs(gar):
    client = TestClient(create_app(gar.sp), base_url="https://testserver", follow_redirects=False)
    rid = _login(client)  # the test store still has room
    saml_response = gar.idp.response(rid)
    gar.pm.register(_FullStore())
    expected = {"code": "SERVICE_UNAVAILABLE", "message": ServiceUnavailableError().message}
    # The ACS first: an error response clears the request cookie.
    for response in (_acs(client, saml_response), client.get("/saml/login")):
        assert response.status_code == 503
        assert json.loads(response.text) == expected


def test_a_hook_answering_the_wrong_type_is_a_coded_500(gar):
    client = TestClient(create_app(gar.sp), base_url="https://testserver", follow_redirects=False)
    rid = _login(client)
    gar.pm.register(_WrongReplayAnswer())
    response = _acs(client, gar.idp.response(rid))
    assert response.status_code == 500
    assert json.loads(response.text) == {
        "code": "HOOK_RESULT_INVALID",
        "message": HookResultError(meta={"hook": "pixcore_gar_replay_check_and_store"}).message,
    }
