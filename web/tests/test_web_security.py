"""Security of the web host, one test (or more) per point of issue 15.

Signed HttpOnly SameSite cookies (Secure off loopback), CSRF on every form, the strict
CSP and security headers on every response, role separation, attempt limits on the
access code, the invigilator code and the staff codes, upload size and type checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from pixcore_web.app import COOKIE_NAME, create_app
from pixcore_web.security import CONTENT_SECURITY_POLICY, invigilator_secret
from pixcore_web.serve import Host
from starlette.testclient import TestClient
from web_support import CANDIDATES_CSV, JURY_CODE, REFERENT_CODE, SECRET_KEY, config, csrf

NewClient = Callable[[], TestClient]


def staff(client: TestClient, role: str = "referent") -> str:
    """Log ``client`` in as referent or jury; the page's CSRF token."""
    page = client.get("/connexion")
    code = REFERENT_CODE if role == "referent" else JURY_CODE
    reply = client.post("/connexion", data={"csrf": csrf(page.text), "role": role, "code": code})
    assert reply.status_code == 200, reply.text
    return csrf(reply.text)


def new_session(client: TestClient) -> tuple[int, str, str]:
    """Create a session with the three dev candidates; (number, access code, token)."""
    token = staff(client)
    reply = client.post("/referent/sessions", data={
        "csrf": token, "site": "Collège", "room": "Salle 2", "date": "2026-03-12",
        "time": "09:00", "invigilator": "Mme Martin",
    })  # fmt: skip
    number = int(str(reply.url).rsplit("/", 1)[-1])
    reply = client.post(f"/referent/sessions/{number}/import", data={"csrf": token},
                        files={"file": ("c.csv", CANDIDATES_CSV, "text/csv")})  # fmt: skip
    assert "3 candidats importés." in reply.text
    code = re.search(r'id="access-code" class="code">(\w+)<', reply.text)
    assert code
    return number, code.group(1), token


def pupil(client: TestClient, username: str = "lea.dubois") -> str:
    """Log a pupil in with the fake Pix API; the join page's token."""
    page = client.get("/candidat")
    reply = client.post("/candidat", data={"csrf": csrf(page.text), "username": username,
                                           "password": "pixdev-2026"})  # fmt: skip
    assert reply.url.path == "/candidat/rejoindre", reply.text
    return csrf(reply.text)


def join(client: TestClient, token: str, number: int, code: str) -> object:
    """Léa's join form."""
    return client.post("/candidat/rejoindre", data={
        "csrf": token, "session_number": str(number), "first_name": "Léa",
        "last_name": "Dubois", "birth_date": "2011-03-14", "access_code": code,
    })  # fmt: skip


# --------------------------------------------------------------------------- cookies


def test_the_session_cookie_is_signed_httponly_and_samesite_strict(client: TestClient) -> None:
    page = client.get("/connexion")
    reply = client.post("/connexion", data={"csrf": csrf(page.text), "role": "referent",
                                            "code": REFERENT_CODE}, follow_redirects=False)  # fmt: skip
    cookie = reply.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower()
    assert "secure" not in cookie.lower()  # this host runs on loopback HTTP


def test_cookies_are_secure_off_loopback(host: Host) -> None:
    secure = create_app(host.service, config().__class__(
        secret_key=SECRET_KEY, referent_secret=REFERENT_CODE, jury_secret=JURY_CODE,
        secure_cookies=True), host.hub, pix_login=None)  # fmt: skip
    with TestClient(secure, base_url="https://ecole.example") as client:
        page = client.get("/connexion")
        assert "secure" in page.headers["set-cookie"].lower()
        assert page.headers["strict-transport-security"] == "max-age=63072000"


def test_a_tampered_cookie_gives_no_role(client: TestClient, new_client: NewClient) -> None:
    """A role typed into a cookie by hand, or a valid cookie altered, is worth nothing."""
    import base64
    import json

    staff(client)
    valid = client.cookies[COOKIE_NAME]
    payload = base64.b64encode(json.dumps({"role": "referent"}).encode()).decode()
    altered = valid[:-2] + ("AA" if valid[-2:] != "AA" else "BB")
    for forged in (altered, payload + "." + valid.split(".", 1)[1]):
        other = new_client()
        other.cookies.set(COOKIE_NAME, forged)
        reply = other.get("/referent")
        assert reply.status_code == 403
        assert "WEB_FORBIDDEN" in reply.text
    assert client.get("/referent").status_code == 200  # the genuine cookie still works


# ------------------------------------------------------------------------------ CSRF


def test_a_form_without_its_token_is_refused_and_changes_nothing(client: TestClient) -> None:
    token = staff(client)
    reply = client.post("/referent/sessions", data={
        "site": "Collège", "room": "Salle 2", "date": "2026-03-12", "time": "09:00",
        "invigilator": "Mme Martin",
    })  # fmt: skip
    assert reply.status_code == 403
    assert "WEB_CSRF_INVALID" in reply.text
    assert "Aucune session" in client.get("/referent").text
    assert token


def test_a_token_from_another_browser_is_refused(client: TestClient, new_client: NewClient) -> None:
    staff(client)
    other = new_client()
    foreign = staff(other)
    reply = client.post("/referent/sessions", data={
        "csrf": foreign, "site": "Collège", "room": "Salle 2", "date": "2026-03-12",
        "time": "09:00", "invigilator": "Mme Martin",
    })  # fmt: skip
    assert reply.status_code == 403
    assert "WEB_CSRF_INVALID" in reply.text


@pytest.mark.parametrize("path", [
    "/connexion", "/surveillant", "/candidat", "/deconnexion", "/referent/sessions",
    "/referent/sessions/10001/import", "/referent/sessions/10001/retirer",
    "/referent/sessions/10001/finaliser", "/surveillant/salle/debut",
    "/surveillant/salle/fin-vue/10001001", "/surveillant/salle/terminer/10001001",
    "/surveillant/salle/signalement", "/surveillant/salle/signalement/verifier",
    "/candidat/rejoindre", "/candidat/test/repondre",
    "/jury/sessions/10001/action", "/jury/sessions/10001/publier", "/dev/gar/sso",
    "/referent/sessions/10001/signalement", "/referent/sessions/10001/signalement/verifier",
])  # fmt: skip
def test_every_form_needs_the_token(path: str, client: TestClient, host: Host) -> None:
    """Every POST route, whatever the role, refuses a form without the token."""
    posts = {
        r.path_format for r in host.app.routes if "POST" in (getattr(r, "methods", None) or ())
    }
    assert len(posts) == 20  # a new form must be added to this list
    reply = client.post(path, data={"anything": "1"})
    assert reply.status_code == 403, (path, reply.status_code)
    assert "WEB_CSRF_INVALID" in reply.text or "WEB_FORBIDDEN" in reply.text


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "path", ["/", "/connexion", "/static/style.css", "/nulle-part", "/referent"]
)
def test_every_response_has_the_security_headers(path: str, client: TestClient) -> None:
    reply = client.get(path)
    assert reply.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["x-frame-options"] == "DENY"
    assert reply.headers["referrer-policy"] == "no-referrer"
    assert reply.headers["cache-control"] == "no-store"


def test_pages_hold_no_inline_script_or_style(client: TestClient) -> None:
    """The CSP forbids inline code: the templates must not need it."""
    for path in ("/", "/connexion", "/surveillant", "/candidat"):
        html = client.get(path).text
        assert "<script>" not in html and "style=" not in html and "onclick" not in html


# -------------------------------------------------------------------- role separation


def test_a_pupil_reaches_no_staff_screen(client: TestClient) -> None:
    pupil(client)
    for path in ("/referent", "/referent/sessions/10001", "/jury", "/surveillant/salle",
                 "/surveillant/salle/flux", "/jury/sessions/10001"):  # fmt: skip
        reply = client.get(path)
        assert reply.status_code == 403, path
        assert "WEB_FORBIDDEN" in reply.text


def test_an_invigilator_sees_one_session_only(client: TestClient, new_client: NewClient) -> None:
    first, _code, token = new_session(client)
    client.post("/referent/sessions", data={"csrf": token, "site": "Lycée", "room": "B12",
                "date": "2026-03-13", "time": "14:00", "invigilator": "M. Petit"})  # fmt: skip
    second = first + 1
    invigilator = new_client()
    page = invigilator.get("/surveillant")
    reply = invigilator.post("/surveillant", data={"csrf": csrf(page.text), "session_number": str(first),
                             "code": invigilator_secret(SECRET_KEY, first)})  # fmt: skip
    assert reply.url.path == "/surveillant/salle"
    assert f"Session {first}" in reply.text and f"Session {second}" not in reply.text
    # The code of one session does not open another.
    page = invigilator.get("/surveillant")
    reply = invigilator.post("/surveillant", data={"csrf": csrf(page.text), "session_number": str(second),
                             "code": invigilator_secret(SECRET_KEY, first)})  # fmt: skip
    assert "WEB_INVIGILATOR_SECRET_INVALID" in reply.text
    assert invigilator.get(f"/referent/sessions/{first}").status_code == 403
    assert invigilator.get("/jury").status_code == 403


def test_a_pupil_sees_only_her_own_test(client: TestClient, new_client: NewClient) -> None:
    number, code, _token = new_session(client)
    lea = new_client()
    join(lea, pupil(lea), number, code)
    lucas = new_client()
    token = pupil(lucas, "lucas.martin")
    assert lucas.get("/candidat/test").status_code == 403  # not joined: nothing to see
    reply = lucas.post("/candidat/rejoindre", data={  # Léa's details from Lucas's account
        "csrf": token, "session_number": str(number), "first_name": "Léa",
        "last_name": "Dubois", "birth_date": "2011-03-14", "access_code": code,
    })  # fmt: skip
    assert "UNEXPECTED_USER_ACCOUNT" in reply.text
    assert lucas.get("/candidat/test").status_code == 403


def test_logging_in_drops_the_previous_role(client: TestClient) -> None:
    staff(client)
    pupil(client)
    assert client.get("/referent").status_code == 403


# ------------------------------------------------------------------------ attempt limits


def test_the_invigilator_code_is_locked_after_ten_failures(client: TestClient) -> None:
    number, _code, _token = new_session(client)
    for _ in range(10):
        page = client.get("/surveillant")
        reply = client.post("/surveillant", data={"csrf": csrf(page.text),
                            "session_number": str(number), "code": "AAAAAAAAAA"})  # fmt: skip
        assert reply.status_code == 400 and "WEB_INVIGILATOR_SECRET_INVALID" in reply.text
    page = client.get("/surveillant")
    right = invigilator_secret(SECRET_KEY, number)
    reply = client.post("/surveillant", data={"csrf": csrf(page.text),
                        "session_number": str(number), "code": right})  # fmt: skip
    assert reply.status_code == 429  # even the right code: the secret is not compared
    assert "WEB_TOO_MANY_ATTEMPTS" in reply.text and "Trop de tentatives" in reply.text


def test_the_access_code_is_locked_after_ten_failures(
    client: TestClient, new_client: NewClient
) -> None:
    number, code, _token = new_session(client)
    lea = new_client()
    token = pupil(lea)
    for _ in range(10):
        reply = join(lea, token, number, "ZZZZ99")
        assert "SESSION_NOT_FOUND" in reply.text  # type: ignore[attr-defined]
    reply = join(lea, token, number, code)
    assert reply.status_code == 429  # type: ignore[attr-defined]
    assert "WEB_TOO_MANY_ATTEMPTS" in reply.text  # type: ignore[attr-defined]


def test_the_staff_code_is_locked_after_ten_failures(client: TestClient) -> None:
    for _ in range(10):
        page = client.get("/connexion")
        reply = client.post("/connexion", data={"csrf": csrf(page.text), "role": "jury",
                                                "code": "mauvais-code-123"})  # fmt: skip
        assert "WEB_STAFF_SECRET_INVALID" in reply.text
    page = client.get("/connexion")
    reply = client.post(
        "/connexion", data={"csrf": csrf(page.text), "role": "jury", "code": JURY_CODE}
    )
    assert reply.status_code == 429


# ------------------------------------------------------------------------------- uploads


def test_uploads_are_size_and_type_checked(client: TestClient, host: Host) -> None:
    number, _code, token = new_session(client)
    path = f"/referent/sessions/{number}/import"
    reply = client.post(path, data={"csrf": token}, files={"file": ("c.exe", b"MZ\x90", "x")})
    assert reply.status_code == 415 and "WEB_UPLOAD_TYPE_REFUSED" in reply.text
    reply = client.post(path, data={"csrf": token}, files={"file": ("c.ods", b"not a zip", "x")})
    assert reply.status_code == 415  # an .ods must be a zip archive
    limit = host.app.state.web.config.max_upload_bytes
    big = b"a;" * (limit // 2 + 1)
    reply = client.post(path, data={"csrf": token}, files={"file": ("c.csv", big, "text/csv")})
    assert reply.status_code == 413, reply.status_code
    assert "WEB_UPLOAD_TOO_LARGE" in reply.text
    reply = client.post(f"/referent/sessions/{number}/finaliser", data={"csrf": token},
                        files={"pv": ("pv.pdf", b"<html>pas un PDF</html>", "application/pdf")})  # fmt: skip
    assert reply.status_code == 415 and "WEB_UPLOAD_TYPE_REFUSED" in reply.text
    assert "finalisée" not in reply.text


def test_a_body_without_length_is_bounded_in_total(client: TestClient, host: Host) -> None:
    """A chunked body (no Content-Length) is counted as read and refused past the total."""
    limit = host.app.state.web.config.max_upload_bytes
    sent: list[int] = []

    def body() -> Iterator[bytes]:
        chunk = b"a" * 65536
        while len(sent) * 65536 < 3 * limit:  # more than the 2 x limit total
            sent.append(1)
            yield chunk

    reply = client.post("/connexion", content=body(),
                        headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert reply.status_code == 413 and "WEB_UPLOAD_TOO_LARGE" in reply.text
