"""Checking an OIDC ID token with joserfc against the provider's JWKS (``saml.md`` §7.1).

Checked, in this order, each with its own ``reason`` in ``OIDC_ID_TOKEN_INVALID``:
``malformed`` (not a compact JWS), ``algorithm`` (outside the allow-list: ``none`` and
every ``HS*`` are never allowed, which also stops "HS256 with the public key as the
secret"), ``kid`` (unknown after one JWKS refresh), ``signature``, then the claims
``iss``, ``aud``, ``azp``, ``exp``, ``nbf``, ``iat``, ``sub``; finally ``nonce``
(``OIDC_NONCE_MISMATCH``).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hmac
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet

from pixcore_pixaccount.errors import PixAccountError

__all__ = ["FORBIDDEN_ALGORITHMS", "IdTokenPolicy", "JwksCache", "verify_id_token"]

FORBIDDEN_ALGORITHMS = frozenset({"none", "HS256", "HS384", "HS512"})
"""Never accepted for an ID token checked against a public JWKS."""


def _invalid(reason: str) -> PixAccountError:
    return PixAccountError("OIDC_ID_TOKEN_INVALID", meta={"reason": reason})


class JwksCache:
    """The provider's key set, fetched lazily and refetched once on an unknown ``kid``."""

    def __init__(self, fetch: Callable[[], Mapping[str, Any]]) -> None:
        self._fetch = fetch
        self._keys: KeySet | None = None
        self._lock = threading.Lock()

    def for_kid(self, kid: str | None) -> KeySet:
        """Return a key set holding ``kid`` (refreshing once), or raise reason ``kid``."""
        with self._lock:
            if self._keys is None or not _has_kid(self._keys, kid):
                self._keys = _import(self._fetch())
            if not _has_kid(self._keys, kid):
                raise _invalid("kid")
            return self._keys


def _import(data: Mapping[str, Any]) -> KeySet:
    try:
        return KeySet.import_key_set(dict(data))  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise _invalid("jwks") from exc


def _has_kid(keys: KeySet, kid: str | None) -> bool:
    if kid is None:
        return len(keys.keys) == 1
    return any(key.kid == kid for key in keys.keys)


@dataclasses.dataclass(frozen=True, slots=True)
class IdTokenPolicy:
    """What an ID token must say: issuer, audience (client id), algorithms, leeway."""

    issuer: str
    audience: str
    algorithms: tuple[str, ...] = ("RS256",)
    leeway_seconds: int = 60

    def __post_init__(self) -> None:
        if not self.algorithms or FORBIDDEN_ALGORITHMS.intersection(self.algorithms):
            raise ValueError("ID-token algorithms must be asymmetric (no 'none', no HS*)")


def _header(token: str) -> Mapping[str, Any]:
    parts = token.split(".")
    if len(parts) != 3:
        raise _invalid("malformed")
    try:
        raw = base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4))
        header = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError) as exc:
        raise _invalid("malformed") from exc
    if not isinstance(header, dict):
        raise _invalid("malformed")
    return header


def _signed_claims(token: str, policy: IdTokenPolicy, jwks: JwksCache) -> dict[str, Any]:
    header = _header(token)
    if header.get("alg") not in policy.algorithms:
        raise _invalid("algorithm")
    kid = header.get("kid")
    keys = jwks.for_kid(kid if isinstance(kid, str) else None)
    try:
        return jwt.decode(token, keys, algorithms=list(policy.algorithms)).claims
    except (BadSignatureError, InvalidKeyIdError) as exc:
        raise _invalid("signature") from exc
    except JoseError as exc:
        raise _invalid("malformed") from exc


def _check_claims(claims: dict[str, Any], policy: IdTokenPolicy, now: int) -> None:
    registry = jwt.JWTClaimsRegistry(
        now=now,
        leeway=policy.leeway_seconds,
        iss={"essential": True, "value": policy.issuer},
        aud={"essential": True, "value": policy.audience},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise _invalid("exp") from exc
    except ClaimError as exc:
        raise _invalid(exc.claim if exc.claim in _CLAIM_REASONS else "claims") from exc
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != policy.audience:
        raise _invalid("azp")


_CLAIM_REASONS = frozenset({"iss", "aud", "exp", "nbf", "iat", "sub"})


def verify_id_token(
    token: str, *, policy: IdTokenPolicy, jwks: JwksCache, nonce: str, now: int
) -> dict[str, Any]:
    """Return the claims of a valid ID token, else raise a coded :class:`PixAccountError`."""
    claims = _signed_claims(token, policy, jwks)
    _check_claims(claims, policy, now)
    received = claims.get("nonce")
    if not isinstance(received, str) or not hmac.compare_digest(received, nonce):
        raise PixAccountError("OIDC_NONCE_MISMATCH")
    return claims
