"""Pix-account login for pixcore (``saml.md`` §4, §7, §8.3, §8.4).

- :class:`PixApiPasswordBackend`: Pix's ``POST /api/token`` through authlib (opt-in);
- :class:`OidcBackend`: authorization code + PKCE + ``state`` + ``nonce``, ID token
  checked with joserfc;
- :class:`GarAccountLinker`: link a GAR identity to an existing Pix account;
- :class:`PixAccountHost`: typed façade over the ``pixcore_pixaccount_*`` hooks.

Test doubles live in :mod:`pixcore_pixaccount.testing` (extra ``[testing]``).
"""

from __future__ import annotations

from pixcore_pixaccount.backend import Backend, PasswordBackend, ensure_fresh
from pixcore_pixaccount.errors import MESSAGES, PixAccountError, PixUnavailableError
from pixcore_pixaccount.hookspecs import PixAccountSpecs
from pixcore_pixaccount.host import PixAccountHost
from pixcore_pixaccount.idtoken import IdTokenPolicy
from pixcore_pixaccount.link import GarAccountLinker
from pixcore_pixaccount.linkstate import GarLinkRequest, LinkStateCodec
from pixcore_pixaccount.oidc import OidcBackend, OidcConfig, OidcPending
from pixcore_pixaccount.pixapi import PixApiConfig, PixApiPasswordBackend
from pixcore_pixaccount.ratelimit import AttemptLimiter
from pixcore_pixaccount.session import LoginResult, PixSession

__all__ = [
    "MESSAGES",
    "AttemptLimiter",
    "Backend",
    "GarAccountLinker",
    "GarLinkRequest",
    "IdTokenPolicy",
    "LinkStateCodec",
    "LoginResult",
    "OidcBackend",
    "OidcConfig",
    "OidcPending",
    "PasswordBackend",
    "PixAccountError",
    "PixAccountHost",
    "PixAccountSpecs",
    "PixApiConfig",
    "PixApiPasswordBackend",
    "PixSession",
    "PixUnavailableError",
    "ensure_fresh",
]
