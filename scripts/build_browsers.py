#!/usr/bin/env python3
"""Build the browser release dates shipped in ``pixcore/referential/data/`` (issue 16).

Development-time tool, like ``scripts/build_referential.py``: a developer runs it when
the source data should be refreshed. Tests and users never run it and never need the
network; they read the file it writes.

Source: npm package ``@mdn/browser-compat-data`` (MDN's browser-compat-data, CC0-1.0),
pinned by version and tarball SHA-256. Its ``data.json`` carries, for each browser, every
release with its ``release_date``. Kept: the browsers of type ``desktop`` and ``mobile``
(the servers Node.js, Deno and Bun, and the XR headset browser, are left out) and their
releases that have a date (planned versions without one are left out).

Usage (from the repository root)::

    python scripts/build_browsers.py                 # fetches the package with npm
    python scripts/build_browsers.py --tarball X.tgz # offline, from a downloaded tarball
    python scripts/build_browsers.py --check         # rebuild in a temporary folder and
                                                     # compare byte for byte (exit 1 if not)

The output is deterministic: the same tarball gives byte-identical files (keys sorted,
releases sorted by version, gzip with ``mtime=0`` and no file name). Written:

- ``browsers.json.gz``: ``{"package", "version", "browsers": {id: {"name", "type",
  "releases": [[version, "YYYY-MM-DD"], ...]}}}``, releases in increasing version order;
- the section "Browser release dates" of ``SOURCES.md`` (the rest of the file is kept).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

PACKAGE = "@mdn/browser-compat-data"
VERSION = "8.1.9"
SHA256 = "c99eff2b2ebf5ead405de12ed3bd7f40534bcb9966ca4a7679b01335146b472c"
DATA_MEMBER = "package/data.json"
MANIFEST_MEMBER = "package/package.json"
LICENCE = "CC0-1.0"
KEPT_TYPES = frozenset({"desktop", "mobile"})
OUTPUT = "browsers.json.gz"
SECTION = "## Browser release dates"

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "pixcore" / "referential" / "data"

_VERSION = re.compile(r"^[0-9]+(?:\.[0-9]+)*$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_MAX_MEMBER_BYTES = 128 * 1024 * 1024


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fetch(workdir: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(workdir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / f"mdn-browser-compat-data-{VERSION}.tgz"


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    info = archive.getmember(name)
    if not info.isfile() or info.size > _MAX_MEMBER_BYTES:
        raise SystemExit(f"{name}: not a regular file of a sensible size")
    extracted = archive.extractfile(info)
    if extracted is None:
        raise SystemExit(f"no {name}")
    return extracted.read()


def read_package(tarball: bytes) -> tuple[dict[str, object], dict[str, object]]:
    """The package manifest and the ``browsers`` object of ``data.json``."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        manifest = json.loads(_member(archive, MANIFEST_MEMBER))
        data = json.loads(_member(archive, DATA_MEMBER))
    if manifest.get("license") != LICENCE:
        raise SystemExit(f"licence {manifest.get('license')!r}, expected {LICENCE}")
    browsers = data.get("browsers")
    if not isinstance(browsers, dict):
        raise SystemExit("data.json: no 'browsers' object")
    return manifest, browsers


def version_key(version: str) -> tuple[int, ...]:
    """``"17.4"`` → ``(17, 4)``: versions compare as tuples of integers."""
    return tuple(int(part) for part in version.split("."))


def build_snapshot(browsers: Mapping[str, object], version: str) -> dict[str, object]:
    """The compact snapshot: kept browsers, their dated releases in version order."""
    kept: dict[str, object] = {}
    for browser_id in sorted(browsers):
        entry = browsers[browser_id]
        if not isinstance(entry, dict) or entry.get("type") not in KEPT_TYPES:
            continue
        releases = entry.get("releases")
        if not isinstance(releases, dict):
            raise SystemExit(f"{browser_id}: no releases")
        dated = []
        for number, release in releases.items():
            date = release.get("release_date") if isinstance(release, dict) else None
            if date is None:
                continue
            if not _VERSION.match(number) or not isinstance(date, str) or not _DATE.match(date):
                raise SystemExit(f"{browser_id} {number!r}: unexpected version or date")
            dated.append((version_key(number), number, date))
        dated.sort()
        kept[browser_id] = {
            "name": str(entry["name"]),
            "type": str(entry["type"]),
            "releases": [[number, date] for _, number, date in dated],
        }
    return {"package": PACKAGE, "version": version, "browsers": kept}


def snapshot_bytes(snapshot: Mapping[str, object]) -> bytes:
    """Canonical JSON (sorted keys, no spaces), gzip-compressed with no time or name."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("ascii") + b"\n")
    return buffer.getvalue()


def sources_section(snapshot: Mapping[str, object], blob: bytes, tarball_sha256: str) -> str:
    """The "Browser release dates" section of ``SOURCES.md``."""
    browsers = snapshot["browsers"]
    assert isinstance(browsers, dict)
    lines = []
    for browser_id, entry in browsers.items():
        releases = entry["releases"]
        first, last = releases[0], releases[-1]
        lines.append(
            f"  - `{browser_id}` ({entry['name']}, {entry['type']}): {len(releases)} releases, "
            f"{first[0]} ({first[1]}) to {last[0]} ({last[1]})"
        )
    listed = "\n".join(lines)
    return f"""{SECTION}

Generated by `scripts/build_browsers.py`; do not edit by hand (issue 16, readiness).

- Package: npm `{PACKAGE}` {snapshot["version"]} (MDN Web Docs' browser-compat-data,
  licence CC0-1.0: public-domain dedication), file `data.json`, object `browsers`;
  tarball SHA-256 `{tarball_sha256}`.
- Kept: browsers of type desktop and mobile, each release that has a `release_date`
  (planned versions without a date are left out); versions sorted as integer tuples.
  Beta, nightly and planned releases keep MDN's scheduled date.
{listed}
- Result (`{OUTPUT}`): {len(blob):,} bytes, SHA-256 `{_sha256(blob)}`.
- Use (`pixcore.referential.browsers`): a reported version is dated by the listed
  release it belongs to (the greatest listed version not above it: Chrome 120.0.6099.109
  → 120, Safari 17.4.1 → 17.4); a version above every listed one is at least as recent
  as the newest listed release.
"""


def merge_sources(existing: str, section: str) -> str:
    """``existing`` with its browser section replaced by ``section`` (or appended)."""
    start = existing.find(SECTION)
    if start < 0:
        return existing.rstrip("\n") + "\n\n" + section
    end = existing.find("\n## ", start + len(SECTION))
    tail = "" if end < 0 else existing[end + 1 :]
    return existing[:start] + section + ("\n" + tail if tail else "")


def build(tarball: bytes) -> tuple[bytes, str]:
    """Check ``tarball`` against the pin; return the snapshot file and its SOURCES section."""
    digest = _sha256(tarball)
    if digest != SHA256:
        raise SystemExit(f"tarball SHA-256 {digest}, expected {SHA256}")
    manifest, browsers = read_package(tarball)
    if manifest.get("version") != VERSION:
        raise SystemExit(f"package version {manifest.get('version')!r}, expected {VERSION}")
    snapshot = build_snapshot(browsers, VERSION)
    blob = snapshot_bytes(snapshot)
    return blob, sources_section(snapshot, blob, digest)


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch (or take) the package, check it, write or check the snapshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help=f"{PACKAGE}-{VERSION} .tgz")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.tarball or _fetch(Path(tmp))
        blob, section = build(path.read_bytes())
    target = args.out / OUTPUT
    if args.check:
        shipped = target.read_bytes() if target.exists() else b""
        same = shipped == blob
        print(f"{target}: {'identical' if same else 'DIFFERENT'} (SHA-256 {_sha256(blob)})")
        return 0 if same else 1
    args.out.mkdir(parents=True, exist_ok=True)
    target.write_bytes(blob)
    sources = args.out / "SOURCES.md"
    existing = sources.read_text(encoding="utf-8") if sources.exists() else ""
    sources.write_text(merge_sources(existing, section), encoding="utf-8", newline="\n")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
