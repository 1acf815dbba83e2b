"""Shared fixtures: one FakeGarIdP per session (fresh keys), a fresh SP and store per test.

The ``gar`` harness runs every test twice: on the production library runner
(``fast``: per-instance caches) and on python3-saml exactly as shipped
(``reference``). Every §9 case therefore asserts the same outcome and code on both:
the differential proof that the caches change nothing (``test_gar_differential.py``
compares a corpus of responses directly, refusal check names included).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pixcore_gar.host import create_gar_plugin_manager
from pixcore_gar.sp import GarServiceProvider
from pixcore_gar.stores import InMemoryStore
from pixcore_gar.testing import AUTO, FakeGarIdP, expect_refusal, use_reference_library

from pixcore.models.identity import VerifiedIdentity


class Harness:
    """An IdP, a store, a plugin manager and an SP built from config overrides."""

    def __init__(self, idp: FakeGarIdP, mode: str = "fast", **overrides: Any) -> None:
        self.idp = idp
        self.mode = mode
        self.now: datetime | None = None
        self.store = InMemoryStore(clock=self.clock)
        self.pm = create_gar_plugin_manager(self.store)
        self.configure(**overrides)

    def configure(self, **overrides: Any) -> GarServiceProvider:
        self.config = self.idp.sp_config(**overrides)
        self.sp = GarServiceProvider(self.config, self.pm, clock=self.clock)
        if self.mode == "reference":
            use_reference_library(self.sp)
        return self.sp

    def clock(self) -> datetime:
        """The SP's clock: real time, unless a test moved it (``self.now``)."""
        return self.now if self.now is not None else datetime.now(UTC)

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


@pytest.fixture(params=["fast", "reference"])
def gar(idp: FakeGarIdP, request: pytest.FixtureRequest) -> Harness:
    return Harness(idp, request.param)


@pytest.fixture
def library_accepts(gar: Harness) -> Any:
    """``library_accepts(saml_response, request_id)``: python3-saml alone, as shipped.

    Strict, with the SP's settings, at python3-saml's current clock: the oracle that
    shows which refusals are the application's own.
    """
    from onelogin.saml2.response import OneLogin_Saml2_Response
    from pixcore_gar.settings import request_data

    def accepts(saml_response: str, request_id: str | None) -> bool:
        response = OneLogin_Saml2_Response(gar.sp.settings_object(), saml_response)
        return bool(response.is_valid(request_data(gar.config, {}), request_id))

    return accepts


@pytest.fixture
def travel(gar: Harness, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``travel(moment)``: move the SP's, the store's and python3-saml's clocks."""
    from onelogin.saml2.utils import OneLogin_Saml2_Utils

    def to(moment: datetime) -> None:
        gar.now = moment
        seconds = int(moment.timestamp())
        monkeypatch.setattr(OneLogin_Saml2_Utils, "now", staticmethod(lambda: seconds))

    return to


@pytest.fixture
def xmlsec_contexts(monkeypatch):
    """Every xmlsec signature or encryption context created (clear it before consume)."""
    created = []
    import xmlsec

    for name in ("SignatureContext", "EncryptionContext"):
        original = getattr(xmlsec, name)

        def make(*args, original=original, name=name, **kwargs):
            created.append(name)
            return original(*args, **kwargs)

        monkeypatch.setattr(xmlsec, name, make)
    return created
