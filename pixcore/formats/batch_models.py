"""One line of ``pixcore batch`` (``docs/cli.md``): a candidate, checked at the boundary.

A line is a JSON object (JSON Lines) or a CSV row (:data:`CSV_COLUMNS`, read into the
same keys). pydantic guards it here, once; the rules then run on checked values. Every
model refuses unknown keys (``FIELD_NOT_ALLOWED``) and naive datetimes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Required

from pydantic import (
    AwareDatetime,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
)
from typing_extensions import TypedDict

from pixcore.events import AbortReason
from pixcore.models._base import PixcoreModel
from pixcore.models.competence import CompetenceProfile
from pixcore.models.course import AnswerStatus, CourseState

__all__ = [
    "CSV_COLUMNS",
    "CSV_REQUIRED",
    "MAX_ANSWERS",
    "MAX_REPORTS",
    "BatchAnswer",
    "BatchRecord",
    "BatchReport",
]

MAX_ANSWERS = 500
"""At most this many answers per line (a test has 48 at most; bounded work)."""
MAX_REPORTS = 50
"""At most this many incident reports per line."""

CSV_COLUMNS: Mapping[str, str] = {
    "Numéro de certification": "certification_number",
    "Temps majoré ?": "extra_time",
    "Début noté": "noted_start",
    "Premier démarrage": "first_start",
    "Heure de référence": "now",
    "État": "state",
    "Écran de fin vu": "end_screen_seen",
    "Réponses": "answers",
    "Nombre de questions": "question_count",
    "Motif d'arrêt": "abort_reason",
    "Session finalisée": "finalised",
}
"""CSV headers (French, ``;``-separated) → keys of :class:`BatchRecord`. Competence
columns are headed by their code (``1.1`` … ``5.2``), as in Pix's results export;
"Temps majoré ?" is an integer percentage, as in Pix's mass import (``33``)."""
CSV_REQUIRED = ("Numéro de certification",)
"""Headers a CSV file must have; every other column is optional."""


class BatchAnswer(TypedDict, total=False):
    """One answer: its status, its competence (for scoring) and what the question was like.

    A typed dictionary, checked by pydantic like a model (unknown keys refused) but
    without building one object per answer: a line holds up to 48 of them (issue 14).
    """

    __pydantic_config__ = ConfigDict(extra="forbid", hide_input_in_errors=True)  # type: ignore[misc]

    status: Required[AnswerStatus]
    competence: Annotated[StrictStr, StringConstraints(pattern=r"^[0-9]{1,2}\.[0-9]{1,2}$")] | None
    timed: StrictBool
    focus: StrictBool
    has_illustration: StrictBool
    has_embed: StrictBool
    has_attachment: StrictBool


class BatchReport(PixcoreModel):
    """One incident report of the candidate, checked by D4 (errors are results)."""

    category: StrictStr | None = None
    subcategory: StrictStr | None = None
    question_number: StrictInt | StrictStr | None = None
    description: StrictStr | None = Field(default=None, repr=False, max_length=5000)
    incident_report_attachment: StrictStr | None = None
    filed_by: StrictStr = "invigilator"


class BatchRecord(PixcoreModel):
    """One candidate of a batch.

    ``profile`` gives eligibility (D1); ``noted_start`` the deadline (D2), ``now`` the
    time over; ``state`` the end-screen decision (D3); ``reports`` D4; with
    ``finalised`` true the automatic jury and the result (D6) are computed from
    ``answers`` (statuses, or objects with the competence of each question).
    """

    certification_number: Annotated[StrictInt, Field(gt=0)]
    profile: CompetenceProfile | None = None
    extra_time: Decimal | StrictStr | StrictInt | None = Field(default=None, repr=False)
    noted_start: AwareDatetime | None = None
    first_start: AwareDatetime | None = None
    now: AwareDatetime | None = None
    state: CourseState | None = None
    end_screen_seen: StrictBool | None = None
    answers: tuple[BatchAnswer, ...] = Field(default=(), max_length=MAX_ANSWERS)
    question_count: Annotated[StrictInt, Field(gt=0, le=MAX_ANSWERS)] | None = None
    abort_reason: AbortReason | None = None
    reports: tuple[BatchReport, ...] = Field(default=(), max_length=MAX_REPORTS)
    finalised: StrictBool = False

    @field_validator("profile", mode="before")
    @classmethod
    def _profile(cls, value: object) -> object:
        return {"pix": value} if isinstance(value, Mapping) else value

    @field_validator("answers", mode="before")
    @classmethod
    def _statuses(cls, value: object) -> object:
        """A bare status (``"ok"``) is an answer without details: one error per problem."""
        if isinstance(value, list | tuple):
            return [{"status": item} if isinstance(item, str) else item for item in value]
        return value
