"""saml.md §9 case 66: the OIDC backend against authlib's in-process authorization server."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from pixcore_pixaccount import IdTokenPolicy, OidcBackend, OidcConfig, PixAccountError
from pixcore_pixaccount.idtoken import verify_id_token
from pixcore_pixaccount.testing import FakeOidcProvider

from .conftest import authorize


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(header: dict[str, Any], claims: dict[str, Any], sign: Any) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    return f"{signing_input}.{b64(sign(signing_input.encode()))}"


def rejected(backend: OidcBackend) -> PixAccountError:
    params, pending, _ = authorize(backend)
    with pytest.raises(PixAccountError) as info:
        backend.complete_login(params, pending)
    return info.value


def reason(error: PixAccountError) -> object:
    assert error.code == "OIDC_ID_TOKEN_INVALID"
    return error.meta["reason"]


def test_case_66_valid_login(oidc_backend: OidcBackend) -> None:
    params, pending, url = authorize(oidc_backend)
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [pending.state]
    assert query["nonce"] == [pending.nonce]
    assert "code_verifier" not in query
    result = oidc_backend.complete_login(params, pending)
    assert result.identity.provider == "PIX"
    assert result.identity.subject == "pix-user-1234"
    assert (result.identity.first_name, result.identity.last_name) == ("Annie", "Mâle")


def test_case_66_wrong_iss(oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider) -> None:
    oidc_provider.claims_override = {"iss": "https://evil.example"}
    assert reason(rejected(oidc_backend)) == "iss"


def test_case_66_wrong_aud(oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider) -> None:
    oidc_provider.claims_override = {"aud": ["another-client"]}
    assert reason(rejected(oidc_backend)) == "aud"


def test_case_66_extra_audience_without_azp(
    oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider
) -> None:
    oidc_provider.claims_override = {"aud": ["pixcore-test", "another-client"]}
    assert reason(rejected(oidc_backend)) == "azp"


def test_case_66_expired(oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider) -> None:
    now = int(time.time())
    oidc_provider.claims_override = {"iat": now - 7200, "exp": now - 3600}
    assert reason(rejected(oidc_backend)) == "exp"


def test_case_66_not_yet_valid(oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider) -> None:
    oidc_provider.claims_override = {"nbf": int(time.time()) + 3600}
    assert reason(rejected(oidc_backend)) == "nbf"


def test_case_66_alg_none(oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider) -> None:
    oidc_provider.forge = lambda header, claims: compact(
        {"alg": "none", "typ": "JWT"}, claims, lambda _: b""
    )
    assert reason(rejected(oidc_backend)) == "algorithm"


def test_case_66_hs256_with_the_public_key_as_secret(
    oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider
) -> None:
    public_pem = oidc_provider.key.as_pem(private=False)

    def forge(header: dict[str, Any], claims: dict[str, Any]) -> str:
        def sign(data: bytes) -> bytes:
            return hmac.new(public_pem, data, hashlib.sha256).digest()

        return compact({**header, "alg": "HS256"}, claims, sign)

    oidc_provider.forge = forge
    assert reason(rejected(oidc_backend)) == "algorithm"


def test_case_66_unknown_kid_after_one_jwks_refresh(
    oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider
) -> None:
    oidc_provider.header_override = {"kid": "attacker-key"}
    oidc_provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "attacker-key"})
    assert reason(rejected(oidc_backend)) == "kid"
    assert oidc_provider.jwks_requests == 1
    assert reason(rejected(oidc_backend)) == "kid"
    assert oidc_provider.jwks_requests == 2


def test_case_66_known_kid_wrong_key(
    oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider
) -> None:
    oidc_provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "key-1"})
    assert reason(rejected(oidc_backend)) == "signature"


def test_case_66_key_rotation_is_followed(
    oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider
) -> None:
    params, pending, _ = authorize(oidc_backend)
    oidc_backend.complete_login(params, pending)
    oidc_provider.key = RSAKey.generate_key(2048, parameters={"kid": "key-2", "use": "sig"})
    params, pending, _ = authorize(oidc_backend)
    assert oidc_backend.complete_login(params, pending).identity.subject == "pix-user-1234"
    assert oidc_provider.jwks_requests == 2


def test_case_66_nonce_mismatch(oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider) -> None:
    oidc_provider.claims_override = {"nonce": "replayed-nonce"}
    assert rejected(oidc_backend).code == "OIDC_NONCE_MISMATCH"


def test_case_66_nonce_missing(oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider) -> None:
    oidc_provider.forge = lambda header, claims: jwt.encode(
        header, {k: v for k, v in claims.items() if k != "nonce"}, oidc_provider.key
    )
    assert rejected(oidc_backend).code == "OIDC_NONCE_MISMATCH"


def test_case_66_state_mismatch_stops_before_the_token_request(
    oidc_backend: OidcBackend, oidc_provider: FakeOidcProvider
) -> None:
    params, pending, _ = authorize(oidc_backend)
    for forged in ({**params, "state": "forged"}, {"code": params["code"]}):
        with pytest.raises(PixAccountError) as info:
            oidc_backend.complete_login(forged, pending)
        assert info.value.code == "OIDC_STATE_MISMATCH"
    assert oidc_provider.token_requests == 0


def test_case_66_pending_from_another_login(oidc_backend: OidcBackend) -> None:
    params, _, _ = authorize(oidc_backend)
    _, other_pending, _ = authorize(oidc_backend)
    with pytest.raises(PixAccountError) as info:
        oidc_backend.complete_login(params, other_pending)
    assert info.value.code == "OIDC_STATE_MISMATCH"


def test_case_66_wrong_pkce_verifier_is_refused_by_the_server(
    oidc_backend: OidcBackend,
) -> None:
    params, pending, _ = authorize(oidc_backend)
    tampered = dataclasses.replace(pending, code_verifier="x" * 64)
    with pytest.raises(PixAccountError) as info:
        oidc_backend.complete_login(params, tampered)
    assert info.value.code == "PIX_REQUEST_REJECTED"


def test_case_66_provider_error_on_callback(oidc_backend: OidcBackend) -> None:
    _, pending, _ = authorize(oidc_backend)
    with pytest.raises(PixAccountError) as info:
        oidc_backend.complete_login({"state": pending.state, "error": "access_denied"}, pending)
    assert info.value.code == "OIDC_PROVIDER_ERROR"


@pytest.mark.parametrize("algorithms", [("none",), ("HS256",), ("RS256", "HS512"), ()])
def test_case_66_config_refuses_symmetric_or_none_algorithms(
    oidc_config: OidcConfig, algorithms: tuple[str, ...]
) -> None:
    with pytest.raises(ValueError, match="asymmetric"):
        OidcBackend(dataclasses.replace(oidc_config, algorithms=algorithms))


def test_config_refuses_plain_http_outside_loopback(oidc_config: OidcConfig) -> None:
    with pytest.raises(ValueError, match="https"):
        dataclasses.replace(oidc_config, token_endpoint="http://idp.example/token")


def test_case_66_joserfc_also_refuses_hs256_against_the_rsa_jwks(
    oidc_provider: FakeOidcProvider,
) -> None:
    """Defence in depth: below the allow-list, joserfc will not use an RSA key as HMAC secret."""
    public = KeySet.import_key_set(oidc_provider.public_jwks())
    secret = oidc_provider.key.as_pem(private=False)
    token = compact(
        {"alg": "HS256", "kid": "key-1"},
        {"sub": "x"},
        lambda data: hmac.new(secret, data, hashlib.sha256).digest(),
    )
    with pytest.raises(JoseError):
        jwt.decode(token, public, algorithms=["HS256"])


@pytest.mark.parametrize("token", ["abc", "a.b", "!!!.e30.sig", "WyJ4Il0.e30.sig"])
def test_case_66_malformed_tokens(oidc_backend: OidcBackend, token: str) -> None:
    policy = IdTokenPolicy(issuer="i", audience="a")
    with pytest.raises(PixAccountError) as info:
        verify_id_token(token, policy=policy, jwks=oidc_backend.jwks, nonce="n", now=0)
    assert reason(info.value) == "malformed"
