"""Linking GAR identities to accounts, through the host's hooks, with audit events.

The adapter never writes accounts itself: :class:`GarLinker` asks the host
(``pixcore_gar_find_account``, ``pixcore_gar_link_account``, ``pixcore_gar_relink``,
``pixcore_gar_find_learners``) and emits :class:`GarAccountLinked` /
:class:`GarAccountRelinked` through ``pixcore_on_event``. Events carry a hash of the
IDO, never the IDO.
"""

from __future__ import annotations

from datetime import date, datetime

from pixcore.events import Event
from pixcore.models.identity import VerifiedIdentity
from pixcore_gar.acs import ido_hash
from pixcore_gar.errors import GarArgumentError, GarAuthError, require_type
from pixcore_gar.host import GarHooks
from pixcore_gar.reconcile import match_learner, require_match

__all__ = ["GarAccountLinked", "GarAccountRelinked", "GarLinker"]


class GarAccountLinked(Event, frozen=True):
    """An account was linked to a GAR identity."""

    account_id: str
    ido_hash: str


class GarAccountRelinked(Event, frozen=True):
    """An account's GAR IDO was replaced (Pix's R13/R33 re-link, an explicit policy)."""

    account_id: str
    old_ido_hash: str | None
    new_ido_hash: str


class GarLinker:
    """Account lookup, reconciliation, link and re-link for GAR identities."""

    def __init__(self, hooks: GarHooks) -> None:
        self.hooks = hooks

    def account_for(self, identity: VerifiedIdentity) -> str | None:
        """The linked account, names refreshed as Pix does at each login; ``None`` if new."""
        require_type(identity, VerifiedIdentity, "identity")
        account_id = self.hooks.find_account(identity.subject)
        if account_id is not None:
            self.hooks.link_account(
                account_id, identity.subject, identity.first_name, identity.last_name
            )
        return account_id

    def reconcile(self, identity: VerifiedIdentity, uai: str, birthdate: date) -> str:
        """The learner id matching ``identity`` in school ``uai`` for the typed birth date."""
        require_type(identity, VerifiedIdentity, "identity")
        require_type(uai, str, "uai")
        if not isinstance(birthdate, date) or isinstance(birthdate, datetime):
            raise GarArgumentError("ARGUMENT_NOT_VALID", meta={"argument": "birthdate"})
        if uai not in identity.uai or not identity.first_name or not identity.last_name:
            raise GarAuthError("RECONCILIATION_NOT_FOUND")
        learners = self.hooks.find_learners(uai, birthdate)
        result = match_learner(identity.first_name, identity.last_name, birthdate, learners)
        return require_match(result)

    def link(self, account_id: str, identity: VerifiedIdentity) -> None:
        """Link ``account_id`` to the IDO; refuse if the IDO belongs to another account."""
        require_type(account_id, str, "account_id")
        require_type(identity, VerifiedIdentity, "identity")
        existing = self.hooks.find_account(identity.subject)
        if existing is not None and existing != account_id:
            raise GarAuthError("ALREADY_RECONCILED")
        self.hooks.link_account(
            account_id, identity.subject, identity.first_name, identity.last_name
        )
        if existing is None:
            self.hooks.on_event(
                GarAccountLinked(account_id=account_id, ido_hash=ido_hash(identity.subject))
            )

    def relink(self, account_id: str, old_ido: str | None, identity: VerifiedIdentity) -> None:
        """Move ``account_id`` from ``old_ido`` to the identity's new IDO (audited)."""
        require_type(account_id, str, "account_id")
        require_type(old_ido, (str, type(None)), "old_ido")
        require_type(identity, VerifiedIdentity, "identity")
        existing = self.hooks.find_account(identity.subject)
        if existing is not None and existing != account_id:
            raise GarAuthError("ALREADY_RECONCILED")
        self.hooks.relink(account_id, old_ido, identity.subject)
        self.hooks.on_event(
            GarAccountRelinked(
                account_id=account_id,
                old_ido_hash=None if old_ido is None else ido_hash(old_ido),
                new_ido_hash=ido_hash(identity.subject),
            )
        )
