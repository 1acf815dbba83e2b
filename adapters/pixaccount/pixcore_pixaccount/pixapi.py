"""``PixApiPasswordBackend``: log in through Pix's own ``POST /api/token`` (``saml.md`` §4).

Warnings, also in the README:

- ``/api/token`` is an internal Pix endpoint built for Pix's front-ends, not a published
  third-party API; it may change without notice. The backend is opt-in.
- Every failed attempt counts toward the user's **real** Pix lock-out, so a refusal is
  never retried and attempts are rate-limited per username in this process.
- The login and the password are sent trimmed, as Pix's own sign-in form does
  (:mod:`~pixcore_pixaccount.credentials`); the limiter keys on the same login.
- Each call ends within ``timeout_seconds`` (connect to last byte) and reads at most
  64 KiB of an uncompressed reply (:mod:`~pixcore_pixaccount._transport`).
- Credentials pass through the host: TLS is mandatory, and the password is never logged,
  never put in an error, never kept.
- Pix's access token is opaque here (HS256 with Pix's private secret): it is not verified.
"""

from __future__ import annotations

import dataclasses
import ssl
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
from pixcore_pixaccount.credentials import normalize_login, normalize_password
from pixcore_pixaccount.errors import PixAccountError
from pixcore_pixaccount.pixreplies import (
    error_for,
    is_token,
    raise_unless_ok,
    refresh_session,
    session_from,
)
from pixcore_pixaccount.ratelimit import AttemptLimiter
from pixcore_pixaccount.session import LoginResult, PixSession

__all__ = ["NO_CLIENT_AUTH", "PixApiConfig", "PixApiPasswordBackend"]

NO_CLIENT_AUTH = "pix-no-client-auth"
"""Name of the registered client auth method that adds nothing to the request.

authlib's ``none`` method appends ``client_id=None`` when no client id is set
(``saml.md`` §7.1); Pix's Joi schema rejects unknown keys.
"""


def _no_client_auth(
    client: object, method: str, uri: str, headers: Any, body: Any
) -> tuple[str, Any, Any]:
    return uri, headers, body


@dataclasses.dataclass(frozen=True, slots=True)
class PixApiConfig:
    """Where Pix is and how long to wait for it.

    ``timeout_seconds`` bounds each call as a whole (connect, TLS, request, reply),
    not each socket read: a call never takes longer, whatever the server does.
    ``forwarded_host`` / ``forwarded_proto`` add ``X-Forwarded-*`` headers, only for
    deployments that require them (unverified for third parties, ``saml.md`` §4.2).
    """

    base_url: str
    timeout_seconds: float = 10.0
    forwarded_host: str | None = None
    forwarded_proto: str = "https"

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", check_url(self.base_url))
        check_timeout(self.timeout_seconds)

    @property
    def token_url(self) -> str:
        """``{base}/api/token``."""
        return f"{self.base_url}/api/token"

    @property
    def revoke_url(self) -> str:
        """``{base}/api/revoke``."""
        return f"{self.base_url}/api/revoke"

    def headers(self) -> dict[str, str]:
        """Extra headers sent with every request."""
        if self.forwarded_host is None:
            return {}
        return {"X-Forwarded-Host": self.forwarded_host, "X-Forwarded-Proto": self.forwarded_proto}


class PixApiPasswordBackend:
    """Password login, refresh and logout against Pix's ``/api/token`` and ``/api/revoke``."""

    def __init__(
        self,
        config: PixApiConfig,
        *,
        clock: Clock = utc_now,
        limiter: AttemptLimiter | None = None,
        transport: httpx2.BaseTransport | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.config = config
        self._clock = clock
        self.limiter = limiter if limiter is not None else AttemptLimiter(clock=clock)
        self._http = http_options(config.timeout_seconds, transport, ssl_context)

    def login(self, username: str, password: str) -> LoginResult:
        """Send ``grant_type=password&username=…&password=…`` once; never retried.

        Both are trimmed first, as Pix's sign-in form does; an empty, over-long or
        non-text value is ``MISSING_OR_INVALID_CREDENTIALS`` without calling Pix.
        """
        login = normalize_login(username)
        secret = normalize_password(password)
        self.limiter.acquire(login)
        with self._client() as client, translate_transport_errors():
            token = client.fetch_token(
                self.config.token_url,
                grant_type="password",
                username=login,
                password=secret,
            )
        session = session_from(token, now=self._clock())
        self.limiter.reset(login)
        return LoginResult(identity=_identity(session.user_id), session=session)

    def refresh(self, session: PixSession) -> PixSession:
        """One ``grant_type=refresh_token`` call; any refusal is ``RELOGIN_REQUIRED``."""
        return refresh_session(self._client, self.config.token_url, session, self._clock)

    def logout(self, session: PixSession) -> None:
        """``POST /api/revoke`` with ``token_type_hint=refresh_token`` (204 expected).

        A session without a usable refresh token has nothing to revoke; anything that
        is not a :class:`PixSession` is ``RELOGIN_REQUIRED``.
        """
        if not isinstance(session, PixSession):
            raise PixAccountError("RELOGIN_REQUIRED")
        if not is_token(session.refresh_token):
            return
        with self._client() as client, translate_transport_errors():
            response = client.revoke_token(
                self.config.revoke_url,
                token=session.refresh_token,
                token_type_hint="refresh_token",
            )
        if response.status_code not in (httpx2.codes.OK, httpx2.codes.NO_CONTENT):
            raise error_for(response)

    def _client(self) -> OAuth2Client:
        client = OAuth2Client(
            token_endpoint_auth_method=NO_CLIENT_AUTH,
            revocation_endpoint_auth_method=NO_CLIENT_AUTH,
            headers=self.config.headers(),
            **self._http.client_kwargs(),
        )
        client.register_client_auth_method((NO_CLIENT_AUTH, _no_client_auth))
        client.register_compliance_hook("access_token_response", raise_unless_ok)
        client.register_compliance_hook("refresh_token_response", raise_unless_ok)
        return client


def _identity(user_id: str) -> VerifiedIdentity:
    return VerifiedIdentity(provider="PIX", subject=user_id)
