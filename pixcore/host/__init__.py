"""The host wiring: ports, plugin manager, defaults and the session service.

This is where pixcore meets a host application: the hook specifications
(:mod:`pixcore.host.hookspecs`), the plugin manager and its typed façade
(:mod:`pixcore.host.plugins`), the built-in defaults (:mod:`pixcore.host.defaults`),
the event-store port and its in-memory implementation (:mod:`pixcore.host.store`) and
:class:`~pixcore.host.service.SessionService`, which runs the pure lifecycle against
the stores the plugins provide. The pure core never imports this package.
"""
