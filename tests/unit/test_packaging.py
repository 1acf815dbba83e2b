"""Library distributions declare ranges; the exact set CI tests is constraints.txt."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PYPROJECTS = sorted(path for path in ROOT.glob("**/pyproject.toml") if ".venv" not in path.parts)
LOCAL = {
    "pixcore", "pixcore-gar", "pixcore-pixaccount", "pixcore-sqlite", "pixcore-postgres",
    "pixcore-web",
}  # fmt: skip
"""The release train's distributions (``pixcore[postgres]`` names pixcore-postgres)."""


def requirements(path: Path) -> list[Requirement]:
    project = tomllib.loads(path.read_text("utf-8"))["project"]
    declared = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        declared += extra
    return [Requirement(text) for text in declared]


def constraints() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text("utf-8").splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pins}


@pytest.mark.parametrize("path", PYPROJECTS, ids=lambda p: str(p.parent.relative_to(ROOT)))
def test_no_exact_pin_in_a_distribution(path: Path) -> None:
    """Every dependency is a range (or unversioned), never ``==`` / ``===``."""
    for requirement in requirements(path):
        operators = {spec.operator for spec in requirement.specifier}
        assert not operators & {"==", "==="}, f"{path}: {requirement}"


def test_constraints_pin_every_third_party_dependency_within_its_range() -> None:
    """constraints.txt pins each declared third-party package, inside the declared range."""
    pinned = constraints()
    for path in PYPROJECTS:
        for requirement in requirements(path):
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            if name in LOCAL or (requirement.marker and not requirement.marker.evaluate()):
                continue
            assert name in pinned, f"{requirement.name} ({path}) is not in constraints.txt"
            assert requirement.specifier.contains(pinned[name]), (requirement, pinned[name])
