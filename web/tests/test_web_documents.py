"""Downloads: the referent's PV de session; a pupil's attestation, her own and published only."""

from __future__ import annotations

import re
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


def test_the_referent_prints_every_document_of_the_session(
    client: TestClient, new_client: NewClient
) -> None:
    from pixcore_web.documents import SESSION_DOCUMENTS

    number, _code, _token = new_session(client)
    page = client.get(f"/referent/sessions/{number}").text
    links = re.findall(rf'href="(/referent/sessions/{number}/documents/[a-z-]+\.pdf)"', page)
    assert len(links) == len(SESSION_DOCUMENTS)
    for link in links:
        reply = client.get(link)
        if "resultats-par-classe" in link:  # before publication: the library's refusal
            assert reply.status_code >= 400 and "DOCUMENT_RESULTS_NOT_PUBLISHED" in reply.text
            continue
        assert reply.status_code == 200, link
        assert reply.content.startswith(b"%PDF-")
    convocations = re.findall(r'href="([^"]+/convocations/[^"]+\.pdf)"', page)
    assert len(convocations) == 3
    reply = client.get(convocations[0])
    assert reply.status_code == 200 and reply.content.startswith(b"%PDF-")
    for unknown in ("documents/inconnu.pdf", "convocations/x.pdf"):
        reply = client.get(f"/referent/sessions/{number}/{unknown}")
        assert reply.status_code == 400 and "WEB_NOT_FOUND" in reply.text
    other = new_client()
    pupil(other)
    assert other.get(links[0]).status_code == 403
    assert other.get(convocations[0]).status_code == 403
