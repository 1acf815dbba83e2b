"""saml.md §9 cases 20–30: binding the response to our request and to us."""

from __future__ import annotations

import pytest
from pixcore_gar.settings import request_data


def test_case_20_missing_audience_restriction_rejected(gar):
    error = gar.refused("SAML_INVALID", audience=None)
    assert error.meta["check"] == "audience"


def test_case_21_wrong_audience_rejected(gar):
    gar.refused("SAML_INVALID", audience="https://evil.example/metadata.xml")


@pytest.mark.parametrize(
    "knobs",
    [
        {"issuer": "https://evil.example/idp"},
        {"assertion_issuer": "https://evil.example/idp"},
        {"issuer": "https://evil.example/idp", "assertion_issuer": "https://evil.example/idp"},
        {"assertion_issuer": None},
    ],
)
def test_case_22_wrong_or_missing_issuer_rejected(gar, knobs):
    gar.refused("SAML_INVALID", **knobs)


@pytest.mark.parametrize("destination", ["https://evil.example/api/saml/assert", ""])
def test_case_23_wrong_or_empty_destination_rejected(gar, destination):
    gar.refused("SAML_INVALID", destination=destination)


def test_case_23_expected_acs_comes_from_config_not_headers(gar):
    data = request_data(gar.config, {"SAMLResponse": "x"})
    assert (data["https"], data["http_host"], data["script_name"]) == (
        "on",
        "pix.example.test",
        "/api/saml/acs",
    )
    # A response addressed to a spoofed host is refused whatever the request said.
    gar.refused("SAML_INVALID", destination="https://spoofed.example/api/saml/assert")


def test_case_24_wrong_recipient_rejected(gar):
    gar.refused("SAML_INVALID", recipient="https://evil.example/api/saml/assert")


def test_case_25_in_response_to_not_the_stored_request_rejected(gar):
    rid = gar.login()
    other = gar.login()
    saml_response = gar.idp.response(other)
    gar.refused_raw("SAML_INVALID", saml_response, rid)


def test_case_26_in_response_to_without_stored_request_rejected(gar):
    saml_response = gar.idp.response(gar.login())
    gar.refused_raw("SAML_UNSOLICITED", saml_response, None)


def test_case_27_no_in_response_to_under_reject_policy_rejected(gar):
    rid = gar.login()
    gar.refused_raw("SAML_UNSOLICITED", gar.idp.response(None), rid)
    gar.refused_raw("SAML_UNSOLICITED", gar.idp.response(None), None)


def test_case_28_idp_initiated_assertion_rewrapped_with_attacker_request_id_rejected(gar):
    rid = gar.login()
    saml_response = gar.idp.response(rid, scd_in_response_to=None)
    gar.refused_raw("SAML_UNSOLICITED", saml_response, rid)


def test_case_28_also_rejected_under_allow_policy(gar):
    gar.configure(unsolicited="allow")
    rid = gar.login()
    saml_response = gar.idp.response(rid, scd_in_response_to=None)
    gar.refused_raw("SAML_UNSOLICITED", saml_response, rid)


def test_case_29_request_id_reused_rejected(gar):
    rid = gar.login()
    gar.sp.consume(gar.idp.response(rid), request_id=rid)
    gar.refused_raw("SAML_REPLAYED", gar.idp.response(rid), rid)


def test_case_29_unknown_request_id_rejected(gar):
    gar.refused_raw(
        "SAML_UNSOLICITED", gar.idp.response("ONELOGIN_never_issued"), "ONELOGIN_never_issued"
    )


def test_case_30_allow_policy_accepts_idp_initiated_and_still_blocks_replay(gar):
    gar.configure(unsolicited="allow")
    saml_response = gar.idp.response(None)
    assert gar.sp.consume(saml_response, request_id=None).subject == "a3f5" * 32
    gar.refused_raw("SAML_REPLAYED", saml_response, None)


ACS = "https://pix.example.test/api/saml/acs"


@pytest.mark.parametrize(
    "destination",
    [ACS + "/more", ACS + "x", ACS + "?next=/", "https://PIX.example.test/api/saml/acs", None],
)
def test_destination_must_equal_the_acs_url_exactly(gar, library_accepts, destination):
    # python3-saml compares by prefix after lower-casing the host, and skips a missing
    # Destination: it accepts every one of these; the application does not.
    saml_response, rid = gar.response(destination=destination)
    assert library_accepts(saml_response, rid)
    error = gar.refused_raw("SAML_INVALID", saml_response, rid)
    assert error.meta["check"] == "destination"


@pytest.mark.parametrize(
    "recipient", [ACS + "/more", "https://evil.example/?to=" + ACS, "x" + ACS, None]
)
def test_recipient_must_equal_the_acs_url_exactly(gar, library_accepts, recipient):
    # python3-saml accepts any Recipient containing the ACS URL, and no Recipient at all.
    saml_response, rid = gar.response(recipient=recipient)
    assert library_accepts(saml_response, rid)
    error = gar.refused_raw("SAML_INVALID", saml_response, rid)
    assert error.meta["check"] == "recipient"


@pytest.mark.parametrize("first", [True, False])
def test_every_bearer_confirmation_needs_the_exact_recipient(gar, library_accepts, first):
    from pixcore_gar.testing import extra_confirmation

    rid = gar.login()
    wrong = extra_confirmation(
        not_on_or_after=None, recipient="https://evil.example/", in_response_to=rid, first=first
    )
    saml_response = gar.idp.response(rid, prepare_assertion=wrong)
    assert library_accepts(saml_response, rid)  # it picks the other confirmation
    error = gar.refused_raw("SAML_INVALID", saml_response, rid)
    assert error.meta["check"] == "recipient"


def test_exact_destination_and_recipient_accepted(gar):
    identity = gar.post(destination=ACS, recipient=ACS)
    assert identity.subject == "a3f5" * 32
