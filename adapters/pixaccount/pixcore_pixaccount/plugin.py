"""The ``pixaccount`` entry point of the ``pixcore.plugins`` group: adds this adapter's hooks."""

from __future__ import annotations

import pluggy

from pixcore.host.hookspecs import hookimpl
from pixcore_pixaccount.hookspecs import add_specs

__all__ = ["pixcore_addhooks"]


@hookimpl
def pixcore_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add the ``pixcore_pixaccount_*`` hook specifications."""
    add_specs(pluginmanager)
