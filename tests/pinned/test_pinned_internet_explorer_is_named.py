"""Internet Explorer, read from its user agent, is named and dated (docs/readiness.md).

The readiness check names the browser it identified: ua-parser calls Internet Explorer's
family ``IE``, and MDN's browser-compat-data (one of the 13 browsers pixcore ships, "The
release dates") files it as ``ie``. A school still running IE 11 must read "Internet
Explorer 11", too old, not "browser unknown".
"""

from __future__ import annotations

import pytest

from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.user_agent import identify_browser

RELEASES = BrowserReleases.load()

IE_USER_AGENTS = {
    # IE 11 on Windows 10: no "MSIE" token any more, Trident 7 and "rv:11.0"
    "11": "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "10": "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)",
}


@pytest.mark.parametrize("major", IE_USER_AGENTS)
def test_an_internet_explorer_user_agent_names_internet_explorer(major: str) -> None:
    found = identify_browser(RELEASES, user_agent=IE_USER_AGENTS[major])
    assert found is not None
    assert (found.browser, found.name, found.source) == ("ie", "Internet Explorer", "user_agent")
    assert found.listed == major
    # the same browser as a referent would declare it
    declared = identify_browser(RELEASES, browser="Internet Explorer", browser_version=major)
    assert declared is not None
    assert (declared.browser, declared.released) == (found.browser, found.released)
