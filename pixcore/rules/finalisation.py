"""D5 — finalisation: the checks, in Pix's order, then pixcore's (``rules.md`` D5, §9).

Declared rule :data:`FINALISATION`: already finalised; no certification started;
fewer abort reasons than unfinished tests; abort reasons on completed tests; a global
comment over 500 characters; the two required booleans; the scanned PV de session
(pixcore); a PV d'incident for every fraud report (pixcore); then accepted.
"""

from __future__ import annotations

from pixcore.rules.table import DecisionTable, Row, fact

__all__ = ["FINALISATION", "MAX_COMMENT_LENGTH"]

MAX_COMMENT_LENGTH = 500
_T, _F = True, False

FINALISATION = DecisionTable(
    name="finalisation",
    description="D5: finalisation checks, first failure wins",
    facts={
        "already_finalised": bool, "started": int, "missing_abort_reasons": int,
        "abort_reasons_on_completed": int, "unknown_certifications": int,
        "comment_length": int, "flags_given": bool, "pv_scan_given": bool,
        "fraud_without_incident_report": int,
    },
    rows=(
        Row("already", "SESSION_ALREADY_FINALIZED", when=(fact("already_finalised") == _T,), cites="D5.1"),
        Row("not_started", "SESSION_WITHOUT_STARTED_CERTIFICATION", when=(fact("started") == 0,), cites="D5.2"),
        Row("unknown", "FINALISATION_UNKNOWN_CERTIFICATION", when=(fact("unknown_certifications") > 0,)),
        Row("missing_reasons", "UNTERMINATED_CERTIFICATION_WITHOUT_ABORT_REASON",
            when=(fact("missing_abort_reasons") > 0,), cites="D5.3"),
        Row("extra_reasons", "SESSION_WITH_ABORT_REASON_ON_COMPLETED_CERTIFICATION_COURSE",
            when=(fact("abort_reasons_on_completed") > 0,), cites="D5.3'"),
        Row("comment", "FINALISATION_COMMENT_TOO_LONG",
            when=(fact("comment_length") > MAX_COMMENT_LENGTH,), cites="D5.5"),
        Row("flags", "FINALISATION_FLAGS_REQUIRED", when=(fact("flags_given") == _F,), cites="D5.6"),
        Row("pv_scan", "FINALISATION_PV_SCAN_REQUIRED", when=(fact("pv_scan_given") == _F,), cites="D5.7"),
        Row("fraud", "FRAUD_REPORT_WITHOUT_INCIDENT_REPORT",
            when=(fact("fraud_without_incident_report") > 0,), cites="D5.8, D4"),
        Row("accepted", "accepted"),
    ),
)  # fmt: skip
