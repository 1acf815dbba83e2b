"""Arbitrary reply shapes through the real HTTP path: only coded errors escape.

Every example is served by :class:`FakePixApi` (``canned_reply``) over loopback HTTP to
a real :class:`PixApiPasswordBackend` call (login, refresh or logout), or by a mock
transport to the OIDC backend's token and JWKS endpoints. Example counts follow the
active hypothesis profile (``ci`` in CI, ``thorough`` for a long run).
"""

from __future__ import annotations

import base64
import json
import string
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pixcore_pixaccount import (
    MESSAGES,
    AttemptLimiter,
    OidcBackend,
    OidcConfig,
    PixAccountError,
    PixApiConfig,
    PixApiPasswordBackend,
    PixSession,
    PixUnavailableError,
)
from pixcore_pixaccount.pixreplies import MAX_EXPIRES_IN
from pixcore_pixaccount.testing import CannedReply, FakeClock, FakePixApi, LoopbackServer

from .conftest import EMAIL, PASSWORD, TLS

PIX_CODES = [
    "MISSING_OR_INVALID_CREDENTIALS",
    "USER_IS_TEMPORARY_BLOCKED",
    "USER_IS_BLOCKED",
    "SHOULD_CHANGE_PASSWORD",
]
SAFE_META_KEYS = {
    "login_failure_with_username",
    "remaining_attempts",
    "blocking_duration_ms",
    "blocking_minutes",
    "retry_after_seconds",
    "status",
    "reason",
}

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["bearer", "", " ", "0", "1e999", "-1", "\u2028"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
tokens = st.text(alphabet=string.ascii_letters + string.digits + ".-_:", min_size=1, max_size=40)
counts = st.integers(min_value=-5, max_value=MAX_EXPIRES_IN + 5) | st.sampled_from(
    [0, 1, 2**63, 10**30]
)
token_bodies = st.fixed_dictionaries(
    {},
    optional={
        "access_token": tokens | json_values,
        "refresh_token": tokens | json_values,
        "user_id": st.integers(min_value=-3, max_value=10**20) | tokens | json_values,
        "expires_in": counts | json_values,
        "expires_at": counts | json_values,
        "token_type": st.sampled_from(["bearer", "Bearer", "mac"]) | json_values,
        "error": json_values,
        "error_description": json_values,
    },
)
pix_meta = st.fixed_dictionaries(
    {},
    optional={
        "isLoginFailureWithUsername": st.booleans() | json_values,
        "remainingAttempts": counts | json_values,
        "blockingDurationMs": counts | json_values,
    },
)
pix_errors = st.fixed_dictionaries(
    {},
    optional={
        "status": json_values,
        "title": json_values,
        "code": st.sampled_from([*PIX_CODES, "INVALID_REFRESH_TOKEN"]) | json_values,
        "detail": json_values,
        "meta": pix_meta | json_values | tokens,
    },
)
valid_token_bodies = st.fixed_dictionaries(
    {
        "access_token": tokens,
        "expires_in": st.integers(min_value=0, max_value=MAX_EXPIRES_IN),
        "user_id": st.integers(min_value=1, max_value=10**17),
    },
    optional={"refresh_token": tokens, "token_type": st.sampled_from(["bearer", "Bearer"])},
)
mutated_token_bodies = st.builds(
    lambda body, key, value: {**body, key: value},
    valid_token_bodies,
    st.sampled_from(
        [
            "access_token",
            "refresh_token",
            "user_id",
            "expires_in",
            "expires_at",
            "token_type",
            "error",
        ]
    ),
    json_values | counts | tokens,
)
error_bodies = st.fixed_dictionaries({"errors": st.lists(pix_errors | json_values, max_size=3)})
bodies = (
    valid_token_bodies.map(json.dumps).map(str.encode)
    | mutated_token_bodies.map(json.dumps).map(str.encode)
    | token_bodies.map(json.dumps).map(str.encode)
    | error_bodies.map(json.dumps).map(str.encode)
    | json_values.map(json.dumps).map(str.encode)
    | st.binary(max_size=200)
    | st.integers(min_value=1, max_value=5_000).map(lambda depth: b"[" * depth + b"]" * depth)
    | st.integers(min_value=4000, max_value=6_000).map(
        lambda n: b'{"expires_in":' + b"9" * n + b"}"
    )
)
header_text = st.text(alphabet=string.printable.strip() + " ", max_size=30)
replies = st.builds(
    CannedReply,
    status=st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 415, 429, 500, 503])
    | st.integers(min_value=200, max_value=599),
    headers=st.fixed_dictionaries(
        {},
        optional={
            "Content-Type": st.sampled_from(["application/json;charset=UTF-8", "text/html"]),
            "Retry-After": header_text | st.sampled_from(["²", "9" * 50, "0", "30"]),
        },
    ),
    body=bodies,
)
operations = st.sampled_from(["login", "refresh", "logout"])


@pytest.fixture(scope="module")
def canned() -> Iterator[tuple[FakePixApi, PixApiPasswordBackend]]:
    clock = FakeClock()
    api = FakePixApi(clock=clock)
    with LoopbackServer(api) as server:
        limiter = AttemptLimiter(max_attempts=10**9, clock=clock)
        config = PixApiConfig(server.url, timeout_seconds=5.0)
        yield api, PixApiPasswordBackend(config, clock=clock, limiter=limiter, ssl_context=TLS)


def check_coded(error: BaseException) -> PixAccountError | PixUnavailableError:
    """An adapter error with a catalogue code, clean messages and only safe ``meta``."""
    assert isinstance(error, PixAccountError | PixUnavailableError), repr(error)
    assert error.code in MESSAGES
    for text in (error.message, error.message_en, str(error)):
        assert text and "{" not in text and "  " not in text and "()" not in text
    assert set(error.meta) <= SAFE_META_KEYS
    for value in error.meta.values():
        assert isinstance(value, int | bool) or value in _REASONS, value
    return error


_REASONS = {
    "http",
    "network",
    "timeout",
    "status",
    "not_an_object",
    "oauth_error",
    "access_token",
    "expires_in",
    "refresh_token",
    "expires_at",
    "token_type",
    "user_id",
    "too_large",
    "content_encoding",
    "content_length",
    "stream",
    # OIDC_ID_TOKEN_INVALID reasons
    "missing",
    "malformed",
    "algorithm",
    "kid",
    "jwks",
    "signature",
    "claims",
    "iss",
    "aud",
    "azp",
    "exp",
    "nbf",
    "iat",
    "sub",
}


def run(backend: PixApiPasswordBackend, operation: str) -> object:
    session = PixSession("access", "7:refresh", FakeClock()() + timedelta(minutes=1), "7")
    if operation == "login":
        return backend.login(EMAIL, PASSWORD)
    if operation == "refresh":
        return backend.refresh(session)
    return backend.logout(session)


def parsed(reply: CannedReply) -> Any:
    try:
        return json.loads(reply.body)
    except (ValueError, RecursionError):
        return None


@settings(deadline=None)
@given(reply=replies, operation=operations)
def test_any_pix_reply_gives_a_result_or_a_coded_error(
    canned: tuple[FakePixApi, PixApiPasswordBackend], reply: CannedReply, operation: str
) -> None:
    api, backend = canned
    api.canned_reply = reply
    try:
        outcome = run(backend, operation)
    except Exception as exc:  # the property is about what escapes
        error = check_coded(exc)
        event(error.code)
        if reply.status >= 500:
            assert error.code == "PIX_UNAVAILABLE"
        elif reply.status == 429:
            assert error.code == "RATE_LIMITED"
            assert 1 <= int(error.meta["retry_after_seconds"] or 0) <= 3600
        elif operation == "login" and reply.status in (401, 403):
            assert error.code == expected_refusal(reply)
        elif operation == "refresh" and 400 <= reply.status < 500:
            assert error.code == "RELOGIN_REQUIRED"
        return
    event(f"{operation} succeeded")
    if operation == "logout":
        assert reply.status in (200, 204)
        return
    assert reply.status == 200
    body = parsed(reply)
    session = outcome.session if operation == "login" else outcome  # type: ignore[attr-defined]
    assert session.access_token == body["access_token"]
    assert 0 <= body["expires_in"] <= MAX_EXPIRES_IN
    if operation == "login":
        assert session.user_id == str(body["user_id"])
    assert "error" not in body


def expected_refusal(reply: CannedReply) -> str:
    """The code of a 401/403 login refusal, stated from saml.md §4.3."""
    body = parsed(reply)
    errors = body.get("errors") if isinstance(body, dict) else None
    first = errors[0] if isinstance(errors, list) and errors else None
    code = first.get("code") if isinstance(first, dict) else None
    if isinstance(code, str) and code in PIX_CODES:
        return code
    return "MISSING_OR_INVALID_CREDENTIALS" if reply.status == 401 else "PIX_REQUEST_REJECTED"


@settings(deadline=None)
@given(body=valid_token_bodies)
def test_every_well_formed_token_reply_logs_in(
    canned: tuple[FakePixApi, PixApiPasswordBackend], body: dict[str, Any]
) -> None:
    api, backend = canned
    api.canned_reply = CannedReply(
        200, {"Content-Type": "application/json"}, json.dumps(body).encode()
    )
    result = backend.login(EMAIL, PASSWORD)
    assert result.identity.subject == str(body["user_id"])
    assert result.session.refresh_token == body.get("refresh_token")
    assert result.session.expires_at == backend._clock() + timedelta(seconds=body["expires_in"])


# -- the OIDC backend: arbitrary token replies and ID-token claims --------------------

claim_values = json_values | st.integers(min_value=0, max_value=2**34)
CLAIMS = ("iss", "aud", "sub", "exp", "iat", "nbf", "nonce", "azp", "given_name")
DROP = object()


def with_changes(changes: list[tuple[str, object]]) -> dict[str, Any]:
    """Valid claims (placeholders filled in later), then each change: a value or a removal."""
    claims: dict[str, Any] = {name: f"<{name}>" for name in CLAIMS if name not in ("nbf", "azp")}
    for name, value in changes:
        if value is DROP:
            claims.pop(name, None)
        else:
            claims[name] = value
    return claims


claim_sets = (
    st.integers(0, 2)
    .flatmap(
        lambda size: st.lists(
            st.tuples(st.sampled_from(CLAIMS), claim_values | st.just(DROP)), max_size=size
        )
    )
    .map(with_changes)
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(header: dict[str, Any], claims: dict[str, Any], key: Any) -> str:
    """A compact RS256 JWS over any JSON header and claims (joserfc refuses odd headers)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = key.private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


@pytest.fixture(scope="module")
def oidc_keys() -> Any:
    from joserfc.jwk import RSAKey

    return RSAKey.generate_key(2048, parameters={"kid": "k1"})


@settings(deadline=None)
@given(
    claims=claim_sets,
    kid=st.sampled_from(["k1", "k1", "k1", "k1", "k2"]) | json_values,
    token_reply=st.sampled_from([0, 0, 1, 2]).flatmap(
        lambda n: (valid_token_bodies, mutated_token_bodies, token_bodies)[n]
    ),
    jwks_broken=st.integers(0, 9).map(lambda n: n == 0),
    use_claims=st.integers(0, 9).map(lambda n: n != 0),
)
def test_any_oidc_reply_gives_a_result_or_a_coded_error(
    oidc_keys: Any,
    claims: dict[str, Any],
    kid: object,
    token_reply: dict[str, Any],
    jwks_broken: bool,
    use_claims: bool,
) -> None:
    base = "https://idp.example"
    config = OidcConfig(
        issuer=base,
        client_id="client",
        redirect_uri="https://host.example/cb",
        authorization_endpoint=f"{base}/authorize",
        token_endpoint=f"{base}/token",
        jwks_uri=f"{base}/jwks",
    )
    served: dict[str, Any] = {}

    def reply(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=served[request.url.path])

    transport = httpx2.MockTransport(reply)
    backend = OidcBackend(config, clock=FakeClock(), transport=transport, ssl_context=TLS)
    _, pending = backend.begin_login()
    now = int(FakeClock()().timestamp())
    fills = {
        "<iss>": base,
        "<aud>": "client",
        "<sub>": "u-1",
        "<azp>": "client",
        "<nonce>": pending.nonce,
        "<exp>": now + 60,
        "<iat>": now,
        "<nbf>": now,
        "<given_name>": "Annie",
    }
    claims = {
        key: fills.get(value, value) if isinstance(value, str) else value
        for key, value in claims.items()
    }
    id_token = signed({"alg": "RS256", "kid": kid}, claims, oidc_keys)
    body = {**token_reply, "id_token": id_token} if use_claims else token_reply
    jwks: Any = {"keys": "nope"} if jwks_broken else {"keys": [oidc_keys.as_dict(private=False)]}
    served["/token"] = json.dumps(body).encode()
    served["/jwks"] = json.dumps(jwks).encode()
    try:
        result = backend.complete_login({"state": pending.state, "code": "abc"}, pending)
    except Exception as exc:  # the property is about what escapes
        event(check_coded(exc).code)
        return
    event("logged in")
    assert result.identity.subject == claims["sub"]
