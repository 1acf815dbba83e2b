"""saml.md §8.4: linking a GAR identity to an existing Pix account, state sealed with JWE."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from pixcore_pixaccount import (
    Backend,
    GarAccountLinker,
    GarLinkRequest,
    LinkStateCodec,
    LoginResult,
    PixAccountError,
    PixAccountHost,
    PixApiPasswordBackend,
    PixSession,
)
from pixcore_pixaccount import plugin as pixaccount_plugin
from pixcore_pixaccount.testing import FakeClock, FakePixApi

from pixcore.host.hookspecs import hookimpl
from pixcore.host.plugins import create_plugin_manager
from pixcore.models.identity import VerifiedIdentity

from .conftest import EMAIL, PASSWORD, USER_ID

SECRET = b"0123456789abcdef0123456789abcdef"
IDO = "f5c1d0a4-ido-of-the-student"


class HostStore:
    """A host plugin keeping GAR links in a dict."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.links: dict[str, str] = {}
        self.link_calls: list[tuple[str, str, str | None, str | None]] = []
        self.logins: list[VerifiedIdentity] = []

    @hookimpl
    def pixcore_pixaccount_backend(self) -> Backend:
        return self.backend

    @hookimpl
    def pixcore_pixaccount_find_gar_link(self, ido: str) -> str | None:
        return self.links.get(ido)

    @hookimpl
    def pixcore_pixaccount_link_gar(
        self, ido: str, user_id: str, first_name: str | None, last_name: str | None
    ) -> None:
        self.link_calls.append((ido, user_id, first_name, last_name))
        self.links[ido] = user_id

    @hookimpl
    def pixcore_pixaccount_on_login(self, identity: VerifiedIdentity) -> None:
        self.logins.append(identity)

    @hookimpl
    def pixcore_pixaccount_token_store(
        self, identity: VerifiedIdentity, session: PixSession
    ) -> None:
        pass


@pytest.fixture
def codec(clock: FakeClock) -> LinkStateCodec:
    return LinkStateCodec(SECRET, clock=clock)


@pytest.fixture
def store(backend: PixApiPasswordBackend) -> HostStore:
    return HostStore(backend)


@pytest.fixture
def linker(store: HostStore, codec: LinkStateCodec) -> GarAccountLinker:
    pm = create_plugin_manager(autoload=False, plugins=[pixaccount_plugin])
    host = PixAccountHost(pm)
    pm.register(store)
    return GarAccountLinker(host, codec)


def request(expected: str | None = None) -> GarLinkRequest:
    return GarLinkRequest(ido=IDO, first_name="Zoé", last_name="Durand", expected_user_id=expected)


class TestLinkState:
    def test_round_trip(self, codec: LinkStateCodec) -> None:
        opened = codec.open(codec.seal(request("42")))
        assert (opened.ido, opened.first_name, opened.last_name) == (IDO, "Zoé", "Durand")
        assert opened.expected_user_id == "42"

    def test_state_is_encrypted(self, codec: LinkStateCodec) -> None:
        state = codec.seal(request())
        header = json.loads(base64.urlsafe_b64decode(state.split(".")[0] + "=="))
        assert header == {"alg": "dir", "enc": "A256GCM", "cty": "JWT"}
        assert IDO not in state
        assert "Durand" not in state
        assert state.count(".") == 4

    def test_expired(self, codec: LinkStateCodec, clock: FakeClock) -> None:
        state = codec.seal(request())
        clock.advance(timedelta(minutes=15, seconds=1))
        with pytest.raises(PixAccountError, match="expiré"):
            codec.open(state)

    @pytest.mark.parametrize("mutate", [lambda s: s[:-4] + "AAAA", lambda s: "x" + s, str.upper])
    def test_tampered(self, codec: LinkStateCodec, mutate: object) -> None:
        state = codec.seal(request())
        with pytest.raises(PixAccountError) as info:
            codec.open(mutate(state))  # type: ignore[operator]
        assert info.value.code == "LINK_STATE_INVALID"

    def test_other_secret(self, codec: LinkStateCodec) -> None:
        other = LinkStateCodec(b"another secret of at least 32 bytes!")
        with pytest.raises(PixAccountError, match="invalide"):
            other.open(codec.seal(request()))

    @pytest.mark.parametrize(
        ("secret", "ttl"),
        [(b"short", timedelta(minutes=5)), (SECRET, timedelta(hours=2)), (SECRET, timedelta(0))],
    )
    def test_refused_settings(self, secret: bytes, ttl: timedelta) -> None:
        with pytest.raises(ValueError, match=r"secret|ttl"):
            LinkStateCodec(secret, ttl=ttl)


class TestLinker:
    def test_links_the_account(
        self, linker: GarAccountLinker, store: HostStore, pix_api: FakePixApi
    ) -> None:
        result = linker.link_with_password(linker.start(request()), EMAIL, PASSWORD)
        assert result.identity.subject == str(USER_ID)
        assert store.link_calls == [(IDO, str(USER_ID), "Zoé", "Durand")]
        assert [identity.subject for identity in store.logins] == [str(USER_ID)]

    def test_expected_account_matches(self, linker: GarAccountLinker, store: HostStore) -> None:
        linker.link_with_password(linker.start(request(str(USER_ID))), EMAIL, PASSWORD)
        assert store.links == {IDO: str(USER_ID)}

    def test_ido_linked_elsewhere_is_refused_before_pix(
        self, linker: GarAccountLinker, store: HostStore, pix_api: FakePixApi
    ) -> None:
        state = linker.codec.seal(request())
        store.links[IDO] = "999"
        with pytest.raises(PixAccountError) as info:
            linker.link_with_password(state, EMAIL, PASSWORD)
        assert info.value.code == "GAR_IDO_LINKED_ELSEWHERE"
        assert pix_api.requests == []
        with pytest.raises(PixAccountError, match="déjà associé"):
            linker.start(request())

    def test_unexpected_account_is_refused_and_its_session_revoked(
        self, linker: GarAccountLinker, store: HostStore, pix_api: FakePixApi
    ) -> None:
        state = linker.start(request(expected="1234"))
        with pytest.raises(PixAccountError) as info:
            linker.link_with_password(state, EMAIL, PASSWORD)
        assert info.value.code == "UNEXPECTED_USER_ACCOUNT"
        assert store.link_calls == []
        assert store.logins == []
        assert len(pix_api.requests_to("/api/revoke")) == 1
        assert pix_api.refresh_tokens == {}

    def test_linked_elsewhere_while_logging_in(
        self, linker: GarAccountLinker, store: HostStore, pix_api: FakePixApi
    ) -> None:
        """The IDO is checked again after the Pix login (another tab linked it meanwhile)."""
        real_login = store.backend.login  # type: ignore[attr-defined]

        def racing_login(username: str, password: str) -> LoginResult:
            store.links[IDO] = "999"
            return real_login(username, password)  # type: ignore[no-any-return]

        store.backend.login = racing_login  # type: ignore[attr-defined]
        with pytest.raises(PixAccountError, match="déjà associé"):
            linker.link_with_password(linker.start(request()), EMAIL, PASSWORD)
        assert store.link_calls == []
        assert len(pix_api.requests_to("/api/revoke")) == 1

    def test_wrong_password_links_nothing(self, linker: GarAccountLinker, store: HostStore) -> None:
        with pytest.raises(PixAccountError, match="incorrects"):
            linker.link_with_password(linker.start(request()), EMAIL, "wrong")
        assert store.links == {}

    def test_expired_state_never_reaches_pix(
        self, linker: GarAccountLinker, clock: FakeClock, pix_api: FakePixApi
    ) -> None:
        state = linker.start(request())
        clock.advance(timedelta(hours=1))
        with pytest.raises(PixAccountError, match="expiré"):
            linker.link_with_password(state, EMAIL, PASSWORD)
        assert pix_api.requests == []


@pytest.mark.parametrize("state", [None, b"a.b.c.d.e", 5, "x" * 100_000, "\ud800", ""])
def test_a_state_of_any_type_or_size_is_refused(codec: LinkStateCodec, state: object) -> None:
    with pytest.raises(PixAccountError) as info:
        codec.open(state)  # type: ignore[arg-type]
    assert info.value.code == "LINK_STATE_INVALID"
