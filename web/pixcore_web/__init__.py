"""pixcore-web: the reference web host of pixcore (``pixcore serve``).

:func:`~pixcore_web.app.create_app` builds the ASGI application over a
:class:`~pixcore.host.service.SessionService`; :func:`~pixcore_web.serve.open_host` builds
the service on a store location (a path: the embedded SQLite store) with the live hub.
Everything it does goes through pixcore's public API, hooks and adapters. Nothing is
imported here: the entry point :mod:`pixcore_web.plugin` stays light for the command line.
"""
