"""``FakeOidcProvider``: authlib's Flask authorization server with OIDC, PKCE and a JWKS.

Routes: ``GET /authorize`` (consents at once for :class:`OidcUser` and redirects back
with a code), ``POST /token`` (authorization code + PKCE S256, ``none`` client auth),
``GET /jwks``. Serve it with :class:`~pixcore_pixaccount.testing.LoopbackServer` and set
:attr:`FakeOidcProvider.issuer` to the server URL.

Knobs to build bad ID tokens, applied to the token authlib issued (real nonce,
real flow): ``claims_override`` (e.g. ``{"iss": ...}``, ``{"exp": ...}``),
``header_override`` (e.g. ``{"kid": "unknown"}``), ``signing_key`` (sign with another
key) and ``forge`` (build the whole compact token, for ``alg=none`` or HS256).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable
from typing import Any

from authlib.integrations.flask_oauth2 import (  # type: ignore[import-untyped, unused-ignore]
    AuthorizationServer,
)
from authlib.oauth2 import OAuth2Error  # type: ignore[import-untyped, unused-ignore]
from authlib.oauth2.rfc6749 import grants  # type: ignore[import-untyped, unused-ignore]
from authlib.oauth2.rfc7636 import CodeChallenge  # type: ignore[import-untyped, unused-ignore]
from authlib.oidc.core.grants import OpenIDCode  # type: ignore[import-untyped, unused-ignore]
from flask import Flask, jsonify
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from pixcore_pixaccount.testing.fake_oidc_models import OidcClient, OidcCode, OidcUser

__all__ = ["FakeOidcProvider", "Forge", "OidcUser"]

Forge = Callable[[dict[str, Any], dict[str, Any]], str]
"""Build a compact token from a header and claims (for ``alg=none``, HS256...)."""


def _payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return claims


class FakeOidcProvider:
    """An in-process OIDC provider; ``app`` is the WSGI app to serve."""

    def __init__(
        self,
        *,
        client_id: str = "pixcore-test",
        redirect_uri: str = "https://host.example/pix/callback",
        user: OidcUser | None = None,
    ) -> None:
        self.issuer = "http://127.0.0.1"
        self.client = OidcClient(client_id, redirect_uri)
        self.user = user or OidcUser()
        self.key = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig"})
        self.signing_key: RSAKey | None = None
        self.claims_override: dict[str, Any] = {}
        self.header_override: dict[str, Any] = {}
        self.forge: Forge | None = None
        self.codes: dict[str, OidcCode] = {}
        self.token_requests = 0
        self.jwks_requests = 0
        self.app = self._build_app()

    def public_jwks(self) -> dict[str, Any]:
        """The JWKS served at ``/jwks`` (public parts only)."""
        return dict(KeySet([self.key]).as_dict(private=False))

    def encode_id_token(self, standard: str) -> str:
        """Apply the knobs to the ID token authlib issued."""
        if not (self.claims_override or self.header_override or self.forge or self.signing_key):
            return standard
        claims = {**_payload(standard), **self.claims_override}
        header = {"alg": "RS256", "kid": self.key.kid, **self.header_override}
        if self.forge is not None:
            return self.forge(header, claims)
        return jwt.encode(header, claims, self.signing_key or self.key)

    def _build_app(self) -> Flask:
        app = Flask("pixcore_pixaccount_fake_oidc")
        server = AuthorizationServer(app, query_client=self._query_client, save_token=_no_op)
        server.register_grant(
            _grant_class(self), [CodeChallenge(required=True), _openid_extension(self)]
        )
        app.add_url_rule("/authorize", "authorize", lambda: self._authorize(server))
        app.add_url_rule("/token", "token", lambda: self._token(server), methods=["POST"])
        app.add_url_rule("/jwks", "jwks", self._jwks)
        return app

    def _jwks(self) -> Any:
        self.jwks_requests += 1
        return jsonify(self.public_jwks())

    def _query_client(self, client_id: str) -> OidcClient | None:
        return self.client if client_id == self.client.client_id else None

    def _authorize(self, server: AuthorizationServer) -> Any:
        try:
            grant = server.get_consent_grant(end_user=self.user)
        except OAuth2Error as error:
            return jsonify({"error": error.error}), 400
        return server.create_authorization_response(grant_user=self.user, grant=grant)

    def _token(self, server: AuthorizationServer) -> Any:
        self.token_requests += 1
        return server.create_token_response()


def _no_op(token: Any, request: Any) -> None:
    """Tokens are not stored: the fake has no resource server."""


def _grant_class(provider: FakeOidcProvider) -> type[Any]:
    class _CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc, unused-ignore]
        TOKEN_ENDPOINT_AUTH_METHODS: Iterable[str] = ("none",)

        def save_authorization_code(self, code: str, request: Any) -> None:
            data = request.payload.data
            provider.codes[code] = OidcCode(
                code=code,
                client_id=request.client.get_client_id(),
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                user=request.user,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
            )

        def query_authorization_code(self, code: str, client: Any) -> OidcCode | None:
            item = provider.codes.get(code)
            return item if item and item.client_id == client.get_client_id() else None

        def delete_authorization_code(self, authorization_code: OidcCode) -> None:
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: OidcCode) -> OidcUser:
            return authorization_code.user

    return _CodeGrant


def _openid_extension(provider: FakeOidcProvider) -> Any:
    class _OpenIDCode(OpenIDCode):  # type: ignore[misc, unused-ignore]
        def resolve_client_private_key(self, client: Any) -> RSAKey:
            return provider.key

        def get_client_algorithm(self, client: Any) -> str:
            return "RS256"

        def get_encode_header(self, client: Any) -> dict[str, Any]:
            return {"alg": "RS256", "kid": provider.key.kid}

        def get_client_claims(self, client: Any) -> dict[str, Any]:
            return {"iss": provider.issuer, "aud": [client.get_client_id()]}

        def exists_nonce(self, nonce: str, request: Any) -> bool:
            return False

        def generate_user_info(self, user: OidcUser, scope: str) -> dict[str, Any]:
            return {"sub": user.sub, "given_name": user.given_name, "family_name": user.family_name}

        def encode_id_token(self, token: Any, request: Any) -> str:
            return provider.encode_id_token(super().encode_id_token(token, request))

    return _OpenIDCode(require_nonce=True)
