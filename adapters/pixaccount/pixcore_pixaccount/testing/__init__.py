"""Test doubles for hosts and for this adapter's own tests (extra ``pixcore-pixaccount[testing]``).

- :class:`FakePixApi`: Pix's ``/api/token`` and ``/api/revoke``, lock-out included;
- :class:`FakeOidcProvider`: an authlib authorization server with OIDC, PKCE and a JWKS;
- :class:`LoopbackServer`: serves either on ``127.0.0.1`` at an ephemeral port;
- :class:`FakeClock`: a clock shared by a fake and the backend under test.
"""

from __future__ import annotations

from pixcore_pixaccount.testing.clock import FakeClock
from pixcore_pixaccount.testing.fake_oidc import FakeOidcProvider
from pixcore_pixaccount.testing.fake_pix import CannedReply, FakePixApi, RecordedRequest
from pixcore_pixaccount.testing.fake_pix_state import FakePixUser
from pixcore_pixaccount.testing.server import LoopbackServer

__all__ = [
    "CannedReply",
    "FakeClock",
    "FakeOidcProvider",
    "FakePixApi",
    "FakePixUser",
    "LoopbackServer",
    "RecordedRequest",
]
