#!/usr/bin/env python3
"""Bootstrap and run pixcore's jobs with nothing but Python 3.11+ and pip.

    python3 scripts/dev.py run      # the main job: pixcore demo (a whole session, SQLite)
    python3 scripts/dev.py run serve --dev   # the web host on http://127.0.0.1:8000/
    python3 scripts/dev.py test     # the whole test suite (core, adapters, plugins)
    python3 scripts/dev.py lint     # ruff, mypy --strict, import contracts (lint-imports)
    python3 scripts/dev.py bench    # the benchmarks (see benchmarks/README.md)
    python3 scripts/dev.py docs     # build the documentation site strictly into site/
    python3 scripts/dev.py freeze   # rewrite constraints.txt from what .venv holds
    python3 scripts/dev.py mutate   # mutation score of the rules and lifecycle (>= 90 %)

Each command creates ``.venv`` next to this repository's ``pyproject.toml`` when it is
missing, installs what it needs into it (editable installs of the core and of every
adapter and plugin distribution, with their test extras), and reinstalls only when a
``pyproject.toml`` or ``constraints.txt`` changed. The distributions declare version
*ranges*; ``constraints.txt`` pins the exact set CI tests (``pip install -c``). ``run``
installs the core, the SQLite store and the web host (``run serve --dev``): it never
builds durable_rules (``test`` and ``lint`` do). Extra arguments go to the underlying tool, e.g.
``python3 scripts/dev.py test -k eligibility`` or
``python3 scripts/dev.py run evaluate examples/session.json --json``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

CORE = [".[durable,dev,docs]"]
"""The core with the optional durable_rules engine (built from source) and dev tools."""
CONSTRAINTS = ROOT / "constraints.txt"
"""The exact versions CI tests; the distributions themselves declare ranges."""
DISTRIBUTIONS = [
    "adapters/pixaccount[test]",
    "adapters/gar[asgi,test]",
    "plugins/sqlite[test]",
    "plugins/postgres[binary,test]",  # issue 13: tests start a throwaway PostgreSQL cluster
    "web[test]",  # pixcore-web: the reference web host (issue 15)
]
"""Adapter and plugin distributions, installed when their folder exists."""
LINTED = ["pixcore", "adapters/gar/pixcore_gar", "adapters/pixaccount/pixcore_pixaccount",
          "plugins/sqlite/pixcore_sqlite", "plugins/postgres/pixcore_postgres", "examples",
          "web/pixcore_web"]  # fmt: skip


def _present(requirement: str) -> bool:
    folder = requirement.split("[", 1)[0]
    return (ROOT / folder / "pyproject.toml").exists()


CONSTRAINTS_HEADER = """\
# The exact versions CI tests (python3 scripts/dev.py freeze rewrites this file from .venv).
# The distributions' pyproject.toml files declare ranges; scripts/dev.py installs with
# `pip install -c constraints.txt`, and so can a host that wants the tested set.
#
# xmlsec and lxml must link the same libxml2 (saml.md section 5.4): change them only as a
# pair of wheels built on one libxml2 (xmlsec 1.3.17 + lxml 6.1.3: both libxml2 2.14.6);
# adapters/gar/tests/test_gar_smoke.py::test_lxml_and_xmlsec_share_libxml2 checks it.
# python3-saml 1.16.0 is the release pixcore_gar.library.FastLibrary mirrors (others: as shipped).
# durable_rules 2.0.28 is built from source (gcc, Python headers); never by `run`.
"""


RUN = [".", "plugins/sqlite", "adapters/pixaccount", "adapters/gar", "web[dev]"]
"""What the main jobs need: the core (without durable_rules), the embedded store, and the
web host with its dev mode (``run serve --dev``: the Pix-account adapter's fake Pix API
and the GAR adapter's ASGI app with its test IdP). ``web[dev]`` requires both adapters:
each must be listed here (editable) since neither is on a package index."""


def _requirements(full: bool) -> list[str]:
    wanted = CORE + DISTRIBUTIONS if full else RUN
    editable = [part for r in wanted if _present(r) for part in ("-e", r)]
    return [*editable, "-c", str(CONSTRAINTS)] if CONSTRAINTS.exists() else editable


def _stamp(requirements: list[str]) -> str:
    digest = hashlib.sha256(" ".join(requirements).encode())
    for pyproject in sorted([*ROOT.glob("**/pyproject.toml"), CONSTRAINTS]):
        if ".venv" not in pyproject.parts and pyproject.exists():
            digest.update(pyproject.read_bytes())
    return digest.hexdigest()


def ensure_environment(*, full: bool) -> None:
    """Create ``.venv`` and install the project into it, unless already up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may run on an older python3
        sys.exit("pixcore needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    requirements = _requirements(full)
    stamp_file = VENV / (".pixcore-installed-full" if full else ".pixcore-installed-run")
    stamp = _stamp(requirements)
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    print("Installing pixcore and its dependencies into .venv ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True, cwd=ROOT)
    subprocess.run([*pip, "install", *requirements], check=True, cwd=ROOT)
    stamp_file.write_text(stamp)


def _run(*command: str) -> int:
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def run(args: list[str]) -> int:
    """The main job: ``pixcore demo``, or the ``pixcore`` subcommand given."""
    ensure_environment(full=False)
    return _run(str(BIN / "pixcore"), *(args or ["demo"]))


def test(args: list[str]) -> int:
    """Run every test suite with pytest."""
    ensure_environment(full=True)
    return _run(str(PYTHON), "-m", "pytest", *args)


def lint(args: list[str]) -> int:
    """ruff check, ruff format --check, mypy --strict and the import contracts."""
    ensure_environment(full=True)
    packages = [p for p in LINTED if (ROOT / p).exists()]
    steps = [
        [str(PYTHON), "-m", "ruff", "check", "."],
        [str(PYTHON), "-m", "ruff", "format", "--check", "."],
        *([str(PYTHON), "-m", "mypy", "--strict", package] for package in packages),
        [str(BIN / "lint-imports")],
    ]
    return max(_run(*step) for step in steps)


def bench(args: list[str]) -> int:
    """Run the benchmarks (arguments go to benchmarks/bench_decisions.py)."""
    ensure_environment(full=True)
    return _run(str(PYTHON), "benchmarks/bench_decisions.py", *args)


def docs(args: list[str]) -> int:
    """Build the documentation site in strict mode (a broken link fails); ``serve`` serves it."""
    ensure_environment(full=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    action = args[:1] if args[:1] == ["serve"] else ["build", "--strict", "--clean"]
    return subprocess.run([str(BIN / "mkdocs"), *action, *args[1:]], cwd=ROOT, env=env).returncode


def freeze(args: list[str]) -> int:
    """Rewrite constraints.txt: every non-editable package .venv holds, exactly."""
    ensure_environment(full=True)
    frozen = subprocess.run(
        [str(PYTHON), "-m", "pip", "freeze", "--exclude-editable", "--disable-pip-version-check"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    lines = sorted((line for line in frozen.splitlines() if "==" in line), key=str.lower)
    CONSTRAINTS.write_text(CONSTRAINTS_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"constraints.txt: {len(lines)} packages")
    return 0


def mutate(args: list[str]) -> int:
    """Mutation testing gate (scripts/mutate.py: mutmut plus the table mutator, >= 90 %)."""
    ensure_environment(full=True)
    return _run(str(PYTHON), "scripts/mutate.py", *args)


COMMANDS = {"run": run, "test": test, "lint": lint, "bench": bench, "freeze": freeze, "docs": docs,
            "mutate": mutate}  # fmt: skip


def main() -> int:
    """Dispatch ``python3 scripts/dev.py COMMAND [ARGS...]``."""
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
