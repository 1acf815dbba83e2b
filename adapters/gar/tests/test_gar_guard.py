"""No raw exception escapes consume(): every value read outside python3-saml is guarded.

Schema-valid times python3-saml never parses (an IssueInstant with a UTC offset, the
NotOnOrAfter of a second confirmation, a year 9999 that overflows), wrong argument
types, an unexpected failure inside the pipeline, and seeded random mutations: each
ends in a coded GarAuthError, never in another exception.
"""

from __future__ import annotations

import base64
import logging
import random
import traceback

import pytest
from pixcore_gar import acs
from pixcore_gar.errors import GarAuthError
from pixcore_gar.testing import extra_confirmation

NS_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
IDO = "a3f5" * 32


def _set(path, name, value):
    def tamper(assertion):
        target = assertion if path == "." else assertion.find(path)
        target.set(name, value)

    return tamper


OFFSET_TIMES = [
    "2026-11-30T22:00:00+01:00",
    "2026-11-30T22:00:00.5-05:30",
    "2026-11-30T22:00:00+00:00",
]
OTHER_SCHEMA_VALID = ["12026-01-01T00:00:00Z", "2026-11-30T24:00:00Z"]


@pytest.mark.parametrize("value", OFFSET_TIMES + OTHER_SCHEMA_VALID)
def test_issue_instant_python3_saml_never_reads_is_parsed_in_the_guard(gar, value):
    error = gar.refused("SAML_INVALID", prepare_assertion=_set(".", "IssueInstant", value))
    assert error.meta["check"] in {"time", "library"}


@pytest.mark.parametrize("value", OFFSET_TIMES)
def test_second_confirmation_not_on_or_after_with_an_offset(gar, library_accepts, value):
    # python3-saml stops at the first valid confirmation and never parses this one.
    rid = gar.login()
    second = extra_confirmation(not_on_or_after=value, in_response_to=rid, first=False)
    saml_response = gar.idp.response(rid, prepare_assertion=second)
    assert library_accepts(saml_response, rid)
    error = gar.refused_raw("SAML_INVALID", saml_response, rid)
    assert error.meta["check"] == "time"


@pytest.mark.parametrize(
    "path", [f"{NS_SAML}Conditions", f"{NS_SAML}AuthnStatement", f"{NS_SAML}Subject"]
)
def test_times_with_an_offset_where_python3_saml_reads_them(gar, path):
    value = OFFSET_TIMES[0]
    if path.endswith("Subject"):
        tamper = _set(
            f"{path}/{NS_SAML}SubjectConfirmation/{NS_SAML}SubjectConfirmationData",
            "NotOnOrAfter",
            value,
        )
    elif path.endswith("AuthnStatement"):
        tamper = _set(path, "SessionNotOnOrAfter", value)
    else:
        tamper = _set(path, "NotOnOrAfter", value)
    gar.refused("SAML_INVALID", prepare_assertion=tamper)


def test_year_9999_does_not_overflow_the_replay_lifetime(gar):
    far = "9999-12-31T23:59:59Z"
    tampers = [
        _set(f"{NS_SAML}Conditions", "NotOnOrAfter", far),
        _set(
            f"{NS_SAML}Subject/{NS_SAML}SubjectConfirmation/{NS_SAML}SubjectConfirmationData",
            "NotOnOrAfter",
            far,
        ),
    ]

    def prepare(assertion):
        for tamper in tampers:
            tamper(assertion)

    error = gar.refused("SAML_INVALID", prepare_assertion=prepare)
    assert error.meta["check"] == "lifetime"


@pytest.mark.parametrize(
    ("saml_response", "request_id"),
    [(b"PHI+", None), (None, None), (42, None), ("PHI+", 42), ("PHI+", b"REQ")],
)
def test_wrong_argument_types_are_coded_refusals(gar, saml_response, request_id):
    error = gar.refused_raw("SAML_INVALID", saml_response, request_id)
    assert error.meta["check"] == "type"


def test_an_unexpected_failure_inside_the_pipeline_is_coded_and_hides_its_text(
    gar, monkeypatch, caplog
):
    def explode(document):
        raise KeyError(f"IDO {IDO} Martin")

    monkeypatch.setattr(acs, "read_facts", explode)
    caplog.set_level(logging.DEBUG, logger="pixcore_gar")
    error = gar.refused("SAML_INVALID")
    assert error.meta["check"] == "unexpected"
    assert error.__cause__ is None and error.__suppress_context__
    text = "".join(traceback.format_exception(error)) + caplog.text
    assert IDO not in text and "Martin" not in text
    assert "KeyError" in caplog.text  # the type only, for the operator


def _random_time(rng):
    year = rng.choice(["2026", "1969", "9999", "0001", "12026", "-0001", "20x6"])
    month, day = rng.choice(["01", "12", "00", "13", "1"]), rng.choice(["01", "30", "31", "32"])
    hour, minute = rng.choice(["00", "23", "24"]), rng.choice(["00", "59", "60"])
    second = rng.choice(["00", "59", "60", "61"])
    fraction = rng.choice(["", ".5", ".1234567", "."])
    zone = rng.choice(["", "Z", "Z", "+01:00", "-00:00", "+14:00", "z", " "])
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}{fraction}{zone}"


TIME_ATTRIBUTES = [
    (".", "IssueInstant"),
    (f"{NS_SAML}Conditions", "NotBefore"),
    (f"{NS_SAML}Conditions", "NotOnOrAfter"),
    (f"{NS_SAML}AuthnStatement", "AuthnInstant"),
    (f"{NS_SAML}AuthnStatement", "SessionNotOnOrAfter"),
    (
        f"{NS_SAML}Subject/{NS_SAML}SubjectConfirmation/{NS_SAML}SubjectConfirmationData",
        "NotOnOrAfter",
    ),
]


def test_random_signed_time_values_end_in_an_identity_or_a_coded_refusal(gar):
    seed = 8_2026_14
    print(f"seed={seed}")
    rng = random.Random(seed)
    outcomes = set()
    for _ in range(40):
        chosen = rng.sample(TIME_ATTRIBUTES, rng.randint(1, 3))
        tampers = [_set(path, name, _random_time(rng)) for path, name in chosen]

        def prepare(assertion, tampers=tampers):
            for tamper in tampers:
                tamper(assertion)

        saml_response, rid = gar.response(prepare_assertion=prepare)
        refusal = _refusal(gar, saml_response, rid)
        outcomes.add("accepted" if refusal is None else refusal.code)
    assert "SAML_INVALID" in outcomes


def _refusal(gar, saml_response, request_id):
    """The GarAuthError consume() raises, or None when it accepts; anything else escapes."""
    try:
        gar.sp.consume(saml_response, request_id=request_id)
    except GarAuthError as error:
        return error
    return None


_NOISE = [b"<", b">", b"/", b'"', b"=", b"&", b";", b" ", b"\x00", b"\xff", b"\xe9", b"]]>"]


def _mutate(xml, rng):
    data = bytearray(xml)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data))
        action = rng.choice(["replace", "delete", "duplicate", "insert"])
        if action == "replace":
            data[at : at + 1] = rng.choice(_NOISE)
        elif action == "delete":
            del data[at : at + rng.randint(1, 40)]
        elif action == "duplicate":
            data[at:at] = data[at : at + rng.randint(1, 200)]
        else:
            data[at:at] = rng.choice(_NOISE)
    return bytes(data)


def test_random_byte_mutations_end_in_a_coded_refusal(gar):
    seed = 14_2026_8
    print(f"seed={seed}")
    rng = random.Random(seed)
    xml = gar.idp.response_xml("ONELOGIN_fuzz")
    for _ in range(150):
        mutated = base64.b64encode(_mutate(xml, rng)).decode()
        refusal = _refusal(gar, mutated, "ONELOGIN_fuzz")
        if refusal is not None:
            assert refusal.code in {"SAML_INVALID", "SAML_UNSOLICITED"}, refusal.code
            assert "<" not in refusal.message
