"""Competences and a candidate's competence profile (pix earned per competence)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import Field, StrictInt, field_validator

from pixcore.models._base import PixcoreModel
from pixcore.models._coded import coded

__all__ = ["CORE_COMPETENCES", "PIX_COUNT_BY_LEVEL", "CompetenceProfile", "level"]

CORE_COMPETENCES: tuple[str, ...] = (
    "1.1", "1.2", "1.3",
    "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3",
    "5.1", "5.2",
)  # fmt: skip
"""The 16 core competences of the Pix framework, in framework order."""

PIX_COUNT_BY_LEVEL = 8
"""Pix's ``PIX_COUNT_BY_LEVEL``: 8 pix make one level of a competence."""


def level(pix: int) -> int:
    """The level reached with ``pix`` pix in one competence: ``floor(pix / 8)``."""
    return pix // PIX_COUNT_BY_LEVEL


_CODE = re.compile(r"^[0-9]{1,2}\.[0-9]{1,2}$")


class CompetenceProfile(PixcoreModel, frozen=True, extra="forbid"):
    """Pix earned per competence, e.g. ``{"1.1": 12, "2.3": 8}``.

    Codes look like ``area.number``; competences outside the 16 core ones are kept but
    ignored by eligibility (``rules.md`` D1). A missing competence has 0 pix.
    """

    pix: Mapping[str, StrictInt] = Field(default_factory=dict)

    @field_validator("pix")
    @classmethod
    def _codes_and_values(cls, value: Mapping[str, int]) -> Mapping[str, int]:
        for code, pix in value.items():
            if not _CODE.match(code):
                raise coded("COMPETENCE_UNKNOWN")
            if pix < 0:
                raise coded("COMPETENCE_PIX_NOT_VALID")
        return dict(value)

    def pix_of(self, competence: str) -> int:
        """Pix earned in ``competence`` (0 when absent)."""
        return self.pix.get(competence, 0)
