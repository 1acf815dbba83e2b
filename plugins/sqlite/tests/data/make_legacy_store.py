"""Write ``legacy-v1.db``: a session store as pixcore wrote it before issue 17.

Run with the sources of the commit before the personal-data work on the path::

    git archive 416723f pixcore plugins/sqlite | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old:/tmp/old/plugins/sqlite python make_legacy_store.py legacy-v1.db

Civil data, account ids, a report description and the finalisation comment are in the
events themselves (schema 1); every personal value carries the marker ``LEGACY``.
"""

from __future__ import annotations

import datetime as dt
import sys

from pixcore_sqlite import SqliteEventStore

from pixcore.host.memory import EventStorePlugin, MemoryAttachments
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.lifecycle import commands as cmd
from pixcore.models import BirthPlace, Candidate, CompetenceProfile, Session
from pixcore.models.competence import CORE_COMPETENCES
from pixcore.testing.machine import FakeClock

START = dt.datetime(2025, 3, 12, 9, 0, tzinfo=dt.UTC)
NUMBER = 12345


def main(path: str) -> None:
    """Write the store."""
    clock = FakeClock(START)
    with SqliteEventStore(path) as store:
        attachments = MemoryAttachments()
        pm = create_plugin_manager(
            autoload=False, plugins=[clock, EventStorePlugin(store), attachments]
        )
        host = PluginHost(pm)
        service = SessionService(host)
        session = Session(
            number=NUMBER,
            site="Collège",
            room="B1",
            date=START.date(),
            time=START.time(),
            invigilator="Mme Martin",
            access_code="BCDF23",
        )
        service.execute(NUMBER, cmd.CreateSession(session=session))
        place = BirthPlace(
            country_code="99100",
            country="FRANCE",
            city="Paris",
            insee_code="75056",
            department_code="75",
        )
        for i in (1, 2, 3):
            candidate = Candidate(
                last_name=f"LEGACYNOM{i}",
                first_name=f"LEGACYPRENOM{i}",
                birth_date=dt.date(2010, 5, 17),
                sex="F",
                birth_place=place,
            )
            service.execute(NUMBER, cmd.EnrolCandidate(candidate=candidate))
        service.execute(NUMBER, cmd.NoteStartTime(noted_start=START))
        profile = CompetenceProfile(pix=dict.fromkeys(CORE_COMPETENCES[:6], 12))
        for i in (1, 2):
            service.execute(
                NUMBER,
                cmd.JoinSession(
                    session_number=NUMBER,
                    access_code="BCDF23",
                    first_name=f"LEGACYPRENOM{i}",
                    last_name=f"LEGACYNOM{i}",
                    birth_date=dt.date(2010, 5, 17),
                    user=f"gar:LEGACYIDO{i}",
                    profile=profile,
                    question_count=6,
                ),
            )
        state = service.load(NUMBER)
        first = min(state.certifications)
        data = {
            "certification_number": first,
            "category": "NON_BLOCKING_TECHNICAL_ISSUE",
            "description": "LEGACYTEXTE souris",
        }
        service.execute(NUMBER, cmd.FileIssueReport(data=data, filed_by="invigilator"))
        pv = host.store_attachment(NUMBER, "pv_session", "pv.pdf", b"%PDF-1.4")
        service.execute(
            NUMBER,
            cmd.Finalise(
                abort_reasons=dict.fromkeys(state.certifications, "technical"),
                pv_scan=pv,
                comment="LEGACYCOMMENT global",
                has_incident=False,
                has_joining_issue=False,
            ),
        )


if __name__ == "__main__":
    main(sys.argv[1])
