"""saml.md §9 XML parser hardening cases 40–45."""

from __future__ import annotations

import base64
import socket
import zlib

import pytest
from onelogin.saml2.xmlparser import DTDForbidden, fromstring

XML_DECL = b'<?xml version="1.0" encoding="UTF-8"?>'


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def guard(self, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard)
    return attempts


def _with_doctype(xml: bytes, doctype: bytes) -> bytes:
    return XML_DECL + doctype + xml


BILLION_LAUGHS = (
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)


def test_case_40_billion_laughs_rejected_without_expansion(gar):
    rid = gar.login()
    xml = _with_doctype(gar.idp.response_xml(rid), BILLION_LAUGHS)
    gar.refused_raw("SAML_INVALID", b64(xml), rid)
    with pytest.raises(DTDForbidden):  # the library raises; the App maps it (G8)
        fromstring(xml)


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://169.254.169.254/latest/">]>',
        b'<!DOCTYPE r SYSTEM "http://evil.example/r.dtd">',
    ],
)
def test_case_41_external_entity_rejected_no_network(gar, no_network, doctype):
    rid = gar.login()
    gar.refused_raw("SAML_INVALID", b64(_with_doctype(gar.idp.response_xml(rid), doctype)), rid)
    assert no_network == []


def _schema_location(response):
    response.set(
        "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
        "urn:oasis:names:tc:SAML:2.0:protocol http://evil.example/evil.xsd",
    )


def _xinclude(response):
    from lxml import etree

    status = response.find("{urn:oasis:names:tc:SAML:2.0:protocol}Status")
    include = etree.Element("{http://www.w3.org/2001/XInclude}include", href="http://evil/x")
    status.addprevious(include)


def test_case_42_schema_location_ignored_no_network(gar, no_network):
    assert gar.post(tamper_response=_schema_location).subject == "a3f5" * 32
    assert no_network == []


def test_case_42_xinclude_rejected_no_network(gar, no_network):
    gar.refused("SAML_INVALID", tamper_response=_xinclude)
    assert no_network == []


def test_case_43_oversized_body_rejected_before_parsing(gar):
    rid = gar.login()
    error = gar.refused_raw("SAML_INVALID", "A" * (256 * 1024 + 4), rid)
    assert error.meta["check"] == "size"


def _deep(levels):
    def tamper(response):
        from lxml import etree

        status = response.find("{urn:oasis:names:tc:SAML:2.0:protocol}Status")
        extensions = etree.Element("{urn:oasis:names:tc:SAML:2.0:protocol}Extensions")
        node = extensions
        for _ in range(levels):
            node = etree.SubElement(node, "{urn:example}n")
        status.addprevious(extensions)

    return tamper


@pytest.mark.parametrize("levels", [40, 5000])
def test_case_43_deeply_nested_xml_rejected(gar, levels):
    gar.refused("SAML_INVALID", tamper_response=_deep(levels))


def test_case_44_not_base64_rejected(gar):
    error = gar.refused_raw("SAML_INVALID", "%%% not base64 %%%", gar.login())
    assert "%%%" not in error.message
    assert "Traceback" not in error.message


def test_case_44_not_xml_rejected(gar):
    gar.refused_raw("SAML_INVALID", b64(b"hello, not xml"), gar.login())


def test_case_44_deflated_body_on_post_binding_rejected(gar):
    rid = gar.login()
    deflated = zlib.compress(gar.idp.response_xml(rid))[2:-4]
    gar.refused_raw("SAML_INVALID", b64(deflated), rid)


def test_case_44_utf16_bom_rejected(gar):
    rid = gar.login()
    xml = gar.idp.response_xml(rid).decode().encode("utf-16")
    error = gar.refused_raw("SAML_INVALID", b64(xml), rid)
    assert error.meta["check"] == "encoding"


def test_case_45_processing_instruction_before_root_rejected(gar):
    rid = gar.login()
    xml = (
        XML_DECL
        + b'<?xml-stylesheet href="http://evil.example/x.xsl"?>'
        + gar.idp.response_xml(rid)
    )
    error = gar.refused_raw("SAML_INVALID", b64(xml), rid)
    assert error.meta["check"] == "processing_instruction"


def test_case_45_comment_before_root_ignored(gar):
    rid = gar.login()
    xml = XML_DECL + b"<!-- IDO=attacker -->" + gar.idp.response_xml(rid)
    identity = gar.sp.consume(b64(xml), request_id=rid)
    assert identity.subject == "a3f5" * 32
