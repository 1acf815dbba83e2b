"""saml.md §9 content and attribute cases 48–52."""

from __future__ import annotations

import copy

import pytest
from lxml import etree
from pixcore_gar.testing import student_attributes

from pixcore.host.hookspecs import hookimpl

NS_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"


@pytest.mark.parametrize("ido", [None, [""], ["   "]])
def test_case_48_ido_missing_or_empty_rejected(gar, ido):
    error = gar.refused("SAML_ATTRIBUTE_MISSING", attributes=student_attributes(IDO=ido))
    assert error.meta == {"attribute": "IDO"}


@pytest.mark.parametrize("name", ["IDO", "PRE", "NOM"])
def test_case_49_multivalued_ido_pre_nom_rejected(gar, name):
    attributes = student_attributes(**{name: ["one", "two"]})
    error = gar.refused("SAML_ATTRIBUTE_MULTIVALUED", attributes=attributes)
    assert error.meta == {"attribute": name}


def _duplicate_ido_attribute(assertion):
    for attribute in assertion.iter(f"{NS_SAML}Attribute"):
        if attribute.get("Name") == "IDO":
            attribute.addnext(copy.deepcopy(attribute))
            return


def test_case_50_duplicate_attribute_names_rejected(gar):
    error = gar.refused("SAML_INVALID", prepare_assertion=_duplicate_ido_attribute)
    assert error.meta["check"] == "attribute_repeated"


def _encrypted_attribute(assertion):
    statement = assertion.find(f"{NS_SAML}AttributeStatement")
    encrypted = etree.SubElement(statement, f"{NS_SAML}EncryptedAttribute")
    data = etree.SubElement(encrypted, "{http://www.w3.org/2001/04/xmlenc#}EncryptedData")
    cipher = etree.SubElement(data, "{http://www.w3.org/2001/04/xmlenc#}CipherData")
    etree.SubElement(cipher, "{http://www.w3.org/2001/04/xmlenc#}CipherValue").text = "AAAA"


def test_case_51_encrypted_attribute_rejected(gar):
    gar.refused("SAML_INVALID", prepare_assertion=_encrypted_attribute)


def test_case_52_uai_outside_allow_list_rejected(gar):
    gar.configure(allowed_uai=frozenset({"0123456A"}))
    gar.refused("SAML_UAI_NOT_ALLOWED")


def test_case_52_uai_inside_allow_list_accepted_and_others_filtered(gar):
    gar.configure(allowed_uai=frozenset({"0561641E"}))
    attributes = student_attributes(UAI=["0999999Z", "0561641E"])
    assert gar.post(attributes=attributes).uai == ("0561641E",)


def test_case_52_uai_refused_by_a_host_hook(gar):
    class Policy:
        @hookimpl
        def pixcore_gar_allowed_uai(self, uai):
            return uai != "0561641E"

    gar.pm.register(Policy())
    gar.refused("SAML_UAI_NOT_ALLOWED")


def test_case_52_missing_uai_rejected_when_allow_list_set(gar):
    gar.configure(allowed_uai=frozenset({"0561641E"}))
    gar.refused("SAML_UAI_NOT_ALLOWED", attributes=student_attributes(UAI=None))
