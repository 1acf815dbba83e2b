"""The per-instance library caches change nothing: a differential test, and no global patch.

Every test using the ``gar`` harness already runs on both runners (``fast`` and
``reference``, see ``conftest.py``) and asserts the same outcome on each. Here a
corpus covering the ``saml.md`` §9 cases and the edge classes of issue 8 §4 goes through
both runners side by side, and the outcomes — accepted, or the refusal's code **and**
check — must be identical. python3-saml itself is never modified: building and using
service providers leaves its classes and modules exactly as shipped.
"""

from __future__ import annotations

import base64
import copy
import types
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from onelogin.saml2 import response as response_module
from onelogin.saml2 import utils as utils_module
from onelogin.saml2 import xml_utils
from pixcore_gar import library
from pixcore_gar.errors import GarAuthError
from pixcore_gar.host import create_gar_plugin_manager
from pixcore_gar.sp import GarServiceProvider
from pixcore_gar.stores import InMemoryStore
from pixcore_gar.testing import (
    FakeGarIdP,
    extra_confirmation,
    student_attributes,
    use_reference_library,
)

DS = "{http://www.w3.org/2000/09/xmldsig#}"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"
RID = "ONELOGIN_differential"
ACS = "https://pix.example.test/api/saml/acs"


def _evil_before(response: Any) -> None:
    signed = response.find(f"{SAML}Assertion")
    evil = copy.deepcopy(signed)
    evil.remove(evil.find(f"{DS}Signature"))
    evil.set("ID", "_evil")
    signed.addprevious(evil)


def _in_extensions(response: Any) -> None:
    signed = response.find(f"{SAML}Assertion")
    extensions = etree.Element(f"{SAMLP}Extensions")
    response.find(f"{SAMLP}Status").addprevious(extensions)
    extensions.append(signed)


def _set_attribute(assertion: Any) -> None:
    for value in assertion.iter(f"{SAML}AttributeValue"):
        value.text = "tampered"


def _reference_uri(uri: str) -> Callable[[Any], None]:
    def tamper(assertion: Any) -> None:
        assertion.find(f"{DS}Signature/{DS}SignedInfo/{DS}Reference").set("URI", uri)

    return tamper


def _transform(algorithm: str) -> Callable[[Any], None]:
    def tamper(assertion: Any) -> None:
        transforms = assertion.find(f"{DS}Signature/{DS}SignedInfo/{DS}Reference/{DS}Transforms")
        etree.SubElement(transforms, f"{DS}Transform", Algorithm=algorithm)

    return tamper


def _references(count: int) -> Callable[[Any], None]:
    def tamper(assertion: Any) -> None:
        signed_info = assertion.find(f"{DS}Signature/{DS}SignedInfo")
        for _ in range(count):
            signed_info.append(copy.deepcopy(signed_info.find(f"{DS}Reference")))

    return tamper


def _time(path: str, name: str, value: str) -> Callable[[Any], None]:
    def tamper(assertion: Any) -> None:
        (assertion if path == "." else assertion.find(path)).set(name, value)

    return tamper


def _duplicate_ido(assertion: Any) -> None:
    for attribute in assertion.iter(f"{SAML}Attribute"):
        if attribute.get("Name") == "IDO":
            attribute.addnext(copy.deepcopy(attribute))
            return


def _split_ido(assertion: Any) -> None:
    for attribute in assertion.iter(f"{SAML}Attribute"):
        if attribute.get("Name") == "IDO":
            value = attribute.find(f"{SAML}AttributeValue")
            comment = etree.Comment("split")
            comment.tail, value.text = value.text[7:], value.text[:7]
            value.append(comment)


SCD = f"{SAML}Subject/{SAML}SubjectConfirmation/{SAML}SubjectConfirmationData"
OFFSET = "2026-11-30T22:00:00+01:00"
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "01 valid": ({}, {}),
    "02 both signed": ({}, {"sign_response": True}),
    "03 encrypted aes256-cbc": ({"want_assertions_encrypted": True}, {"encrypt": True}),
    "03 encrypted aes256-gcm": (
        {"want_assertions_encrypted": True},
        {"encrypt": True, "cipher": "aes256-gcm"},
    ),
    "05 no signature": ({}, {"sign_assertion": False}),
    "06 only response signed": ({}, {"sign_assertion": False, "sign_response": True}),
    "08 tampered after signing": ({}, {"tamper_assertion": _set_attribute}),
    "09 rsa-sha1": ({}, {"sha1": True}),
    "11 empty reference": ({}, {"tamper_assertion": _reference_uri("")}),
    "12 xslt transform": (
        {},
        {"tamper_assertion": _transform("http://www.w3.org/TR/1999/REC-xslt-19991116")},
    ),
    "13 evil assertion before": ({}, {"tamper_response": _evil_before}),
    "15 signed in extensions": ({}, {"tamper_response": _in_extensions}),
    "19 comment in IDO": ({}, {"tamper_assertion": _split_ido}),
    "20 no audience": ({}, {"audience": None}),
    "21 wrong audience": ({}, {"audience": "https://evil.example/m.xml"}),
    "22 wrong issuer": ({}, {"issuer": "https://evil.example/idp"}),
    "23 destination prefix": ({}, {"destination": ACS + "/x"}),
    "23 no destination": ({}, {"destination": None}),
    "24 recipient substring": ({}, {"recipient": "https://evil.example/?" + ACS}),
    "24 no recipient": ({}, {"recipient": None}),
    "25 other request": (
        {},
        {"in_response_to": "ONELOGIN_other", "scd_in_response_to": "ONELOGIN_other"},
    ),
    "27 unsolicited": ({}, {"in_response_to": None, "scd_in_response_to": None}),
    "28 rewrapped": ({}, {"scd_in_response_to": None}),
    "30 unsolicited allowed": (
        {"unsolicited": "allow"},
        {"in_response_to": None, "scd_in_response_to": None},
    ),
    "31 expired": ({}, {"not_on_or_after_offset": -600}),
    "32 not yet valid": ({}, {"not_before_offset": 600}),
    "33 confirmation expired": ({}, {"scd_not_on_or_after_offset": -200}),
    "34 session expired": ({}, {"session_not_on_or_after_offset": -10}),
    "35 skew inside": ({}, {"issue_offset": 200, "not_before_offset": 200}),
    "38 extra expired confirmation": (
        {},
        {
            "prepare_assertion": extra_confirmation(
                not_on_or_after="2001-01-01T00:00:00Z", in_response_to=RID
            )
        },
    ),
    "48 no IDO": ({}, {"attributes": student_attributes(IDO=None)}),
    "49 two NOM": ({}, {"attributes": student_attributes(NOM=["a", "b"])}),
    "50 duplicate attribute": ({}, {"prepare_assertion": _duplicate_ido}),
    "46 status responder": ({}, {"status": "urn:oasis:names:tc:SAML:2.0:status:Responder"}),
    "55 triple-DES": (
        {"want_assertions_encrypted": True},
        {"encrypt": True, "cipher": "tripledes-cbc"},
    ),
    "55 triple-DES allowed": (
        {"want_assertions_encrypted": True, "allow_tripledes": True},
        {"encrypt": True, "cipher": "tripledes-cbc"},
    ),
    "58 removed certificate": ({"idp_signing_certificates": "next"}, {}),
    "58 rollover": ({"idp_signing_certificates": "both"}, {"signing_key": "next"}),
    "offset in IssueInstant": ({}, {"prepare_assertion": _time(".", "IssueInstant", OFFSET)}),
    "offset in Conditions": (
        {},
        {"prepare_assertion": _time(f"{SAML}Conditions", "NotOnOrAfter", OFFSET)},
    ),
    "offset in confirmation": ({}, {"prepare_assertion": _time(SCD, "NotOnOrAfter", OFFSET)}),
    "year 9999": (
        {},
        {
            "not_on_or_after_offset": None,
            "prepare_assertion": _time(SCD, "NotOnOrAfter", "9999-12-31T23:59:59Z"),
        },
    ),
    "300 references": ({}, {"tamper_assertion": _references(300)}),
}


def _sp(
    idp: FakeGarIdP, config: dict[str, Any], reference: bool
) -> tuple[GarServiceProvider, InMemoryStore]:
    keys = idp.keys
    certificates = {
        "next": (keys.idp_next.cert_pem,),
        "both": (keys.idp.cert_pem, keys.idp_next.cert_pem),
    }
    if config.get("idp_signing_certificates") in certificates:
        config = {
            **config,
            "idp_signing_certificates": certificates[config["idp_signing_certificates"]],
        }
    store = InMemoryStore()
    sp = GarServiceProvider(idp.sp_config(**config), create_gar_plugin_manager(store))
    store.pixcore_gar_store_request(RID, datetime(2100, 1, 1, tzinfo=UTC))
    return (use_reference_library(sp) if reference else sp), store


def _outcome(sp: GarServiceProvider, saml_response: str, request_id: str | None) -> tuple[Any, ...]:
    try:
        identity = sp.consume(saml_response, request_id=request_id)
    except GarAuthError as error:
        return ("refused", error.code, error.meta.get("check"), error.meta.get("attribute"))
    return ("accepted", identity.subject, identity.first_name, identity.uai)


@pytest.mark.parametrize("case", sorted(CASES))
def test_fast_and_reference_runners_agree(idp, case):
    config, knobs = CASES[case]
    if knobs.get("signing_key") == "next":
        knobs = {**knobs, "signing_key": idp.keys.idp_next}
    request_id = None if config.get("unsolicited") == "allow" else RID
    saml_response = idp.response(
        RID, not_on_or_after_offset=knobs.pop("not_on_or_after_offset", 300), **knobs
    )
    fast, _ = _sp(idp, config, reference=False)
    reference, _ = _sp(idp, config, reference=True)
    first = _outcome(fast, saml_response, request_id)
    assert first == _outcome(reference, saml_response, request_id), case
    # ... and the second post of the same response (replay) too.
    assert _outcome(fast, saml_response, request_id) == _outcome(
        reference, saml_response, request_id
    )


def test_the_corpus_covers_acceptance_and_many_refusals(idp):
    outcomes = set()
    for case in (
        "01 valid",
        "23 destination prefix",
        "12 xslt transform",
        "offset in IssueInstant",
    ):
        config, knobs = CASES[case]
        fast, _ = _sp(idp, config, reference=False)
        outcomes.add(_outcome(fast, idp.response(RID, **knobs), RID)[:3])
    assert ("accepted", "a3f5" * 32, "Léa") in outcomes
    assert {
        ("refused", "SAML_INVALID", c) for c in ("destination", "transform", "time")
    } <= outcomes


def _snapshot() -> dict[str, Any]:
    classes = (
        response_module.OneLogin_Saml2_Response,
        utils_module.OneLogin_Saml2_Utils,
        xml_utils.OneLogin_Saml2_XML,
    )
    modules = (response_module, utils_module, xml_utils)
    state: dict[str, Any] = {f"class {c.__name__}": dict(vars(c)) for c in classes}
    state |= {f"module {m.__name__}": dict(vars(m)) for m in modules}
    return state


def test_python3_saml_is_never_patched(idp):
    before = _snapshot()
    store = InMemoryStore()
    sp = GarServiceProvider(idp.sp_config(), create_gar_plugin_manager(store))
    assert isinstance(sp._context.library, library.FastLibrary)
    _, rid = sp.begin_login()
    assert sp.consume(idp.response(rid), request_id=rid).subject == "a3f5" * 32
    after = _snapshot()
    assert after.keys() == before.keys()
    for name, members in before.items():
        changed = {
            k
            for k in members.keys() | after[name].keys()
            if members.get(k) is not after[name].get(k)
        }
        assert changed == set(), (name, changed)


def test_another_python3_saml_user_in_the_process_keeps_the_library_as_shipped(idp, monkeypatch):
    # A host's other SAML integration runs the library's own validate_xml, not our cache.
    calls = []
    original = xml_utils.OneLogin_Saml2_XML.__dict__["validate_xml"].__func__
    monkeypatch.setattr(
        xml_utils.OneLogin_Saml2_XML,
        "validate_xml",
        staticmethod(lambda *a, **k: calls.append(1) or original(*a, **k)),
    )
    sp = GarServiceProvider(idp.sp_config(), create_gar_plugin_manager(InMemoryStore()))
    _, rid = sp.begin_login()
    saml_response = idp.response(rid)
    sp.consume(saml_response, request_id=rid)
    assert calls == []  # ours went through the SP's own cached copy
    other = response_module.OneLogin_Saml2_Response(sp.settings_object(), saml_response)
    from pixcore_gar.settings import request_data

    assert other.is_valid(request_data(sp.config, {}), rid) is True
    assert calls == [1]  # the other user's call reached the class as shipped


def _code(function):
    return getattr(function, "__wrapped__", function).__code__


def test_the_runner_executes_the_library_own_code(idp):
    # Every method of the SP's response class is python3-saml's own bytecode (rebound to
    # the cached names), except _query, which memoises the library's own _query.
    sp = GarServiceProvider(idp.sp_config(), create_gar_plugin_manager(InMemoryStore()))
    response_class = sp._context.library._response_class
    base = vars(response_module.OneLogin_Saml2_Response)
    members = {n: m for n, m in vars(response_class).items() if isinstance(m, types.FunctionType)}
    assert "is_valid" in members and "process_signed_elements" in members
    for name, member in members.items():
        if name == "_query":
            (inner,) = [c.cell_contents for c in member.__closure__ if callable(c.cell_contents)]
            assert _code(inner) is _code(base["_query"])
        else:
            assert _code(member) is _code(base[name]), name
    utils_class = response_class.is_valid.__globals__["OneLogin_Saml2_Utils"]
    assert "now" not in vars(utils_class)  # inherited: the library's own clock


_ORIGINAL_TIME = utils_module.OneLogin_Saml2_Utils.parse_SAML_to_time
_FAST_TIME = library._fast_time(_ORIGINAL_TIME)


def _both(value: str) -> tuple[Any, Any]:
    results = []
    for parse in (_ORIGINAL_TIME, _FAST_TIME):
        try:
            results.append(("value", parse(value)))
        except Exception as error:  # the library raises plain Exception and ValueError
            results.append(("raised", type(error).__name__))
    return results[0], results[1]


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=5)
_TIMES = st.builds(
    "{}-{}-{}T{}:{}:{}{}{}".format,
    _DIGITS,
    _DIGITS,
    _DIGITS,
    _DIGITS,
    _DIGITS,
    _DIGITS,
    st.sampled_from(["", ".", ".5", ".123456", ".1234567", "x"]),
    st.sampled_from(["", "Z", "z", "+01:00", "\n", "Z\n", " "]),
)


@given(
    st.one_of(
        _TIMES,
        st.text(max_size=30),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    )
)
def test_fast_time_parsing_equals_the_library_on_any_string(value):
    original, fast = _both(value)
    assert fast == original, value


def test_fast_time_parsing_examples():
    for value in (
        "2026-11-30T22:00:00Z",
        "2026-11-30T22:00:00.123Z",
        "2026-11-30T22:00:00",
        "0001-01-01T00:00:00Z",
    ):
        assert _both(value)[0][0] == "value" and _both(value)[0] == _both(value)[1]
    for value in ("2026-11-30T22:00:60Z", "2026-11-30T24:00:00Z", "0000-01-01T00:00:00Z", OFFSET):
        assert _both(value)[0][0] == "raised" and _both(value)[0] == _both(value)[1]


def test_base64_decoding_of_a_parsed_document_passes_through():
    document = etree.fromstring(b"<r/>")
    assert library._b64decode(document) is document
    assert library._b64decode(base64.b64encode(b"<r/>")) == b"<r/>"


# pixcore_gar reads the attributes itself (one pass, no Python-filtered iterators): the
# values must be exactly the strings python3-saml's get_attributes returns.

_CHUNK = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)
_PIECE = st.one_of(
    _CHUNK.map(lambda t: ("text", t)),
    st.just(("comment", "c")),
    st.just(("element", "NameID")),
)
_VALUE = st.lists(_PIECE, max_size=4)
_ATTRIBUTE = st.tuples(
    st.sampled_from(["IDO", "PRE", "NOM", "DIV", ""]), st.lists(_VALUE, max_size=3)
)


def _statement_document(statements):
    response = etree.Element(f"{SAMLP}Response")
    assertion = etree.SubElement(response, f"{SAML}Assertion")
    for attributes in statements:
        statement = etree.SubElement(assertion, f"{SAML}AttributeStatement")
        for name, values in attributes:
            attribute = etree.SubElement(statement, f"{SAML}Attribute", Name=name)
            for pieces in values:
                value = etree.SubElement(attribute, f"{SAML}AttributeValue")
                last = None
                for kind, content in pieces:
                    if kind == "text":
                        if last is None:
                            value.text = (value.text or "") + content
                        else:
                            last.tail = (last.tail or "") + content
                        continue
                    node = (
                        etree.Comment(content)
                        if kind == "comment"
                        else etree.Element(f"{SAML}NameID")
                    )
                    value.append(node)
                    last = node
    return response


def _library_attributes(document, settings):
    response = response_module.OneLogin_Saml2_Response.__new__(
        response_module.OneLogin_Saml2_Response
    )
    response._settings, response.document, response.encrypted = settings, document, None
    found = response.get_attributes()
    return {name: tuple(v for v in values if isinstance(v, str)) for name, values in found.items()}


@given(st.lists(st.lists(_ATTRIBUTE, max_size=4), min_size=1, max_size=2))
def test_attribute_values_read_as_python3_saml_reads_them(statements):
    from pixcore_gar import facts

    settings = _SETTINGS()
    ours_doc, theirs_doc = _statement_document(statements), _statement_document(statements)
    try:
        theirs = ("values", _library_attributes(theirs_doc, settings))
    except Exception as error:  # a repeated name
        theirs = ("refused", type(error).__name__)
    try:
        ours = ("values", facts.read_facts(ours_doc).attributes)
    except GarAuthError as error:
        ours = ("refused", f"OneLogin_Saml2_ValidationError {error.meta['check']}")
        theirs = (theirs[0], f"{theirs[1]} attribute_repeated")
    assert ours == theirs


def _settings_factory():
    cached = []

    def settings():
        if not cached:
            idp = FakeGarIdP()
            sp = GarServiceProvider(idp.sp_config(), create_gar_plugin_manager(InMemoryStore()))
            cached.append(sp.settings_object())
        return cached[0]

    return settings


_SETTINGS = _settings_factory()
