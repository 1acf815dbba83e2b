"""Every distribution builds, ships its licence, types and README, and installs alone.

Builds the wheel and the sdist of the core and of every adapter and plugin folder
(``python -m build --no-isolation``: no network), reads what they contain and their
metadata (licence, classifiers, URLs, a README whose links work on a package index, the
extras and their release-train bounds), then installs the wheels alone into a fresh
virtual environment (third-party dependencies are borrowed from the test environment,
never pixcore's own sources) and runs the host guide's walkthrough there.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [ROOT, *sorted(p.parent for p in ROOT.glob("*/*/pyproject.toml") if p.parts[-3] in ("adapters", "plugins"))]  # fmt: skip
PACKAGES = {"pixcore": "pixcore"} | {
    f"pixcore-{folder.name}": f"pixcore_{folder.name}" for folder in FOLDERS[1:]
}
"""Distribution name → import package (``adapters/gar`` is ``pixcore-gar``/``pixcore_gar``)."""
RELATIVE_LINK = re.compile(r"\]\((?!https?://|mailto:|#)[^)]*\)")
INTEGRATIONS = {"sqlite", "gar", "pixaccount", "postgres"}
BUILD_SECONDS = 240


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    for folder in FOLDERS:
        subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--skip-dependency-check",
             "--outdir", str(out), str(folder)],
            check=True, capture_output=True, timeout=BUILD_SECONDS,
        )  # fmt: skip
    return out


def normalised(name: str) -> str:
    return name.replace("-", "_")


def wheel_of(dist: Path, name: str) -> Path:
    (wheel,) = dist.glob(f"{normalised(name)}-*.whl")
    return wheel


def metadata(dist: Path, name: str) -> Message:
    with zipfile.ZipFile(wheel_of(dist, name)) as wheel:
        (path,) = (n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(wheel.read(path).decode("utf-8"))


def train_bound(version: str) -> str:
    major, minor, *_ = version.split(".")
    return f"<{major}.{int(minor) + 1},>={major}.{minor}"


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_each_wheel_ships_licence_types_and_a_readme_for_the_index(dist: Path, name: str) -> None:
    package = PACKAGES[name]
    with zipfile.ZipFile(wheel_of(dist, name)) as wheel:
        names = wheel.namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert f"{package}/py.typed" in names
    assert all(n.startswith((f"{package}/", f"{normalised(name)}-")) for n in names)
    meta = metadata(dist, name)
    assert meta["License-Expression"] == "MIT"
    assert meta["Description-Content-Type"] == "text/markdown"
    classifiers = set(meta.get_all("Classifier") or ())
    assert {
        "Topic :: Education",
        "Typing :: Typed",
        "Intended Audience :: Education",
    } <= classifiers
    assert any(c.startswith("Development Status ::") for c in classifiers)
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or ())
    assert {"Homepage", "Documentation", "Repository", "Changelog"} <= set(urls)
    readme = meta.get_payload()
    assert isinstance(readme, str)
    assert readme.startswith(f"# {name}")
    assert RELATIVE_LINK.findall(readme) == []  # a relative link breaks on a package index


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_each_sdist_ships_licence_readme_and_only_its_own_files(dist: Path, name: str) -> None:
    (sdist,) = dist.glob(f"{normalised(name)}-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = [n.split("/", 1)[1] for n in archive.getnames() if "/" in n]
    assert {"LICENSE", "README.md", "pyproject.toml", "PKG-INFO"} <= set(names)
    assert f"{PACKAGES[name]}/py.typed" in names
    assert not [n for n in names if n.startswith(("adapters/", "plugins/", "tests/", "docs/"))]


def test_extras_install_the_integrations_on_one_release_train(dist: Path) -> None:
    core = metadata(dist, "pixcore")
    bound = train_bound(core["Version"])
    extras: dict[str, set[str]] = {}
    for line in core.get_all("Requires-Dist") or ():
        requirement = Requirement(line)
        marker = str(requirement.marker or "")
        found = re.search(r"extra == ['\"]([a-z]+)['\"]", marker)
        if found and requirement.name.startswith("pixcore-"):
            assert str(requirement.specifier) == bound, line
            extras.setdefault(found.group(1), set()).add(requirement.name)
    assert set(extras) == INTEGRATIONS | {"all"}
    assert extras["all"] == set().union(*(extras[name] for name in INTEGRATIONS))
    assert all(len(extras[name]) == 1 for name in INTEGRATIONS)
    assert set(PACKAGES) - {"pixcore"} <= extras["all"]  # every folder is reachable
    for name in set(PACKAGES) - {"pixcore"}:  # and each requires the same train's core
        requires = [Requirement(r) for r in metadata(dist, name).get_all("Requires-Dist") or ()]
        (on_core,) = [r for r in requires if r.name == "pixcore" and not r.marker]
        assert str(on_core.specifier) == bound


def borrowed_dependencies(tmp: Path) -> Path:
    """The test environment's third-party packages, without any pixcore distribution."""
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    deps = tmp / "deps"
    deps.mkdir()
    for entry in site.iterdir():
        if not entry.name.lower().startswith(("pixcore", "_editable_impl_pixcore", "__editable__")):
            (deps / entry.name).symlink_to(entry)
    return deps


FRESH_CHECK = """
import datetime as dt, importlib.metadata as md, importlib.resources as res, json, runpy, sys
import pixcore
prefix = sys.prefix
for package in {packages}:
    module = __import__(package)
    assert module.__file__.startswith(prefix), (package, module.__file__)
    assert res.files(package).joinpath("py.typed").is_file()
plugins = sorted(e.name for e in md.entry_points(group="pixcore.plugins"))
pm = pixcore.create_plugin_manager(plugins=[pixcore.FolderAttachments("attachments")])
service = pixcore.SessionService(pixcore.PluginHost(pm))  # on pixcore-sqlite's file
session = pixcore.Session(number=7, site="S", room="R", date=dt.date(2026, 3, 12),
                          time=dt.time(9), invigilator="I", access_code="BCDF23")
service.execute(7, pixcore.CreateSession(session=session))
assert service.load(7).session == session
results, csv_text = runpy.run_path({guide!r})["main"]()
print(json.dumps({{"plugins": plugins, "statuses": [r["status"] for r in results]}}))
"""


def test_the_wheels_install_alone_in_a_fresh_environment(dist: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    wheels = [str(wheel_of(dist, name)) for name in PACKAGES]
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check",
         "install", "-q", "--no-deps", "--no-index", *wheels],
        check=True, capture_output=True, timeout=BUILD_SECONDS,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "zz_borrowed.pth").write_text(str(borrowed_dependencies(tmp_path)) + "\n")
    check = subprocess.run(  # every installed wheel's requirements are met, in range
        [sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check",
         "check"],
        capture_output=True, text=True, timeout=BUILD_SECONDS,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout[-2000:]
    script = FRESH_CHECK.format(packages=sorted(PACKAGES.values()),
                                guide=str(ROOT / "examples" / "host_guide.py"))  # fmt: skip
    database = {"PIXCORE_SQLITE_PATH": str(tmp_path / "sessions.db"), "PATH": ""}
    run = subprocess.run(
        [str(python), "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True,
        timeout=BUILD_SECONDS, env=database,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    answer = run.stdout.strip().splitlines()[-1]
    assert (tmp_path / "sessions.db").is_file()
    assert answer == (
        '{"plugins": ["gar", "pixaccount", "postgres", "sqlite"], "statuses": ["validated", "cancelled"]}'
    )
    cli = subprocess.run(
        [str(env / "bin" / "pixcore"), "--help"], cwd=tmp_path, capture_output=True, text=True,
        timeout=BUILD_SECONDS,
    )  # fmt: skip
    assert cli.returncode == 0 and cli.stdout.startswith("utilisation : pixcore"), cli.stderr
