"""Incident reports ("signalements") and end-of-test screen confirmations (D3, D4)."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field, PositiveInt

from pixcore.models._base import PixcoreModel

__all__ = ["EndScreenConfirmation", "IssueReport", "ReportAuthor"]

ReportAuthor = Literal["invigilator", "referent", "candidate"]
"""Who filed a report: the invigilator live, the referent transcribing the PV de session
at finalisation (it still records what the invigilator noted), or someone else."""


class IssueReport(PixcoreModel, frozen=True, extra="forbid"):
    """A valid, normalised incident report; build one with ``validate_issue_report``.

    ``code`` is the short code shown to referents (``C1`` … ``E12``); ``impactful``
    follows Pix (``rules.md`` §8.3). A ``FRAUD`` report needs
    ``incident_report_attachment`` (the PV d'incident) before finalisation.
    """

    certification_number: PositiveInt
    category: str
    subcategory: str | None = None
    question_number: int | None = None
    description: str | None = Field(default=None, repr=False)
    filed_by: ReportAuthor
    code: str
    impactful: bool
    incident_report_attachment: str | None = None

    @property
    def needs_incident_report(self) -> bool:
        """True for a fraud report still without its PV d'incident."""
        return self.category == "FRAUD" and not self.incident_report_attachment


class EndScreenConfirmation(PixcoreModel, frozen=True, extra="forbid"):
    """The invigilator saw (or did not see) a candidate's end-of-test screen.

    On screen: "Le surveillant a bien vu cet écran"; on the PV de session: "Écran de
    fin de test vu".
    """

    certification_number: PositiveInt
    seen: bool = True
    confirmed_at: AwareDatetime | None = None
