"""A Pix-account login, then joining a session with it (docs/guides/pixaccount.md).

The guide includes the section between the ``--8<--`` markers: the README's wiring,
run against the fake Pix API, ending with the typed ``Joined`` answer.
"""

from __future__ import annotations

import datetime as dt

from pixcore_pixaccount import PixAccountHost, PixApiPasswordBackend, PixSession

import pixcore
from pixcore.testing.machine import FakeClock

from .conftest import EMAIL, PASSWORD, USER_ID

T0 = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
PLACEMENT = {"1.1": 20, "2.1": 30, "3.1": 18, "4.1": 12, "5.1": 25}


class Profiles:
    @pixcore.hookimpl
    def pixcore_resolve_profile(self, session_number: int, user: str) -> pixcore.CompetenceProfile:
        return pixcore.CompetenceProfile(pix=PLACEMENT)


def prepare(service: pixcore.SessionService) -> None:
    session = pixcore.Session(number=12345, site="S", room="R", date=T0.date(), time=T0.time(),
                              invigilator="I", access_code="BCDF23")  # fmt: skip
    service.execute(12345, pixcore.CreateSession(session=session))
    candidate = pixcore.validate_candidate(
        {"last_name": "Malé", "first_name": "Annie", "sex": "F", "birth_date": "2011-01-01",
         "birth_country": "FRANCE", "birth_insee_code": "75056"},
        referential=pixcore.Referential.load(),
    )  # fmt: skip
    service.execute(12345, pixcore.EnrolCandidate(candidate=candidate))
    service.execute(12345, pixcore.NoteStartTime(noted_start=T0))


def test_a_pix_account_login_joins_a_session(backend: PixApiPasswordBackend) -> None:
    sessions: dict[str, PixSession] = {}

    # --8<-- [start:login-and-join]
    class PixLogin:
        @pixcore.hookimpl
        def pixcore_pixaccount_backend(self) -> PixApiPasswordBackend:
            return backend  # PixApiPasswordBackend(PixApiConfig("https://api.pix.fr"))

        @pixcore.hookimpl
        def pixcore_pixaccount_token_store(
            self, identity: pixcore.VerifiedIdentity, session: PixSession
        ) -> None:
            sessions[identity.subject] = session  # server side only, never to the browser

    pm = pixcore.create_plugin_manager(
        autoload=False, plugins=[pixcore.MemoryStorePlugin(), FakeClock(T0), Profiles()]
    )
    accounts = PixAccountHost(pm)  # adds the pixcore_pixaccount_* hooks
    pm.register(PixLogin())
    service = pixcore.SessionService(pixcore.PluginHost(pm))
    prepare(service)  # the referent created the session and enrolled the candidate

    result = accounts.login_with_password(EMAIL, PASSWORD)  # or raises PixAccountError
    joined = service.join(
        12345, identity=result.identity, access_code="BCDF23",
        typed=pixcore.CandidateIdentity("annie", "MALE", dt.date(2011, 1, 1)),
    )  # fmt: skip
    # --8<-- [end:login-and-join]
    assert result.identity.provider == "PIX" and result.identity.subject == str(USER_ID)
    assert set(sessions) == {str(USER_ID)}
    assert (joined.resumed, joined.next_question, joined.question_count) == (False, 1, 15)
    state = service.load(12345)
    assert state.certifications[joined.certification_number].candidate_id == joined.candidate_id
    typed = pixcore.CandidateIdentity("Annie", "Malé", dt.date(2011, 1, 1))
    again = service.join(12345, identity=result.identity, access_code="BCDF23", typed=typed)
    assert again.resumed and again.certification_number == joined.certification_number
