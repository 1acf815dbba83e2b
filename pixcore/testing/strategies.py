"""The strategies of :mod:`pixcore.testing`."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from pixcore.models import (
    CORE_COMPETENCES,
    Answer,
    CertificationCourse,
    CompetenceProfile,
    ExtraTime,
    Session,
)
from pixcore.models.course import AnswerStatus, CourseState
from pixcore.referential import FRANCE_CODE, Country, Referential
from pixcore.rules.access_code import ACCESS_CODE_DIGITS, ACCESS_CODE_LETTERS
from pixcore.rules.issue_reports import (
    CATEGORIES,
    DEPRECATED_CATEGORIES,
    DEPRECATED_SUBCATEGORIES,
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

DEPARTMENTS: tuple[str, ...] = tuple(
    [f"{i:02d}" for i in range(1, 96) if i != 20]
    + ["2A", "2B"]
    + [str(i) for i in range(971, 977) if i != 975]
)
"""Department codes of metropolitan France, Corsica and the overseas departments."""
INVALID_DEPARTMENTS: tuple[str, ...] = ("20", "2C", "00", "96")
NASTY_NAMES: tuple[str, ...] = (
    "Éloïse",
    "N'Diaye",
    "Lefèvre-Œuvray",
    "D'Artagnan",
    "Zoë",
    "Ç",
    "Jean-Baptiste",
    "de La Fontaine",
    "Maël",
    "Anaïs",
    "O'Neil",
    "Saint-Exupéry",
    "Noé",
    "Bérénice",
)
"""Real-looking names that trip naive code: accents, ligatures, apostrophes, particles."""

_LETTERS = string.ascii_letters + "àâäçéèêëîïôöùûüÿæœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
ANSWER_STATUSES: tuple[AnswerStatus, ...] = (
    "ok",
    "ko",
    "aband",
    "timedout",
    "focusedOut",
    "partially",
)
_PARIS = dt.timezone(dt.timedelta(hours=1))


def _join_parts(parts: list[str], separators: list[str]) -> str:
    pairs = zip(separators, parts[1:], strict=False)
    return parts[0] + "".join(sep + part for sep, part in pairs)


def french_names(*, unicode_form: str | None = None) -> st.SearchStrategy[str]:
    """French first or last names: accents, hyphens, apostrophes, spaces, NFC or NFD."""
    import unicodedata

    part = st.text(alphabet=_LETTERS, min_size=1, max_size=10)
    joined = st.builds(
        lambda parts, seps: (
            parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=False))
        ),
        st.lists(part, min_size=1, max_size=3),
        st.lists(st.sampled_from(["-", "'", " "]), min_size=2, max_size=2),
    )
    names = st.one_of(st.sampled_from(NASTY_NAMES), joined)
    forms = st.just(unicode_form) if unicode_form else st.sampled_from(["NFC", "NFD"])
    return st.builds(lambda name, form: unicodedata.normalize(form, name), names, forms)


def birth_dates(
    min_value: dt.date = dt.date(2005, 1, 1), max_value: dt.date = dt.date(2014, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Birth dates of school candidates (valid: after 1900-01-01)."""
    return st.dates(min_value=min_value, max_value=max_value)


def extra_times(*, max_percent: int = 999) -> st.SearchStrategy[ExtraTime]:
    """Valid extra times: two-decimal fractions from 0 to ``max_percent`` %."""
    hundredths = st.integers(min_value=0, max_value=max_percent)
    return st.builds(lambda n: ExtraTime(fraction=Decimal(n) / 100), hundredths)


def competence_profiles(
    *, min_pix: int = 0, max_pix: int = 40, non_core: bool = True
) -> st.SearchStrategy[CompetenceProfile]:
    """Profiles over the 16 core competences, sometimes with non-core ones (ignored)."""
    core = st.dictionaries(
        st.sampled_from(CORE_COMPETENCES), st.integers(min_pix, max_pix), max_size=16
    )
    extra = st.dictionaries(st.sampled_from(("6.1", "6.2", "7.1")), st.integers(0, 64))
    both = st.builds(lambda a, b: {**b, **a}, core, extra if non_core else st.just({}))
    return st.builds(lambda pix: CompetenceProfile(pix=pix), both)


def access_codes() -> st.SearchStrategy[str]:
    """Valid access codes: 4 letters then 2 digits of the D7 alphabets."""
    letters = st.text(ACCESS_CODE_LETTERS, min_size=4, max_size=4)
    digits = st.text(ACCESS_CODE_DIGITS, min_size=2, max_size=2)
    return st.builds(str.__add__, letters, digits)


def sessions() -> st.SearchStrategy[Session]:
    """Valid sessions."""
    return st.builds(
        Session,
        number=st.integers(1, 10**7),
        site=st.sampled_from(["Collège Jean Moulin", "Lycée Victor Hugo", "Collège Les Tilleuls"]),
        room=st.sampled_from(["Salle 12", "CDI", "Salle informatique B"]),
        date=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
        time=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
        invigilator=st.sampled_from(["Mme Martin", "M. Diallo"]),
        access_code=access_codes(),
        description=st.none(),
    )


def department_codes(*, valid: bool = True) -> st.SearchStrategy[str]:
    """Birth department codes; ``valid=False`` gives codes no commune has."""
    return st.sampled_from(DEPARTMENTS if valid else INVALID_DEPARTMENTS)


def _department(insee: str) -> str:
    return insee[:3] if insee.startswith(("97", "98")) else insee[:2]


def birth_place_data(
    referential: Referential, *, paths: tuple[str, ...] = ("insee", "postal", "abroad")
) -> st.SearchStrategy[dict[str, str]]:
    """Valid raw birth fields (``birth_*`` keys) drawn from ``referential``.

    Paths: France by INSEE code, France by postal code + commune name (historical names
    included), or abroad (country, city, INSEE ``99``, department ``99``).
    """
    codes = [code for code in referential.insee_codes() if referential.actual_commune_name(code)]
    postal_codes = referential.postal_codes()
    foreign = [c for c in referential.countries() if c.code != FRANCE_CODE]
    options = {
        "insee": st.sampled_from(codes).map(_insee_path),
        "postal": st.sampled_from(postal_codes).flatmap(
            lambda postal: _postal_path(referential, postal)
        ),
        "abroad": st.sampled_from(foreign).map(_abroad_path),
    }
    return st.one_of([options[path] for path in paths])


def _insee_path(code: str) -> dict[str, str]:
    return {
        "birth_country": "France",
        "birth_insee_code": code,
        "birth_department_code": _department(code),
    }


def _postal_path(referential: Referential, postal: str) -> st.SearchStrategy[dict[str, str]]:
    names = [name.name for name in referential.communes_for_postal_code(postal)]
    return st.sampled_from(names).map(
        lambda name: {"birth_country": "FRANCE", "birth_postal_code": postal, "birth_city": name}
    )


def _abroad_path(country: Country) -> dict[str, str]:
    return {
        "birth_country": country.name,
        "birth_city": "Ville",
        "birth_insee_code": "99",
        "birth_department_code": "99",
    }


def candidate_data(referential: Referential, **overrides: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Valid raw candidate data for ``validate_candidate`` (override any field)."""
    fixed: Mapping[str, st.SearchStrategy[Any]] = {
        "last_name": french_names(),
        "first_name": french_names(),
        "sex": st.sampled_from(["M", "F"]),
        "birth_date": birth_dates().map(dt.date.isoformat),
        "extra_time": st.one_of(st.none(), extra_times().map(lambda e: str(e.fraction))),
        "external_id": st.one_of(st.none(), st.text(string.digits, min_size=1, max_size=8)),
        "result_recipient_email": st.one_of(st.none(), st.just("prof.principal@college.fr")),
    }
    strategies = {**fixed, **{key: st.just(value) for key, value in overrides.items()}}
    return st.builds(
        lambda base, place: {**place, **base},
        st.fixed_dictionaries(strategies),
        birth_place_data(referential),
    )


def issue_report_data(
    *, valid: bool = True, certification_number: int | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Raw report data; ``valid=True`` gives reports D4 accepts from the invigilator."""
    number = st.just(certification_number) if certification_number else st.integers(1, 10**6)
    return _valid_reports(number) if valid else _invalid_reports(number)


def _valid_reports(number: st.SearchStrategy[int]) -> st.SearchStrategy[dict[str, Any]]:
    description = st.text(_LETTERS + " ", min_size=1, max_size=80).filter(str.strip)
    optional = st.one_of(st.none(), description)
    choices = []
    for category, spec in CATEGORIES.items():
        subs = st.sampled_from(sorted(spec.subcategories)) if spec.subcategories else st.none()
        choices.append(
            st.fixed_dictionaries(
                {
                    "certification_number": number,
                    "category": st.just(category),
                    "subcategory": subs,
                    "question_number": st.integers(1, 500) if spec.question_number else st.none(),
                    "description": description if spec.description_required else optional,
                }
            )
        )
    return st.one_of(choices)


def _invalid_reports(number: st.SearchStrategy[int]) -> st.SearchStrategy[dict[str, Any]]:
    deprecated = st.fixed_dictionaries(
        {
            "certification_number": number,
            "category": st.sampled_from(DEPRECATED_CATEGORIES),
            "description": st.just("texte"),
        }
    )
    deprecated_sub = st.fixed_dictionaries(
        {
            "certification_number": number,
            "category": st.just("IN_CHALLENGE"),
            "subcategory": st.sampled_from(DEPRECATED_SUBCATEGORIES),
            "question_number": st.integers(1, 500),
            "description": st.just("texte"),
        }
    )
    bad_question = st.fixed_dictionaries(
        {
            "certification_number": number,
            "category": st.just("IN_CHALLENGE"),
            "subcategory": st.just("WEBSITE_UNAVAILABLE"),
            "question_number": st.one_of(st.none(), st.sampled_from([0, 501, -3])),
            "description": st.just("texte"),
        }
    )
    blank = st.fixed_dictionaries(
        {
            "certification_number": number,
            "category": st.sampled_from(["SIGNATURE_ISSUE", "NON_BLOCKING_TECHNICAL_ISSUE"]),
            "description": st.sampled_from(["", "   ", None]),
        }
    )
    unknown = st.fixed_dictionaries({"certification_number": number, "category": st.just("NOPE")})
    return st.one_of(deprecated, deprecated_sub, bad_question, blank, unknown)


def certification_courses(
    *,
    states: tuple[CourseState, ...] = ("started", "completed", "endedByInvigilator"),
    started_at: st.SearchStrategy[dt.datetime] | None = None,
) -> st.SearchStrategy[CertificationCourse]:
    """Certification courses with answers in chronological order."""
    starts = started_at or st.datetimes(
        dt.datetime(2025, 1, 1), dt.datetime(2030, 1, 1), timezones=st.just(_PARIS)
    )
    return st.builds(
        lambda number, start, statuses, state: CertificationCourse(
            certification_number=number,
            started_at=start,
            answers=tuple(Answer(status=status) for status in statuses),
            state=state,
        ),
        st.integers(1, 10**6),
        starts,
        st.lists(st.sampled_from(ANSWER_STATUSES), max_size=48),
        st.sampled_from(states),
    )
