"""Hook specifications: what host applications and plugins can plug into pixcore.

One spec class, :class:`PixcoreSpecs`; every hook is named ``pixcore_*``, typed,
synchronous and documented here and in ``docs/hooks.md``. Plugins implement hooks with
:data:`hookimpl` (``from pixcore import hookimpl``). Adapters declare their own hooks
(``pixcore_gar_*``, ``pixcore_pixaccount_*``) through :meth:`PixcoreSpecs.pixcore_addhooks`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pixcore.events import Event

__all__ = ["PROJECT_NAME", "PixcoreSpecs", "hookimpl", "hookspec"]

PROJECT_NAME = "pixcore"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marker for hook specifications (pixcore and its adapters)."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marker for hook implementations: ``@pixcore.hookimpl def pixcore_on_event(...)``."""


class PixcoreSpecs:
    """The hooks of the pixcore core."""

    @hookspec(historic=True)
    def pixcore_addhooks(self, pluginmanager: pluggy.PluginManager) -> None:
        """Add hook specifications, e.g. an adapter's own hooks.

        Called once for every plugin, also for plugins registered later (historic).
        Incompatible with hook wrappers.

        :param pluginmanager: the host's plugin manager; call
            ``pluginmanager.add_hookspecs(MySpecs)``.

        **Example**::

            @hookimpl
            def pixcore_addhooks(pluginmanager):
                pluginmanager.add_hookspecs(GarSpecs)
        """

    @hookspec
    def pixcore_on_event(self, event: Event) -> None:
        """Observe every domain event, after it is stored.

        Observers (audit, notifications) must not raise: an exception propagates to the
        caller of the command, after the event was stored.

        :param event: the domain event, an immutable pydantic model.

        **Example**::

            @hookimpl
            def pixcore_on_event(event):
                audit_log.append(event.model_dump(mode="json"))
        """
