"""Downloads: the referent's PV de session; a pupil's attestation, her own and published only."""

from __future__ import annotations

from collections.abc import Callable

from starlette.testclient import TestClient
from test_web_security import join, new_session, pupil

NewClient = Callable[[], TestClient]


def test_the_referent_downloads_the_pv_de_session(
    client: TestClient, new_client: NewClient
) -> None:
    number, _code, _token = new_session(client)
    reply = client.get(f"/referent/sessions/{number}/pv-de-session.pdf")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF-")
    assert reply.headers["content-security-policy"]  # downloads carry the headers too
    other = new_client()
    pupil(other)
    assert other.get(f"/referent/sessions/{number}/pv-de-session.pdf").status_code == 403


def test_an_attestation_is_refused_before_publication_and_to_other_pupils(
    client: TestClient, new_client: NewClient
) -> None:
    number, code, _token = new_session(client)
    lea = new_client()
    join(lea, pupil(lea), number, code)
    certification = number * 1000 + 1
    path = f"/candidat/attestation/{number}/{certification}.pdf"
    reply = lea.get(path)
    assert reply.status_code == 400
    assert "DOCUMENT_RESULTS_NOT_PUBLISHED" in reply.text
    lucas = new_client()
    pupil(lucas, "lucas.martin")
    assert lucas.get(path).status_code == 403  # not his certification
    assert client.get(path).status_code == 403  # staff: not a pupil's download
