"""Built-in default answers to pixcore's firstresult hooks, registered ``trylast``.

One :class:`Defaults` instance per plugin manager (no module-level state). The only
default is the system clock. There is **no default store**: a host chooses where
sessions and attachments live (``pixcore-sqlite``, its own plugin, or, for tests and
demos, :class:`pixcore.host.memory.MemoryStorePlugin` on purpose); without one,
:class:`~pixcore.host.service.SessionService` refuses to start (``STORE_NOT_CONFIGURED``)
rather than keep sessions in memory and lose them at restart.
"""

from __future__ import annotations

import datetime as dt

from pixcore.host.hookspecs import hookimpl

__all__ = ["Defaults"]


class Defaults:
    """The defaults plugin: the system clock."""

    @hookimpl(trylast=True)
    def pixcore_now(self) -> dt.datetime:
        """The system clock, in UTC."""
        return dt.datetime.now(dt.UTC)
