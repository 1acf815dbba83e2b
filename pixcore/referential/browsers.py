"""Browser release dates (issue 16): when each browser version came out.

The room readiness check (``procedure.md`` BEF-9) wants "a recent browser (less than 2
years old)" at the session's date. The dates come from MDN's browser-compat-data (npm
``@mdn/browser-compat-data``, CC0), shipped as a compact snapshot in
``data/browsers.json.gz`` built by ``scripts/build_browsers.py`` (``data/SOURCES.md``
names the version and hashes).

A reported version is dated by the listed release of its *line*: the greatest listed
version not above it, when that listed version is a prefix of it (Chrome
``120.0.6099.109`` → ``120``, Safari ``17.4.1`` → ``17.4``, Samsung ``23`` → ``23.0``).
A version the data does not list (between two listed ones, or above the newest) came out
between its neighbours: :class:`Release` then carries both bounds (the upper one is
``None`` above the newest listed release), and the rule decides only what the bounds
prove.

Loading reads the shipped file with :mod:`importlib.resources`, once per
:meth:`BrowserReleases.load`; no network, no module-level cache. The instance also holds
the user-agent parser (:mod:`pixcore.rules.user_agent` uses it): ``ua-parser`` with the
regular expressions of ``ua-parser-builtins`` (uap-core), built lazily per instance.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import gzip
import json
import re
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = ["BrowserLine", "BrowserReleases", "Release", "version_key"]

_FILE = "browsers.json.gz"
_LEADING_DIGITS = re.compile(r"[0-9]{1,9}")
_MAX_VERSION_LENGTH = 64


def version_key(version: str) -> tuple[int, ...] | None:
    """``"120.0.6099.109"`` → ``(120, 0, 6099, 109)``, trailing zeros dropped: ``(23,)``.

    Each dot-separated part counts by its leading digits (``"0b1"`` → ``0``); the first
    part without any ends the version. ``None`` when the text has no leading number.
    """
    if len(version) > _MAX_VERSION_LENGTH:
        return None
    parts: list[int] = []
    for part in version.strip().split("."):
        digits = _LEADING_DIGITS.match(part)
        if digits is None:
            break
        parts.append(int(digits[0]))
    while parts and parts[-1] == 0 and len(parts) > 1:
        parts.pop()
    return tuple(parts) or None


@dataclasses.dataclass(frozen=True, slots=True)
class Release:
    """When a reported browser version came out, as far as the data tells.

    ``listed`` is the listed version of its line (or the closest one below it);
    ``earliest`` its date. ``exact`` when the reported version belongs to that line:
    then ``latest == earliest``. Otherwise the version is not listed: ``latest`` is the
    date of the next listed version, or ``None`` above the newest one.
    """

    browser: str
    name: str
    listed: str
    earliest: dt.date
    latest: dt.date | None
    exact: bool


@dataclasses.dataclass(frozen=True, slots=True)
class BrowserLine:
    """One browser of the data: its display name, type and dated releases in order."""

    browser: str
    name: str
    type: str
    keys: tuple[tuple[int, ...], ...]
    versions: tuple[str, ...]
    dates: tuple[dt.date, ...]

    def release(self, version: str) -> Release | None:
        """The release ``version`` belongs to, or ``None`` below the oldest listed one."""
        key = version_key(version)
        if key is None:
            return None
        index = bisect.bisect_right(self.keys, key) - 1
        if index < 0:
            return None
        listed = self.keys[index]
        exact = key[: len(listed)] == listed
        following = index + 1 < len(self.keys)
        latest = self.dates[index] if exact else (self.dates[index + 1] if following else None)
        return Release(
            browser=self.browser, name=self.name, listed=self.versions[index],
            earliest=self.dates[index], latest=latest, exact=exact,
        )  # fmt: skip


def _line(browser: str, entry: Mapping[str, Any]) -> BrowserLine:
    keyed = []
    for version, date in entry["releases"]:
        key = version_key(version)
        if key is None:
            raise ValueError(f"{browser}: version {version!r}")
        keyed.append((key, version, dt.date.fromisoformat(date)))
    keyed.sort()
    return BrowserLine(
        browser=browser, name=str(entry["name"]), type=str(entry["type"]),
        keys=tuple(k for k, _, _ in keyed), versions=tuple(v for _, v, _ in keyed),
        dates=tuple(d for _, _, d in keyed),
    )  # fmt: skip


class BrowserReleases:
    """The shipped release dates, by browser id of the data (``chrome``, ``firefox``…)."""

    def __init__(self, lines: Mapping[str, BrowserLine], *, package: str, version: str) -> None:
        self.lines: Mapping[str, BrowserLine] = MappingProxyType(dict(lines))
        self.package = package
        """The source package (``@mdn/browser-compat-data``)."""
        self.version = version
        """The source package's version."""
        self._names = {line.name.casefold(): key for key, line in self.lines.items()}
        self._parser: Any = None

    @classmethod
    def load(cls) -> BrowserReleases:
        """Read the shipped snapshot (a new instance each time: the caller keeps it)."""
        blob = (resources.files(__package__ or "pixcore.referential") / "data" / _FILE).read_bytes()
        return cls.from_snapshot(json.loads(gzip.decompress(blob)))

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any]) -> BrowserReleases:
        """Build from a decoded snapshot (the build script's format)."""
        lines = {key: _line(key, entry) for key, entry in snapshot["browsers"].items()}
        return cls(lines, package=str(snapshot["package"]), version=str(snapshot["version"]))

    def find(self, text: str) -> str | None:
        """The browser id for an id or a display name, case-insensitively (``"Firefox"``)."""
        folded = text.strip().casefold()
        if folded in self.lines:
            return folded
        return self._names.get(folded)

    def release(self, browser: str, version: str) -> Release | None:
        """When ``version`` of ``browser`` came out; ``None`` if the data cannot say."""
        line = self.lines.get(browser)
        return None if line is None else line.release(version)

    @property
    def user_agent_parser(self) -> Any:
        """The ``ua-parser`` parser (uap-core expressions), built on first use."""
        if self._parser is None:
            from ua_parser import BasicResolver, Parser, load_lazy_builtins

            self._parser = Parser(BasicResolver(load_lazy_builtins()))
        return self._parser
