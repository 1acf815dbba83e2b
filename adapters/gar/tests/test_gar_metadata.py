"""IdP metadata parsing (saml.md §8.2 metadata.py) and the SP metadata."""

from __future__ import annotations

import pytest
from pixcore_gar.errors import GarConfigError
from pixcore_gar.metadata import parse_idp_metadata


def _body(pem):
    return "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)


def idp_metadata(idp, *certs):
    keys = "".join(
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
        f"{_body(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        for cert in certs
    )
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{idp.entity_id}">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        f"{keys}<md:SingleSignOnService "
        'Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f'Location="{idp.sso_url}"/></md:IDPSSODescriptor></md:EntityDescriptor>'
    )


def test_idp_metadata_with_two_signing_certificates_configures_the_sp(gar):
    keys = gar.idp.keys
    found = parse_idp_metadata(idp_metadata(gar.idp, keys.idp.cert_pem, keys.idp_next.cert_pem))
    assert (found.entity_id, found.sso_url) == (gar.idp.entity_id, gar.idp.sso_url)
    assert len(found.signing_certificates) == 2
    gar.configure(idp_signing_certificates=found.signing_certificates)
    assert gar.post(signing_key=keys.idp_next).subject == "a3f5" * 32


@pytest.mark.parametrize(
    "xml",
    [
        "<not-metadata/>",
        '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    ],
)
def test_bad_idp_metadata_refused(xml):
    with pytest.raises(GarConfigError) as info:
        parse_idp_metadata(xml)
    assert info.value.meta == {"setting": "idp_metadata", "reason": "metadata_unreadable"}


def test_idp_metadata_without_certificate_refused(gar):
    with pytest.raises(GarConfigError) as info:
        parse_idp_metadata(idp_metadata(gar.idp))
    assert info.value.meta == {"setting": "idp_metadata", "reason": "no_signing_certificate"}
