"""``GarHooks``: the typed façade over the plugin manager for the ``pixcore_gar_*`` hooks.

Callers use these methods, never the untyped ``pm.hook.*`` calls; results are checked
here (:class:`pixcore.errors.HookResultError` on a wrong type).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, get_args

import pluggy

from pixcore.errors import HookResultError, InvalidPluginError
from pixcore.events import Event
from pixcore.host.plugins import create_plugin_manager
from pixcore_gar.hookspecs import GarSpecs, RequestState
from pixcore_gar.plugin import has_gar_specs

if TYPE_CHECKING:
    from pixcore.models.identity import VerifiedIdentity
    from pixcore_gar.config import GarConfig
    from pixcore_gar.reconcile import Learner

__all__ = ["GarHooks", "create_gar_plugin_manager"]

_STORE_HOOKS = (
    "pixcore_gar_store_request",
    "pixcore_gar_consume_request",
    "pixcore_gar_replay_check_and_store",
)


def _wrong(hook: str) -> HookResultError:
    return HookResultError(meta={"hook": hook})


class GarHooks:
    """Typed calls to the GAR hooks of one plugin manager.

    Adds :class:`GarSpecs` and the ``trylast`` defaults when they are missing, so it
    works whether or not the core replayed ``pixcore_addhooks`` to the GAR plugin.
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        from pixcore_gar import defaults

        if not has_gar_specs(pm):
            pm.add_hookspecs(GarSpecs)
        if not pm.has_plugin(defaults.PLUGIN_NAME):
            pm.register(defaults, name=defaults.PLUGIN_NAME)
        self.pm = pm

    def missing_stores(self) -> list[str]:
        """Names of the store hooks nobody implements (start-up fails closed on these)."""
        return [name for name in _STORE_HOOKS if not getattr(self.pm.hook, name).get_hookimpls()]

    def store_request(self, request_id: str, expires_at: datetime) -> None:
        """``pixcore_gar_store_request``."""
        self.pm.hook.pixcore_gar_store_request(request_id=request_id, expires_at=expires_at)

    def consume_request(self, request_id: str) -> RequestState:
        """``pixcore_gar_consume_request``; no answer counts as ``"unknown"``."""
        state = self.pm.hook.pixcore_gar_consume_request(request_id=request_id)
        if state is None:
            return "unknown"
        if state not in get_args(RequestState):
            raise _wrong("pixcore_gar_consume_request")
        return state  # type: ignore[no-any-return]

    def replay_check_and_store(self, key: str, expires_at: datetime) -> bool:
        """``pixcore_gar_replay_check_and_store``; no answer counts as a replay (fail closed)."""
        fresh = self.pm.hook.pixcore_gar_replay_check_and_store(key=key, expires_at=expires_at)
        if fresh is not None and not isinstance(fresh, bool):
            raise _wrong("pixcore_gar_replay_check_and_store")
        return fresh is True

    def uai_verdicts(self, uai: str) -> list[bool]:
        """Every non-``None`` answer of ``pixcore_gar_allowed_uai`` for ``uai``."""
        caller = self.pm.hook.pixcore_gar_allowed_uai
        if not caller.get_hookimpls():  # the common case: no policy plugin, no call
            return []
        return [bool(v) for v in caller(uai=uai)]

    def find_account(self, ido: str) -> str | None:
        """``pixcore_gar_find_account``."""
        account = self.pm.hook.pixcore_gar_find_account(ido=ido)
        if account is not None and not isinstance(account, str):
            raise _wrong("pixcore_gar_find_account")
        return account

    def link_account(
        self, account_id: str, ido: str, first_name: str | None, last_name: str | None
    ) -> None:
        """``pixcore_gar_link_account``."""
        self.pm.hook.pixcore_gar_link_account(
            account_id=account_id, ido=ido, first_name=first_name, last_name=last_name
        )

    def relink(self, account_id: str, old_ido: str | None, new_ido: str) -> None:
        """``pixcore_gar_relink``."""
        self.pm.hook.pixcore_gar_relink(account_id=account_id, old_ido=old_ido, new_ido=new_ido)

    def find_learners(self, uai: str, birthdate: date) -> list[Learner]:
        """``pixcore_gar_find_learners``, every plugin's answers merged."""
        from pixcore_gar.reconcile import Learner

        results: Iterable[Iterable[object]] = self.pm.hook.pixcore_gar_find_learners(
            uai=uai, birthdate=birthdate
        )
        learners = [learner for result in results for learner in result]
        if not all(isinstance(learner, Learner) for learner in learners):
            raise _wrong("pixcore_gar_find_learners")
        return learners  # type: ignore[return-value]

    def on_identity(self, identity: VerifiedIdentity) -> None:
        """``pixcore_gar_on_identity`` (no call at all when no plugin observes it)."""
        caller = self.pm.hook.pixcore_gar_on_identity
        if caller.get_hookimpls():
            caller(identity=identity)

    def saml_settings(self, establishment: str | None = None) -> GarConfig | None:
        """``pixcore_gar_saml_settings``."""
        from pixcore_gar.config import GarConfig

        config = self.pm.hook.pixcore_gar_saml_settings(establishment=establishment)
        if config is not None and not isinstance(config, GarConfig):
            raise _wrong("pixcore_gar_saml_settings")
        return config

    def on_event(self, event: Event) -> None:
        """Emit an audit event to the core's ``pixcore_on_event`` observers.

        GAR's audit events belong to no session stream and are not stored: they go out
        on the stream ``"gar"`` with version 0.
        """
        self.pm.hook.pixcore_on_event(event=event, stream="gar", version=0)


def create_gar_plugin_manager(*plugins: object) -> pluggy.PluginManager:
    """A fresh plugin manager with the GAR hooks, the GAR plugin, then ``plugins``.

    Entry points are not loaded (``autoload=False``). The GAR specs are added even when
    the core does not replay ``pixcore_addhooks`` to late plugins.
    """
    from pixcore_gar import plugin

    pm = create_plugin_manager(autoload=False)
    if not pm.has_plugin("gar"):
        pm.register(plugin, name="gar")
    GarHooks(pm)
    for extra in plugins:
        pm.register(extra)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise InvalidPluginError(meta={"plugin": pm.get_name(exc.plugin) or ""}) from exc
    return pm
