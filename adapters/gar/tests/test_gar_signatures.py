"""saml.md §9 signature cases 5–12."""

from __future__ import annotations

import pytest
from onelogin.saml2.response import OneLogin_Saml2_Response
from pixcore_gar.settings import request_data

DS = "{http://www.w3.org/2000/09/xmldsig#}"
NS_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"


def _set_attribute(name, value):
    def tamper(assertion):
        for attribute in assertion.iter(f"{NS_SAML}Attribute"):
            if attribute.get("Name") == name:
                attribute.find(f"{NS_SAML}AttributeValue").text = value

    return tamper


def test_case_05_no_signature_rejected(gar):
    gar.refused("SAML_INVALID", sign_assertion=False)


def test_case_06_only_response_signed_rejected(gar):
    gar.refused("SAML_INVALID", sign_assertion=False, sign_response=True)


def test_case_07_untrusted_self_signed_key_rejected(gar):
    gar.refused("SAML_INVALID", signing_key=gar.idp.keys.attacker)


@pytest.mark.parametrize(("name", "value"), [("IDO", "b" * 128), ("NOM", "Dupont")])
def test_case_08_attribute_changed_after_signing_rejected(gar, name, value):
    gar.refused("SAML_INVALID", tamper_assertion=_set_attribute(name, value))


def test_case_09_rsa_sha1_rejected_and_setting_on(gar):
    assert gar.sp.settings_object().get_security_data()["rejectDeprecatedAlgorithm"] is True
    gar.refused("SAML_INVALID", sha1=True)


def test_case_09_rsa_sha1_rejected_by_the_library_too(gar):
    saml_response, rid = gar.response(sha1=True)
    response = OneLogin_Saml2_Response(gar.sp.settings_object(), saml_response)
    data = request_data(gar.config, {"SAMLResponse": saml_response})
    assert response.is_valid(data, rid) is False
    assert "Deprecated" in (response.get_error() or "")


def test_case_10_attacker_key_with_attacker_certificate_in_keyinfo_rejected(gar):
    attacker = gar.idp.keys.attacker
    gar.refused("SAML_INVALID", signing_key=attacker, key_info_cert=attacker.cert_pem)


def test_case_10_keyinfo_ignored_real_key_with_junk_certificate_accepted(gar):
    assert gar.post(key_info_cert=gar.idp.keys.attacker.cert_pem).subject == "a3f5" * 32


def _reference_uri(uri):
    def tamper(assertion):
        assertion.find(f"{DS}Signature/{DS}SignedInfo/{DS}Reference").set("URI", uri)

    return tamper


@pytest.mark.parametrize("uri", ["", "#_another_id", "http://evil.example/a.xml"])
def test_case_11_reference_uri_empty_or_elsewhere_rejected(gar, uri):
    gar.refused("SAML_INVALID", tamper_assertion=_reference_uri(uri))


_EXPENSIVE_XSLT = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:template match="/"><xsl:call-template name="loop"><xsl:with-param name="n" select="0"/>
</xsl:call-template></xsl:template><xsl:template name="loop"><xsl:param name="n"/>
<xsl:if test="$n &lt; 100000000"><xsl:call-template name="loop">
<xsl:with-param name="n" select="$n + 1"/></xsl:call-template></xsl:if></xsl:template>
</xsl:stylesheet>"""


def _add_transform(algorithm, body=""):
    def tamper(assertion):
        from lxml import etree

        transforms = assertion.find(f"{DS}Signature/{DS}SignedInfo/{DS}Reference/{DS}Transforms")
        transform = etree.SubElement(transforms, f"{DS}Transform", Algorithm=algorithm)
        if body:
            transform.append(etree.fromstring(body))

    return tamper


@pytest.mark.parametrize(
    ("algorithm", "body"),
    [
        (XSLT, _EXPENSIVE_XSLT),
        (XPATH, '<ds:XPath xmlns:ds="http://www.w3.org/2000/09/xmldsig#">count(//.)</ds:XPath>'),
        ("urn:unknown:transform", ""),
    ],
)
def test_case_12_xslt_transform_rejected_before_xmlsec(gar, xmlsec_contexts, algorithm, body):
    saml_response, rid = gar.response(tamper_assertion=_add_transform(algorithm, body))
    xmlsec_contexts.clear()
    error = gar.refused_raw("SAML_INVALID", saml_response, rid)
    assert error.meta["check"] == "transform"
    assert xmlsec_contexts == []  # refused before xmlsec could run the transform
