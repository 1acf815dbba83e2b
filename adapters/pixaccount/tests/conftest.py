from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import httpx2
import pytest
from pixcore_pixaccount import (
    AttemptLimiter,
    OidcBackend,
    OidcConfig,
    OidcPending,
    PixApiConfig,
    PixApiPasswordBackend,
)
from pixcore_pixaccount.testing import (
    FakeClock,
    FakeOidcProvider,
    FakePixApi,
    FakePixUser,
    LoopbackServer,
)

TLS = httpx2.create_ssl_context(trust_env=False)
"""One TLS context for the whole suite: building one loads the CA bundle (about 70 ms)."""

EMAIL = "annie.male@example.net"
USERNAME = "annie.male0101"
PASSWORD = "Pix-s3cret!"
USER_ID = 4242


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def pix_api(clock: FakeClock) -> FakePixApi:
    return FakePixApi(clock=clock)


@pytest.fixture
def pix_user(pix_api: FakePixApi) -> FakePixUser:
    return pix_api.add_user(USER_ID, PASSWORD, email=EMAIL, username=USERNAME)


@pytest.fixture
def pix_url(pix_api: FakePixApi, pix_user: FakePixUser) -> Iterator[str]:
    with LoopbackServer(pix_api) as server:
        yield server.url


@pytest.fixture
def backend(pix_url: str, clock: FakeClock) -> PixApiPasswordBackend:
    """A backend whose own rate limit stays out of the way of lock-out tests."""
    limiter = AttemptLimiter(max_attempts=1000, clock=clock)
    return PixApiPasswordBackend(
        PixApiConfig(pix_url, timeout_seconds=10.0), clock=clock, limiter=limiter, ssl_context=TLS
    )


@pytest.fixture
def oidc_provider() -> Iterator[FakeOidcProvider]:
    provider = FakeOidcProvider()
    with LoopbackServer(provider.app) as server:
        provider.issuer = server.url
        yield provider


@pytest.fixture
def oidc_config(oidc_provider: FakeOidcProvider) -> OidcConfig:
    base = oidc_provider.issuer
    return OidcConfig(
        issuer=base,
        client_id=oidc_provider.client.client_id,
        redirect_uri=oidc_provider.client.redirect_uri,
        authorization_endpoint=f"{base}/authorize",
        token_endpoint=f"{base}/token",
        jwks_uri=f"{base}/jwks",
        timeout_seconds=5.0,
    )


@pytest.fixture
def oidc_backend(oidc_config: OidcConfig) -> OidcBackend:
    return OidcBackend(oidc_config, ssl_context=TLS)


def authorize(backend: OidcBackend) -> tuple[dict[str, str], OidcPending, str]:
    """Run the browser leg: follow the authorization URL to the callback."""
    url, pending = backend.begin_login()
    response = httpx2.get(url, follow_redirects=False, trust_env=False)
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    return dict(parse_qsl(urlsplit(location).query)), pending, url
