"""The jury's other decisions: neutralise, cancel, reject for fraud, and their undoing."""

from __future__ import annotations

import pytest
from pixcore_web.serve import Host
from starlette.testclient import TestClient
from test_web_finalise import PDF
from test_web_security import NewClient, join, new_session, pupil, staff
from web_support import csrf


@pytest.fixture
def finalised(client: TestClient, new_client: NewClient, host: Host) -> tuple[int, int, TestClient]:
    """A finalised session where Léa answered 3 questions then left; the jury's browser."""
    number, code, _token = new_session(client)
    lea = new_client()
    join(lea, pupil(lea), number, code)
    for position in (1, 2, 3):
        page = lea.get("/candidat/test")
        lea.post("/candidat/test/repondre", data={
            "csrf": csrf(page.text), "position": str(position), "choice": "ok",
        })  # fmt: skip
    (certification,) = host.service.load(number).certifications
    assert len(host.service.load(number).certifications[certification].answers) == 3
    page = client.get(f"/referent/sessions/{number}/finaliser")
    client.post(f"/referent/sessions/{number}/finaliser", data={
        "csrf": csrf(page.text), f"abort_{certification}": "candidate",
        "has_incident": "non", "has_joining_issue": "non",
    }, files={"pv": ("pv.pdf", PDF, "application/pdf")})  # fmt: skip
    assert host.service.load(number).finalised
    jury = new_client()
    staff(jury, "jury")
    return number, certification, jury


def _decide(jury: TestClient, number: int, **fields: str) -> object:
    page = jury.get(f"/jury/sessions/{number}")
    assert 'id="decision-form"' in page.text
    return jury.post(f"/jury/sessions/{number}/action", data={"csrf": csrf(page.text), **fields},
                     follow_redirects=False)  # fmt: skip


def test_the_jury_neutralises_and_deneutralises_a_question(
    finalised: tuple[int, int, TestClient], host: Host
) -> None:
    number, certification, jury = finalised
    answers = lambda: host.service.load(number).certifications[certification].answers  # noqa: E731
    reply = _decide(jury, number, action="neutralise", certification_number=str(certification),
                    question_number="2", comment="Image absente")  # fmt: skip
    assert reply.status_code == 303  # type: ignore[attr-defined]
    assert [i for i, a in enumerate(answers(), start=1) if a.neutralised] == [2]
    _decide(jury, number, action="deneutralise", certification_number=str(certification),
            question_number="2")  # fmt: skip
    assert not any(a.neutralised for a in answers())


@pytest.mark.parametrize(("do", "undo", "flag"), [
    ("cancel", "uncancel", "cancelled"),
    ("reject_for_fraud", "unreject_for_fraud", "rejected_for_fraud"),
])  # fmt: skip
def test_the_jury_decides_and_undoes(
    finalised: tuple[int, int, TestClient], host: Host, do: str, undo: str, flag: str
) -> None:
    number, certification, jury = finalised
    course = lambda: host.service.load(number).certifications[certification]  # noqa: E731
    assert _decide(jury, number, action=do, certification_number=str(certification),
                   comment="Décision du jury").status_code == 303  # type: ignore[attr-defined]  # fmt: skip
    assert getattr(course(), flag) is True
    _decide(jury, number, action=undo, certification_number=str(certification))
    assert getattr(course(), flag) is False


def test_a_refused_decision_is_shown_in_french(finalised: tuple[int, int, TestClient]) -> None:
    number, certification, jury = finalised
    reply = _decide(jury, number, action="neutralise", certification_number=str(certification),
                    question_number="99")  # no such question in a 15-question test  # fmt: skip
    assert reply.status_code >= 400  # type: ignore[attr-defined]
    assert 'class="code"' in reply.text  # type: ignore[attr-defined]
