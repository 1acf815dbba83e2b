"""Issue 8 §3: no pupil's name, birth date, IDO or token in any error, repr or log.

Meta-tests walk every pydantic model and every dataclass of pixcore (and of the SQLite
plugin): the model configuration hides inputs in validation errors, and every field that
holds civil data, an identifier or a secret is left out of reprs. Then sentinel values
go through the models, the rules and the importers, and must never come back out in an
exception's text, a repr or a log record. Keys are field names chosen by the integrator,
not values: a coded error names an ASCII identifier key and replaces any other key (free
text, accents, spaces) by "?".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import logging
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import pixcore
from pixcore.errors import PixcoreError
from pixcore.events import CandidateJoined, parse_event
from pixcore.formats.importing import parse_candidates_csv
from pixcore.lifecycle import commands as cmd
from pixcore.models import Candidate, VerifiedIdentity
from pixcore.referential import Referential

SENTINEL = "Zqxlefevresentinel"
SENTINEL_DATE = dt.date(2010, 6, 15)
SENTINEL_TEXTS = (SENTINEL, "2010-06-15", "15/06/2010")

PERSONAL_FIELDS = frozenset({
    "last_name", "first_name", "birth_date", "sex", "birth_place", "extra_time",
    "external_id", "email", "result_recipient_email", "subject", "user", "access_code",
    "session_index", "raw_attributes", "civil", "description", "comment", "data", "users",
    "city", "insee_code", "postal_code", "country", "country_code", "department_code",
})  # fmt: skip
"""Field names that hold civil data, identifiers, secrets or free text about a pupil."""

NOT_PERSONAL = {
    # (class, field): why the field may show
    ("Country", "country_code"): "the referential's country list, not a person's data",
    ("Country", "name"): "idem",
    ("CertificationResult", "comment_for_candidate"): "pixcore's own wording (jury_comments)",
    ("CertificationResult", "comment_for_organization"): "idem",
    ("DemoRow", "candidate"): "the demo's fictional candidates",
    ("CommuneName", "insee_code"): "the referential's commune list",
    ("DecisionTable", "description"): "a rule's own description",
    ("_Test", "candidate"): "idem",
}


def _modules() -> Iterator[Any]:
    packages = [pixcore]
    try:
        import pixcore_sqlite

        packages.append(pixcore_sqlite)
    except ImportError:  # pragma: no cover - the plugin is part of the dev install
        pass
    for package in packages:
        yield package
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".testing" in info.name or info.name.endswith("__main__"):
                continue
            yield importlib.import_module(info.name)


def _classes() -> list[type]:
    seen: dict[str, type] = {}
    for module in _modules():
        for _, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__.startswith(("pixcore", "pixcore_sqlite")):
                seen[f"{value.__module__}.{value.__qualname__}"] = value
    return list(seen.values())


CLASSES = _classes()
MODELS = [c for c in CLASSES if issubclass(c, BaseModel)]
DATACLASSES = [c for c in CLASSES if dataclasses.is_dataclass(c)]


def test_the_walk_finds_the_models_and_dataclasses() -> None:
    names = {c.__name__ for c in MODELS}
    assert {"Candidate", "VerifiedIdentity", "JoinSession", "CandidateJoined",
            "SessionDocument", "CandidateEvaluation"} <= names  # fmt: skip
    assert {"SessionState", "CandidateIdentity", "BirthPlaceInput"} <= {
        c.__name__ for c in DATACLASSES
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__qualname__)
def test_every_model_hides_its_input_in_errors(model: type[BaseModel]) -> None:
    assert model.model_config.get("hide_input_in_errors") is True


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__qualname__)
def test_every_personal_field_of_a_model_is_out_of_its_repr(model: type[BaseModel]) -> None:
    shown = [
        name for name, field in model.model_fields.items()
        if name in PERSONAL_FIELDS and field.repr and (model.__name__, name) not in NOT_PERSONAL
    ]  # fmt: skip
    assert shown == []


@pytest.mark.parametrize("kind", DATACLASSES, ids=lambda c: c.__qualname__)
def test_every_personal_field_of_a_dataclass_is_out_of_its_repr(kind: type) -> None:
    shown = [
        f.name for f in dataclasses.fields(kind)
        if f.name in PERSONAL_FIELDS and f.repr and (kind.__name__, f.name) not in NOT_PERSONAL
    ]  # fmt: skip
    assert shown == []


def _wrong_values(model: type[BaseModel], value: object) -> dict[str, object]:
    """Every field gets ``value`` (the sentinel in a wrong shape), plus an unknown key."""
    return dict.fromkeys(model.model_fields, value) | {"unknown": SENTINEL}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__qualname__)
def test_validation_errors_of_every_model_never_quote_the_input(model: type[BaseModel]) -> None:
    """Values never show; keys may (pydantic's paths), coded errors sanitise them."""
    shapes: list[object] = [{"x": [SENTINEL, {"y": SENTINEL}]}, [SENTINEL], SENTINEL, 10**40]
    for data in [*(_wrong_values(model, shape) for shape in shapes), [SENTINEL], SENTINEL]:
        try:
            model.model_validate(data)
        except ValidationError as error:
            text = str(error) + repr(error) + repr(error.errors(include_input=False))
            assert SENTINEL not in text


def _candidate() -> Candidate:
    return pixcore.validate_candidate(
        {"last_name": SENTINEL, "first_name": SENTINEL, "sex": "F", "birth_date": "2010-06-15",
         "birth_country": "France", "birth_insee_code": "75056", "extra_time": "0.33",
         "email": f"{SENTINEL}@exemple.fr", "external_id": SENTINEL},
        referential=Referential.load(),
    )  # fmt: skip


def _assert_silent(*texts: str) -> None:
    for text in texts:
        for sentinel in SENTINEL_TEXTS:
            assert sentinel not in text, text


def test_reprs_of_values_holding_civil_data_show_none_of_it() -> None:
    candidate = _candidate()
    identity = VerifiedIdentity(
        provider="GAR", subject=SENTINEL, first_name=SENTINEL, last_name=SENTINEL,
        session_index=SENTINEL, raw_attributes={"IDO": (SENTINEL,)},
    )  # fmt: skip
    join = cmd.JoinSession(
        session_number=1, access_code=SENTINEL, first_name=SENTINEL, last_name=SENTINEL,
        birth_date=SENTINEL_DATE, user=SENTINEL,
    )  # fmt: skip
    joined = CandidateJoined(candidate_id="C1", user=SENTINEL)
    report = cmd.FileIssueReport(data={"description": SENTINEL}, filed_by="invigilator")
    for value in (candidate, identity, join, joined, report):
        _assert_silent(repr(value), str(value))
    assert "division" in repr(candidate) or repr(candidate) == "Candidate(division=None)"


def test_errors_of_the_rules_never_quote_a_name_or_a_birth_date() -> None:
    candidate = _candidate()
    referential = Referential.load()
    failures: list[PixcoreError] = []
    calls = [
        lambda: pixcore.find_candidate([candidate], SENTINEL + "x", SENTINEL, SENTINEL_DATE),
        lambda: pixcore.ensure_not_enrolled([candidate], candidate),
        lambda: pixcore.validate_candidate(
            {"last_name": SENTINEL, "first_name": 7, "birth_date": "15/06/2010",
             "birth_city": SENTINEL, "birth_country": SENTINEL, "email": SENTINEL,
             f"Nom {SENTINEL} é": SENTINEL, "extra_time": SENTINEL},
            referential=referential,
        ),
        lambda: pixcore.validate_issue_report(
            {"category": SENTINEL, "description": SENTINEL * 40, "question_number": SENTINEL},
            filed_by=SENTINEL,
        ),
        lambda: parse_event('{"type": "candidate_joined", "candidate_id": "C1", "user": 5,'
                            f' "x": "{SENTINEL}"}}'),
        lambda: parse_event(f'{{"type": "{SENTINEL}"}}'),
        lambda: parse_event(f'{{"type": "session_finalised", "abort_reasons": {{"{SENTINEL} é": 1}}}}'),
        lambda: parse_candidates_csv(
            f"{SENTINEL};{SENTINEL}\r\n".encode(), referential=referential
        ),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(PixcoreError) as caught:
            call()
        failures.append(caught.value)
    for error in failures:
        texts = [str(error), repr(error), error.message, error.message_en, str(error.as_dict())]
        texts += [repr(detail) for detail in error.errors]
        _assert_silent(*texts)


def test_no_log_record_carries_personal_data(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    test_errors_of_the_rules_never_quote_a_name_or_a_birth_date()
    _assert_silent(*(record.getMessage() for record in caplog.records))
