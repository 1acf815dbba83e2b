"""The GAR → Pix-account link state: the IDO carried between two steps, sealed (``saml.md`` §8.4).

After a GAR login with an IDO no account knows, the host offers "I already have a Pix
account". The IDO (and the names GAR sent) must survive until the Pix login, without
ever being a bare token in a URL (Pix uses ``?externalUser=<JWT>``). The state is a
nested JWT: signed (HS256) then encrypted (JWE ``dir`` + ``A256GCM``), with two keys
derived from the host's secret by HKDF-SHA256, an expiry of at most one hour and a
random ``jti``. Put it in a POST form field or a server-side session, never a query.
"""

from __future__ import annotations

import dataclasses
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc import jwe, jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwe import JWERegistry
from joserfc.jwk import OctKey

from pixcore_pixaccount.clock import Clock, utc_now
from pixcore_pixaccount.errors import PixAccountError

__all__ = ["MAX_LINK_STATE_TTL", "GarLinkRequest", "LinkStateCodec"]

MAX_LINK_STATE_TTL = timedelta(hours=1)
"""Upper bound of a link state's life (Pix's reconciliation token also lives 1 h)."""

_JWE_REGISTRY = JWERegistry(algorithms=["dir", "A256GCM"])
_MAX_STATE_LENGTH = 16 * 1024
"""A sealed request is under 2 KB; anything much longer is refused unread."""
_TYP = "pixcore-gar-link+jwt"


@dataclasses.dataclass(frozen=True, slots=True)
class GarLinkRequest:
    """What the state carries: the GAR IDO, names, and the account reconciliation expects.

    Only the expiry shows in ``repr``.
    """

    ido: str = dataclasses.field(repr=False)
    first_name: str | None = dataclasses.field(default=None, repr=False)
    last_name: str | None = dataclasses.field(default=None, repr=False)
    expected_user_id: str | None = dataclasses.field(default=None, repr=False)
    expires_at: datetime | None = None


def _derive(secret: bytes, label: bytes) -> OctKey:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label)
    return OctKey.import_key(hkdf.derive(secret))


class LinkStateCodec:
    """Seal and open :class:`GarLinkRequest` states with a host secret (≥ 32 bytes)."""

    def __init__(
        self, secret: bytes, *, ttl: timedelta = timedelta(minutes=15), clock: Clock = utc_now
    ) -> None:
        if len(secret) < 32:
            raise ValueError("the link-state secret must be at least 32 bytes")
        if not timedelta(0) < ttl <= MAX_LINK_STATE_TTL:
            raise ValueError("the link-state ttl must be positive and at most one hour")
        self._sign_key = _derive(secret, b"pixcore-pixaccount gar-link sign")
        self._enc_key = _derive(secret, b"pixcore-pixaccount gar-link enc")
        self.ttl = ttl
        self._clock = clock

    def seal(self, request: GarLinkRequest) -> str:
        """Return the compact JWE of ``request``, valid for :attr:`ttl`."""
        now = int(self._clock().timestamp())
        claims = {
            "ido": request.ido,
            "given_name": request.first_name,
            "family_name": request.last_name,
            "expected_user_id": request.expected_user_id,
            "iat": now,
            "exp": now + int(self.ttl.total_seconds()),
            "jti": secrets.token_urlsafe(16),
        }
        signed = jwt.encode({"alg": "HS256", "typ": _TYP}, claims, self._sign_key)
        header = {"alg": "dir", "enc": "A256GCM", "cty": "JWT"}
        return jwe.encrypt_compact(header, signed, self._enc_key, registry=_JWE_REGISTRY)

    def open(self, state: str) -> GarLinkRequest:
        """Decrypt, verify and check the expiry; ``LINK_STATE_INVALID`` / ``_EXPIRED`` else."""
        claims = self._claims(state)
        now = int(self._clock().timestamp())
        try:
            jwt.JWTClaimsRegistry(
                now=now, ido={"essential": True}, exp={"essential": True}
            ).validate(claims)
        except ExpiredTokenError as exc:
            raise PixAccountError("LINK_STATE_EXPIRED") from exc
        except JoseError as exc:
            raise PixAccountError("LINK_STATE_INVALID") from exc
        return _request(claims)

    def _claims(self, state: str) -> dict[str, Any]:
        if not isinstance(state, str) or len(state) > _MAX_STATE_LENGTH:
            raise PixAccountError("LINK_STATE_INVALID")
        try:
            outer = jwe.decrypt_compact(state, self._enc_key, registry=_JWE_REGISTRY)
            if outer.headers().get("cty") != "JWT" or outer.plaintext is None:
                raise PixAccountError("LINK_STATE_INVALID")
            token = jwt.decode(outer.plaintext, self._sign_key, algorithms=["HS256"])
        except (JoseError, ValueError) as exc:
            raise PixAccountError("LINK_STATE_INVALID") from exc
        if token.header.get("typ") != _TYP:
            raise PixAccountError("LINK_STATE_INVALID")
        return token.claims


def _request(claims: dict[str, Any]) -> GarLinkRequest:
    def text(name: str) -> str | None:
        value = claims.get(name)
        return value if isinstance(value, str) else None

    ido = text("ido")
    if not ido:
        raise PixAccountError("LINK_STATE_INVALID")
    return GarLinkRequest(
        ido=ido,
        first_name=text("given_name"),
        last_name=text("family_name"),
        expected_user_id=text("expected_user_id"),
        expires_at=datetime.fromtimestamp(claims["exp"], UTC),
    )
