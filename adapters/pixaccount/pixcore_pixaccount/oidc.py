"""``OidcBackend``: authorization code + PKCE S256 + ``state`` + ``nonce`` (``saml.md`` §8.3).

For the day Pix (or another provider) offers OpenID Connect. The browser goes to the
provider with a fresh ``state``, ``nonce`` and PKCE challenge; on the way back the
``state`` is compared in constant time before anything else, the code is exchanged
with the verifier through authlib's ``OAuth2Client``, and the ID token is checked by
:func:`~pixcore_pixaccount.idtoken.verify_id_token`. The access token stays opaque.
"""

from __future__ import annotations

import dataclasses
import hmac
import secrets
import ssl
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import httpx2
from authlib.integrations.httpx_client import (  # type: ignore[import-untyped, unused-ignore]
    OAuth2Client,
)

from pixcore.models.identity import VerifiedIdentity
from pixcore_pixaccount._http import (
    check_timeout,
    check_url,
    http_options,
    translate_transport_errors,
)
from pixcore_pixaccount.clock import Clock, utc_now
from pixcore_pixaccount.errors import PixAccountError
from pixcore_pixaccount.idtoken import IdTokenPolicy, JwksCache, verify_id_token
from pixcore_pixaccount.pixreplies import json_body, raise_unless_ok, refresh_session, session_from
from pixcore_pixaccount.session import LoginResult, PixSession

__all__ = ["OidcBackend", "OidcConfig", "OidcPending"]


@dataclasses.dataclass(frozen=True, slots=True)
class OidcConfig:
    """A registered OIDC client: the provider's endpoints and this client's identity."""

    issuer: str
    client_id: str
    redirect_uri: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    scope: str = "openid profile"
    algorithms: tuple[str, ...] = ("RS256",)
    leeway_seconds: int = 60
    timeout_seconds: float = 10.0
    max_login_duration: timedelta = timedelta(minutes=10)

    def __post_init__(self) -> None:
        for url in (self.authorization_endpoint, self.token_endpoint, self.jwks_uri):
            check_url(url)
        check_timeout(self.timeout_seconds)

    def policy(self) -> IdTokenPolicy:
        """The ID-token policy: this issuer, this client as audience, the algorithms."""
        return IdTokenPolicy(self.issuer, self.client_id, self.algorithms, self.leeway_seconds)


@dataclasses.dataclass(frozen=True, slots=True)
class OidcPending:
    """What the host keeps server-side (its session) between redirect and callback."""

    state: str = dataclasses.field(repr=False)
    nonce: str = dataclasses.field(repr=False)
    code_verifier: str = dataclasses.field(repr=False)
    started_at: datetime


_MAX_CODE = 2048
"""The longest authorization code accepted from the callback."""


class OidcBackend:
    """OIDC login with authlib's client; ID tokens checked with joserfc."""

    def __init__(
        self,
        config: OidcConfig,
        *,
        clock: Clock = utc_now,
        transport: httpx2.BaseTransport | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = config
        self._clock = clock
        self._http = http_options(config.timeout_seconds, transport, ssl_context)
        self._policy = config.policy()
        self.jwks = JwksCache(self._fetch_jwks)

    def begin_login(self) -> tuple[str, OidcPending]:
        """Return the authorization URL and the pending login to keep server-side."""
        pending = OidcPending(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            code_verifier=secrets.token_urlsafe(64),
            started_at=self._clock(),
        )
        with self._client() as client:
            url, _ = client.create_authorization_url(
                self.config.authorization_endpoint,
                state=pending.state,
                code_verifier=pending.code_verifier,
                nonce=pending.nonce,
            )
        return str(url), pending

    def complete_login(self, params: Mapping[str, str], pending: OidcPending) -> LoginResult:
        """Check the callback against ``pending``, exchange the code, check the ID token."""
        self._check_callback(params, pending)
        token = self._exchange(params["code"], pending)
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise PixAccountError("OIDC_ID_TOKEN_INVALID", meta={"reason": "missing"})
        now = self._clock()
        claims = verify_id_token(
            id_token,
            policy=self._policy,
            jwks=self.jwks,
            nonce=pending.nonce,
            now=int(now.timestamp()),
        )
        session = session_from({**token, "user_id": claims["sub"]}, now=now)
        return LoginResult(identity=_identity(claims), session=session)

    def refresh(self, session: PixSession) -> PixSession:
        """One ``grant_type=refresh_token`` call; any refusal is ``RELOGIN_REQUIRED``."""
        return refresh_session(self._client, self.config.token_endpoint, session, self._clock)

    def logout(self, session: PixSession) -> None:
        """Nothing to revoke remotely without a revocation endpoint; the host drops the session."""

    def _check_callback(self, params: Mapping[str, str], pending: OidcPending) -> None:
        if not isinstance(params, Mapping) or not isinstance(pending, OidcPending):
            raise PixAccountError("OIDC_STATE_MISMATCH")
        state = params.get("state", "")
        if not isinstance(state, str) or not hmac.compare_digest(
            state.encode("utf-8", "replace"), pending.state.encode()
        ):
            raise PixAccountError("OIDC_STATE_MISMATCH")
        if self._clock() - pending.started_at > self.config.max_login_duration:
            raise PixAccountError("OIDC_STATE_MISMATCH")
        code = params.get("code")
        if "error" in params or not (isinstance(code, str) and 0 < len(code) <= _MAX_CODE):
            raise PixAccountError("OIDC_PROVIDER_ERROR")
        if not (code.isascii() and code.isprintable()):
            raise PixAccountError("OIDC_PROVIDER_ERROR")

    def _exchange(self, code: str, pending: OidcPending) -> Mapping[str, Any]:
        with self._client() as client, translate_transport_errors():
            token: Mapping[str, Any] = client.fetch_token(
                self.config.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=pending.code_verifier,
            )
        return token

    def _fetch_jwks(self) -> Mapping[str, Any]:
        with httpx2.Client(**self._http.client_kwargs()) as client, translate_transport_errors():
            response = client.get(self.config.jwks_uri)
            response.raise_for_status()
        data = json_body(response)
        if not isinstance(data, dict):
            raise PixAccountError("OIDC_ID_TOKEN_INVALID", meta={"reason": "jwks"})
        return data

    def _client(self) -> OAuth2Client:
        client = OAuth2Client(
            client_id=self.config.client_id,
            token_endpoint_auth_method="none",
            scope=self.config.scope,
            redirect_uri=self.config.redirect_uri,
            code_challenge_method="S256",
            **self._http.client_kwargs(),
        )
        client.register_compliance_hook("access_token_response", raise_unless_ok)
        client.register_compliance_hook("refresh_token_response", raise_unless_ok)
        return client


def _identity(claims: Mapping[str, Any]) -> VerifiedIdentity:
    given = claims.get("given_name")
    family = claims.get("family_name")
    return VerifiedIdentity(
        provider="PIX",
        subject=str(claims["sub"]),
        first_name=given if isinstance(given, str) else None,
        last_name=family if isinstance(family, str) else None,
    )
