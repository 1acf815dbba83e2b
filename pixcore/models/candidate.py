"""A certification candidate's civil data (``rules.md`` §3, D9)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from pixcore.models._base import PixcoreModel
from pixcore.models.extra_time import ExtraTime

__all__ = ["BirthPlace", "Candidate", "Sex"]

Sex = Literal["M", "F"]


class BirthPlace(PixcoreModel, frozen=True, extra="forbid"):
    """Where a candidate was born, normalised through the referential.

    Born in France: ``country_code`` is ``99100``; ``insee_code`` is set on the INSEE
    path, ``postal_code`` on the postal path, ``city`` always. Born abroad:
    ``insee_code`` is the country code (e.g. ``99134``), no postal code, the city as
    typed, ``department_code`` ``99``.
    """

    country_code: str = Field(pattern=r"^99[0-9]{3}$")
    country: str
    city: str
    insee_code: str | None = None
    postal_code: str | None = None
    department_code: str | None = None


class Candidate(PixcoreModel, frozen=True, extra="forbid"):
    """An enrolled candidate; build one from raw data with ``pixcore.validate_candidate``."""

    last_name: str = Field(min_length=1, description="Nom de naissance")
    first_name: str = Field(min_length=1, description="Prénom")
    birth_date: dt.date
    sex: Sex
    birth_place: BirthPlace
    extra_time: ExtraTime | None = None
    external_id: str | None = Field(default=None, description="Identifiant local")
    email: str | None = Field(default=None, description="E-mail de convocation")
    result_recipient_email: str | None = None
    division: str | None = Field(default=None, description="Classe (division), e.g. 3e B")
