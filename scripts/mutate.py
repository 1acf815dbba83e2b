#!/usr/bin/env python3
"""Mutation testing as a gate: mutmut on function bodies, the table mutator on declarations.

    python3 scripts/dev.py mutate                          # rules and lifecycle, in full
    python3 scripts/dev.py mutate pixcore/rules/jury.py    # one module (or a package)
    python3 scripts/dev.py mutate --changed origin/main    # modules changed since a ref

Two kinds of mutants, one score per package:

- *functions*: mutmut 3 (configured in ``pyproject.toml`` ``[tool.mutmut]``: the paths,
  the ``mutmut`` hypothesis profile, the tests that cannot run inside it and why) mutates
  every function and method body. Its results are cached in ``mutants/``: a second run
  only re-tests what changed.
- *tables*: :mod:`scripts.mutate_tables` mutates module-level declarations (decision
  table rows, thresholds, maps), which mutmut leaves alone.

Killed means a test failed (or the mutant timed out, or could not even be built); a
mutant named in ``docs/mutation.md``'s list of equivalent mutants is left out of the
denominator (each with the reason it cannot change behaviour). The command prints one
line per module and per package and fails when a package scores below ``--threshold``
(90 % by default). mutmut runs with one child by default (``--workers``): the machine is
shared. ``--sample N`` (seed ``--seed``, printed) runs a random sample of N mutants of
each kind: an estimate for a quick look, not the gate (see ``docs/mutation.md``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pixcore/rules", "pixcore/lifecycle")
"""What the gate mutates (``[tool.mutmut] only_mutate`` names the same)."""
EQUIVALENTS = ROOT / "docs" / "mutation.md"
"""Where equivalent mutants are listed: one ``- `KEY` — reason`` line each."""
LOG = ROOT / "out" / "mutation"
KILLED_EXIT_CODES = frozenset({1, 3, 36, 37, -24, 24, 152, 255})
"""mutmut's exit codes for killed, timed out and caught by the type checker."""
_EQUIVALENT_LINE = re.compile(r"^- `([^`]+)` — \S")
_EQUIVALENT_MARKER = "<!-- equivalent mutants"
"""The comment that opens the list in ``docs/mutation.md``."""


@dataclass
class Score:
    """Killed and counted mutants of one module (or package), per kind."""

    killed: dict[str, int] = field(default_factory=lambda: {"functions": 0, "tables": 0})
    total: dict[str, int] = field(default_factory=lambda: {"functions": 0, "tables": 0})
    survivors: list[str] = field(default_factory=list)

    def add(self, kind: str, key: str, killed: bool) -> None:
        """Count one mutant of ``kind`` (``functions`` or ``tables``)."""
        self.total[kind] += 1
        self.killed[kind] += killed
        if not killed:
            self.survivors.append(key)

    def percent(self, kind: str | None = None) -> float | None:
        """Killed share in percent, of one kind or both; ``None`` without mutants."""
        kinds = [kind] if kind else list(self.total)
        total = sum(self.total[k] for k in kinds)
        return None if total == 0 else 100.0 * sum(self.killed[k] for k in kinds) / total


def equivalent_keys(text: str) -> set[str]:
    """The mutant keys listed as equivalent in ``docs/mutation.md``'s text.

    Only the list that follows the marker :data:`_EQUIVALENT_MARKER`, up to the next
    heading, is read: a survivor written in the same format elsewhere (the measurements'
    history names test gaps that way) is not an equivalent mutant.
    """
    keys: set[str] = set()
    reading = False
    for line in text.splitlines():
        if line.startswith(_EQUIVALENT_MARKER):
            reading = True
        elif line.startswith("#"):
            reading = False
        elif reading and (m := _EQUIVALENT_LINE.match(line)):
            keys.add(m.group(1))
    return keys


def module_of_mutmut_key(key: str) -> str:
    """``pixcore.rules.jury.x_decide__mutmut_3`` → ``pixcore/rules/jury.py``."""
    dotted = key.split("__mutmut_", 1)[0].rsplit(".", 1)[0]
    return dotted.replace(".", "/") + ".py"


def package_of(module: str) -> str:
    """``pixcore/rules/jury.py`` → ``pixcore/rules``."""
    return module.rsplit("/", 1)[0]


def score(
    function_results: dict[str, int | None],
    table_results: Iterable[tuple[str, str, str]],
    equivalent: set[str],
) -> dict[str, Score]:
    """Scores per module and per package from mutmut's exit codes and the table results.

    ``function_results`` maps a mutmut key to its exit code (``None``: not run, counted
    as a survivor: the gate never passes on mutants it did not check);
    ``table_results`` holds ``(key, module, status)`` of the table mutator.
    """
    scores: dict[str, Score] = {}

    def count(module: str, kind: str, key: str, killed: bool) -> None:
        for name in (module, package_of(module)):
            scores.setdefault(name, Score()).add(kind, key, killed)

    for key, code in sorted(function_results.items()):
        if key not in equivalent:
            count(module_of_mutmut_key(key), "functions", key, code in KILLED_EXIT_CODES)
    for key, module, status in table_results:
        if key not in equivalent:
            count(module, "tables", key, status in ("killed", "timeout"))
    return scores


def stale_equivalents(
    equivalent: set[str],
    modules: Sequence[str],
    table_keys: Callable[[str], set[str]],
    function_keys: set[str],
) -> list[str]:
    """Listed equivalent keys of ``modules`` that name no current mutant.

    Table keys are ``path:line:column:...``: an edit above the declaration moves them.
    mutmut keys number the mutants of a function: an edit of its body renumbers them.
    ``table_keys(module)`` gives the module's current table keys; ``function_keys``
    mutmut's known keys (a module mutmut has not generated yet is not checked).
    """
    generated = {module_of_mutmut_key(key) for key in function_keys}
    stale: list[str] = []
    for key in sorted(equivalent):
        if "__mutmut_" in key:
            module = module_of_mutmut_key(key)
            if module in modules and module in generated and key not in function_keys:
                stale.append(key)
        else:
            module = key.split(":", 1)[0]
            if module in modules and key not in table_keys(module):
                stale.append(key)
    return stale


def current_table_keys(module: str) -> set[str]:
    """The table mutator's keys for ``module`` as the source stands (no mutant is run)."""
    path = ROOT / "scripts" / "mutate_tables.py"
    spec = importlib.util.spec_from_file_location("mutate_tables", path)
    assert spec is not None and spec.loader is not None
    tables = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, tables)
    spec.loader.exec_module(tables)
    return {mutant.key for mutant in tables.enumerate_mutants(module)}


def targets_of(arguments: Sequence[str], changed: str | None) -> list[str]:
    """Modules (``pixcore/rules/jury.py``) named, in the named packages, or changed."""
    if changed is not None:
        diff = subprocess.run(
            ["git", "diff", "--name-only", f"{changed}...HEAD", "--", *PACKAGES],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        arguments = [name for name in diff if (ROOT / name).exists()]
    else:
        arguments = list(arguments) or list(PACKAGES)
    modules: list[str] = []
    for argument in arguments:
        path = ROOT / argument
        found = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        modules += [str(p.relative_to(ROOT)) for p in found if p.suffix == ".py"]
    outside = [m for m in modules if not m.startswith(tuple(f"{p}/" for p in PACKAGES))]
    if outside:
        sys.exit(f"mutate: only {', '.join(PACKAGES)} are mutated, not {', '.join(outside)}")
    return [m for m in modules if not m.endswith("__init__.py")]


def mutmut_results(modules: Sequence[str]) -> dict[str, int | None]:
    """mutmut's recorded exit codes of the modules' mutants (``None``: not run yet)."""
    results: dict[str, int | None] = {}
    for module in modules:
        meta = ROOT / "mutants" / (module + ".meta")
        if meta.exists():
            results.update(json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {}))
    return results


def generate_mutants(modules: Sequence[str]) -> list[str]:
    """Have mutmut write its mutants (none run) so that a sample can be drawn from them.

    mutmut 3 has no "generate only" command: it writes every mutant, then refuses a
    name that matches none. That refusal, on a name no mutant can have, is the call.
    """
    LOG.mkdir(parents=True, exist_ok=True)
    mutmut = Path(sys.executable).parent / "mutmut"
    with (LOG / "mutmut.log").open("w", encoding="utf-8") as log:
        subprocess.run(
            [str(mutmut), "run", "pixcore.no_such_module.x_none__mutmut_1"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    return sorted(mutmut_results(modules))


def run_mutmut(
    modules: Sequence[str], workers: int, sample: int | None, seed: int
) -> dict[str, int | None]:
    """Run mutmut on the modules' functions (or a seeded sample); exit codes by key."""
    LOG.mkdir(parents=True, exist_ok=True)
    names = [m.removesuffix(".py").replace("/", ".") + ".*" for m in modules]
    if sample is not None:
        known = sorted(mutmut_results(modules)) or generate_mutants(modules)
        if not known:
            sys.exit(f"mutate: mutmut generated no mutant; see {LOG / 'mutmut.log'}")
        names = sorted(random.Random(seed).sample(known, min(sample, len(known))))
        print(f"mutmut: a sample of {len(names)} among {len(known)} mutants, seed {seed}")
    mutmut = Path(sys.executable).parent / "mutmut"
    with (LOG / "mutmut.log").open("w", encoding="utf-8") as log:
        done = subprocess.run(
            [str(mutmut), "run", "--max-children", str(workers), *names],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"mutate: mutmut failed (exit {done.returncode}); see {LOG / 'mutmut.log'}")
    results = mutmut_results(modules)
    return results if sample is None else {name: results[name] for name in names}


def run_tables(
    modules: Sequence[str], workers: int, sample: int | None, seed: int
) -> list[tuple[str, str, str]]:
    """Run the table mutator on the modules; ``(key, module, status)`` of each mutant."""
    LOG.mkdir(parents=True, exist_ok=True)
    out = LOG / "tables.json"
    command = [sys.executable, "scripts/mutate_tables.py", *modules, "--workers", str(workers),
               "--json", str(out), "--seed", str(seed)]  # fmt: skip
    command += [] if sample is None else ["--sample", str(sample)]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        sys.exit("mutate: the table mutator failed")
    rows = json.loads(out.read_text("utf-8"))
    return [(row["key"], row["module"], row["status"]) for row in rows]


def _cell(value: Score, kind: str | None) -> str:
    percent = value.percent(kind)
    if percent is None:
        return "—"
    kinds = [kind] if kind else list(value.total)
    killed, total = (sum(d[k] for k in kinds) for d in (value.killed, value.total))
    return f"{percent:5.1f} % ({killed}/{total})"


def report(scores: dict[str, Score], threshold: float) -> int:
    """Print the scores and the survivors; 1 when a package is below ``threshold``."""
    print(f"{'module':42} {'functions':>20} {'tables':>20} {'both':>20}")
    packages = [name for name in scores if name in PACKAGES]
    for name in sorted(scores, key=lambda n: (package_of(n) if n.endswith(".py") else n, n)):
        cells = " ".join(f"{_cell(scores[name], k):>20}" for k in ("functions", "tables", None))
        print(f"{name:42} {cells}")
    for name in packages:
        for key in scores[name].survivors:
            print(f"survivor: {key}")
    failing = [n for n in packages if (scores[n].percent() or 100.0) < threshold]
    for name in failing:
        print(f"mutate: {name} kills {scores[name].percent():.1f} % of its mutants, "
              f"below {threshold:g} %")  # fmt: skip
    return 1 if failing else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help="modules or packages (default: both)")
    parser.add_argument("--changed", metavar="REF", help="only the modules changed since REF")
    parser.add_argument("--threshold", type=float, default=90.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--functions-only", action="store_true", help="skip the table mutator")
    parser.add_argument("--tables-only", action="store_true", help="skip mutmut")
    parser.add_argument("--sample", type=int, help="a seeded sample of N mutants of each kind")
    parser.add_argument("--seed", type=int, default=10, help="the sample's seed (printed)")
    options = parser.parse_args(argv)
    modules = targets_of(options.targets, options.changed)
    if not modules:
        print("mutate: no module of the rules or the lifecycle changed; nothing to mutate")
        return 0
    sample, seed, workers = options.sample, options.seed, options.workers
    functions = {} if options.tables_only else run_mutmut(modules, workers, sample, seed)
    tables = [] if options.functions_only else run_tables(modules, workers, sample, seed)
    equivalent = equivalent_keys(EQUIVALENTS.read_text("utf-8")) if EQUIVALENTS.exists() else set()
    listed = {k for k in equivalent if "__mutmut_" in k or not options.functions_only}
    known = set() if options.tables_only else set(mutmut_results(modules))
    for key in stale_equivalents(listed, modules, current_table_keys, known):
        print(f"mutate: warning: the equivalent mutant {key} names no current mutant "
              f"(its line moved or its function changed): update {EQUIVALENTS.name}")  # fmt: skip
    return report(score(functions, tables, equivalent), options.threshold)


if __name__ == "__main__":
    sys.exit(main())
