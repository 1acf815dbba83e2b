"""Shared fixtures: one FakeGarIdP per session (fresh keys), a fresh SP and store per test."""

from __future__ import annotations

from typing import Any

import pytest
from pixcore_gar.host import create_gar_plugin_manager
from pixcore_gar.sp import GarServiceProvider
from pixcore_gar.stores import InMemoryStore
from pixcore_gar.testing import AUTO, FakeGarIdP, expect_refusal

from pixcore.models.identity import VerifiedIdentity


class Harness:
    """An IdP, a store, a plugin manager and an SP built from config overrides."""

    def __init__(self, idp: FakeGarIdP, **overrides: Any) -> None:
        self.idp = idp
        self.store = InMemoryStore()
        self.pm = create_gar_plugin_manager(self.store)
        self.configure(**overrides)

    def configure(self, **overrides: Any) -> GarServiceProvider:
        self.config = self.idp.sp_config(**overrides)
        self.sp = GarServiceProvider(self.config, self.pm)
        return self.sp

    def login(self) -> str:
        return self.sp.begin_login()[1]

    def response(self, request_id: str | None = AUTO, **knobs: Any) -> tuple[str, str | None]:
        rid = self.login() if request_id == AUTO else request_id
        return self.idp.response(rid, **knobs), rid

    def post(self, request_id: str | None = AUTO, **knobs: Any) -> VerifiedIdentity:
        saml_response, rid = self.response(request_id, **knobs)
        return self.sp.consume(saml_response, request_id=rid)

    def refused(self, code: str, request_id: str | None = AUTO, **knobs: Any) -> Any:
        saml_response, rid = self.response(request_id, **knobs)
        with expect_refusal(code) as caught:
            self.sp.consume(saml_response, request_id=rid)
        return caught[0]

    def refused_raw(self, code: str, saml_response: str, request_id: str | None) -> Any:
        with expect_refusal(code) as caught:
            self.sp.consume(saml_response, request_id=request_id)
        return caught[0]


@pytest.fixture(scope="session")
def idp() -> FakeGarIdP:
    return FakeGarIdP()


@pytest.fixture
def gar(idp: FakeGarIdP) -> Harness:
    return Harness(idp)
