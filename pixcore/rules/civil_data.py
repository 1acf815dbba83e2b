"""D9 — a candidate's civil data: every field checked, every error reported at once.

Declared rules (``rules.md`` D9, Pix §3.2): first name and birth name required text;
sex ``M`` or ``F``; birth date ``YYYY-MM-DD``, strictly after 1900-01-01; e-mail
addresses well formed (pixcore makes no DNS check: no I/O); local identifier text;
extra time as D2; billing mode empty for a school (SCO); the birth place as
:mod:`pixcore.rules.birth_place`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

from pixcore.errors import CandidateDataError, ErrorDetail, InvalidInputError
from pixcore.models._guards import require_type, safe_name
from pixcore.models.candidate import BirthPlace, Candidate
from pixcore.models.extra_time import ExtraTime
from pixcore.referential import Referential
from pixcore.rules.birth_place import BirthPlaceInput, check_birth_place
from pixcore.rules.engine import Engine, outcomes
from pixcore.rules.table import DecisionTable, HitPolicy, Row, fact
from pixcore.rules.timing import to_extra_time

__all__ = [
    "CIVIL_DATA",
    "FIELDS",
    "birth_date_from_french",
    "civil_data_facts",
    "validate_candidate",
]

BIRTH_DATE_MIN_EXCLUSIVE = dt.date(1900, 1, 1)
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FRENCH_DATE = re.compile(r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")

FIELDS = (
    "last_name", "first_name", "sex", "birth_date", "birth_country", "birth_city",
    "birth_postal_code", "birth_insee_code", "birth_department_code", "extra_time",
    "external_id", "email", "result_recipient_email", "billing_mode", "division",
)  # fmt: skip
"""The keys :func:`validate_candidate` reads; any other key is refused."""

CIVIL_DATA = DecisionTable(
    name="civil_data",
    description="D9 / §3.2: every field error of a candidate",
    hit_policy=HitPolicy.COLLECT,
    facts={
        "first_name": str,  # missing | not_text | not_printable | ok
        "last_name": str,
        "sex": str,  # missing | invalid | ok
        "birth_date": str,  # missing | bad_format | too_early | ok
        "email": str,  # absent | invalid | ok
        "result_recipient_email": str,
        "external_id": str,  # absent | not_text | ok
        "billing_mode": str,  # absent | present
    },
    rows=(
        Row("last_name_required", "CANDIDATE_LAST_NAME_REQUIRED", when=(fact("last_name") == "missing",)),
        Row("last_name_text", "CANDIDATE_LAST_NAME_MUST_BE_A_STRING", when=(fact("last_name") == "not_text",)),
        Row("last_name_printable", "CANDIDATE_LAST_NAME_CHARACTER_NOT_VALID",
            when=(fact("last_name") == "not_printable",)),
        Row("first_name_required", "CANDIDATE_FIRST_NAME_REQUIRED", when=(fact("first_name") == "missing",)),
        Row("first_name_text", "CANDIDATE_FIRST_NAME_MUST_BE_A_STRING", when=(fact("first_name") == "not_text",)),
        Row("first_name_printable", "CANDIDATE_FIRST_NAME_CHARACTER_NOT_VALID",
            when=(fact("first_name") == "not_printable",)),
        Row("sex_required", "CANDIDATE_SEX_REQUIRED", when=(fact("sex") == "missing",)),
        Row("sex_valid", "CANDIDATE_SEX_NOT_VALID", when=(fact("sex") == "invalid",)),
        Row("birth_date_required", "CANDIDATE_BIRTHDATE_REQUIRED", when=(fact("birth_date") == "missing",)),
        Row("birth_date_format", "CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID", when=(fact("birth_date") == "bad_format",)),
        Row("birth_date_after_1900", "CANDIDATE_BIRTHDATE_MUST_BE_GREATER", when=(fact("birth_date") == "too_early",)),
        Row("email", "CANDIDATE_EMAIL_NOT_VALID", when=(fact("email") == "invalid",)),
        Row("recipient_email", "CANDIDATE_RESULT_RECIPIENT_EMAIL_NOT_VALID",
            when=(fact("result_recipient_email") == "invalid",)),
        Row("external_id_text", "CANDIDATE_EXTERNAL_ID_MUST_BE_A_STRING", when=(fact("external_id") == "not_text",)),
        Row("billing_mode_sco", "CANDIDATE_BILLING_MODE_MUST_BE_EMPTY", when=(fact("billing_mode") == "present",)),
    ),
)  # fmt: skip

_FIELD_OF = {row.outcome: fact_name for row in CIVIL_DATA.rows for fact_name in (row.when[0].fact,)}
_META_OF = {"CANDIDATE_BIRTHDATE_FORMAT_NOT_VALID": {"expected": "AAAA-MM-JJ"}}


_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Controls, format characters (zero-width, bidi, soft hyphen), surrogates, private use,
unassigned code points, line and paragraph separators."""


def _invisible(character: str) -> bool:
    """A character a pupil cannot see or type: an invisible one, or a space but ``" "``."""
    category = unicodedata.category(character)
    return category in _INVISIBLE_CATEGORIES or (category == "Zs" and character != " ")


def _name_state(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing"
    if not isinstance(value, str):
        return "not_text"
    return "not_printable" if any(map(_invisible, value.strip())) else "ok"


def _sex_state(value: object) -> str:
    if value is None or value == "":
        return "missing"
    return "ok" if value in ("M", "F") else "invalid"


def _parse_iso_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _birth_date_state(value: object) -> str:
    if value is None or value == "":
        return "missing"
    parsed = _parse_iso_date(value)
    if parsed is None:
        return "bad_format"
    return "ok" if parsed > BIRTH_DATE_MIN_EXCLUSIVE else "too_early"


def _email_state(value: object) -> str:
    if value is None or value == "":
        return "absent"
    return "ok" if isinstance(value, str) and _EMAIL.match(value.strip()) else "invalid"


def _optional_text_state(value: object) -> str:
    if value is None or value == "":
        return "absent"
    return "ok" if isinstance(value, str) else "not_text"


def civil_data_facts(data: Mapping[str, object]) -> dict[str, str]:
    """The facts of :data:`CIVIL_DATA` for raw candidate ``data``."""
    return {
        "first_name": _name_state(data.get("first_name")),
        "last_name": _name_state(data.get("last_name")),
        "sex": _sex_state(data.get("sex")),
        "birth_date": _birth_date_state(data.get("birth_date")),
        "email": _email_state(data.get("email")),
        "result_recipient_email": _email_state(data.get("result_recipient_email")),
        "external_id": _optional_text_state(data.get("external_id")),
        "billing_mode": "absent" if data.get("billing_mode") in (None, "") else "present",
    }


def birth_date_from_french(text: str) -> str:
    """Convert a date typed ``JJ/MM/AAAA`` (procedure BEF-6b) to ``YYYY-MM-DD``.

    Anything else is returned unchanged, so that validation reports it.
    """
    match = _FRENCH_DATE.match(text.strip())
    return f"{match[3]}-{match[2]}-{match[1]}" if match else text


def _extra_time(value: object, engine: Engine | None) -> ExtraTime | ErrorDetail | None:
    try:
        return to_extra_time(None if value == "" else value, engine=engine)
    except InvalidInputError as error:
        return ErrorDetail(code=error.code, field="extra_time")


def validate_candidate(
    data: Mapping[str, object], *, referential: Referential, engine: Engine | None = None
) -> Candidate:
    """Validate raw civil data (D9) and return the normalised :class:`Candidate`.

    ``data`` uses the keys of :data:`FIELDS`; dates are ``YYYY-MM-DD`` (or
    ``datetime.date``); ``extra_time`` is a fraction (``"0.33"``). Raises
    :class:`CandidateDataError` carrying every error, each with its Pix code.
    """
    require_type(data, Mapping, "data")
    require_type(referential, Referential, "referential")
    errors = [
        ErrorDetail(code="FIELD_NOT_ALLOWED", field=safe_name(key))
        for key in data
        if key not in FIELDS
    ]
    errors += [
        ErrorDetail(code=code, field=_FIELD_OF[code], meta=_META_OF.get(code, {}))
        for code in outcomes(CIVIL_DATA, civil_data_facts(data), engine)
    ]
    extra_time = _extra_time(data.get("extra_time"), engine)
    birth_place = check_birth_place(
        BirthPlaceInput.from_mapping(data), referential=referential, engine=engine
    )
    errors += [extra_time] if isinstance(extra_time, ErrorDetail) else []
    errors += birth_place if isinstance(birth_place, tuple) else []
    if errors:
        raise CandidateDataError(meta={"count": len(errors)}, errors=errors)
    assert isinstance(birth_place, BirthPlace) and not isinstance(extra_time, ErrorDetail)
    return _candidate(data, birth_place, extra_time)


def _stripped(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _candidate(
    data: Mapping[str, object], birth_place: BirthPlace, extra_time: ExtraTime | None
) -> Candidate:
    birth_date = _parse_iso_date(data.get("birth_date"))
    assert birth_date is not None
    return Candidate(
        last_name=str(data["last_name"]).strip(),
        first_name=str(data["first_name"]).strip(),
        birth_date=birth_date,
        sex=data["sex"],  # type: ignore[arg-type]
        birth_place=birth_place,
        extra_time=extra_time,
        external_id=_stripped(data.get("external_id")),
        email=_stripped(data.get("email")),
        result_recipient_email=_stripped(data.get("result_recipient_email")),
        division=_stripped(data.get("division")),
    )
