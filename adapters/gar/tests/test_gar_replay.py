"""saml.md §9 replay cases 36–39; the replay entry outlives every way to accept the assertion."""

from __future__ import annotations

import base64
import random
import threading
from datetime import UTC, datetime, timedelta

from lxml import etree
from pixcore_gar.checks import replay_key
from pixcore_gar.errors import GarAuthError
from pixcore_gar.testing import extra_confirmation, saml_time

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


def _stored_expiry(gar, xml):
    assertion = etree.fromstring(xml).find(f"{NS_SAML}Assertion")
    return gar.store.replay_expiry(replay_key(gar.idp.entity_id, assertion.get("ID")))


def test_case_38_an_extra_expired_confirmation_does_not_shorten_the_replay_entry(
    gar, travel, library_accepts
):
    # python3-saml skips the expired confirmation and accepts on the second one: the
    # assertion stays acceptable until that one's NotOnOrAfter, so must the replay entry.
    gar.configure(unsolicited="allow")
    t0 = datetime.now(UTC).replace(microsecond=0)
    travel(t0)
    expired = extra_confirmation(not_on_or_after=saml_time(t0 - timedelta(seconds=60)))
    xml = gar.idp.response_xml(
        None,
        now=t0,
        not_on_or_after_offset=3600,
        scd_not_on_or_after_offset=1800,
        prepare_assertion=expired,
    )
    saml_response = base64.b64encode(xml).decode()
    gar.sp.consume(saml_response, request_id=None)
    edge = t0 + timedelta(seconds=1800)  # the library's last acceptance is edge - 1 s
    assert _stored_expiry(gar, xml) >= edge
    for later in (900, 1799):  # 15 minutes (the reported replay), then the last second
        travel(t0 + timedelta(seconds=later))
        assert library_accepts(saml_response, None), later
        gar.refused_raw("SAML_REPLAYED", saml_response, None)
    travel(edge)  # from here on python3-saml itself refuses: the edge is the real one
    assert not library_accepts(saml_response, None)
    gar.refused_raw("SAML_INVALID", saml_response, None)


def _shape(rng):
    """Random acceptance bounds, in seconds from now (None: absent)."""

    def maybe(low, high):
        return None if rng.random() < 0.3 else rng.randint(low, high)

    extra = [maybe(-900, 7200) for _ in range(rng.randint(0, 2))]
    return {
        "not_on_or_after_offset": maybe(-200, 7200),
        "session_not_on_or_after_offset": maybe(60, 7200),
        "scd_not_on_or_after_offset": maybe(-900, 7200),
        "extra": extra,
    }


def _first_refusal(travel, library_accepts, saml_response, start, end):
    """The first instant (seconds) at which python3-saml alone refuses: a bisection."""
    low, high = start, end
    while low < high:
        middle = (low + high) // 2
        travel(datetime.fromtimestamp(middle, UTC))
        if library_accepts(saml_response, None):
            low = middle + 1
        else:
            high = middle
    return low


def test_case_38_replay_entry_covers_the_library_acceptance_window_on_random_shapes(
    gar, travel, library_accepts
):
    # Oracle: python3-saml itself, bisected on its own clock. For every accepted shape,
    # the replay entry lives at least until the library first refuses, and at most the
    # clock drift (or the 10-minute floor) longer.
    seed = 20261130
    print(f"seed={seed}")
    rng = random.Random(seed)
    gar.configure(unsolicited="allow")
    checked = 0
    for _ in range(12):
        shape = _shape(rng)
        t0 = datetime.now(UTC).replace(microsecond=0)
        travel(t0)
        tampers = [
            extra_confirmation(not_on_or_after=saml_time(t0 + timedelta(seconds=offset)))
            if offset is not None
            else extra_confirmation(not_on_or_after=None)
            for offset in shape["extra"]
        ]

        def prepare(assertion, tampers=tampers):
            for tamper in tampers:
                tamper(assertion)

        knobs = {k: v for k, v in shape.items() if k != "extra"}
        xml = gar.idp.response_xml(None, now=t0, prepare_assertion=prepare, **knobs)
        saml_response = base64.b64encode(xml).decode()
        try:
            gar.sp.consume(saml_response, request_id=None)
        except GarAuthError as error:
            refused = error.code
        else:
            refused = None
        if refused is not None:
            assert refused == "SAML_INVALID", shape
            continue
        start = int(t0.timestamp())
        edge = _first_refusal(travel, library_accepts, saml_response, start, start + 86400)
        expiry = int(_stored_expiry(gar, xml).timestamp())
        assert edge <= expiry <= max(edge + 300, start + 600), (shape, edge - start)
        travel(datetime.fromtimestamp(edge - 1, UTC))
        gar.refused_raw("SAML_REPLAYED", saml_response, None)
        checked += 1
    assert checked >= 4
