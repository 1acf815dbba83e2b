"""An over-long brand in the client-hints header is ignored, the known one still wins.

``docs/readiness.md``: the ``Sec-CH-UA-Full-Version-List`` header is parsed by
``http-sf`` and a known brand (``Google Chrome``…) wins; GREASE brands — made-up names a
browser adds on purpose — are ignored. Such a name may be of any length (a header holds
up to 1,024 characters), longer than a brand pixcore keeps (100 characters): it must not
stop the computer's browser from being read.
"""

from __future__ import annotations

import pytest

from pixcore.referential.browsers import BrowserReleases
from pixcore.rules.user_agent import identify_browser

RELEASES = BrowserReleases.load()


@pytest.mark.parametrize("length", [100, 101, 150, 900])
def test_a_long_made_up_brand_does_not_hide_chrome(length: int) -> None:
    header = f'"{"N" * length}";v="8.0.0.0", "Google Chrome";v="120.0.6099.71"'
    found = identify_browser(RELEASES, client_hints_header=header)
    assert found is not None
    assert (found.browser, found.source, found.version, found.listed) == (
        "chrome", "client_hints", "120.0.6099.71", "120",
    )  # fmt: skip
