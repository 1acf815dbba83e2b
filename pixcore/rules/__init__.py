"""pixcore's rules, one module per rule, each declared once as decision tables.

D1 :mod:`~pixcore.rules.eligibility` · D2 :mod:`~pixcore.rules.timing` ·
D3 :mod:`~pixcore.rules.end_screen` · D4 :mod:`~pixcore.rules.issue_reports` ·
D7 :mod:`~pixcore.rules.access_code` · D8 :mod:`~pixcore.rules.identity` ·
D9 :mod:`~pixcore.rules.civil_data` and :mod:`~pixcore.rules.birth_place` ·
D5 :mod:`~pixcore.rules.finalisation` · D6 :mod:`~pixcore.rules.jury` and
:mod:`~pixcore.rules.publication` · BEF-9/BEF-10 :mod:`~pixcore.rules.readiness` and
the checklist of the procedure :mod:`~pixcore.rules.checklist` (issue 16).

:data:`ALL_TABLES` lists every declared table; engines run any of them.
"""

from pixcore.rules.access_code import SESSION_ACCESS
from pixcore.rules.birth_place import BIRTH_PLACE
from pixcore.rules.checklist import CHECKLIST_ITEM
from pixcore.rules.civil_data import CIVIL_DATA
from pixcore.rules.eligibility import ELIGIBILITY
from pixcore.rules.end_screen import END_SCREEN
from pixcore.rules.engine import PURE_ENGINE, Engine, PureEngine, decide
from pixcore.rules.finalisation import FINALISATION
from pixcore.rules.identity import IDENTITY_MATCH, MATCH_RESOLUTION
from pixcore.rules.issue_reports import IMPACT, REPORT_VALIDITY
from pixcore.rules.jury import ABORT_COMPLETION, CERTIFIED_LEVEL, JURY_DECISION, REPORT_RESOLUTION
from pixcore.rules.publication import PUBLICATION, PUBLISHABILITY
from pixcore.rules.readiness import MACHINE_READINESS, ROOM_READINESS
from pixcore.rules.table import Condition, DecisionTable, HitPolicy, Row, fact
from pixcore.rules.timing import ANSWER_ACCEPTANCE, CSV_EXTRA_TIME, EXTRA_TIME_RANGE, TIME_OVER

__all__ = [
    "ALL_TABLES",
    "PURE_ENGINE",
    "Condition",
    "DecisionTable",
    "Engine",
    "HitPolicy",
    "PureEngine",
    "Row",
    "decide",
    "fact",
]

ALL_TABLES: tuple[DecisionTable, ...] = (
    ELIGIBILITY,
    EXTRA_TIME_RANGE,
    CSV_EXTRA_TIME,
    TIME_OVER,
    ANSWER_ACCEPTANCE,
    END_SCREEN,
    REPORT_VALIDITY,
    IMPACT,
    SESSION_ACCESS,
    IDENTITY_MATCH,
    MATCH_RESOLUTION,
    CIVIL_DATA,
    BIRTH_PLACE,
    FINALISATION,
    ABORT_COMPLETION,
    REPORT_RESOLUTION,
    CERTIFIED_LEVEL,
    JURY_DECISION,
    PUBLISHABILITY,
    PUBLICATION,
    MACHINE_READINESS,
    ROOM_READINESS,
    CHECKLIST_ITEM,
)
"""Every decision table: D1–D4, D7–D9, then D5, D6 and publication, then readiness and the checklist."""
