"""Every reference in the code and the docs resolves inside the repository.

The specifications the code cites (``rules.md D9``, ``saml.md §5.3``, ``procedure.md``)
are the project's own pages under ``docs/spec/``; a citation of a section that does not
exist there, or a Markdown link to a file that does not exist, fails this test.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "docs" / "spec"
SPECS = ("rules", "saml", "procedure", "rules-engine")
CITATION = re.compile(
    r"(?<![\w/-])(?P<spec>rules-engine|rules|saml|procedure)\.md"
    r"(?:[ \t]+(?P<section>§\d+(?:\.\d+)?|D\d+))?"
)
LINK = re.compile(r"\[[^\]\n]*\]\((?P<target>[^)\s]+)\)")


@cache
def tracked_files() -> tuple[Path, ...]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    wanted = {".py", ".md", ".toml", ".typ", ".yml"}
    return tuple(ROOT / name for name in listed if Path(name).suffix in wanted)


@cache
def headings(spec: str) -> tuple[str, ...]:
    lines = (SPEC / f"{spec}.md").read_text("utf-8").splitlines()
    return tuple(line.lstrip("#").strip() for line in lines if line.startswith("#"))


def section_exists(spec: str, section: str) -> bool:
    """``§5.3`` names a heading ``5.3 …`` or ``5. …``; ``D9`` names ``D9 …``."""
    label = section.removeprefix("§")
    prefixes = (f"{label} ", f"{label}. ") if "." not in label else (f"{label} ",)
    return any(heading.startswith(prefixes) for heading in headings(spec))


def citations() -> list[tuple[str, str, str]]:
    found = []
    for path in tracked_files():
        if SPEC in path.parents:
            continue
        for match in CITATION.finditer(path.read_text("utf-8", errors="replace")):
            found.append((str(path.relative_to(ROOT)), match["spec"], match["section"] or ""))
    return found


def test_every_cited_specification_is_in_the_repository() -> None:
    for spec in SPECS:
        assert (SPEC / f"{spec}.md").is_file(), spec
    assert len(citations()) > 50  # the scanner sees the code's citations


@pytest.mark.parametrize(
    ("source", "spec", "section"),
    sorted({c for c in citations() if c[2]}),
)
def test_every_cited_section_exists(source: str, spec: str, section: str) -> None:
    assert section_exists(spec, section), f"{source} cites {spec}.md {section}"


def markdown_links() -> list[tuple[str, str]]:
    found = []
    for path in tracked_files():
        if path.suffix != ".md":
            continue
        for match in LINK.finditer(path.read_text("utf-8")):
            target = match["target"]
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            found.append((str(path.relative_to(ROOT)), target.split("#", 1)[0]))
    return found


@pytest.mark.parametrize(("source", "target"), sorted(set(markdown_links())))
def test_every_markdown_link_points_to_a_file_that_exists(source: str, target: str) -> None:
    resolved = (ROOT / source).parent / target
    assert resolved.exists(), f"{source} links to {target}"
    assert ROOT in resolved.resolve().parents or resolved.resolve() == ROOT


FILE_PATH = re.compile(r"`(?P<path>[\w.-]+(?:/[\w.-]+)+\.(?:py|md|toml|json|csv|ods|typ|yml))`")
PACKAGE_ROOTS = ("", "pixcore", "adapters/gar", "adapters/pixaccount", "plugins/sqlite")
PROVENANCE = {"pixcore/referential/data/SOURCES.md", "scripts/build_referential.py"}
"""They name files inside the upstream archives the referential is built from, not ours."""


def quoted_paths() -> list[tuple[str, str]]:
    found = []
    for path in tracked_files():
        if SPEC in path.parents or path.suffix not in {".md", ".py", ".toml"}:
            continue
        for match in FILE_PATH.finditer(path.read_text("utf-8")):
            found.append((str(path.relative_to(ROOT)), match["path"]))
    return found


def resolves(source: str, quoted: str) -> bool:
    """A quoted path names a file from the root, the citing file, or a package root."""
    if source in PROVENANCE:
        return True
    bases = [ROOT / root for root in PACKAGE_ROOTS] + [(ROOT / source).parent]
    return any((base / quoted).exists() for base in bases)


@pytest.mark.parametrize(("source", "quoted"), sorted(set(quoted_paths())))
def test_every_quoted_file_path_exists(source: str, quoted: str) -> None:
    assert resolves(source, quoted), f"{source} names {quoted}, which does not exist"
