"""``pixcore serve``: the web host on the embedded SQLite store (a pixcore plugin).

:mod:`pixcore_web.plugin` adds the ``serve`` subcommand; :func:`open_host` builds the
service (store found by ``pixcore_open_store``: a file path is the embedded SQLite
store), the attachments folder, the live hub and the application.

``--dev`` runs the fake Pix API in-process with development accounts, prints random
staff codes in a loud banner, shows a banner on every page, and is refused unless the
server listens on a loopback address. Outside dev mode the server key and the staff
codes come from the environment (``PIXCORE_WEB_SECRET_KEY``,
``PIXCORE_WEB_REFERENT_CODE``, ``PIXCORE_WEB_JURY_CODE``) and the Pix API from
``PIXCORE_WEB_PIX_API`` (HTTPS), and GAR from ``PIXCORE_WEB_GAR_CONFIG`` (a JSON file).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import ipaddress
import json
import os
import secrets
import sys
from collections.abc import Iterator, Sequence

from starlette.applications import Starlette

from pixcore.cli.common import attachments_folder
from pixcore.errors import StoreNotConfiguredError
from pixcore.host.attachments import FolderAttachments
from pixcore.host.plugins import PluginHost, create_plugin_manager
from pixcore.host.service import SessionService
from pixcore.models.identity import VerifiedIdentity
from pixcore_web.app import create_app
from pixcore_web.config import PixLogin, WebConfig
from pixcore_web.errors import DevModeError
from pixcore_web.gar import GarLogin
from pixcore_web.live import LiveHub

__all__ = ["DEV_BANNER", "Host", "is_loopback", "open_host", "production_gar", "run_server"]

DEV_BANNER = """\
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  MODE DÉVELOPPEMENT (--dev) : NE PAS UTILISER EN PRODUCTION                        !!
!!  Faux service Pix, comptes de démonstration, codes affichés ci-dessous.           !!
!!  Écoute sur la boucle locale uniquement.                                          !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"""
"""Printed on start in dev mode (the pages also show a banner)."""


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclasses.dataclass
class Host:
    """A running web host: the application, its service and its live hub."""

    app: Starlette
    service: SessionService
    hub: LiveHub


@contextlib.contextmanager
def open_host(
    location: str,
    config: WebConfig,
    *,
    pix_login: PixLogin | None,
    plugins: Sequence[object] = (),
    gar: GarLogin | None = None,
) -> Iterator[Host]:
    """The web host over the store at ``location``; closed on exit.

    ``location`` is a SQLite file or an address a store plugin opens
    (``postgresql://...``); attachments go where the command line keeps them
    (:func:`pixcore.cli.common.attachments_folder`).
    """
    finder = PluginHost(create_plugin_manager(strict=True))
    store = finder.open_store(location)
    if store is None:
        raise StoreNotConfiguredError()
    hub = LiveHub()
    attachments = FolderAttachments(attachments_folder(location))
    try:
        pm = create_plugin_manager(autoload=False, plugins=[store, attachments, hub, *plugins])
        service = SessionService(PluginHost(pm))
        yield Host(create_app(service, config, hub, pix_login=pix_login, gar=gar), service, hub)
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()


def _production_config(secure: bool) -> WebConfig:
    return WebConfig(
        secret_key=os.environ.get("PIXCORE_WEB_SECRET_KEY", "").encode(),
        referent_secret=os.environ.get("PIXCORE_WEB_REFERENT_CODE", ""),
        jury_secret=os.environ.get("PIXCORE_WEB_JURY_CODE", ""),
        secure_cookies=secure,
    )


def _production_login() -> PixLogin | None:
    url = os.environ.get("PIXCORE_WEB_PIX_API")
    if not url:
        return None
    from pixcore_pixaccount import PixApiConfig, PixApiPasswordBackend

    backend = PixApiPasswordBackend(PixApiConfig(url))

    def login(username: str, password: str) -> VerifiedIdentity:
        return backend.login(username, password).identity

    return login


_MAX_GAR_CONFIG = 1 << 20


def production_gar(secure: bool) -> GarLogin | None:
    """GAR login from ``PIXCORE_WEB_GAR_CONFIG`` (a JSON file of GarConfig's fields).

    Unset: no GAR login. The request and replay stores are in memory (one process).
    """
    path = os.environ.get("PIXCORE_WEB_GAR_CONFIG")
    if not path:
        return None
    try:
        from pixcore_gar import (
            GarConfig,
            GarServiceProvider,
            InMemoryStore,
            create_gar_plugin_manager,
        )

        with open(path, "rb") as file:
            raw = file.read(_MAX_GAR_CONFIG + 1)
        values = json.loads(raw) if len(raw) <= _MAX_GAR_CONFIG else None
    except (ImportError, OSError, ValueError):
        values = None
    if not isinstance(values, dict):
        raise DevModeError("WEB_GAR_CONFIG_UNREADABLE")
    config = GarConfig.model_validate(values)  # a bad setting: GarConfigError, coded
    sp = GarServiceProvider(config, create_gar_plugin_manager(InMemoryStore()))
    return GarLogin(sp, secure_cookies=secure)


def run_server(args: argparse.Namespace) -> int:
    """Start uvicorn on ``args.host:args.port`` (blocks until interrupted)."""
    import uvicorn

    loopback = is_loopback(args.host)
    if args.dev and not loopback:
        raise DevModeError("WEB_DEV_NOT_LOOPBACK")
    plugins: list[object] = []
    dev_pix = None
    gar: GarLogin | None = None
    if args.dev:
        from pixcore_web.dev import DEV_PASSWORD, DEV_PUPILS, DevProfiles, dev_code, start_dev_pix
        from pixcore_web.dev_gar import dev_gar_login

        dev_pix = start_dev_pix()
        config = WebConfig(secret_key=secrets.token_bytes(32), referent_secret=dev_code(),
                           jury_secret=dev_code(), secure_cookies=False, dev=True)  # fmt: skip
        login: PixLogin | None = dev_pix.login
        plugins.append(DevProfiles())
        gar = dev_gar_login(secure_cookies=False)
        print(DEV_BANNER, file=sys.stderr)
        print(f"  code référent : {config.referent_secret}", file=sys.stderr)
        print(f"  code jury     : {config.jury_secret}", file=sys.stderr)
        names = ", ".join(p.username for p in DEV_PUPILS)
        print(f"  comptes Pix   : {names} (mot de passe {DEV_PASSWORD})", file=sys.stderr)
        print("  GAR          : faux GAR en local, élève au choix", file=sys.stderr)
    else:
        config = _production_config(secure=not loopback)
        login = _production_login()
        gar = production_gar(secure=not loopback)
    try:
        with open_host(str(args.store), config, pix_login=login, plugins=plugins, gar=gar) as host:
            print(f"pixcore serve : http://{args.host}:{args.port}/", file=sys.stderr)
            uvicorn.run(host.app, host=args.host, port=args.port, log_level="warning",
                        access_log=False, proxy_headers=False)  # fmt: skip
    finally:
        if dev_pix is not None:
            dev_pix.stop()
    return 0
