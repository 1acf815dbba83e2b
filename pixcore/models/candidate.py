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

    ``current_insee_code`` (born in France): the INSEE code of the commune as it is
    today, on both paths. pixcore accepts former codes and names of merged communes
    (``74011`` Annecy-le-Vieux → ``74010``); Pix accepts only current ones, so a host
    sends Pix this code (``docs/decisions.md``, issue 9).
    """

    country_code: str = Field(pattern=r"^99[0-9]{3}$", repr=False)
    country: str = Field(repr=False)
    city: str = Field(repr=False)
    insee_code: str | None = Field(default=None, repr=False)
    postal_code: str | None = Field(default=None, repr=False)
    department_code: str | None = Field(default=None, repr=False)
    current_insee_code: str | None = Field(default=None, repr=False)


class Candidate(PixcoreModel, frozen=True, extra="forbid"):
    """An enrolled candidate; build one from raw data with ``pixcore.validate_candidate``.

    Civil data never shows in a repr (``Candidate(division='3e A')``): read the fields.
    """

    last_name: str = Field(min_length=1, description="Nom de naissance", repr=False)
    first_name: str = Field(min_length=1, description="Prénom", repr=False)
    birth_date: dt.date = Field(repr=False)
    sex: Sex = Field(repr=False)
    birth_place: BirthPlace = Field(repr=False)
    extra_time: ExtraTime | None = Field(default=None, repr=False)
    external_id: str | None = Field(default=None, description="Identifiant local", repr=False)
    email: str | None = Field(default=None, description="E-mail de convocation", repr=False)
    result_recipient_email: str | None = Field(default=None, repr=False)
    division: str | None = Field(default=None, description="Classe (division), e.g. 3e B")
