"""The public API, the error tree and the message catalogue stay complete and safe."""

from __future__ import annotations

import ast
import inspect
import json
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import BaseModel, ValidationError

import pixcore
import pixcore.models
from pixcore import errors
from pixcore.messages import CATALOGUE, render
from pixcore.models._coded import details_from_validation_error

PACKAGE = Path(pixcore.__file__).parent
CODE_LIKE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


class TestPublicApi:
    def test_all_is_sorted_and_complete(self) -> None:
        """pixcore.__all__ is sorted (constants first) and lists every public name."""
        public = {
            name
            for name, value in vars(pixcore).items()
            if not name.startswith("_") and not inspect.ismodule(value)
        }
        assert set(pixcore.__all__) == public
        constants = [n for n in pixcore.__all__ if n.isupper()]
        others = [n for n in pixcore.__all__ if not n.isupper()]
        assert pixcore.__all__ == sorted(constants) + sorted(others)

    @pytest.mark.parametrize("name", pixcore.__all__)
    def test_every_public_name_is_documented(self, name: str) -> None:
        """Every exported class and function has a docstring."""
        obj = getattr(pixcore, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name

    @pytest.mark.parametrize(
        "package", ["models", "rules", "lifecycle", "events.py", "errors.py", "text.py"]
    )
    def test_the_core_reads_no_clock_and_opens_no_file(self, package: str) -> None:
        """Time is an argument and files are the shell's: no such call in the pure core.

        Which modules the core may import is an import contract (``[tool.importlinter]``
        in pyproject.toml, checked by ``scripts/dev.py lint``); calls are checked here.
        """
        forbidden = {"now", "today", "utcnow", "time", "monotonic", "open", "read_text"}
        root = PACKAGE / package
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            calls = {
                _called_name(node)
                for node in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(node, ast.Call)
            }
            assert not calls & forbidden, path.name


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _codes_in_source() -> set[str]:
    """Every string constant passed as a code to an error, ErrorDetail or coded()."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _called_name(node)
            if not (name.endswith("Error") or name in {"ErrorDetail", "coded"}):
                continue
            arguments = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "code")]
            found |= {
                arg.value
                for arg in arguments
                if isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and CODE_LIKE.match(arg.value)
            }
    return found


class TestCatalogue:
    def test_every_code_in_the_code_base_has_a_message(self) -> None:
        """Any upper-case code written in pixcore has a French and an English message."""
        codes = _codes_in_source()
        assert len(codes) > 10, "the scan finds the codes"
        assert codes - set(CATALOGUE) == set()

    def test_every_table_outcome_that_is_a_code_has_a_message(self) -> None:
        """Error outcomes of the decision tables are catalogued."""
        from pixcore.rules import ALL_TABLES

        for table in ALL_TABLES:
            for outcome in table.outcomes:
                if CODE_LIKE.match(outcome):
                    assert outcome in CATALOGUE, (table.name, outcome)

    @pytest.mark.parametrize("code", sorted(CATALOGUE))
    def test_templates_use_only_safe_placeholders(self, code: str) -> None:
        """Placeholders are safe meta names; French and English use the same ones."""
        safe = {
            "line",
            "column",
            "field",
            "plugin",
            "name",
            "hook",
            "competence",
            "count",
            "missing",
            "expected",
            "remaining_attempts",
            "minutes",
            # edges (issue 8 §1): parameter names, limits, labels from fixed lists
            "argument",
            "max",
            "max_mb",
            "format",
            "encoding",
            "separator",
            # readiness (issue 16): a computer's rank, a browser's name, version, release
            "machine",
            "browser",
            "version",
            "released",
        }
        french, english = CATALOGUE[code]
        names = [{n for _, n, _, _ in string.Formatter().parse(t) if n} for t in (french, english)]
        assert names[0] == names[1]
        assert names[0] <= safe

    def test_render_never_fails(self) -> None:
        """Unknown codes and missing meta render a message instead of raising."""
        assert render("NO_SUCH_CODE", {}) == CATALOGUE["PIXCORE_ERROR"][0]
        assert "{" not in render("INVALID_JSON", {})


class TestErrorTree:
    def test_tree_and_builtin_bases(self) -> None:
        """Domain errors can be caught as pixcore errors or as the matching builtin."""
        assert issubclass(errors.InvalidInputError, ValueError)
        assert issubclass(errors.NotFoundError, LookupError)
        assert issubclass(errors.EngineError, RuntimeError)
        for name in errors.__all__:
            cls = getattr(errors, name)
            if inspect.isclass(cls) and issubclass(cls, Exception):
                assert issubclass(cls, errors.PixcoreError)
                assert cls.__doc__
                assert cls.__name__ in errors.__doc__ or cls is errors.PixcoreError

    def test_error_as_dict_is_json(self) -> None:
        """An error serialises to JSON with its code and both messages."""
        error = errors.CandidateDataError(
            meta={"count": 1}, errors=[errors.ErrorDetail("CANDIDATE_SEX_REQUIRED", field="sex")]
        )
        payload = json.loads(json.dumps(error.as_dict()))
        assert payload["code"] == "CANDIDATE_DATA_INVALID"
        assert payload["errors"][0]["message"] == "Le sexe est obligatoire (M ou F)."
        assert str(error) == error.message

    def test_adapter_catalogue_comes_first(self) -> None:
        """An adapter's own catalogue is looked up before the core's."""

        class GarError(errors.AuthError):
            messages: ClassVar[Mapping[str, tuple[str, str]]] = {
                "SAML_INVALID": ("Réponse refusée.", "Response refused.")
            }

        assert GarError("SAML_INVALID").message == "Réponse refusée."
        assert GarError("SERVICE_UNAVAILABLE").message == CATALOGUE["SERVICE_UNAVAILABLE"][0]

    def test_pydantic_errors_drop_the_input(self) -> None:
        """Turning a pydantic error into details keeps codes and fields, never values."""
        with pytest.raises(ValidationError) as excinfo:
            pixcore.ExtraTime(fraction="secret-123")  # type: ignore[arg-type]
        (detail,) = details_from_validation_error(excinfo.value)
        assert (detail.code, detail.field) == ("CANDIDATE_EXTRA_TIME_INTEGER", "fraction")
        assert "secret" not in repr(detail.as_dict())


MODELS = [
    getattr(pixcore.models, name)
    for name in pixcore.models.__all__
    if inspect.isclass(getattr(pixcore.models, name))
    and issubclass(getattr(pixcore.models, name), BaseModel)
]


class TestModels:
    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    def test_frozen_strict_and_schema_exportable(self, model: type[BaseModel]) -> None:
        """Every model is frozen, forbids unknown fields and exports a JSON Schema."""
        assert model.model_config.get("frozen") is True
        assert model.model_config.get("extra") == "forbid"
        schema = model.model_json_schema()
        assert schema["type"] == "object"
        json.dumps(schema)

    def test_extra_time_is_exact(self) -> None:
        """ExtraTime keeps an exact Decimal, also from a float literal."""
        from decimal import Decimal

        assert pixcore.ExtraTime(fraction=0.33).fraction == Decimal("0.33")  # type: ignore[arg-type]
        assert pixcore.ExtraTime(fraction="1.20").fraction == Decimal("1.20")  # type: ignore[arg-type]
