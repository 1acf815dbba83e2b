"""Hooks of the Pix-account adapter, added to the host's manager via ``pixcore_addhooks``.

All are synchronous and typed. Implement them with ``pixcore.host.hookspecs.hookimpl``.
The two ``firstresult`` hooks have no default implementation on purpose: without a
backend, login is off (the adapter is opt-in); without a link lookup, the GAR link
refuses to run (fail closed) rather than assume "not linked".
"""

from __future__ import annotations

import pluggy

from pixcore.host.hookspecs import hookspec
from pixcore.models.identity import VerifiedIdentity
from pixcore_pixaccount.backend import Backend
from pixcore_pixaccount.session import PixSession

__all__ = ["PixAccountSpecs", "add_specs"]


class PixAccountSpecs:
    """The ``pixcore_pixaccount_*`` hooks."""

    @hookspec(firstresult=True)
    def pixcore_pixaccount_backend(self) -> Backend | None:
        """Return the backend that logs Pix accounts in; the first non-``None`` wins.

        **Example**::

            @hookimpl
            def pixcore_pixaccount_backend():
                return PixApiPasswordBackend(PixApiConfig("https://api.pix.fr"))
        """

    @hookspec
    def pixcore_pixaccount_on_login(self, identity: VerifiedIdentity) -> None:
        """Observe a successful Pix-account login (audit). Must not raise.

        :param identity: ``provider="PIX"``, ``subject`` = the Pix user id.
        """

    @hookspec
    def pixcore_pixaccount_token_store(
        self, identity: VerifiedIdentity, session: PixSession
    ) -> None:
        """Keep the session's tokens where the host decides (server side only).

        Called after each login and refresh. Never log the tokens.

        **Example**::

            @hookimpl
            def pixcore_pixaccount_token_store(identity, session):
                vault.put(identity.subject, session)
        """

    @hookspec(firstresult=True)
    def pixcore_pixaccount_find_gar_link(self, ido: str) -> str | None:
        """Return the Pix user id the GAR ``ido`` is linked to, or ``None`` if none.

        Mirrors Pix's GAR ``authentication-methods`` row (``externalIdentifier`` = IDO).
        """

    @hookspec
    def pixcore_pixaccount_link_gar(
        self, ido: str, user_id: str, first_name: str | None, last_name: str | None
    ) -> None:
        """Write the link between the GAR ``ido`` and the Pix account ``user_id``.

        Called once the Pix login succeeded and the checks of ``saml.md`` §8.4 passed.
        """


def add_specs(pm: pluggy.PluginManager) -> None:
    """Add :class:`PixAccountSpecs` to ``pm`` unless they are already there (idempotent)."""
    caller = getattr(pm.hook, "pixcore_pixaccount_backend", None)
    if caller is None or not caller.has_spec():
        pm.add_hookspecs(PixAccountSpecs)
