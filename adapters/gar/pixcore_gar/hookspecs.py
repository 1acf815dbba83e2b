"""The GAR adapter's hooks (``pixcore_gar_*``), added to the host through ``pixcore_addhooks``.

One spec class, :class:`GarSpecs`; every hook is typed, synchronous and documented.
Hosts plug storage and policy in here; the adapter never creates accounts itself.
``firstresult`` hooks stop at the first non-``None`` answer; where a default makes
sense, :mod:`pixcore_gar.plugin` ships it with ``trylast=True``. The request and replay
stores have **no** default: without one the service provider refuses to start (G14).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from pixcore.host.hookspecs import hookspec

if TYPE_CHECKING:
    from pixcore.models.identity import VerifiedIdentity
    from pixcore_gar.config import GarConfig
    from pixcore_gar.reconcile import Learner

__all__ = ["GarSpecs", "RequestState"]

RequestState = Literal["fresh", "used", "unknown"]
"""Answer of ``pixcore_gar_consume_request``: first use, already used, never issued/expired."""


class GarSpecs:
    """Hook specifications of ``pixcore_gar``."""

    @hookspec
    def pixcore_gar_store_request(self, request_id: str, expires_at: datetime) -> None:
        """Remember an AuthnRequest id until ``expires_at`` (collect).

        :param request_id: the id of the AuthnRequest just sent to GAR.
        :param expires_at: when the id stops being acceptable (aware UTC datetime).
        """

    @hookspec(firstresult=True)
    def pixcore_gar_consume_request(self, request_id: str) -> RequestState | None:
        """Atomically mark a stored request id as used and say what it was (firstresult).

        :returns: ``"fresh"`` the first time, ``"used"`` afterwards, ``"unknown"`` for an
            id never stored or expired. Must be atomic across processes.
        """

    @hookspec(firstresult=True)
    def pixcore_gar_replay_check_and_store(self, key: str, expires_at: datetime) -> bool | None:
        """Atomically store ``key`` unless present (firstresult; e.g. ``SET NX``, unique index).

        :param key: sha256 of the issuer and the assertion ID.
        :param expires_at: keep the key at least until then.
        :returns: ``True`` when the key was new (accept), ``False`` when seen (replay).
        """

    @hookspec
    def pixcore_gar_allowed_uai(self, uai: str) -> bool | None:
        """Say whether a school (UAI) may log in (collect; any ``False`` refuses it).

        :returns: ``True``/``False``, or ``None`` to abstain.
        """

    @hookspec(firstresult=True)
    def pixcore_gar_find_account(self, ido: str) -> str | None:
        """Return the id of the account linked to this GAR ``ido``, or ``None`` (firstresult)."""

    @hookspec
    def pixcore_gar_link_account(
        self, account_id: str, ido: str, first_name: str | None, last_name: str | None
    ) -> None:
        """Write the link between an account and an IDO, with the names GAR sent (collect)."""

    @hookspec
    def pixcore_gar_relink(self, account_id: str, old_ido: str | None, new_ido: str) -> None:
        """Replace an account's GAR IDO by ``new_ido`` (Pix's R13/R33 re-link; collect)."""

    @hookspec
    def pixcore_gar_find_learners(self, uai: str, birthdate: date) -> Iterable[Learner]:
        """Return the school's learners born on ``birthdate`` (collect, results merged)."""
        return []

    @hookspec
    def pixcore_gar_on_identity(self, identity: VerifiedIdentity) -> None:
        """Observe an accepted GAR identity (audit only; never log the IDO in clear)."""

    @hookspec(firstresult=True)
    def pixcore_gar_saml_settings(self, establishment: str | None) -> GarConfig | None:
        """Return the GAR configuration (keys, IdP certificates) for a deployment (firstresult).

        :param establishment: a UAI when a host runs one SP per school, else ``None``.
        """
