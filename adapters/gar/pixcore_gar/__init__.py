"""GAR/ENT single sign-on for pixcore: a hardened SAML 2.0 service provider.

Public API (python3-saml and lxml are imported only when an SP is used)::

    from pixcore_gar import GarConfig, GarServiceProvider, InMemoryStore
    from pixcore_gar import create_gar_plugin_manager

    pm = create_gar_plugin_manager(InMemoryStore())   # or a shared replay store
    sp = GarServiceProvider(GarConfig(...), pm)
    url, request_id = sp.begin_login()
    identity = sp.consume(saml_response, request_id=request_id)

Test tooling lives in :mod:`pixcore_gar.testing`, the Starlette sub-application in
:mod:`pixcore_gar.asgi` (extra ``asgi``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pixcore_gar.config import GarConfig
from pixcore_gar.errors import GarAuthError, GarConfigError
from pixcore_gar.hookspecs import GarSpecs
from pixcore_gar.metadata import IdpMetadata, parse_idp_metadata
from pixcore_gar.reconcile import Ambiguous, Learner, Matched, NotFound, match_learner

if TYPE_CHECKING:
    from pixcore_gar.host import GarHooks, create_gar_plugin_manager
    from pixcore_gar.linking import GarLinker
    from pixcore_gar.sp import GarServiceProvider
    from pixcore_gar.stores import InMemoryStore

__all__ = [
    "Ambiguous",
    "GarAuthError",
    "GarConfig",
    "GarConfigError",
    "GarHooks",
    "GarLinker",
    "GarServiceProvider",
    "GarSpecs",
    "IdpMetadata",
    "InMemoryStore",
    "Learner",
    "Matched",
    "NotFound",
    "create_gar_plugin_manager",
    "match_learner",
    "parse_idp_metadata",
]

_LAZY = {
    "GarHooks": "pixcore_gar.host",
    "create_gar_plugin_manager": "pixcore_gar.host",
    "GarLinker": "pixcore_gar.linking",
    "GarServiceProvider": "pixcore_gar.sp",
    "InMemoryStore": "pixcore_gar.stores",
}


def __getattr__(name: str) -> Any:
    """Import the heavier parts of the API on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pixcore_gar' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
