"""The client and authorization-code records of :class:`FakeOidcProvider` (authlib mixins)."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped, unused-ignore]
    AuthorizationCodeMixin,
    ClientMixin,
)

__all__ = ["OidcClient", "OidcCode", "OidcUser"]


@dataclasses.dataclass(frozen=True, slots=True)
class OidcUser:
    """The end user the fake provider logs in, without asking anything (nothing in ``repr``)."""

    sub: str = dataclasses.field(default="pix-user-1234", repr=False)
    given_name: str = dataclasses.field(default="Annie", repr=False)
    family_name: str = dataclasses.field(default="Mâle", repr=False)


class OidcClient(ClientMixin):  # type: ignore[misc, unused-ignore]
    """A public client (PKCE, no secret) with one redirect URI."""

    def __init__(self, client_id: str, redirect_uri: str) -> None:
        self.client_id = client_id
        self.redirect_uri = redirect_uri

    def get_client_id(self) -> str:
        """The client id."""
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        """The only redirect URI."""
        return self.redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        """Keep ``openid`` and ``profile`` only."""
        return " ".join(s for s in (scope or "").split() if s in {"openid", "profile"})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exact match only."""
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        """A public client has no secret."""
        return False

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """Only ``none`` (PKCE proves the client)."""
        return method == "none"

    def check_response_type(self, response_type: str) -> bool:
        """Only the code flow."""
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        """Only ``authorization_code``."""
        return grant_type == "authorization_code"


@dataclasses.dataclass
class OidcCode(AuthorizationCodeMixin):  # type: ignore[misc, unused-ignore]
    """An issued authorization code with its PKCE challenge and nonce (secrets not in ``repr``)."""

    code: str = dataclasses.field(repr=False)
    client_id: str
    redirect_uri: str
    scope: str
    user: OidcUser = dataclasses.field(repr=False)
    nonce: str | None = dataclasses.field(repr=False)
    code_challenge: str | None = dataclasses.field(repr=False)
    code_challenge_method: str | None
    auth_time: int = dataclasses.field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        """The redirect URI of the authorization request."""
        return self.redirect_uri

    def get_scope(self) -> str:
        """The granted scope."""
        return self.scope

    def get_nonce(self) -> str | None:
        """The nonce of the authorization request."""
        return self.nonce

    def get_auth_time(self) -> int:
        """When the user "logged in"."""
        return self.auth_time

    def get_acr(self) -> Any:
        """No ACR."""
        return None

    def get_amr(self) -> Any:
        """No AMR."""
        return None
