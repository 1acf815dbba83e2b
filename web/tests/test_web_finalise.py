"""Finalisation: reports transcribed from the PV, one PV d'incident per fraud report."""

from __future__ import annotations

import re

import pytest
from pixcore_web.serve import Host
from starlette.testclient import TestClient
from test_web_security import NewClient, join, new_session, pupil
from web_support import csrf

PDF = b"%PDF-1.4\n%%EOF\n"
RESULTS = "/candidat/resultat"


def _started(client: TestClient, new_client: NewClient, host: Host) -> tuple[int, int, str]:
    """A session where Léa started; (session number, her certification number, token)."""
    number, code, token = new_session(client)
    lea = new_client()
    join(lea, pupil(lea), number, code)
    (certification,) = host.service.load(number).certifications
    return number, certification, token


def _transcribe(client: TestClient, number: int, token: str, **fields: str) -> object:
    return client.post(f"/referent/sessions/{number}/signalement", data={"csrf": token, **fields})


def test_a_refused_transcription_keeps_what_was_typed(
    client: TestClient, new_client: NewClient, host: Host
) -> None:
    number, certification, token = _started(client, new_client, host)
    reply = _transcribe(client, number, token, certification_number=str(certification),
                        kind="IN_CHALLENGE:IMAGE_NOT_DISPLAYING", question_number="",
                        description="L'image de la question ne s'affichait pas")  # fmt: skip
    assert reply.status_code in (400, 409, 422), reply.status_code  # type: ignore[attr-defined]
    page = reply.text  # type: ignore[attr-defined]
    assert "L&#39;image de la question ne s&#39;affichait pas</textarea>" in page
    assert '<option value="IN_CHALLENGE:IMAGE_NOT_DISPLAYING" selected>' in page
    assert not host.service.load(number).reports  # nothing filed
    # The live check answers for the referent as for the invigilator (nothing filed).
    check = client.post(f"/referent/sessions/{number}/signalement/verifier", data={
        "csrf": token, "certification_number": str(certification), "kind": "FRAUD:",
    })  # fmt: skip
    assert check.status_code == 200 and "C6" in check.text
    assert not host.service.load(number).reports


def test_each_fraud_report_gets_its_own_pv_dincident(
    client: TestClient, new_client: NewClient, host: Host
) -> None:
    number, certification, token = _started(client, new_client, host)
    for description in ("Téléphone sorti", "Échange de réponses"):
        reply = _transcribe(client, number, token, certification_number=str(certification),
                            kind="FRAUD:", description=description)  # fmt: skip
        assert "Signalement transcrit du PV enregistré." in reply.text  # type: ignore[attr-defined]
    state = host.service.load(number)
    assert [r.report.filed_by for r in state.reports.values()] == ["referent", "referent"]
    first, second = state.reports
    page = client.get(f"/referent/sessions/{number}/finaliser").text
    assert set(re.findall(r'name="incident_pv_([^"]+)"', page)) == {first, second}
    form = {"csrf": csrf(page), "abort_" + str(certification): "candidate",
            "has_incident": "oui", "has_joining_issue": "non"}  # fmt: skip
    files = [("pv", ("pv.pdf", PDF, "application/pdf")),
             (f"incident_pv_{first}", ("pvi-1.pdf", PDF + b"1", "application/pdf"))]  # fmt: skip
    # One PV d'incident for two frauds: the rules refuse, nothing is finalised.
    reply = client.post(f"/referent/sessions/{number}/finaliser", data=form, files=files)
    assert reply.status_code >= 400 and not host.service.load(number).finalised
    files.append((f"incident_pv_{second}", ("pvi-2.pdf", PDF + b"2", "application/pdf")))
    reply = client.post(f"/referent/sessions/{number}/finaliser", data=form, files=files)
    assert "Session finalisée." in reply.text, reply.text
    finalisation = host.service.load(number).finalisation
    assert finalisation is not None
    attached = dict(finalisation.incident_reports)
    assert set(attached) == {first, second} and attached[first] != attached[second]


def test_the_result_lookup_loads_only_the_sessions_the_account_joined(
    client: TestClient, new_client: NewClient, host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    joined, _certification, _token = _started(client, new_client, host)
    others = [new_session(client)[0] for _ in range(3)]  # sessions Léa never joined
    lea = new_client()
    pupil(lea)
    loaded: list[int] = []
    real_load = host.service.load

    def spy(number: int) -> object:
        loaded.append(number)
        return real_load(number)

    monkeypatch.setattr(host.service, "load", spy)
    assert lea.get(RESULTS).status_code == 200
    # The first lookup fills the index from the store once; later ones read only hers.
    loaded.clear()
    assert lea.get(RESULTS).status_code == 200
    assert set(loaded) == {joined} and not set(loaded) & set(others)
    # A join after the index was filled is indexed from its event.
    later, code, _ = new_session(client)
    lucas = new_client()
    token = pupil(lucas, "lucas.martin")
    lucas.post("/candidat/rejoindre", data={
        "csrf": token, "session_number": str(later), "first_name": "Lucas",
        "last_name": "Martin", "birth_date": "2011-02-07", "access_code": code,
    })  # fmt: skip
    loaded.clear()
    assert lucas.get(RESULTS).status_code == 200
    assert set(loaded) == {later}
