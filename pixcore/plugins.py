"""The plugin host: one plugin manager per host application, built by a factory.

``create_plugin_manager()`` adds the specs, registers the built-in defaults, then loads
the plugins of the entry-point group ``pixcore.plugins``. Loading is tolerant by
default (a broken plugin is logged and skipped), strict on request (``strict=True``),
and off when ``autoload=False`` or the environment variable
``PIXCORE_DISABLE_PLUGIN_AUTOLOAD`` is set to a non-empty value.

:class:`PluginHost` is the typed façade over ``pm.hook``: callers use its methods, never
the untyped ``pm.hook.*`` calls.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points

import pluggy

from pixcore.errors import InvalidPluginError, PluginLoadError
from pixcore.events import Event
from pixcore.hookspecs import PROJECT_NAME, PixcoreSpecs

__all__ = [
    "AUTOLOAD_ENV",
    "ENTRY_POINT_GROUP",
    "PluginHost",
    "create_plugin_manager",
]

ENTRY_POINT_GROUP = "pixcore.plugins"
AUTOLOAD_ENV = "PIXCORE_DISABLE_PLUGIN_AUTOLOAD"

_log = logging.getLogger(__name__)


def create_plugin_manager(
    *,
    autoload: bool = True,
    strict: bool = False,
    blocked: Iterable[str] = (),
    plugins: Iterable[object] = (),
    environ: Mapping[str, str] | None = None,
) -> pluggy.PluginManager:
    """Build a fresh plugin manager with pixcore's specs and the given plugins.

    :param autoload: load the ``pixcore.plugins`` entry points (unless the environment
        variable ``PIXCORE_DISABLE_PLUGIN_AUTOLOAD`` is set).
    :param strict: raise :class:`PluginLoadError` on a plugin that fails to load,
        instead of logging and skipping it.
    :param blocked: entry-point names never to load.
    :param plugins: plugin objects to register explicitly, after the entry points.
    :param environ: the environment to read (defaults to ``os.environ``).
    """
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(PixcoreSpecs)
    # Historic: every plugin registered from now on may add its own hook specs.
    pm.hook.pixcore_addhooks.call_historic(kwargs={"pluginmanager": pm})
    for name in blocked:
        pm.set_blocked(name)
    env = os.environ if environ is None else environ
    if autoload and not env.get(AUTOLOAD_ENV):
        _load_entry_points(pm, strict=strict)
    for plugin in plugins:
        _register(pm, plugin, name=None)
    _check(pm)
    return pm


def _load_entry_points(pm: pluggy.PluginManager, *, strict: bool) -> None:
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if pm.is_blocked(entry_point.name) or pm.has_plugin(entry_point.name):
            continue
        _load_one(pm, entry_point, strict=strict)


def _load_one(pm: pluggy.PluginManager, entry_point: EntryPoint, *, strict: bool) -> None:
    try:
        plugin = entry_point.load()
        _register(pm, plugin, name=entry_point.name)
    except Exception as exc:
        if strict:
            raise PluginLoadError(meta={"plugin": entry_point.name}) from exc
        _log.warning("pixcore plugin %r skipped: it failed to load", entry_point.name)
        _log.debug("pixcore plugin %r load failure", entry_point.name, exc_info=True)


def _register(pm: pluggy.PluginManager, plugin: object, *, name: str | None) -> None:
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise InvalidPluginError(meta={"plugin": name or repr(plugin)}) from exc


def _check(pm: pluggy.PluginManager) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise InvalidPluginError(meta={"plugin": pm.get_name(exc.plugin) or ""}) from exc


class PluginHost:
    """Typed façade over a plugin manager's hooks.

    >>> host = PluginHost(create_plugin_manager(autoload=False))
    >>> host.on_event(Event())
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    def on_event(self, event: Event) -> None:
        """Tell every observer about ``event`` (``pixcore_on_event``)."""
        self.pm.hook.pixcore_on_event(event=event)
