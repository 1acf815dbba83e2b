#!/usr/bin/env python3
"""Mutation testing of module-level declarations: decision tables, constants, maps.

mutmut mutates function bodies only; pixcore's rules are mostly *data* declared at
module level (``DecisionTable`` rows, thresholds, category maps). This tool mutates
that data, one change at a time, and runs the tests against each mutant:

- ``flip``: a comparison operator (``>=`` ↔ ``>``, ``<`` ↔ ``<=``, ``==`` ↔ ``!=``);
- ``int``: an integer constant ``± 1`` (not an index: ``x[0]`` is structure, not a rule);
- ``bool``: ``True`` ↔ ``False``, and a name bound to a boolean (``_T``/``_F``) swapped;
- ``str``: a string constant changed (``"ok"`` → ``"XXokXX"``), and a row's outcome
  swapped for another outcome of its table;
- ``delete``: one element of a tuple, list, set or dict literal removed (a row, a
  condition, an allowed value, a map entry);
- ``swap``: two adjacent rows of a table exchanged (order is the rule for first-hit
  tables, and names the primary error of collecting ones).

Not mutated: docstrings, ``__all__``, type aliases, row ids, ``cites=``,
``description=`` and ``name=`` texts, fact names (a wrong one is refused when the table
is built), and function bodies (mutmut's job).

Each mutant runs in a forked child: the target module's mutated syntax tree is served
by an import hook, every other module is the original, and pytest runs the selected
tests with ``-x`` (the pinned-rule tests first, so a killed mutant stops early). A
mutant that cannot even be imported (the table language refuses it) counts as killed
and is reported as such.

    .venv/bin/python scripts/mutate_tables.py [pixcore/rules/jury.py ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import ast
import copy
import dataclasses
import importlib.abc
import importlib.util
import json
import os
import random
import select
import signal
import sys
import time
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("pixcore/rules", "pixcore/lifecycle")
"""Whose module-level declarations are mutated by default."""
FIRST_TESTS = ("tests/pinned",)
"""Run first: the tests that pin each rule to its source kill most mutants in seconds."""
_SKIPPED_KEYWORDS = frozenset({"cites", "description", "name"})
_TYPING_NAMES = frozenset({"Literal", "TypeVar", "Callable", "Mapping", "Protocol", "Any"})
_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.GtE: ast.Gt, ast.Gt: ast.GtE, ast.LtE: ast.Lt, ast.Lt: ast.LtE,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Mutant:
    """One change to one module: where, which operator, what it does."""

    module: str
    """Repository-relative path of the mutated file."""
    key: str
    """Stable name: ``path:line:column:operator[:n]``."""
    line: int
    operator: str
    description: str
    path: tuple[tuple[str, int | None], ...]
    """Fields and indexes from the module node to the mutated node."""
    argument: Any = None


# ----------------------------------------------------------------------- enumeration


def _node_at(tree: ast.AST, path: Sequence[tuple[str, int | None]]) -> Any:
    node: Any = tree
    for field, index in path:
        node = getattr(node, field)
        if index is not None:
            node = node[index]
    return node


def _constant_bools(tree: ast.Module) -> dict[str, bool]:
    """Module names bound to a boolean: ``_T, _F = True, False``."""
    found: dict[str, bool] = {}
    for statement in tree.body:
        if not isinstance(statement, ast.Assign):
            continue
        for target in statement.targets:
            pairs: list[tuple[ast.expr, ast.expr]] = []
            if isinstance(target, ast.Tuple) and isinstance(statement.value, ast.Tuple):
                pairs = list(zip(target.elts, statement.value.elts, strict=False))
            else:
                pairs = [(target, statement.value)]
            for name, value in pairs:
                constant = isinstance(value, ast.Constant) and isinstance(value.value, bool)
                if isinstance(name, ast.Name) and constant:
                    found[name.id] = value.value  # type: ignore[attr-defined]
    return found


def _is_typing(value: ast.AST) -> bool:
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.BitOr):
        return True
    return any(isinstance(n, ast.Name) and n.id in _TYPING_NAMES for n in ast.walk(value))


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def _declarations(tree: ast.Module) -> Iterator[tuple[tuple[tuple[str, int | None], ...], ast.AST]]:
    """The module-level statements to mutate, with their paths (class defaults too)."""
    for index, statement in enumerate(tree.body):
        path: tuple[tuple[str, int | None], ...] = (("body", index),)
        if isinstance(statement, ast.ClassDef):
            for inner, member in enumerate(statement.body):
                if isinstance(member, ast.AnnAssign) and member.value is not None:
                    yield (*path, ("body", inner), ("value", None)), member.value
            continue
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if statement.value is None or "__all__" in names or _is_typing(statement.value):
                continue
            yield (*path, ("value", None)), statement.value


def _children(node: ast.AST) -> Iterator[tuple[str, int | None, ast.AST]]:
    for field, value in ast.iter_fields(node):
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, ast.AST):
                    yield field, index, item
        elif isinstance(value, ast.AST):
            yield field, None, value


class _Enumerator:
    """Walks one declaration and lists its mutation points."""

    def __init__(self, module: str, bools: dict[str, bool]) -> None:
        self.module, self.bools = module, bools
        self.found: list[Mutant] = []
        self.outcomes: set[int] = set()
        """Row outcomes: swapped for another outcome rather than changed."""
        self.unpacked: set[int] = set()
        """Tuples unpacked into names (``_T, _F = True, False``): their length is structure."""

    def add(self, node: ast.AST, path: Any, operator: str, text: str, arg: Any = None) -> None:
        line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
        count = sum(m.line == line and m.key.split(":")[2] == str(column) for m in self.found)
        key = f"{self.module}:{line}:{column}:{operator}:{count}"
        self.found.append(Mutant(self.module, key, line, operator, text, tuple(path), arg))

    def walk(self, node: ast.AST, path: tuple[tuple[str, int | None], ...]) -> None:
        if isinstance(node, ast.Call) and _call_name(node) == "Row" and len(node.args) > 1:
            self.outcomes.add(id(node.args[1]))
        self.visit(node, path)
        for field, index, child in _children(node):
            if self._skipped(node, field, index):
                continue
            self.walk(child, (*path, (field, index)))

    @staticmethod
    def _skipped(parent: ast.AST, field: str, index: int | None) -> bool:
        if isinstance(parent, ast.keyword):
            return parent.arg in _SKIPPED_KEYWORDS or parent.arg == "facts"
        if isinstance(parent, ast.Subscript) and field == "slice":
            return True  # an index is structure, not a rule value
        if isinstance(parent, ast.Call):
            name = _call_name(parent)
            if name == "fact" or (name == "Row" and field == "args" and index == 0):
                return True  # fact names are checked by the table; row ids are labels
        return False

    def visit(self, node: ast.AST, path: Any) -> None:
        source = ast.unparse(node) if isinstance(node, ast.expr) else ""
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _FLIPS:
            self.add(node, path, "flip", f"{source}: operator flipped")
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            self.add(node, path, "bool", f"{source} → {not node.value}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, int):
            self.add(node, path, "int", f"{source} → {node.value + 1}", 1)
            self.add(node, path, "int", f"{source} → {node.value - 1}", -1)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not any(c.isspace() for c in node.value) and id(node) not in self.outcomes:
                self.add(node, path, "str", f"{source} changed")
        elif isinstance(node, ast.Name) and node.id in self.bools:
            self.add(node, path, "bool", f"{node.id} → {not self.bools[node.id]}")
        elif (
            isinstance(node, ast.Tuple | ast.List | ast.Set)
            and len(node.elts) > 1
            and (id(node) not in self.unpacked)
        ):
            for index, element in enumerate(node.elts):
                text = ast.unparse(element).replace("\n", " ")[:70]
                self.add(node, path, "delete", f"element {index} deleted: {text}", index)
        elif isinstance(node, ast.Dict) and len(node.keys) > 1:
            for index, key in enumerate(node.keys):
                text = ast.unparse(key) if key is not None else "**"
                self.add(node, path, "delete", f"entry {text} deleted", index)
        if isinstance(node, ast.Call) and _call_name(node) == "DecisionTable":
            self._table(node, path)

    def _table(self, node: ast.Call, path: Any) -> None:
        rows = next((k for k in node.keywords if k.arg == "rows"), None)
        if rows is None or not isinstance(rows.value, ast.Tuple):
            return
        keyword_index = node.keywords.index(rows)
        rows_path = (*path, ("keywords", keyword_index), ("value", None))
        outcomes = [_outcome(row) for row in rows.value.elts]
        for index in range(len(rows.value.elts) - 1):
            self.add(rows.value, rows_path, "swap", f"rows {index} and {index + 1} swapped", index)
        for index, row in enumerate(rows.value.elts):
            outcome = outcomes[index]
            other = next((o for o in outcomes if o is not None and o != outcome), None)
            if outcome is None or other is None or not isinstance(row, ast.Call):
                continue
            row_path = (*rows_path, ("elts", index), ("args", 1))
            self.add(row.args[1], row_path, "outcome", f"row {index}: {outcome} → {other}", other)


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _outcome(row: ast.expr) -> str | None:
    """A row's outcome as source text: ``'none'``, ``_OUT_OF_RANGE``, ``f'error:{X}'``."""
    if isinstance(row, ast.Call) and len(row.args) > 1:
        return ast.unparse(row.args[1])
    return None


def enumerate_mutants(module: str, source: str | None = None) -> list[Mutant]:
    """Every mutant of the module-level declarations of ``module`` (a relative path)."""
    text = source if source is not None else (ROOT / module).read_text("utf-8")
    tree = ast.parse(text)
    enumerator = _Enumerator(module, _constant_bools(tree))
    for statement in tree.body:
        tuple_value = isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple)
        if tuple_value and any(isinstance(t, ast.Tuple) for t in statement.targets):  # type: ignore[attr-defined]
            enumerator.unpacked.add(id(statement.value))  # type: ignore[attr-defined]
    for path, node in _declarations(tree):
        if _is_docstring_value(node):
            continue
        enumerator.walk(node, path)
    return enumerator.found


def _is_docstring_value(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value


def apply(mutant: Mutant, source: str) -> ast.Module:
    """The syntax tree of ``source`` with ``mutant`` applied."""
    tree = ast.parse(source)
    parent_path, (field, index) = mutant.path[:-1], mutant.path[-1]
    node = _node_at(tree, mutant.path)
    operator = mutant.operator
    if operator == "flip":
        node.ops = [_FLIPS[type(node.ops[0])]()]
    elif operator == "bool" and isinstance(node, ast.Constant):
        node.value = not node.value
    elif operator == "bool":
        bools = _constant_bools(tree)
        _replace(tree, parent_path, field, index, ast.Constant(not bools[node.id]))
    elif operator == "int":
        node.value += mutant.argument
    elif operator == "str":
        node.value = f"XX{node.value}XX"
    elif operator == "outcome":  # another row's outcome expression: a string, a name...
        _replace(tree, parent_path, field, index, ast.parse(mutant.argument, mode="eval").body)
    elif operator == "delete" and isinstance(node, ast.Dict):
        del node.keys[mutant.argument], node.values[mutant.argument]
    elif operator == "delete":
        del node.elts[mutant.argument]
    elif operator == "swap":
        i = mutant.argument
        node.elts[i], node.elts[i + 1] = node.elts[i + 1], node.elts[i]
    return ast.fix_missing_locations(tree)


def _replace(tree: ast.AST, parent: Any, field: str, index: int | None, new: ast.AST) -> None:
    holder = _node_at(tree, parent)
    old = getattr(holder, field) if index is None else getattr(holder, field)[index]
    ast.copy_location(new, old)
    if index is None:
        setattr(holder, field, new)
    else:
        getattr(holder, field)[index] = new


# ----------------------------------------------------------------------- reach


def _bound_names(statement: ast.stmt) -> set[str]:
    if isinstance(statement, ast.ClassDef | ast.FunctionDef):
        return {statement.name}
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets = list(statement.targets)
    elif isinstance(statement, ast.AnnAssign):
        targets = [statement.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _loaded_names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


class Reach:
    """Which executed lines read a module-level name, across pixcore and the tests.

    A mutant changes the names its statement binds, the module-level names computed
    from them (``_NEEDS_DESCRIPTION`` from ``CATEGORIES``), and every alias imported
    elsewhere (``from pixcore.rules.jury import CERTIFIED_LEVEL``, re-exports
    included). The tests worth running are those whose coverage context executed a
    statement reading one of those names, plus every test of a test file importing one.
    """

    def __init__(self, files: Sequence[Path]) -> None:
        self.trees = {f: ast.parse(f.read_text("utf-8")) for f in files}
        self.modules = {module_name(str(f.relative_to(ROOT))): f for f in files}

    def affected(self, module: str, names: set[str]) -> dict[Path, set[str]]:
        """Names (per file) whose value depends on ``names`` of ``module``."""
        found: dict[Path, set[str]] = {}
        todo = [(module, set(names))]
        while todo:
            current, changed = todo.pop()
            path = self.modules.get(current)
            if path is None:
                continue
            known = found.setdefault(path, set())
            fresh = changed - known
            if not fresh:
                continue
            known |= fresh
            derived = {
                name
                for statement in self.trees[path].body
                if not isinstance(statement, ast.FunctionDef | ast.ClassDef | ast.Import)
                and not isinstance(statement, ast.ImportFrom)
                and _loaded_names(statement) & known
                for name in _bound_names(statement)
            }
            todo.append((current, derived))
            for other, tree in self.trees.items():
                aliases = {
                    alias.asname or alias.name
                    for statement in tree.body
                    if isinstance(statement, ast.ImportFrom) and statement.module == current
                    for alias in statement.names
                    if alias.name in fresh
                }
                if aliases:
                    todo.append((module_name(str(other.relative_to(ROOT))), aliases))
        return found

    def lines(self, affected: dict[Path, set[str]]) -> set[tuple[str, int]]:
        """(file, line) of every statement inside a function that reads an affected name."""
        found: set[tuple[str, int]] = set()
        for path, names in affected.items():
            for function in ast.walk(self.trees[path]):
                if not isinstance(function, ast.FunctionDef | ast.Lambda):
                    continue
                for statement in ast.walk(function):
                    if (
                        isinstance(statement, ast.stmt)
                        and not isinstance(statement, ast.FunctionDef)
                        and _loaded_names(statement) & names
                    ):
                        found.add((str(path), statement.lineno))
                if isinstance(function, ast.Lambda) and _loaded_names(function) & names:
                    found.add((str(path), function.lineno))
        return found


# ----------------------------------------------------------------------- running


class _MutatedModule(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves one module from a mutated syntax tree; every other import is untouched."""

    def __init__(self, name: str, filename: str, tree: ast.Module) -> None:
        self.name, self.filename, self.tree = name, filename, tree

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=self.filename)

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: Any) -> None:
        module.__file__ = self.filename
        exec(compile(copy.deepcopy(self.tree), self.filename, "exec"), module.__dict__)


def module_name(relative: str) -> str:
    """``pixcore/rules/jury.py`` → ``pixcore.rules.jury``."""
    name = relative.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def pytest_arguments() -> tuple[list[str], list[str]]:
    """Two runs: the pinned-rule tests alone, then what mutmut runs (``[tool.mutmut]``).

    Both with ``-x``: the first failure kills the mutant.
    """
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    selection = list(config.get("pytest_add_cli_args_test_selection", []))
    common = ["-x", "-q", "-p", "no:cacheprovider", *config.get("pytest_add_cli_args", [])]
    common += ["-W", "ignore::pytest.PytestAssertRewriteWarning"]  # hypothesis, pre-imported
    first = [p for p in FIRST_TESTS if (ROOT / p).exists()]
    paths = [a for a in selection if not a.startswith("-")]
    options = [a for a in selection if a.startswith("-")]
    return [*common, *first], [*common, *options, *[p for p in paths if p not in first]]


def _enter_child() -> None:
    """In a forked child: work from the repository, output to the log (or nowhere)."""
    os.chdir(ROOT)
    output = os.open(
        os.environ.get("PIXCORE_MUTANT_LOG", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_APPEND
    )
    os.dup2(output, 1)
    os.dup2(output, 2)


def _child(mutant: Mutant | None, arguments: list[str]) -> None:
    """In the forked child: install the mutant, run pytest, exit with its code."""
    code = 3
    try:
        _enter_child()
        if mutant is not None:
            source = (ROOT / mutant.module).read_text("utf-8")
            finder = _MutatedModule(
                module_name(mutant.module), str(ROOT / mutant.module), apply(mutant, source)
            )
            sys.meta_path.insert(0, finder)
        import pytest

        plugins: list[object] = [_HypothesisEntryPoint()]
        if mutant is not None:
            plugins.append(_MutantFirst(finder))
        code = int(pytest.main(arguments, plugins=plugins))
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


class _MutantFirst:
    """Puts the mutant's finder back in front of pytest's assertion rewriter.

    pytest inserts its rewriter first on ``sys.meta_path``, and the rewriter loads any
    module named like a test file itself (``*_test.py``: ``rules/technical_test.py``),
    from the disk: without this, such a module's mutants were never imported.
    """

    def __init__(self, finder: importlib.abc.MetaPathFinder) -> None:
        self.finder = finder

    def _first(self) -> None:
        if self.finder in sys.meta_path:
            sys.meta_path.remove(self.finder)
        sys.meta_path.insert(0, self.finder)

    def pytest_load_initial_conftests(self, early_config: Any, args: Any, parser: Any) -> None:
        """Before the conftests import pixcore (the rewriter is installed just before)."""
        self._first()

    def pytest_configure(self, config: Any) -> None:
        self._first()


class _HypothesisEntryPoint:
    """Runs pixcore's ``hypothesis`` entry point, which the parent imported hypothesis without."""

    def pytest_configure(self, config: Any) -> None:
        from pixcore._hypothesis_plugin import _hypothesis_setup_hook

        _hypothesis_setup_hook()


def _warm_up() -> None:
    """Import the heavy third-party modules once; every forked child inherits them.

    pixcore itself is never imported here: each child imports it, mutant included.
    Hypothesis would import pixcore through its entry point, so it is imported without
    plugins and each child runs pixcore's hook itself.
    """
    os.environ["HYPOTHESIS_NO_PLUGINS"] = "1"
    import hypothesis  # noqa: F401
    import pydantic  # noqa: F401
    import pytest  # noqa: F401

    del os.environ["HYPOTHESIS_NO_PLUGINS"]
    assert not any(name == "pixcore" or name.startswith("pixcore.") for name in sys.modules)


@dataclasses.dataclass
class Result:
    """A mutant's verdict: ``killed``, ``survived``, ``timeout`` or ``error``."""

    mutant: Mutant
    status: str
    seconds: float


def _status(exit_code: int) -> str:
    return {0: "survived", 1: "killed", 2: "killed", 3: "killed", 5: "no tests"}.get(
        exit_code, "error"
    )


class _Pool:
    """At most ``workers`` forked children at a time, each killed past ``limit`` seconds."""

    def __init__(self, workers: int, limit: float) -> None:
        self.workers, self.limit = workers, limit
        self.running: dict[int, tuple[Mutant, float]] = {}

    def map(self, mutants: Sequence[Mutant], arguments: Any, show: Any) -> list[Result]:
        """Run each mutant with ``arguments(mutant)``: a pytest command line."""
        pending, results = list(mutants), []
        while pending or self.running:
            while pending and len(self.running) < self.workers:
                mutant = pending.pop(0)
                self.running[_fork(mutant, arguments(mutant))] = (mutant, time.monotonic())
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                results += self._kill_late()
                time.sleep(0.02)
                continue
            mutant, begun = self.running.pop(pid)
            code = os.waitstatus_to_exitcode(status)
            results.append(Result(mutant, _status(code), time.monotonic() - begun))
            show(results)
        return results

    def _kill_late(self) -> list[Result]:
        now, late = time.monotonic(), []
        for pid, (mutant, begun) in list(self.running.items()):
            if now - begun > self.limit:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                del self.running[pid]
                late.append(Result(mutant, "timeout", now - begun))
        return late


class _CoverageContexts:
    """Pytest plugin: each test's executed lines recorded under its node id."""

    def __init__(self, cov: Any) -> None:
        self.cov = cov

    def pytest_runtest_protocol(self, item: Any) -> Any:
        self.cov.switch_context(item.nodeid)

    def pytest_runtest_logfinish(self) -> None:
        self.cov.switch_context("")


def _coverage_child(arguments: list[str], out: Path) -> None:
    """The clean run, under coverage: which test executed which line of pixcore."""
    code = 3
    try:
        _enter_child()
        import coverage
        import pytest

        cov = coverage.Coverage(data_file=None, source=[str(ROOT / "pixcore")], branch=False)
        cov.start()
        plugins = [_HypothesisEntryPoint(), _CoverageContexts(cov)]
        code = int(pytest.main(arguments, plugins=plugins))
        cov.stop()
        data = cov.get_data()
        lines = {
            name: {str(line): sorted(c for c in contexts if c)
                   for line, contexts in data.contexts_by_lineno(name).items()}
            for name in data.measured_files()
        }  # fmt: skip
        out.write_text(json.dumps(lines), "utf-8")
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def _selected_tests(
    mutant: Mutant, reach: Reach, contexts: dict[str, dict[str, list[str]]]
) -> list[str]:
    tree = reach.trees[ROOT / mutant.module]
    names = _bound_names(tree.body[int(mutant.path[0][1] or 0)])
    affected = reach.affected(module_name(mutant.module), names)
    tests: set[str] = set()
    for file, line in reach.lines(affected):
        tests.update(contexts.get(file, {}).get(str(line), ()))
    every = {t for lines in contexts.values() for ids in lines.values() for t in ids}
    for path in affected:
        if path.parts[len(ROOT.parts)] == "tests":
            prefix = str(path.relative_to(ROOT)) + "::"
            tests.update(t for t in every if t.startswith(prefix))
    # Whole test functions, without their parameters: a mutant may remove a parameter
    # (a deleted checklist item is one test id less), and pytest refuses an unknown id.
    return sorted({test.split("[", 1)[0] for test in tests})


def run(
    mutants: Sequence[Mutant], *, workers: int = 2, timeout: float = 1800.0, quiet: bool = False
) -> list[Result]:
    """Run every mutant (``workers`` at a time) after a clean run, which must pass.

    The clean run is measured with coverage; each mutant first meets the pinned-rule
    tests, then, if it survives them, every test that read what it changed.
    """
    _warm_up()
    pinned, full = pytest_arguments()
    say = (lambda *a, **k: None) if quiet else print
    started = time.monotonic()
    data = Path(f"/tmp/pixcore-mutate-tables-{os.getpid()}.json")
    pid = os.fork()
    if pid == 0:
        _coverage_child(full, data)
    clean = _wait(pid, timeout)
    if clean != 0:
        sys.exit(f"the tests fail without any mutant (pytest exit code {clean}): fix them first")
    contexts = json.loads(data.read_text("utf-8"))
    data.unlink()
    baseline = time.monotonic() - started
    limit = max(120.0, baseline)
    say(f"clean run (with coverage): {baseline:.0f} s; {len(mutants)} mutants")

    def show(done: list[Result]) -> None:
        killed = sum(r.status in ("killed", "timeout") for r in done)
        say(f"\r{len(done)} mutants run, {killed} killed", end="", flush=True)

    pool = _Pool(workers, limit)
    first = pool.map(mutants, lambda m: pinned, show) if pinned[-1] in FIRST_TESTS else []
    survivors = {r.mutant.key for r in first if r.status not in ("killed", "timeout")}
    again = [m for m in mutants if m.key in survivors] if first else list(mutants)
    say(f"\n{len(again)} left after the pinned-rule tests; running the tests that read them")
    files = [f for d in ("pixcore", "tests") for f in sorted((ROOT / d).rglob("*.py"))]
    reach = Reach(files)
    results = [r for r in first if r.mutant.key not in survivors]
    selected = {m.key: _selected_tests(m, reach, contexts) for m in again}
    results += [Result(m, "no tests", 0.0) for m in again if not selected[m.key]]
    tested = [m for m in again if selected[m.key]]
    results += pool.map(tested, lambda m: _options(full) + selected[m.key], show)
    say()
    return sorted(results, key=lambda r: (r.mutant.module, r.mutant.line, r.mutant.key))


def _options(arguments: list[str]) -> list[str]:
    """The options of a pytest command line, without its test paths."""
    kept, skip_next = [], False
    for argument in arguments:
        if skip_next:
            kept.append(argument)
            skip_next = False
        elif argument.startswith("-"):
            kept.append(argument)
            skip_next = argument in ("-p", "-W")
    return [a for a in kept if not a.startswith("--deselect")]


def _fork(mutant: Mutant | None, arguments: list[str]) -> int:
    pid = os.fork()
    if pid == 0:
        _child(mutant, arguments)
    return pid


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        select.select([], [], [], 0.1)
    os.kill(pid, signal.SIGKILL)
    return -9


def modules_of(targets: Sequence[str]) -> list[str]:
    """Repository-relative ``.py`` files for paths, packages or dotted module names."""
    found: list[str] = []
    for target in targets or PACKAGES:
        path = ROOT / target.replace(".", "/") if not target.endswith(".py") else ROOT / target
        if not path.exists() and (ROOT / (target.replace(".", "/") + ".py")).exists():
            path = ROOT / (target.replace(".", "/") + ".py")
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        found += [str(f.relative_to(ROOT)) for f in files if f.exists()]
    return list(dict.fromkeys(found))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: mutate, run, print the survivors, write JSON results if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "targets", nargs="*", help="files, packages or modules (default: rules, lifecycle)"
    )
    parser.add_argument("--json", type=Path, help="write every result here")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--list", action="store_true", help="only list the mutants")
    parser.add_argument("--sample", type=int, help="run only this many mutants, drawn at random")
    parser.add_argument("--seed", type=int, default=10, help="seed of --sample (printed)")
    parser.add_argument("--key", action="append", help="run only this mutant (repeatable)")
    options = parser.parse_args(argv)
    mutants = [m for module in modules_of(options.targets) for m in enumerate_mutants(module)]
    if options.key:
        mutants = [m for m in mutants if m.key in set(options.key)]
    if options.sample is not None and options.sample < len(mutants):
        print(f"sample of {options.sample} among {len(mutants)} mutants, seed {options.seed}")
        mutants = random.Random(options.seed).sample(mutants, options.sample)
    if options.list:
        for mutant in mutants:
            print(f"{mutant.key}  {mutant.description}")
        return 0
    results = run(mutants, workers=options.workers)
    for result in results:
        if result.status not in ("killed", "timeout"):
            print(f"{result.status}: {result.mutant.key}  {result.mutant.description}")
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        rows = [{"key": r.mutant.key, "module": r.mutant.module, "status": r.status,
                 "description": r.mutant.description, "seconds": round(r.seconds, 2)}
                for r in results]  # fmt: skip
        options.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
