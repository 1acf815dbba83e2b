"""The reference web host on PostgreSQL by DSN: two servers share sessions (issue 15).

Two ``open_host`` on one database address, as two ``pixcore serve --store
postgresql://...`` processes behind a load balancer: a pupil joins through server A; the
live view of server B is told within the bounded wait, and B's result lookup finds the
session although the join reached it sealed (an account reference, not the id).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from pixcore_web.config import WebConfig
from pixcore_web.serve import Host, open_host

import pixcore
from pixcore.lifecycle import commands as c
from pixcore.models import BirthPlace, Candidate, CompetenceProfile
from pixcore.models.competence import CORE_COMPETENCES

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
CONFIG = WebConfig(
    secret_key=b"k" * 32, referent_secret="referent-code-1", jury_secret="jury-code-0001",
    secure_cookies=False,
)  # fmt: skip


def _wait(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def _lookup(host: Host, user: str) -> tuple[int, ...]:
    service = host.service
    streams = service.host.event_store().streams
    return host.hub.joined.sessions_of(user, streams=streams, load=service.load)


def test_two_web_hosts_on_one_database_share_a_session_live(
    dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # attachments of a database address: ./pixcore-attachments
    with open_host(dsn, CONFIG, pix_login=None) as a, open_host(dsn, CONFIG, pix_login=None) as b:
        assert _lookup(b, "gar:lea") == ()  # B's index is built (empty) before the join
        session = pixcore.Session(number=8123, site="Collège", room="B1", date=T0.date(),
                                  time=T0.time(), invigilator="Mme Martin",
                                  access_code="BCDF23")  # fmt: skip
        a.service.execute(8123, c.CreateSession(session=session))
        place = BirthPlace(country_code="99100", country="FRANCE", city="Paris",
                           insee_code="75056", department_code="75")  # fmt: skip
        lea = Candidate(last_name="DUBOIS", first_name="Léa", birth_date=dt.date(2011, 3, 14),
                        sex="F", birth_place=place)  # fmt: skip
        a.service.execute(8123, c.EnrolCandidate(candidate=lea))
        a.service.execute(8123, c.NoteStartTime(noted_start=T0))
        a.service.join_session(c.JoinSession(
            session_number=8123, access_code="BCDF23", first_name="Léa", last_name="DUBOIS",
            birth_date=dt.date(2011, 3, 14), user="gar:lea",
            profile=CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:6], 12)),
            question_count=6,
        ))  # fmt: skip
        assert _wait(lambda: _lookup(b, "gar:lea") == (8123,))
        state = b.service.load(8123)
        assert state.users and "gar:lea" in state.users.values()
