"""The ``pixcore.plugins`` entry point of ``pixcore-gar``: adds the GAR hook specs.

This module implements only the core's ``pixcore_addhooks``, so loading it never
breaks a host's plugin manager. The ``trylast`` defaults of the GAR hooks live in
:mod:`pixcore_gar.defaults` and are registered by :class:`pixcore_gar.GarHooks`. The
request and replay stores have no default: register :class:`pixcore_gar.InMemoryStore`
(one process) or a shared store.
"""

from __future__ import annotations

import pluggy

from pixcore.host.hookspecs import hookimpl
from pixcore_gar.hookspecs import GarSpecs

__all__ = ["has_gar_specs", "pixcore_addhooks"]


def has_gar_specs(pm: pluggy.PluginManager) -> bool:
    """Whether GAR's hook specs are known (an implementation alone creates no spec)."""
    caller = getattr(pm.hook, "pixcore_gar_store_request", None)
    return caller is not None and caller.has_spec()


@hookimpl
def pixcore_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add :class:`GarSpecs` to the host's plugin manager (idempotent)."""
    if not has_gar_specs(pluginmanager):
        pluginmanager.add_hookspecs(GarSpecs)
