"""The README's main job (``scripts/dev.py run``) installs every local distribution it needs.

The local distributions are on no package index: a requirement of the main job's
packages on one of them (``pixcore-web[dev]`` needs both adapters) must be installed from
its folder, or pip fails on a fresh machine. Checked from the pyproject files, without pip.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _dev_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("pixcore_dev_script", ROOT / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _local_distributions() -> dict[str, str]:
    """Distribution name → its folder, for every pyproject.toml of the repository."""
    found = {}
    for pyproject in ROOT.glob("*/*/pyproject.toml"):
        name = tomllib.loads(pyproject.read_text("utf-8"))["project"]["name"]
        found[name] = str(pyproject.parent.relative_to(ROOT))
    for folder in (".", "web"):
        data = tomllib.loads((ROOT / folder / "pyproject.toml").read_text("utf-8"))
        found[data["project"]["name"]] = folder
    return found


def _requirements(folder: str, extras: list[str]) -> list[str]:
    project = tomllib.loads((ROOT / folder / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = list(project.get("dependencies", []))
    for extra in extras:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    return [re.match(r"[A-Za-z0-9_.-]+", item).group(0).lower() for item in wanted]  # type: ignore[union-attr]


def test_the_main_job_installs_every_local_distribution_its_packages_require() -> None:
    local = _local_distributions()
    installed = {}
    for item in _dev_script().RUN:
        folder, _, extras = item.partition("[")
        installed[folder] = [e for e in extras.rstrip("]").split(",") if e]
    missing = []
    for folder, extras in installed.items():
        for name in _requirements(folder, extras):
            if name in local and local[name] not in installed:
                missing.append(f"{folder} needs {name} ({local[name]})")
    assert missing == []
    assert "web" in installed and "plugins/sqlite" in installed  # serve --dev, demo
