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
    error = gar.refused("SAML_INVALID", tamper_response=_xinclude)
    assert error.meta["check"] == "forbidden_element"
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


# Only UTF-8 documents: every other encoding is refused on the raw bytes.


def _reencoded(gar, rid, encoding, declare=None):
    xml = gar.idp.response_xml(rid).decode()
    if declare is not None:
        xml = f'<?xml version="1.0" encoding="{declare}"?>' + xml
    return b64(xml.encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "declare"),
    [
        ("utf-16-le", None),  # no BOM: NUL bytes
        ("utf-16-be", "UTF-16"),
        ("utf-32", None),
        ("cp500", None),  # EBCDIC, which libxml2 would detect on its own
        ("latin-1", "ISO-8859-1"),
        ("utf-8", "ISO-8859-1"),  # valid UTF-8 bytes, another declared encoding
        ("utf-8", "windows-1252"),
    ],
)
def test_only_utf8_documents_accepted(gar, encoding, declare):
    rid = gar.login()
    error = gar.refused_raw("SAML_INVALID", _reencoded(gar, rid, encoding, declare), rid)
    assert error.meta["check"] == "encoding"


def test_invalid_utf8_bytes_in_a_value_refused(gar):
    rid = gar.login()
    xml = gar.idp.response_xml(rid).replace(b"Martin", b"Mar\xc3\x28tin")
    assert gar.refused_raw("SAML_INVALID", b64(xml), rid).meta["check"] == "encoding"


@pytest.mark.parametrize("declare", ["UTF-8", "utf-8", "utf8"])
def test_utf8_with_bom_and_declaration_accepted(gar, declare):
    rid = gar.login()
    xml = f'<?xml version="1.0" encoding="{declare}"?>'.encode() + gar.idp.response_xml(rid)
    assert gar.sp.consume(b64(b"\xef\xbb\xbf" + xml), request_id=rid).first_name == "Léa"


# XInclude in both namespaces, and ds:Object, are refused wherever they appear.


@pytest.mark.parametrize(
    "namespace", ["http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"]
)
@pytest.mark.parametrize("where", ["response", "assertion", "encrypted assertion"])
def test_xinclude_refused_in_both_namespaces(gar, namespace, where, no_network):
    from lxml import etree

    def add(element):
        status = element.find("{urn:oasis:names:tc:SAML:2.0:protocol}Status")
        anchor = status if status is not None else element[0]
        anchor.addnext(etree.Element(f"{{{namespace}}}include", href="file:///etc/passwd"))

    if where == "response":
        error = gar.refused("SAML_INVALID", tamper_response=add)
    else:
        encrypted = where == "encrypted assertion"
        gar.configure(want_assertions_encrypted=encrypted)
        error = gar.refused("SAML_INVALID", prepare_assertion=add, encrypt=encrypted)
    assert error.meta["check"] == "forbidden_element"
    assert no_network == []


def test_ds_object_refused(gar):
    from lxml import etree

    def add(assertion):
        signature = assertion.find("{http://www.w3.org/2000/09/xmldsig#}Signature")
        etree.SubElement(signature, "{http://www.w3.org/2000/09/xmldsig#}Object")

    assert gar.refused("SAML_INVALID", tamper_assertion=add).meta["check"] == "forbidden_element"


def test_element_count_bounded_before_parsing(gar, monkeypatch):
    from onelogin.saml2 import xmlparser

    parsed = []
    original = xmlparser.fromstring
    monkeypatch.setattr(
        xmlparser, "fromstring", lambda *a, **k: parsed.append(1) or original(*a, **k)
    )
    rid = gar.login()
    xml = gar.idp.response_xml(rid).replace(b"<samlp:Status>", b"<x/>" * 2001 + b"<samlp:Status>")
    assert gar.refused_raw("SAML_INVALID", b64(xml), rid).meta["check"] == "size"
    assert parsed == []
