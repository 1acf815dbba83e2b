"""Linking a GAR identity to an existing Pix account (``saml.md`` §1.6, §8.4).

1. The GAR login yields an IDO no account knows: :meth:`GarAccountLinker.start` seals
   it into a short-lived state (:mod:`~pixcore_pixaccount.linkstate`).
2. The student logs in with the Pix account: :meth:`GarAccountLinker.link_with_password`
   opens the state (before any call to Pix), logs in once, then refuses when the account
   is not the one reconciliation pointed at (Pix ``UnexpectedUserAccountError``) or the
   IDO is linked to another account (Pix ``UserAlreadyExistsWithAuthenticationMethodError``);
   else the host writes the link through ``pixcore_pixaccount_link_gar``.
"""

from __future__ import annotations

import contextlib

from pixcore_pixaccount.errors import PixAccountError, PixUnavailableError
from pixcore_pixaccount.host import PixAccountHost
from pixcore_pixaccount.linkstate import GarLinkRequest, LinkStateCodec
from pixcore_pixaccount.session import LoginResult

__all__ = ["GarAccountLinker"]


class GarAccountLinker:
    """The two steps of the GAR ↔ Pix-account link."""

    def __init__(self, host: PixAccountHost, codec: LinkStateCodec) -> None:
        self.host = host
        self.codec = codec

    def start(self, request: GarLinkRequest) -> str:
        """Seal ``request`` for the second step; refuse an IDO that is already linked."""
        self._refuse_if_linked(request.ido, user_id=None)
        return self.codec.seal(request)

    def link_with_password(self, state: str, username: str, password: str) -> LoginResult:
        """Open ``state``, log in once with Pix, check, then link. Returns the login."""
        request = self.codec.open(state)
        self._refuse_if_linked(request.ido, user_id=None)
        backend = self.host.password_backend()
        result = backend.login(username, password)
        try:
            self._check(request, result.identity.subject)
        except PixAccountError:
            with contextlib.suppress(PixAccountError, PixUnavailableError):
                backend.logout(result.session)
            raise
        if self.host.find_gar_link(request.ido) is None:
            self.host.link_gar(
                request.ido,
                result.identity.subject,
                first_name=request.first_name,
                last_name=request.last_name,
            )
        self.host.logged_in(result)
        return result

    def _check(self, request: GarLinkRequest, user_id: str) -> None:
        expected = request.expected_user_id
        if expected is not None and expected != user_id:
            raise PixAccountError("UNEXPECTED_USER_ACCOUNT")
        self._refuse_if_linked(request.ido, user_id=user_id)

    def _refuse_if_linked(self, ido: str, *, user_id: str | None) -> None:
        linked = self.host.find_gar_link(ido)
        if linked is not None and linked != user_id:
            raise PixAccountError("GAR_IDO_LINKED_ELSEWHERE")
