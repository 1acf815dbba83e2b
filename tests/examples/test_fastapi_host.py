"""The example FastAPI host, driven end to end: GAR login, join, answers, finalisation, results.

The GAR login goes through the ASGI app with the test IdP (``pixcore_gar.testing``): the
browser's redirect to GAR, the signed SAML response posted back to the ACS, the host's
login cookie; then the candidate joins and answers, staff finalise and publish, and the
results come back as JSON.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from pixcore_gar.host import create_gar_plugin_manager
from pixcore_gar.sp import GarServiceProvider
from pixcore_gar.stores import InMemoryStore
from pixcore_gar.testing import FakeGarIdP

import pixcore
from pixcore.testing.machine import FakeClock

ROOT = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2026, 3, 12, 8, 0, tzinfo=dt.UTC)
STAFF = {"Authorization": "Bearer staff-secret"}
PLACEMENT = {"1.1": 20, "2.1": 30, "3.1": 18, "4.1": 12, "5.1": 25}
LEA = {"last_name": "Dubois", "first_name": "Léa", "sex": "F", "birth_date": "2011-03-14",
       "birth_country": "FRANCE", "birth_insee_code": "75056", "division": "3e A"}  # fmt: skip


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fastapi_host_app", ROOT / "examples" / "fastapi_host" / "app.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and FastAPI resolve names through it
    spec.loader.exec_module(module)
    return module


class Placement:
    """The host's profiles plugin: placement pix per competence, from the Pix account."""

    @pixcore.hookimpl
    def pixcore_resolve_profile(self, session_number: int, user: str) -> pixcore.CompetenceProfile:
        return pixcore.CompetenceProfile(pix=PLACEMENT)


@pytest.fixture
def client() -> TestClient:
    idp = FakeGarIdP()
    clock = FakeClock(T0)
    pm = pixcore.create_plugin_manager(
        autoload=False, plugins=[pixcore.MemoryStorePlugin(), clock, Placement()]
    )
    service = pixcore.SessionService(pixcore.PluginHost(pm))
    # --8<-- [start:gar-sp]
    sp = GarServiceProvider(idp.sp_config(), create_gar_plugin_manager(InMemoryStore()))
    # --8<-- [end:gar-sp]
    app = load_example().create_app(service=service, gar=sp, staff_token="staff-secret")
    client = TestClient(app, base_url="https://pix.example.test", follow_redirects=False)
    client.idp = idp  # type: ignore[attr-defined]
    return client


# --8<-- [start:gar-login]
def gar_login(client: TestClient) -> None:
    """A GAR login in a test: the test IdP signs a response for the SP's request."""
    idp: FakeGarIdP = client.idp  # type: ignore[attr-defined]
    to_gar = client.get("/api/saml/login")
    assert to_gar.status_code == 302 and to_gar.headers["location"].startswith(idp.sso_url)
    request_id = next(iter(client.cookies.values()))
    acs = urlsplit(idp.acs_url).path
    back = client.post(acs, data={"SAMLResponse": idp.response(request_id)})
    assert back.status_code == 303, back.text
    assert "pixcore_example_login" in back.cookies


# --8<-- [end:gar-login]


def prepare(client: TestClient) -> str:
    form = {"site": "Collège", "room": "Salle 2", "date": "2026-03-12", "time": "09:00",
            "invigilator": "Mme Martin"}  # fmt: skip
    created = client.post("/sessions/12345", json=form, headers=STAFF)
    assert created.status_code == 201, created.text
    enrolled = client.post("/sessions/12345/candidates", json=LEA, headers=STAFF)
    assert enrolled.status_code == 201, enrolled.text
    assert client.post("/sessions/12345/start", headers=STAFF).status_code == 200
    return str(created.json()["access_code"])


def test_a_whole_session_through_the_example_host(client: TestClient) -> None:
    code = prepare(client)
    gar_login(client)
    typed = {"access_code": code, "first_name": "lea", "last_name": "DUBOIS",
             "birth_date": "2011-03-14"}  # fmt: skip
    joined = client.post("/sessions/12345/join", json=typed)
    assert joined.status_code == 200, joined.text
    body = joined.json()
    assert (body["question_count"], body["next_question"], body["resumed"]) == (15, 1, False)
    competences = sorted(PLACEMENT)
    for number in range(1, 16):
        status = "ko" if number in (4, 11) else "ok"
        answered = client.post("/me/answers", json={"status": status,
                                                    "competence": competences[(number - 1) // 3]})  # fmt: skip
        assert answered.status_code == 200, answered.text
    assert answered.json() == {"answered": 15, "finished": True}
    certification = body["certification_number"]
    url = f"/sessions/12345/end-screens/{certification}"
    assert client.post(url, headers=STAFF).status_code == 200
    scan = client.post("/sessions/12345/attachments/pv_session", content=b"%PDF-1.4 PV",
                       headers=STAFF)  # fmt: skip
    reference = scan.json()["reference"]
    final = {"pv_scan": reference, "has_incident": False, "has_joining_issue": False}
    finalised = client.post("/sessions/12345/finalise", json=final, headers=STAFF)
    assert finalised.json() == {"not_publishable_because": []}, finalised.text
    assert client.post("/sessions/12345/publish", headers=STAFF).json() == {"published": True}
    (result,) = client.get("/sessions/12345/results", headers=STAFF).json()
    assert result["certification_number"] == certification
    assert result["status"] == "validated"
    assert result["pix"] == sum(result["competence_pix"].values()) > 0
    assert set(result["competence_levels"]) == set(PLACEMENT)


def test_refusals_are_coded_json_and_endpoints_are_guarded(client: TestClient) -> None:
    code = prepare(client)
    assert client.post("/sessions/12345/join", json={}).status_code == 401  # not logged in
    assert client.get("/sessions/12345/results").status_code == 401  # not staff
    gar_login(client)
    typed = {"access_code": code, "first_name": "Léa", "last_name": "Dubois",
             "birth_date": "2011-03-15"}  # fmt: skip
    refused = client.post("/sessions/12345/join", json=typed)
    assert refused.status_code in (404, 422)
    problem = refused.json()
    assert problem["code"] == "CANDIDATE_NOT_FOUND" and problem["message"]
    assert "Dubois" not in refused.text and "2011" not in refused.text
    again = client.post("/sessions/12345", json={"site": "S", "room": "R", "date": "2026-03-12",
                        "time": "09:00", "invigilator": "I"}, headers=STAFF)  # fmt: skip
    assert again.status_code in (409, 422) and again.json()["code"] == "SESSION_ALREADY_CREATED"
    bad = client.post("/sessions/12345/finalise", headers=STAFF,
                      json={"pv_scan": "memory:nothing", "has_incident": False,
                            "has_joining_issue": False})  # fmt: skip
    assert bad.json()["code"] == "ATTACHMENT_UNKNOWN"
