"""``PixAccountHost``: the typed façade over the plugin manager for this adapter's hooks."""

from __future__ import annotations

from datetime import datetime

import pluggy

from pixcore.errors import HookResultError
from pixcore.models.identity import VerifiedIdentity
from pixcore_pixaccount.backend import Backend, PasswordBackend, ensure_fresh
from pixcore_pixaccount.errors import PixAccountError
from pixcore_pixaccount.hookspecs import add_specs
from pixcore_pixaccount.session import LoginResult, PixSession

__all__ = ["PixAccountHost"]


class PixAccountHost:
    """Typed calls to the ``pixcore_pixaccount_*`` hooks; adds the specs if missing.

    >>> pm = create_plugin_manager()
    >>> host = PixAccountHost(pm)
    >>> pm.register(MyHostPlugin())
    >>> result = host.login_with_password(username, password)
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        add_specs(pm)
        pm.check_pending()
        self.pm = pm

    def backend(self) -> Backend:
        """The configured backend, or ``PIX_BACKEND_NOT_CONFIGURED``."""
        backend = self.pm.hook.pixcore_pixaccount_backend()
        if backend is None:
            raise PixAccountError("PIX_BACKEND_NOT_CONFIGURED")
        if not isinstance(backend, Backend):
            raise HookResultError(meta={"hook": "pixcore_pixaccount_backend"})
        return backend

    def password_backend(self) -> PasswordBackend:
        """The configured backend, which must take a username and password."""
        backend = self.backend()
        if not isinstance(backend, PasswordBackend):
            raise PixAccountError("PIX_BACKEND_NOT_CONFIGURED")
        return backend

    def login_with_password(self, username: str, password: str) -> LoginResult:
        """Log in with the password backend, then store the tokens and tell observers."""
        result = self.password_backend().login(username, password)
        self.logged_in(result)
        return result

    def logged_in(self, result: LoginResult) -> None:
        """Store the tokens and notify observers (also after an OIDC ``complete_login``)."""
        self.store_tokens(result.identity, result.session)
        self.pm.hook.pixcore_pixaccount_on_login(identity=result.identity)

    def fresh_session(
        self, identity: VerifiedIdentity, session: PixSession, *, now: datetime
    ) -> PixSession:
        """Refresh an expired session once (``RELOGIN_REQUIRED`` if refused) and store it."""
        fresh = ensure_fresh(self.backend(), session, now=now)
        if fresh is not session:
            self.store_tokens(identity, fresh)
        return fresh

    def store_tokens(self, identity: VerifiedIdentity, session: PixSession) -> None:
        """``pixcore_pixaccount_token_store``: hand the session to the host's storage."""
        self.pm.hook.pixcore_pixaccount_token_store(identity=identity, session=session)

    def find_gar_link(self, ido: str) -> str | None:
        """The Pix user id linked to ``ido``; fails closed when no plugin can tell."""
        hook = self.pm.hook.pixcore_pixaccount_find_gar_link
        if not hook.get_hookimpls():
            raise PixAccountError("PIX_BACKEND_NOT_CONFIGURED")
        user_id = hook(ido=ido)
        if user_id is not None and not isinstance(user_id, str):
            raise HookResultError(meta={"hook": "pixcore_pixaccount_find_gar_link"})
        return user_id

    def link_gar(
        self, ido: str, user_id: str, *, first_name: str | None, last_name: str | None
    ) -> None:
        """``pixcore_pixaccount_link_gar``: let the host write the link."""
        self.pm.hook.pixcore_pixaccount_link_gar(
            ido=ido, user_id=user_id, first_name=first_name, last_name=last_name
        )
