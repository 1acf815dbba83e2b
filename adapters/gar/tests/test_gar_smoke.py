"""Smoke tests: the pinned xmlsec/lxml pair shares libxml2; the XSD cache keeps validating."""

from __future__ import annotations

from importlib.metadata import version

from lxml import etree
from pixcore_gar.library import FastLibrary


def test_lxml_and_xmlsec_share_libxml2():
    import xmlsec

    assert xmlsec.get_libxml_version() == etree.LIBXML_VERSION


def test_pinned_versions_installed():
    assert version("python3-saml") == "1.16.0"
    assert (version("xmlsec"), version("lxml")) == ("1.3.17", "6.1.3")


def _misplaced_element(response):
    status = response.find("{urn:oasis:names:tc:SAML:2.0:protocol}Status")
    status.addnext(etree.Element("{urn:oasis:names:tc:SAML:2.0:protocol}Unexpected"))


def test_fast_library_in_use_and_schema_still_enforced(gar):
    assert isinstance(gar.sp._context.library, FastLibrary) is (gar.mode == "fast")
    gar.refused("SAML_INVALID", tamper_response=_misplaced_element)
    assert gar.post().subject == "a3f5" * 32
