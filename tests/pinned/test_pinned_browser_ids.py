"""The readiness check names the browser it identified (docs/readiness.md, "Which browser").

A user agent's family (ua-parser) and a client-hint brand each map to the browser id of
MDN's browser-compat-data, which dates the release: Chrome on Android is
``chrome_android``, Edge ``edge``, Samsung Internet (a mobile browser: MDN has no
desktop one) ``samsunginternet_android``.
"""

from __future__ import annotations

import pytest

from pixcore.models.readiness import Brand
from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.user_agent import identify_browser

RELEASES = BrowserReleases.load()

USER_AGENTS = {
    "Chrome Mobile": ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                      "(KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
                      "chrome_android", "Chrome Android"),
    "Edge": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "edge", "Edge"),
}  # fmt: skip


@pytest.mark.parametrize("family", USER_AGENTS)
def test_a_user_agent_names_its_browser(family: str) -> None:
    user_agent, browser, name = USER_AGENTS[family]
    found = identify_browser(RELEASES, user_agent=user_agent)
    assert found is not None, family
    assert (found.browser, found.name, found.source) == (browser, name, "user_agent")
    assert found.listed == "120"


def test_the_samsung_internet_brand_is_the_android_browser() -> None:
    hints = (Brand(brand="Not_A Brand", version="8.0.0.0"),
             Brand(brand="Samsung Internet", version="23.0"))  # fmt: skip
    found = identify_browser(RELEASES, client_hints=hints, mobile=True)
    assert found is not None
    assert (found.browser, found.source, found.listed) == (
        "samsunginternet_android", "client_hints", "23.0",
    )  # fmt: skip
    assert identify_browser(RELEASES, client_hints=hints, mobile=False) is None  # no desktop one
