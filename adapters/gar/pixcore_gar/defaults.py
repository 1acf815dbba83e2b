"""Default answers of the GAR ``firstresult`` hooks, ``trylast=True`` so a host always wins.

Registered once per plugin manager by :class:`pixcore_gar.GarHooks` under the name
``pixcore_gar.defaults``.
"""

from __future__ import annotations

from pixcore.host.hookspecs import hookimpl
from pixcore_gar.config import GarConfig

__all__ = ["PLUGIN_NAME", "pixcore_gar_find_account", "pixcore_gar_saml_settings"]

PLUGIN_NAME = "pixcore_gar.defaults"


@hookimpl(trylast=True)
def pixcore_gar_find_account(ido: str) -> str | None:
    """Default: no account is linked to any IDO."""
    return None


@hookimpl(trylast=True)
def pixcore_gar_saml_settings(establishment: str | None) -> GarConfig | None:
    """Default: no configuration; the host provides one."""
    return None
