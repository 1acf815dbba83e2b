"""Which browser a computer runs, read from client hints, its user agent, or a declaration.

Readiness (``procedure.md`` BEF-9) needs a browser's family and version to date it.
Sources, in order of preference:

1. **client hints** — ``navigator.userAgentData`` 's full version list, or the
   ``Sec-CH-UA-Full-Version-List`` header parsed as an HTTP structured field by
   ``http-sf`` (RFC 8941). A known brand (``Google Chrome``, ``Microsoft Edge``,
   ``Opera``, ``Samsung Internet``) wins; otherwise the ``Chromium`` brand dates any
   Chromium-based browser (Brave, Vivaldi…) by its engine. GREASE brands are ignored.
2. **the user agent**, parsed by ``ua-parser`` with the uap-core expressions (no regular
   expression of pixcore's own). On iOS every browser runs the system's WebKit, so it is
   dated by the iOS version (Safari on iOS, or the iOS web view for other browsers).
3. **a declared** browser name and version (``Firefox`` ``128``), as a referent types it.

The parser is held by :class:`~pixcore.referential.browsers.BrowserReleases` (no module
state). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pixcore.models.readiness import Brand, BrowserFound, BrowserSource
from pixcore.referential.browsers import BrowserReleases, Release

__all__ = ["BRAND_BROWSERS", "UA_FAMILY_BROWSERS", "identify_browser"]

UA_FAMILY_BROWSERS = {
    "Chrome": "chrome", "Chromium": "chrome", "HeadlessChrome": "chrome",
    "Chrome Mobile": "chrome_android", "Chrome Mobile WebView": "webview_android",
    "Firefox": "firefox", "Firefox Mobile": "firefox_android",
    "Safari": "safari", "Mobile Safari": "safari_ios",
    "Edge": "edge", "Opera": "opera", "Opera Mobile": "opera_android",
    "Samsung Internet": "samsunginternet_android", "IE": "ie",
}  # fmt: skip
"""ua-parser's browser families → browser ids of the release data."""

BRAND_BROWSERS: dict[str, tuple[str | None, str | None]] = {
    "Google Chrome": ("chrome", "chrome_android"),
    "Microsoft Edge": ("edge", None),
    "Opera": ("opera", "opera_android"),
    "Samsung Internet": (None, "samsunginternet_android"),
}
"""Client-hint brands → (desktop id, mobile id); ``None``: the data has no such browser."""
_ENGINE_BRAND = "Chromium"
_ENGINE = ("chrome", "chrome_android")
_IOS = frozenset({"iOS", "iPadOS"})


def _found(
    releases: BrowserReleases, browser: str | None, version: str | None, source: BrowserSource
) -> BrowserFound | None:
    if browser is None or not version:
        return None
    release: Release | None = releases.release(browser, version)
    if release is None:
        return None
    return BrowserFound(
        browser=browser, name=release.name, version=version, source=source,
        listed=release.listed, released=release.earliest, latest=release.latest,
        exact=release.exact,
    )  # fmt: skip


def _brands_from_header(header: str) -> tuple[Brand, ...]:
    import http_sf

    try:
        items = http_sf.parse(header.encode("ascii"), tltype="list")
    except (http_sf.StructuredFieldError, UnicodeEncodeError, ValueError, TypeError):
        return ()
    brands = []
    for item in items if isinstance(items, list) else ():
        value, params = item if isinstance(item, tuple) else (item, {})
        version = params.get("v") if isinstance(params, dict) else None
        if isinstance(value, str) and isinstance(version, str):
            brands.append(Brand(brand=value[:100], version=version[:100]))
    return tuple(brands)


def _from_brands(
    releases: BrowserReleases, brands: Iterable[Brand], mobile: bool | None
) -> BrowserFound | None:
    side = 1 if mobile else 0
    engine: Brand | None = None
    for entry in brands:
        if entry.brand == _ENGINE_BRAND:
            engine = entry
        ids = BRAND_BROWSERS.get(entry.brand)
        found = _found(releases, ids[side], entry.version, "client_hints") if ids else None
        if found is not None:
            return found
    if engine is None:
        return None
    return _found(releases, _ENGINE[side], engine.version, "client_hints")


def _version(*parts: str | None) -> str | None:
    numbers: list[str] = []
    for part in parts:
        if not part:
            break
        numbers.append(part)
    return ".".join(numbers) or None


def _from_user_agent(releases: BrowserReleases, user_agent: str) -> BrowserFound | None:
    from ua_parser import Domain

    parsed: Any = releases.user_agent_parser(user_agent, Domain.USER_AGENT | Domain.OS)
    agent, system = parsed.user_agent, parsed.os
    if agent is None:
        return None
    browser: str | None
    if system is not None and system.family in _IOS:
        browser = "safari_ios" if agent.family == "Mobile Safari" else "webview_ios"
        version = _version(system.major, system.minor, system.patch)
    else:
        browser = UA_FAMILY_BROWSERS.get(agent.family)
        version = _version(agent.major, agent.minor, agent.patch)
    return _found(releases, browser, version, "user_agent")


def identify_browser(
    releases: BrowserReleases,
    *,
    user_agent: str | None = None,
    client_hints: Iterable[Brand] | None = None,
    client_hints_header: str | None = None,
    mobile: bool | None = None,
    browser: str | None = None,
    browser_version: str | None = None,
) -> BrowserFound | None:
    """The browser and its release, from the best source given; ``None`` if none dates it.

    A source that names no browser the release data knows gives way to the next one.
    """
    if client_hints:
        found = _from_brands(releases, client_hints, mobile)
        if found is not None:
            return found
    if client_hints_header:
        found = _from_brands(releases, _brands_from_header(client_hints_header), mobile)
        if found is not None:
            return found
    if user_agent:
        found = _from_user_agent(releases, user_agent)
        if found is not None:
            return found
    if browser:
        return _found(releases, releases.find(browser), browser_version, "declared")
    return None
