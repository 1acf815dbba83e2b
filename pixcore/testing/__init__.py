"""Public hypothesis strategies for pixcore (extra ``pixcore[testing]``).

Host platforms property-test their integration with these: French names, birth dates,
birth places drawn from the shipped referential, extra times, competence profiles,
issue reports (valid or not), sessions, courses. Strategies are functions with
parameters so hosts can narrow them. Example *distributions* may change in minor
versions; the values they generate always satisfy the documented contract.

Importing hypothesis registers pixcore's strategies (entry point group ``hypothesis``,
:mod:`pixcore._hypothesis_plugin`), so ``st.from_type(CompetenceProfile)`` works with no
setup. :class:`~pixcore.testing.machine.SessionMachine` drives whole sessions;
:mod:`pixcore.testing.store_contract` is the test suite every event store runs (needs
pytest); :mod:`pixcore.testing.profiles` holds the shared hypothesis profiles;
:mod:`pixcore.testing.no_skips` makes skipped tests fail a CI run.
"""

from __future__ import annotations

from pixcore.testing.strategies import (
    DEPARTMENTS,
    INVALID_DEPARTMENTS,
    NASTY_NAMES,
    access_codes,
    birth_dates,
    birth_place_data,
    candidate_data,
    certification_courses,
    competence_profiles,
    department_codes,
    extra_times,
    french_names,
    issue_report_data,
    sessions,
)

__all__ = [
    "DEPARTMENTS",
    "INVALID_DEPARTMENTS",
    "NASTY_NAMES",
    "access_codes",
    "birth_dates",
    "birth_place_data",
    "candidate_data",
    "certification_courses",
    "competence_profiles",
    "department_codes",
    "extra_times",
    "french_names",
    "issue_report_data",
    "sessions",
]
