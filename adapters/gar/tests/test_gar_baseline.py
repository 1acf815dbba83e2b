"""saml.md §9 baseline cases 1–3 (pysaml2 parts in test_gar_interop_pysaml2.py), 46, 47, 54, 55."""

from __future__ import annotations

import copy

import pytest

from pixcore.models.identity import Division

NS_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"


def test_case_01_valid_sp_initiated_signed_assertion_accepted(gar):
    identity = gar.post()
    assert identity.provider == "GAR"
    assert identity.subject == "a3f5" * 32
    assert (identity.first_name, identity.last_name) == ("Léa", "Martin")
    assert identity.uai == ("0561641E",)
    assert identity.profile == "National_elv"
    assert identity.divisions == (Division(code="3A", label="3ème A"),)
    assert identity.groups == ("LV2-ESP##Espagnol LV2##3A",)
    assert identity.not_on_or_after is not None
    assert identity.session_index
    assert identity.issuer == gar.idp.entity_id


def test_case_01_login_request_is_signed_and_carries_relay_state(gar):
    url, request_id = gar.sp.begin_login()
    assert url.startswith(gar.config.idp_sso_url + "?SAMLRequest=")
    assert "Signature=" in url
    assert "SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256" in url
    assert "RelayState=https%3A%2F%2Fgar.example.test%2Fressource%2Fpix" in url
    assert request_id


def test_case_02_response_and_assertion_both_signed_accepted(gar):
    assert gar.post(sign_response=True).subject == "a3f5" * 32


@pytest.mark.parametrize("cipher", ["aes128-cbc", "aes256-cbc", "aes256-gcm"])
def test_case_03_signed_then_encrypted_assertion_accepted(gar, cipher):
    gar.configure(want_assertions_encrypted=True)
    assert gar.post(encrypt=True, cipher=cipher).last_name == "Martin"


@pytest.mark.parametrize(
    "status",
    [
        "urn:oasis:names:tc:SAML:2.0:status:Responder",
        "urn:oasis:names:tc:SAML:2.0:status:Requester",
    ],
)
def test_case_46_status_not_success_rejected(gar, status):
    gar.refused("SAML_INVALID", status=status)


def _drop_assertion(response):
    response.remove(response.find(f"{NS_SAML}Assertion"))


def _duplicate_assertion(response):
    assertion = response.find(f"{NS_SAML}Assertion")
    twin = copy.deepcopy(assertion)
    twin.set("ID", "_twin")
    response.append(twin)


def test_case_47_zero_assertions_rejected(gar):
    gar.refused("SAML_INVALID", tamper_response=_drop_assertion)


def test_case_47_two_assertions_rejected(gar):
    gar.refused("SAML_INVALID", tamper_response=_duplicate_assertion)


def test_case_54_plain_assertion_rejected_when_encryption_required(gar):
    gar.configure(want_assertions_encrypted=True)
    gar.refused("SAML_INVALID")


def test_case_55_tripledes_encrypted_assertion_rejected_by_default(gar):
    gar.configure(want_assertions_encrypted=True)
    error = gar.refused("SAML_INVALID", encrypt=True, cipher="tripledes-cbc")
    assert error.meta["check"] == "algorithm"


def test_case_55_tripledes_accepted_only_with_explicit_opt_in(gar):
    gar.configure(want_assertions_encrypted=True, allow_tripledes=True)
    assert gar.post(encrypt=True, cipher="tripledes-cbc").subject == "a3f5" * 32
