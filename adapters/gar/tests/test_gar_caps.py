"""Bounded CPU before anything is trusted: costly elements are counted before xmlsec runs.

Each ``ds:Reference`` is digested, each ``xenc:EncryptedKey`` tried with the SP's RSA
key, each once per configured IdP certificate: hundreds of them cost libxmlsec up to a
second. The pre-flight caps them (``algorithms.TAG_LIMITS``) and refuses the response
before any signature or decryption context exists; the benchmark measures the cost of
such a refusal against a valid login (``benchmarks/bench_consume.py``).
"""

from __future__ import annotations

import pytest
from lxml import etree
from pixcore_gar.algorithms import TAG_LIMITS

DS = "{http://www.w3.org/2000/09/xmldsig#}"
XENC = "{http://www.w3.org/2001/04/xmlenc#}"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
OAEP = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"


def _signed_info(assertion):
    return assertion.find(f"{DS}Signature/{DS}SignedInfo")


def _references(count):
    def tamper(assertion):
        for _ in range(count):
            reference = etree.SubElement(_signed_info(assertion), f"{DS}Reference", URI="#_x")
            etree.SubElement(reference, f"{DS}DigestMethod", Algorithm=SHA256)
            etree.SubElement(reference, f"{DS}DigestValue").text = "AAAA"

    return tamper


def _transforms(count):
    def tamper(assertion):
        transforms = _signed_info(assertion).find(f"{DS}Reference/{DS}Transforms")
        for _ in range(count):
            etree.SubElement(transforms, f"{DS}Transform", Algorithm=EXC_C14N)

    return tamper


def _signatures(count):
    def tamper(response):
        for _ in range(count):
            response.append(etree.Element(f"{DS}Signature"))

    return tamper


def _certificates(count):
    def tamper(assertion):
        data = assertion.find(f"{DS}Signature/{DS}KeyInfo/{DS}X509Data")
        certificate = data.find(f"{DS}X509Certificate")
        for _ in range(count):
            etree.SubElement(data, f"{DS}X509Certificate").text = certificate.text

    return tamper


@pytest.mark.parametrize(
    ("knobs", "count"),
    [
        ({"tamper_assertion": _references(TAG_LIMITS[f"{DS}Reference"])}, "min"),
        ({"tamper_assertion": _references(300)}, "hundreds"),
        ({"tamper_assertion": _transforms(3)}, "min"),
        ({"tamper_assertion": _transforms(300)}, "hundreds"),
        ({"tamper_response": _signatures(2)}, "min"),
        ({"tamper_response": _signatures(300)}, "hundreds"),
        ({"tamper_assertion": _certificates(4)}, "min"),
    ],
)
def test_costly_elements_beyond_their_cap_refused_before_xmlsec(gar, xmlsec_contexts, knobs, count):
    saml_response, rid = gar.response(**knobs)
    xmlsec_contexts.clear()  # the IdP and the AuthnRequest use xmlsec too
    error = gar.refused_raw("SAML_INVALID", saml_response, rid)
    assert error.meta["check"] == "element_count", count
    assert xmlsec_contexts == []


def _encrypted_keys(count):
    def tamper(response):
        # xmlsec's template nodes are outside lxml's name dictionary: find() misses them.
        (key_info,) = [e for e in response.iter() if e.tag == f"{DS}KeyInfo"]
        for _ in range(count):
            key = etree.SubElement(key_info, f"{XENC}EncryptedKey")
            etree.SubElement(key, f"{XENC}EncryptionMethod", Algorithm=OAEP)
            cipher = etree.SubElement(key, f"{XENC}CipherData")
            etree.SubElement(cipher, f"{XENC}CipherValue").text = "QUFBQQ=="

    return tamper


@pytest.mark.parametrize("extra", [2, 200])
def test_encrypted_keys_beyond_their_cap_refused_before_decryption(gar, xmlsec_contexts, extra):
    gar.configure(want_assertions_encrypted=True)
    saml_response, rid = gar.response(encrypt=True, tamper_response=_encrypted_keys(extra))
    xmlsec_contexts.clear()
    error = gar.refused_raw("SAML_INVALID", saml_response, rid)
    assert error.meta["check"] == "element_count"
    assert xmlsec_contexts == []


def test_a_second_encrypted_assertion_payload_refused_before_decryption(gar, xmlsec_contexts):
    import copy

    def twice(response):
        (data,) = [e for e in response.iter() if e.tag == f"{XENC}EncryptedData"]
        data.addnext(copy.deepcopy(data))

    gar.configure(want_assertions_encrypted=True)
    saml_response, rid = gar.response(encrypt=True, tamper_response=twice)
    xmlsec_contexts.clear()
    assert gar.refused_raw("SAML_INVALID", saml_response, rid).meta["check"] == "element_count"
    assert xmlsec_contexts == []


def test_a_valid_login_stays_within_every_cap(gar, xmlsec_contexts):
    gar.configure(want_assertions_encrypted=True)
    saml_response, rid = gar.response(encrypt=True, sign_response=True)
    xmlsec_contexts.clear()
    assert gar.sp.consume(saml_response, request_id=rid).subject == "a3f5" * 32
    assert set(xmlsec_contexts) == {"SignatureContext", "EncryptionContext"}
