"""saml.md §9 XML signature wrapping cases 13–19."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

DS = "{http://www.w3.org/2000/09/xmldsig#}"
NS_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
NS_SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"
EVIL_IDO = "e" * 128


def _evil_copy(signed, *, new_id=True):
    evil = copy.deepcopy(signed)
    signature = evil.find(f"{DS}Signature")
    if signature is not None:
        evil.remove(signature)
    if new_id:
        evil.set("ID", "_evil")
    for attribute in evil.iter(f"{NS_SAML}Attribute"):
        if attribute.get("Name") == "IDO":
            attribute.find(f"{NS_SAML}AttributeValue").text = EVIL_IDO
    return evil


def _signed(response):
    return response.find(f"{NS_SAML}Assertion")


def _evil_before(response):
    _signed(response).addprevious(_evil_copy(_signed(response)))


def _evil_after(response):
    _signed(response).addnext(_evil_copy(_signed(response)))


def _signed_in_advice(response):
    signed = _signed(response)
    evil = _evil_copy(signed)
    advice = etree.Element(f"{NS_SAML}Advice")
    evil.find(f"{NS_SAML}Conditions").addnext(advice)
    signed.addprevious(evil)
    advice.append(signed)


def _signed_in_extensions(response):
    signed = _signed(response)
    evil = _evil_copy(signed)
    extensions = etree.Element(f"{NS_SAMLP}Extensions")
    response.find(f"{NS_SAMLP}Status").addprevious(extensions)
    signed.addprevious(evil)
    extensions.append(signed)


def _signed_in_signature_object(response):
    signed = _signed(response)
    evil = _evil_copy(signed, new_id=False)
    signature = copy.deepcopy(signed.find(f"{DS}Signature"))
    evil.find(f"{NS_SAML}Issuer").addnext(signature)
    obj = etree.SubElement(signature, f"{DS}Object")
    signed.addprevious(evil)
    obj.append(signed)


def _duplicate_ids(response):
    signed = _signed(response)
    signed.addnext(_evil_copy(signed, new_id=False))


@pytest.mark.parametrize("tamper", [_evil_before, _evil_after])
def test_case_13_evil_unsigned_assertion_before_or_after_rejected(gar, tamper):
    gar.refused("SAML_INVALID", tamper_response=tamper)


def test_case_14_signed_assertion_moved_into_advice_rejected(gar):
    gar.refused("SAML_INVALID", tamper_response=_signed_in_advice)


def test_case_15_signed_assertion_moved_into_extensions_rejected(gar):
    gar.refused("SAML_INVALID", tamper_response=_signed_in_extensions)


def test_case_16_signed_assertion_in_signature_object_same_id_rejected(gar):
    gar.refused("SAML_INVALID", tamper_response=_signed_in_signature_object)


def test_case_17_duplicate_ids_rejected(gar):
    gar.refused("SAML_INVALID", tamper_response=_duplicate_ids)


def test_case_18_signed_response_around_evil_unsigned_assertion_rejected(gar):
    from pixcore_gar.testing import student_attributes

    evil = student_attributes(IDO=[EVIL_IDO])
    gar.refused("SAML_INVALID", sign_assertion=False, sign_response=True, attributes=evil)


def _split_ido(assertion):
    for attribute in assertion.iter(f"{NS_SAML}Attribute"):
        if attribute.get("Name") == "IDO":
            value = attribute.find(f"{NS_SAML}AttributeValue")
            text = value.text
            value.text = text[:7]
            comment = etree.Comment("split")
            comment.tail = text[7:]
            value.append(comment)


@pytest.mark.parametrize("when", ["prepare_assertion", "tamper_assertion"])
def test_case_19_comment_inside_ido_gives_the_full_text(gar, when):
    identity = gar.post(**{when: _split_ido})
    assert identity.subject == "a3f5" * 32
