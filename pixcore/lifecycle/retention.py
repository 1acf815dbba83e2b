"""How long personal data is kept, and what expires at a date (issue 17). Pure.

Retention periods are data (:class:`RetentionPolicy`: a kind, a number of days after an
anchor, and the source of the figure); :data:`DEFAULT_POLICIES` are pixcore's defaults
(``docs/personal-data.md``), a host passes its own. :func:`expired` decides, for one
session at one date, what the session store must erase: the answer is an
:class:`~pixcore.lifecycle.commands.ErasePersonalData` command (``reason="retention"``)
or ``None``. Kinds the session store does not hold (attachments, GAR records, audit
events) are listed with their periods for the stores that hold them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Literal

from pixcore.lifecycle import commands as cmd
from pixcore.lifecycle.state import ERASED, SessionState

__all__ = [
    "DEFAULT_POLICIES",
    "RetentionKind",
    "RetentionPolicy",
    "expired",
    "policies_by_kind",
]

RetentionKind = Literal[
    "untested_civil_data",
    "tested_civil_data",
    "report_descriptions",
    "comments",
    "attachments",
    "gar_records",
    "audit_events",
]
"""What a policy covers: civil data (and account links) of candidates who never started
a test / who did; free-text report descriptions; finalisation and jury comments; PV
scans and PV d'incident (attachment store); GAR request and replay records; audit
events kept by a host's observers."""

Anchor = Literal["session_date", "publication"]
"""From when a period runs: the session's date, or the publication (the session's date
when not published)."""


@dataclasses.dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Keep ``kind`` for ``days`` days after ``anchor``; ``source`` says why that long."""

    kind: RetentionKind
    days: int
    anchor: Anchor
    source: str

    def __post_init__(self) -> None:
        """A period is 0 days or more."""
        if self.days < 0:
            raise ValueError("a retention period is 0 days or more")


DEFAULT_POLICIES: tuple[RetentionPolicy, ...] = (
    RetentionPolicy(
        "untested_civil_data", 92, "session_date",
        "pixcore (docs/decisions.md, issue 17): needed only to join the session; three "
        "months cover finalisation, the jury and a late question (RGPD art. 5-1-e)",
    ),
    RetentionPolicy(
        "tested_civil_data", 3 * 365 + 1, "publication",
        "Pix: a certification is valid three years; the school may be asked to prove "
        "it during that time (RGPD art. 5-1-e)",
    ),
    RetentionPolicy(
        "report_descriptions", 365, "session_date",
        "pixcore: free text that may name people; one year covers the jury and claims",
    ),
    RetentionPolicy(
        "comments", 365, "session_date",
        "pixcore: free text that may name people; one year covers the jury and claims",
    ),
    RetentionPolicy(
        "attachments", 365, "session_date",
        "pixcore: PV scans and PV d'incident, for the jury and claims (deleted through "
        "the hook pixcore_delete_attachment)",
    ),
    RetentionPolicy(
        "gar_records", 0, "session_date",
        "pixcore-gar: request and replay records expire with their SAML message "
        "(minutes), purged by the GAR store itself",
    ),
    RetentionPolicy(
        "audit_events", 365, "session_date",
        "CNIL guidance on logs: six months to one year (applied by the host's observers)",
    ),
)  # fmt: skip
"""pixcore's default periods; a host may pass others to :func:`expired`."""


def policies_by_kind(
    policies: Sequence[RetentionPolicy],
) -> Mapping[RetentionKind, RetentionPolicy]:
    """The policies by kind (the last one of a kind wins: a host's override)."""
    return MappingProxyType({policy.kind: policy for policy in policies})


def _due(state: SessionState, policy: RetentionPolicy | None, today: dt.date) -> bool:
    """Whether ``policy``'s period is over at ``today`` for this session."""
    if policy is None or state.session is None:
        return False
    start = state.session.date
    if policy.anchor == "publication" and state.published_at is not None:
        start = max(start, state.published_at.date())
    return today >= start + dt.timedelta(days=policy.days)


def expired(
    state: SessionState,
    today: dt.date,
    *,
    ever_enrolled: Collection[str] = (),
    policies: Sequence[RetentionPolicy] = DEFAULT_POLICIES,
) -> cmd.ErasePersonalData | None:
    """What the session store must erase for this session at ``today``, or ``None``.

    ``ever_enrolled``: every candidate id the session's history enrolled (removed ones
    included: their records stay until erased); those already erased are skipped.
    """
    if state.session is None:
        return None
    rules = policies_by_kind(policies)
    tested = {course.candidate_id for course in state.certifications.values()}
    held = (set(ever_enrolled) | set(state.candidates)) - set(state.erased)
    kind: dict[bool, RetentionKind] = {True: "tested_civil_data", False: "untested_civil_data"}
    candidates = sorted(c for c in held if _due(state, rules.get(kind[c in tested]), today))
    reports: list[str] = []
    if _due(state, rules.get("report_descriptions"), today):
        reports = sorted(
            report_id for report_id, entry in state.reports.items()
            if entry.report.description and entry.report.description != ERASED
        )  # fmt: skip
    finalisation = state.finalisation
    commented = finalisation is not None and finalisation.comment not in (None, "", ERASED)
    comments = (commented or state.jury_comments > 0) and _due(state, rules.get("comments"), today)
    files = (
        finalisation is not None and not state.attachments_deleted
        and _due(state, rules.get("attachments"), today)
    )  # fmt: skip
    if not (candidates or reports or comments or files):
        return None
    return cmd.ErasePersonalData(
        reason="retention", candidate_ids=tuple(candidates), report_ids=tuple(reports),
        comments=comments, attachments=files,
    )  # fmt: skip
