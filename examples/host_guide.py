"""The host guide's walkthrough: every command a host issues during a session, in order.

``docs/guides/host.md`` includes the sections of this file between the ``--8<--``
markers, and ``tests/docs/test_host_guide.py`` runs it, so that every example in the
guide is code that ran. Run it yourself with ``python examples/host_guide.py``.
"""

from __future__ import annotations

import datetime as dt
import json

# --8<-- [start:setup]
import pixcore
from pixcore.formats.export import division_results_csv


class Clock:
    """A plugin giving pixcore the time (without one, pixcore reads the system clock)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    @pixcore.hookimpl
    def pixcore_now(self) -> dt.datetime:
        """The current time, timezone-aware."""
        return self.now


clock = Clock(dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC))
stores = pixcore.MemoryStorePlugin()  # a real host registers pixcore-sqlite or its own
pm = pixcore.create_plugin_manager(autoload=False, plugins=[stores, clock])
host = pixcore.PluginHost(pm)
service = pixcore.SessionService(host)
# --8<-- [end:setup]

PLACEMENT = {"1.1": 20, "2.1": 30, "3.1": 18, "4.1": 12, "5.1": 25}
"""Pix per competence at placement: 5 competences at level 1 or more are required."""


def create() -> None:
    """The referent creates the session (BEF-5)."""
    # --8<-- [start:create]
    session = pixcore.Session(
        number=12345, site="Collège Jean Moulin", room="Salle info 2",
        date=dt.date(2026, 3, 12), time=dt.time(9, 0), invigilator="Mme Martin",
        access_code="BCDF23",
    )  # fmt: skip
    service.execute(12345, pixcore.CreateSession(session=session))
    # --8<-- [end:create]


def enrol() -> list[pixcore.Candidate]:
    """The referent enrols two candidates (BEF-7)."""
    # --8<-- [start:enrol]
    referential = pixcore.Referential.load()
    rows = [
        {"last_name": "Dubois", "first_name": "Léa", "sex": "F", "birth_date": "2011-03-14",
         "birth_country": "FRANCE", "birth_insee_code": "75056", "division": "3e A"},
        {"last_name": "Martin", "first_name": "Lucas", "sex": "M", "birth_date": "2011-02-07",
         "birth_country": "FRANCE", "birth_insee_code": "69383", "division": "3e A"},
    ]  # fmt: skip
    candidates = [pixcore.validate_candidate(row, referential=referential) for row in rows]
    for candidate in candidates:
        service.execute(12345, pixcore.EnrolCandidate(candidate=candidate))
    # --8<-- [end:enrol]
    return candidates


def start() -> None:
    """The invigilator notes the start time (DAY-9)."""
    # --8<-- [start:start]
    clock.now += dt.timedelta(minutes=5)
    service.execute(12345, pixcore.NoteStartTime(noted_start=clock.now))
    # --8<-- [end:start]


def join() -> pixcore.Joined:
    """Léa joins: the typed answer carries her certification number."""
    # --8<-- [start:join]
    profile = pixcore.CompetenceProfile(pix=PLACEMENT)  # from the candidate's Pix account
    joined = service.join_session(
        pixcore.JoinSession(
            session_number=12345, access_code="BCDF23", first_name="lea",
            last_name="DUBOIS", birth_date=dt.date(2011, 3, 14), user="pix-user-1",
            profile=profile,
        )
    )  # fmt: skip
    print(joined.certification_number, joined.question_count, joined.next_question)
    # --8<-- [end:join]
    return joined


def answer(joined: pixcore.Joined) -> None:
    """Léa answers every question, each with its competence."""
    # --8<-- [start:answer]
    competences = ["1.1", "2.1", "3.1", "4.1", "5.1"]  # 3 questions each, in order
    for number in range(joined.next_question, joined.question_count + 1):
        clock.now += dt.timedelta(minutes=1)
        status: pixcore.AnswerStatus = "ko" if number == 4 else "ok"
        service.execute(
            12345,
            pixcore.RecordAnswer(
                certification_number=joined.certification_number, status=status,
                competence=competences[(number - 1) // 3],
            ),
        )  # fmt: skip
    # --8<-- [end:answer]


def report(joined: pixcore.Joined) -> str:
    """The invigilator reports a technical problem on question 4 (E4)."""
    # --8<-- [start:report]
    events = service.execute(
        12345,
        pixcore.FileIssueReport(
            data={"certification_number": joined.certification_number,
                  "category": "IN_CHALLENGE", "subcategory": "WEBSITE_UNAVAILABLE",
                  "question_number": 4, "description": "Page de maintenance."},
            filed_by="invigilator",
        ),
    )  # fmt: skip
    report_id = events[0].report_id  # type: ignore[attr-defined]
    # --8<-- [end:report]
    return str(report_id)


def end_screen(joined: pixcore.Joined) -> None:
    """The invigilator saw Léa's end-of-test screen (DAY-18)."""
    # --8<-- [start:end_screen]
    service.execute(
        12345, pixcore.ConfirmEndScreen(certification_number=joined.certification_number)
    )
    # --8<-- [end:end_screen]


def end_test() -> int:
    """Lucas joins, answers twice, his computer breaks down: the invigilator ends his test."""
    lucas = service.join_session(
        pixcore.JoinSession(
            session_number=12345, access_code="BCDF23", first_name="Lucas",
            last_name="Martin", birth_date=dt.date(2011, 2, 7), user="pix-user-2",
            profile=pixcore.CompetenceProfile(pix=PLACEMENT),
        )
    )  # fmt: skip
    for competence in ("1.1", "1.1"):
        service.execute(
            12345,
            pixcore.RecordAnswer(
                certification_number=lucas.certification_number, status="ok",
                competence=competence,
            ),
        )  # fmt: skip
    # --8<-- [start:end_test]
    service.execute(12345, pixcore.EndTest(certification_number=lucas.certification_number))
    # --8<-- [end:end_test]
    return lucas.certification_number


def finalise(lucas: int) -> None:
    """The referent uploads the scanned PV and finalises (AFT-1)."""
    # --8<-- [start:finalise]
    scan = host.store_attachment(12345, "pv_session", "pv-session.pdf", b"%PDF-1.4 ...")
    service.execute(
        12345,
        pixcore.Finalise(
            pv_scan=scan, abort_reasons={lucas: "technical"},
            has_incident=False, has_joining_issue=False,
        ),
    )  # fmt: skip
    print(service.publishability(12345))  # () when the session can be published as is
    # --8<-- [end:finalise]


def jury(lucas: int) -> None:
    """A jury member acts on the finalised session."""
    # --8<-- [start:jury]
    service.execute(
        12345,
        pixcore.JuryAct(
            action="cancel", jury_member="M. Lambert", certification_number=lucas,
            comment="Panne d'ordinateur : certification annulée.",
        ),
    )  # fmt: skip
    # --8<-- [end:jury]


def publish() -> None:
    """Publish the results (AFT-5)."""
    # --8<-- [start:publish]
    service.execute(12345, pixcore.Publish())
    # --8<-- [end:publish]


def results() -> tuple[list[dict[str, object]], str | None]:
    """The results, as objects, JSON and the school's CSV."""
    # --8<-- [start:results]
    results = service.results(12345)
    for result in results:
        print(result.certification_number, result.status, result.reason, result.pix)
    as_json = pixcore.results_json(results, indent=2)  # or result.to_dict()
    csv_text = division_results_csv(service.load(12345), "3e A")
    # --8<-- [end:results]
    return json.loads(as_json), csv_text


def main() -> tuple[list[dict[str, object]], str | None]:
    """Run the whole walkthrough; return the results as JSON data and the class CSV."""
    create()
    enrol()
    start()
    lea = join()
    answer(lea)
    report(lea)
    end_screen(lea)
    lucas = end_test()
    finalise(lucas)
    jury(lucas)
    publish()
    return results()


if __name__ == "__main__":
    main()
