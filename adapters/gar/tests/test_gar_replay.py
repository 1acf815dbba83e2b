"""saml.md §9 replay cases 36–39."""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime, timedelta

from lxml import etree
from pixcore_gar.checks import replay_key
from pixcore_gar.errors import GarAuthError

NS_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"


def test_case_36_same_response_posted_twice_second_rejected(gar):
    saml_response, rid = gar.response()
    gar.sp.consume(saml_response, request_id=rid)
    gar.refused_raw("SAML_REPLAYED", saml_response, rid)


def _rewrap(saml_response, response_id):
    root = etree.fromstring(base64.b64decode(saml_response))
    root.set("ID", response_id)
    return base64.b64encode(etree.tostring(root)).decode()


def test_case_37_same_assertion_in_a_new_response_rejected(gar):
    gar.configure(unsolicited="allow")
    first = gar.idp.response(None)
    gar.sp.consume(first, request_id=None)
    error = gar.refused_raw("SAML_REPLAYED", _rewrap(first, "_brand_new_response"), None)
    assert error.meta["check"] == "assertion"


def test_case_37_replay_key_is_issuer_and_assertion_id_only():
    assert replay_key("idp", "_a") == replay_key("idp", "_a")
    assert replay_key("idp", "_a") != replay_key("idp", "_b")
    assert replay_key("idp", "_a") != replay_key("other", "_a")


def test_case_38_replay_ttl_covers_not_on_or_after_plus_drift(gar):
    gar.configure(unsolicited="allow")
    now = datetime.now(UTC)
    xml = gar.idp.response_xml(None, not_on_or_after_offset=3600, scd_not_on_or_after_offset=3600)
    saml_response = base64.b64encode(xml).decode()
    gar.sp.consume(saml_response, request_id=None)
    assertion = etree.fromstring(xml).find(f"{NS_SAML}Assertion")
    key = replay_key(gar.idp.entity_id, assertion.get("ID"))
    expiry = gar.store.replay_expiry(key)
    assert expiry >= now.replace(microsecond=0) + timedelta(seconds=3600 + 300)


def test_case_38_replay_after_the_ttl_floor_still_rejected(gar):
    gar.configure(unsolicited="allow")
    saml_response = gar.idp.response(
        None, not_on_or_after_offset=3600, scd_not_on_or_after_offset=3600
    )
    gar.sp.consume(saml_response, request_id=None)
    later = datetime.now(UTC) + timedelta(seconds=1800)
    gar.store._clock = lambda: later  # past the 10-min floor, before NotOnOrAfter + drift
    gar.refused_raw("SAML_REPLAYED", saml_response, None)


def _race(sp, saml_response, request_id):
    barrier = threading.Barrier(2)
    outcomes = []

    def post():
        barrier.wait()
        try:
            sp.consume(saml_response, request_id=request_id)
            outcomes.append("accepted")
        except GarAuthError as error:
            outcomes.append(error.code)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_case_39_concurrent_double_submission_exactly_one_accepted(gar):
    for _ in range(10):
        saml_response, rid = gar.response()
        assert _race(gar.sp, saml_response, rid) == ["SAML_REPLAYED", "accepted"]


def test_case_39_concurrent_idp_initiated_exactly_one_accepted(gar):
    gar.configure(unsolicited="allow")
    for _ in range(10):
        saml_response = gar.idp.response(None)
        assert _race(gar.sp, saml_response, None) == ["SAML_REPLAYED", "accepted"]
