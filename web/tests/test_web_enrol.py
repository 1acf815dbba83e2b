"""Enrolling one candidate by hand on the referent's session page.

The form is read by the library as a line of the import is (``parse_candidate``), then
``EnrolCandidate``: every refusal in French with its code, every field's error at once,
what was typed kept; CSRF-checked; the referent's only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pixcore_web.security import invigilator_secret
from pixcore_web.serve import Host
from starlette.testclient import TestClient
from test_web_finalise import PDF, _started
from test_web_security import NewClient, new_session, pupil
from web_support import SECRET_KEY, csrf

NOAH = {
    "last_name": "Petit", "first_name": "Noah", "birth_date": "2011-08-08", "sex": "M",
    "birth_country": "France", "birth_insee_code": "", "birth_postal_code": "74000",
    "birth_city": "Annecy", "extra_time": "33", "email": "noah.petit@exemple.fr",
    "external_id": "INE004", "division": "3e A",
}  # fmt: skip


def _enrol(client: TestClient, number: int, token: str, **fields: str) -> Any:
    return client.post(f"/referent/sessions/{number}/inscrire",
                       data={"csrf": token, **NOAH, **fields})  # fmt: skip


def test_a_candidate_is_enrolled_by_hand(client: TestClient, host: Host) -> None:
    number, _code, token = new_session(client)
    page = client.get(f"/referent/sessions/{number}").text
    assert f'action="/referent/sessions/{number}/inscrire"' in page
    reply = _enrol(client, number, token, birth_date="08/08/2011")  # jj/mm/aaaa also read
    assert reply.status_code == 200
    assert "Candidat inscrit : Noah PETIT." in reply.text
    assert "Candidats (4)" in reply.text
    enrolled = host.service.load(number).candidates
    noah = next(c for c in enrolled.values() if c.first_name == "Noah")
    assert noah.birth_date == dt.date(2011, 8, 8) and noah.sex == "M"
    place = noah.birth_place
    assert (place.postal_code, place.city, place.current_insee_code) == ("74000", "Annecy", "74010")
    assert noah.extra_time is not None and str(noah.extra_time.percent) == "33"
    assert (noah.email, noah.external_id, noah.division) == (
        "noah.petit@exemple.fr",
        "INE004",
        "3e A",
    )
    # Born abroad: the country and the city; blank optional fields stay absent.
    reply = _enrol(client, number, token, first_name="Sofia", last_name="García",
                   birth_country="Espagne", birth_postal_code="", birth_city="Madrid",
                   extra_time="", email="", external_id="", division="")  # fmt: skip
    assert "Candidat inscrit : Sofia GARCÍA." in reply.text
    sofia = next(c for c in host.service.load(number).candidates.values()
                 if c.first_name == "Sofia")  # fmt: skip
    assert sofia.birth_place.country_code == "99134" and sofia.extra_time is None
    assert sofia.email is None and sofia.division is None


def test_every_field_error_is_shown_at_once_and_the_typing_kept(
    client: TestClient, host: Host
) -> None:
    number, _code, token = new_session(client)
    reply = _enrol(client, number, token, first_name="", birth_date="31/02/2011", sex="",
                   birth_city="Lyon", extra_time="0,5", email="pas-une-adresse")  # fmt: skip
    assert reply.status_code == 400
    page = reply.text
    for code in ("CANDIDATE_DATA_INVALID", "CANDIDATE_FIRST_NAME_REQUIRED",
                 "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID", "CANDIDATE_SEX_REQUIRED",
                 "CANDIDATE_BIRTH_POSTAL_CODE_CITY_NOT_VALID",
                 "CANDIDATE_EXTRA_TIME_OUT_OF_RANGE", "CANDIDATE_EMAIL_NOT_VALID"):  # fmt: skip
        assert code in page, code
    assert "format attendu : JJ/MM/AAAA" in page
    # Each error also beside its field, named in French in the list.
    assert 'id="enrol-first_name-error"' in page and 'aria-invalid="true"' in page
    assert 'id="enrol-birth_place-error"' in page and 'id="enrol-sex-error"' in page
    assert "Lieu de naissance</span> :" in page and "Prénom</span> :" in page
    # What was typed is kept (the date as AAAA-MM-JJ for the date input).
    for kept in ('value="Petit"', 'value="74000"', 'value="Lyon"', 'value="0,5"',
                 'value="pas-une-adresse"', 'value="INE004"', 'value="2011-02-31"'):  # fmt: skip
        assert kept in page, kept
    assert len(host.service.load(number).candidates) == 3  # nothing enrolled
    # A sex typed is kept checked.
    page = _enrol(client, number, token, birth_insee_code="99999", birth_postal_code="",
                  birth_city="").text  # fmt: skip
    assert "CANDIDATE_BIRTH_INSEE_CODE_NOT_VALID" in page
    assert 'value="M" checked' in page and 'value="99999"' in page


def test_the_sessions_refusals_are_shown(
    client: TestClient, new_client: NewClient, host: Host
) -> None:
    number, _code, token = new_session(client)
    # Léa is already on the list: the session refuses her twice.
    reply = _enrol(client, number, token, last_name="DUBOIS", first_name="lea",
                   birth_date="2011-03-14", sex="F")  # fmt: skip
    assert reply.status_code == 400
    assert "DUPLICATE_CANDIDATE" in reply.text
    assert 'value="DUBOIS"' in reply.text
    assert len(host.service.load(number).candidates) == 3
    # After finalisation nobody is enrolled any more.
    finalised, certification, token = _started(client, new_client, host)
    page = client.get(f"/referent/sessions/{finalised}/finaliser").text
    reply = client.post(f"/referent/sessions/{finalised}/finaliser",
                        data={"csrf": csrf(page), f"abort_{certification}": "candidate",
                              "has_incident": "non", "has_joining_issue": "non"},
                        files={"pv": ("pv.pdf", PDF, "application/pdf")})  # fmt: skip
    assert "Session finalisée." in reply.text
    assert f'action="/referent/sessions/{finalised}/inscrire"' not in reply.text
    reply = _enrol(client, finalised, token)
    assert "CERTIFICATION_CANDIDATE_ON_FINALIZED_SESSION" in reply.text
    assert len(host.service.load(finalised).candidates) == 3


def test_enrolment_needs_the_token_and_the_referent(
    client: TestClient, new_client: NewClient, host: Host
) -> None:
    number, _code, _token = new_session(client)
    reply = client.post(f"/referent/sessions/{number}/inscrire", data=NOAH)
    assert reply.status_code == 403 and "WEB_CSRF_INVALID" in reply.text
    assert 'value="Noah"' not in reply.text  # nothing echoed from a forged form
    lea = new_client()
    token = pupil(lea)
    reply = lea.post(f"/referent/sessions/{number}/inscrire", data={"csrf": token, **NOAH})
    assert reply.status_code == 403 and "WEB_FORBIDDEN" in reply.text
    invigilator = new_client()
    page = invigilator.get("/surveillant")
    invigilator.post("/surveillant", data={"csrf": csrf(page.text), "session_number": str(number),
                     "code": invigilator_secret(SECRET_KEY, number)})  # fmt: skip
    token = csrf(invigilator.get("/surveillant/salle").text)
    reply = invigilator.post(f"/referent/sessions/{number}/inscrire",
                             data={"csrf": token, **NOAH})  # fmt: skip
    assert reply.status_code == 403 and "WEB_FORBIDDEN" in reply.text
    assert len(host.service.load(number).candidates) == 3
