"""The mutation gate's arithmetic (scripts/mutate.py): what counts as killed, what fails.

The scores are computed from mutmut's exit codes and the table mutator's statuses; a
gate that miscounted (a mutant never run taken as killed, an equivalent mutant listed
without a reason taken out of the denominator) would pass on untested rules.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_gate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mutate_gate", ROOT / "scripts" / "mutate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


GATE = load_gate()
JURY = "pixcore.rules.jury.x_decide__mutmut_{}"


def test_a_mutmut_key_names_its_module_and_package() -> None:
    assert GATE.module_of_mutmut_key(JURY.format(3)) == "pixcore/rules/jury.py"
    method = "pixcore.lifecycle.state.xǁSessionStateǁview__mutmut_12"
    assert GATE.module_of_mutmut_key(method) == "pixcore/lifecycle/state.py"
    assert GATE.package_of("pixcore/lifecycle/state.py") == "pixcore/lifecycle"


def test_only_failures_timeouts_and_type_errors_kill() -> None:
    codes = {JURY.format(n): code for n, code in enumerate([1, 3, 36, 37, -24, 0, 33, None, 34])}
    scores = GATE.score(codes, [], set())
    jury = scores["pixcore/rules/jury.py"]
    assert (jury.killed["functions"], jury.total["functions"]) == (5, 9)
    assert sorted(jury.survivors) == sorted(JURY.format(n) for n in (5, 6, 7, 8))
    assert scores["pixcore/rules"].percent() == pytest.approx(500 / 9)


def test_tables_and_functions_add_up_per_package() -> None:
    tables = [
        ("pixcore/rules/timing.py:10:4:int:0", "pixcore/rules/timing.py", "killed"),
        ("pixcore/rules/timing.py:11:4:int:0", "pixcore/rules/timing.py", "survived"),
        ("pixcore/rules/timing.py:12:4:int:0", "pixcore/rules/timing.py", "no tests"),
        ("pixcore/lifecycle/jury.py:3:1:flip:0", "pixcore/lifecycle/jury.py", "timeout"),
    ]
    scores = GATE.score({JURY.format(1): 1}, tables, set())
    rules = scores["pixcore/rules"]
    assert (rules.killed, rules.total) == (
        {"functions": 1, "tables": 1},
        {"functions": 1, "tables": 3},
    )
    assert rules.percent() == 50.0
    assert scores["pixcore/lifecycle"].percent("tables") == 100.0
    assert scores["pixcore/lifecycle"].percent("functions") is None


def test_equivalent_mutants_need_a_reason_and_leave_the_denominator() -> None:
    text = (
        "## Equivalent mutants\n\n"
        "<!-- equivalent mutants: one line each -->\n"
        f"- `{JURY.format(1)}` — `>=` and `>` agree: the value is never 16\n"
        f"- `{JURY.format(2)}`\n"
        f"  - `{JURY.format(3)}` — nested, not a list entry\n"
    )
    equivalent = GATE.equivalent_keys(text)
    assert equivalent == {JURY.format(1)}
    scores = GATE.score({JURY.format(1): 0, JURY.format(2): 0, JURY.format(3): 1}, [], equivalent)
    assert scores["pixcore/rules"].total["functions"] == 2
    assert scores["pixcore/rules"].percent() == 50.0


def test_the_gate_fails_a_package_below_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    nine_of_ten = {JURY.format(n): (0 if n == 0 else 1) for n in range(10)}
    assert GATE.report(GATE.score(nine_of_ten, [], set()), 90.0) == 0
    assert GATE.report(GATE.score(nine_of_ten, [], set()), 90.1) == 1
    assert "pixcore/rules kills 90.0 %" in capsys.readouterr().out


def test_only_the_rules_and_the_lifecycle_are_mutated() -> None:
    modules = GATE.targets_of(["pixcore/rules/jury.py", "pixcore/lifecycle"], None)
    assert "pixcore/rules/jury.py" in modules
    assert "pixcore/lifecycle/decide.py" in modules
    assert not [m for m in modules if m.endswith("__init__.py")]
    with pytest.raises(SystemExit):
        GATE.targets_of(["pixcore/host"], None)


def test_only_the_list_under_the_marker_is_read() -> None:
    """A survivor written in the list's format elsewhere in the page (the measurements'
    history names test gaps that way) never leaves the denominator."""
    text = (
        f"- `{JURY.format(4)}` — before the list\n"
        "<!-- equivalent mutants: one line each -->\n"
        f"- `{JURY.format(1)}` — `>=` and `>` agree: the value is never 16\n\n"
        "## Measured\n\n"
        f"- `{JURY.format(2)}` — a test gap: no test files one\n"
    )
    assert GATE.equivalent_keys(text) == {JURY.format(1)}
    page = (GATE.ROOT / "docs" / "mutation.md").read_text("utf-8")
    history = page[page.index("## Measured") :]
    assert "pixcore.lifecycle.jury.x__completed_answers__mutmut_8" in history
    assert "pixcore.lifecycle.jury.x__completed_answers__mutmut_8" not in GATE.equivalent_keys(page)


def test_an_equivalent_key_that_names_no_current_mutant_is_reported() -> None:
    """Keys are line:column (tables) or a function's mutant number (mutmut): an edit moves
    them, and a stale key would silently stop excusing its mutant."""
    modules = ["pixcore/rules/jury.py", "pixcore/rules/timing.py"]
    tables = {"pixcore/rules/jury.py": {"pixcore/rules/jury.py:117:9:swap:10"}}
    known = {JURY.format(1), JURY.format(2)}
    listed = {
        "pixcore/rules/jury.py:117:9:swap:10",  # current
        "pixcore/rules/jury.py:113:9:swap:10",  # moved
        "pixcore/rules/identity.py:55:9:swap:0",  # a module not mutated this time
        JURY.format(2),  # current
        JURY.format(9),  # renumbered
        "pixcore.rules.timing.x_minutes__mutmut_3",  # mutmut has not generated timing yet
    }
    stale = GATE.stale_equivalents(listed, modules, lambda m: tables.get(m, set()), known)
    assert set(stale) == {"pixcore/rules/jury.py:113:9:swap:10", JURY.format(9)}


def test_the_current_table_keys_are_the_table_mutators() -> None:
    keys = GATE.current_table_keys("pixcore/rules/identity.py")
    assert "pixcore/rules/identity.py:55:9:swap:0" in keys


def test_every_outcome_mutant_changes_its_row() -> None:
    """An outcome given by a name (``_OUT_OF_RANGE``) or an f-string is replaced too: a
    mutant equal to the source would be counted as a survivor no test could kill."""
    spec = importlib.util.spec_from_file_location(
        "mutate_tables", ROOT / "scripts" / "mutate_tables.py"
    )
    assert spec is not None and spec.loader is not None
    tables = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, tables)
    spec.loader.exec_module(tables)
    for module in ("pixcore/rules/timing.py", "pixcore/rules/jury.py"):
        source = (ROOT / module).read_text("utf-8")
        original = ast.dump(ast.parse(source))
        mutants = [m for m in tables.enumerate_mutants(module) if m.operator == "outcome"]
        assert mutants
        for mutant in mutants:
            assert ast.dump(tables.apply(mutant, source)) != original, mutant.key
