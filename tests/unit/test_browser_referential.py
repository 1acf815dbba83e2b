"""The browser release dates (issue 16): the shipped snapshot and its deterministic build.

The real build needs the npm tarball (``python scripts/build_browsers.py --check``
rebuilds it and compares byte for byte, see ``docs/readiness.md``). Here the build
functions run on synthetic tarballs: the same input, in any order, gives the same bytes;
and the shipped file is the one ``SOURCES.md`` records.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import importlib.util
import io
import json
import random
import re
import tarfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixcore.referential.browsers import BrowserReleases, version_key

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "pixcore" / "referential" / "data"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_browsers", ROOT / "scripts" / "build_browsers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = load_script()


def tarball(browsers: dict[str, object], *, licence: str = "CC0-1.0") -> bytes:
    """A package tarball shaped like @mdn/browser-compat-data's."""
    members = {
        "package/package.json": json.dumps({"version": BUILD.VERSION, "license": licence}),
        "package/data.json": json.dumps({"__meta": {}, "browsers": browsers, "api": {}}),
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


SAMPLE = {
    "firefox": {"name": "Firefox", "type": "desktop", "releases": {
        "128": {"release_date": "2024-07-09", "status": "esr"},
        "9": {"release_date": "2011-12-20", "status": "retired"},
        "130": {"status": "planned"},
        "10": {"release_date": "2012-01-31", "status": "retired"},
    }},
    "nodejs": {"name": "Node.js", "type": "server", "releases": {
        "22.3.0": {"release_date": "2024-06-11", "status": "current"}}},
    "safari": {"name": "Safari", "type": "desktop", "releases": {
        "17.4": {"release_date": "2024-03-05"}, "17": {"release_date": "2023-09-18"}}},
}  # fmt: skip


def build_bytes(browsers: dict[str, object]) -> bytes:
    _, read = BUILD.read_package(tarball(browsers))
    return bytes(BUILD.snapshot_bytes(BUILD.build_snapshot(read, BUILD.VERSION)))


def shuffled(browsers: dict[str, object], seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    items = list(browsers.items())
    rng.shuffle(items)
    out: dict[str, object] = {}
    for key, entry in items:
        assert isinstance(entry, dict)
        releases = list(entry["releases"].items())
        rng.shuffle(releases)
        out[key] = {**entry, "releases": dict(releases)}
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_build_is_deterministic_whatever_the_input_order(seed: int) -> None:
    print(f"seed={seed}")
    first = build_bytes(SAMPLE)
    assert build_bytes(SAMPLE) == first
    assert build_bytes(shuffled(SAMPLE, seed)) == first
    flags, mtime = first[3], first[4:8]
    assert (flags & 0x08, mtime) == (0, b"\0\0\0\0")  # no file name, no time


def test_the_build_keeps_dated_desktop_and_mobile_releases_in_version_order() -> None:
    snapshot = json.loads(gzip.decompress(build_bytes(SAMPLE)))
    assert sorted(snapshot["browsers"]) == ["firefox", "safari"]  # no server
    assert snapshot["browsers"]["firefox"]["releases"] == [
        ["9", "2011-12-20"],
        ["10", "2012-01-31"],
        ["128", "2024-07-09"],
    ]  # numeric order, undated "130" left out
    assert snapshot["package"] == "@mdn/browser-compat-data"


def test_the_build_refuses_what_it_does_not_expect() -> None:
    with pytest.raises(SystemExit, match="licence"):
        BUILD.read_package(tarball(SAMPLE, licence="MIT"))
    with pytest.raises(SystemExit, match="SHA-256"):
        BUILD.build(tarball(SAMPLE))  # not the pinned tarball
    bad = {"x": {"name": "X", "type": "desktop", "releases": {"1.x": {"release_date": "2020"}}}}
    with pytest.raises(SystemExit, match="unexpected"):
        BUILD.build_snapshot(bad, "0")


def test_sources_md_records_the_shipped_snapshot() -> None:
    blob = (DATA / "browsers.json.gz").read_bytes()
    sources = (DATA / "SOURCES.md").read_text("utf-8")
    section = sources[sources.index(BUILD.SECTION) :]
    assert hashlib.sha256(blob).hexdigest() in section
    assert f"{len(blob):,} bytes" in section
    assert BUILD.SHA256 in section and f"`{BUILD.PACKAGE}` {BUILD.VERSION}" in section
    assert sources.startswith("# Birth-place referential: sources")  # the rest is kept
    snapshot = json.loads(gzip.decompress(blob))
    assert snapshot["version"] == BUILD.VERSION
    assert BUILD.snapshot_bytes(snapshot) == blob  # canonical form: rebuilds identically


def test_merge_sources_replaces_only_the_browser_section() -> None:
    before = "# T\n\n## A\n\ntext\n\n## Browser release dates\n\nold\n\n## Z\n\nlast\n"
    merged = BUILD.merge_sources(before, "## Browser release dates\n\nnew\n")
    assert merged == "# T\n\n## A\n\ntext\n\n## Browser release dates\n\nnew\n\n## Z\n\nlast\n"
    assert BUILD.merge_sources("# T\n", "## Browser release dates\n\nx\n").endswith("\n\nx\n")


def test_the_loader_gives_back_the_snapshot_dates() -> None:
    releases = BrowserReleases.load()
    raw = json.loads(gzip.decompress((DATA / "browsers.json.gz").read_bytes()))["browsers"]
    assert set(releases.lines) == set(raw) >= {"chrome", "firefox", "edge", "safari"}
    for browser, entry in raw.items():
        for version, date in entry["releases"]:
            found = releases.release(browser, version)
            assert found is not None and found.exact, (browser, version)
            assert (found.listed, found.earliest) == (version, dt.date.fromisoformat(date))
    assert releases.find("Firefox for Android") == "firefox_android"
    assert releases.find("SAFARI") == "safari" and releases.find("Netscape") is None


@given(st.lists(st.integers(0, 300), min_size=1, max_size=5))
def test_version_keys_order_like_integer_tuples(parts: list[int]) -> None:
    text = ".".join(map(str, parts))
    key = version_key(text)
    assert key is not None and key == version_key(text + ".0") == version_key(text + ".0.0")
    assert key <= (version_key(text + ".1") or ())


@pytest.mark.parametrize("text", ["", "abc", ".1", "9" * 80])
def test_version_keys_of_non_versions(text: str) -> None:
    assert version_key(text) is None


def test_the_scripts_name_the_same_file_as_the_loader() -> None:
    source = (ROOT / "pixcore" / "referential" / "browsers.py").read_text("utf-8")
    assert re.search(rf'_FILE = "{re.escape(BUILD.OUTPUT)}"', source)
