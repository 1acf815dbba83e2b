"""What a user agent tells of the browser: its id and the version reported (BEF-9).

``docs/readiness.md`` ("Which browser"): on iOS every browser uses the system WebKit and
is dated by the iOS version — Safari itself is ``safari_ios``, any other browser the iOS
web view ``webview_ios``. A version is dated by its *line*, "the greatest listed version
that is a prefix of it (… Safari ``17.4.1`` → ``17.4``)": the version reported stays the
one the browser gave (``BrowserFound.version``, "the version reported"), its line is
``listed``.
"""

from __future__ import annotations

from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.user_agent import identify_browser

RELEASES = BrowserReleases.load()

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1"
)
IPHONE_CHROME = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1"
)
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4.1 Safari/605.1.15"
)


def test_safari_on_an_iphone_is_safari_on_ios() -> None:
    found = identify_browser(RELEASES, user_agent=IPHONE_SAFARI)
    assert found is not None
    assert (found.browser, found.name, found.source) == (
        "safari_ios",
        "Safari on iOS",
        "user_agent",
    )
    assert (found.version, found.listed) == ("17.4.1", "17.4")


def test_another_browser_on_an_iphone_is_the_ios_web_view() -> None:
    found = identify_browser(RELEASES, user_agent=IPHONE_CHROME)
    assert found is not None
    assert (found.browser, found.source) == ("webview_ios", "user_agent")
    assert (found.version, found.listed) == ("17.4.1", "17.4")  # the iOS version, not Chrome's


def test_desktop_safari_reports_its_full_version_on_its_line() -> None:
    found = identify_browser(RELEASES, user_agent=MAC_SAFARI)
    assert found is not None
    assert (found.browser, found.name, found.source) == ("safari", "Safari", "user_agent")
    assert (found.version, found.listed) == ("17.4.1", "17.4")
