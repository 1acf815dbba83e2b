"""Signing and encryption helpers of :mod:`pixcore_gar.testing` (tests only).

signxml is the default signer; python3-saml's ``add_sign`` signs the SHA-1 and
"sign with the library, then tamper" variants; python-xmlsec encrypts assertions for
the SP certificate (RSA-OAEP key transport, AES or Triple-DES content).
"""

from __future__ import annotations

import functools
from typing import Any

import xmlsec
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree  # type: ignore[import-untyped]
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.signer import XMLSigner

__all__ = [
    "encrypt_assertion",
    "remove_placeholder",
    "sign_with_python3_saml",
    "sign_with_signxml",
]

_DS = "{http://www.w3.org/2000/09/xmldsig#}"
_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
_CIPHERS = {
    "aes128-cbc": (xmlsec.constants.KeyDataAes, 128, xmlsec.constants.TransformAes128Cbc),
    "aes256-cbc": (xmlsec.constants.KeyDataAes, 256, xmlsec.constants.TransformAes256Cbc),
    "aes256-gcm": (xmlsec.constants.KeyDataAes, 256, xmlsec.constants.TransformAes256Gcm),
    "tripledes-cbc": (xmlsec.constants.KeyDataDes, 192, xmlsec.constants.TransformDes3Cbc),
}


def remove_placeholder(element: Any) -> None:
    """Drop the ``<ds:Signature Id="placeholder"/>`` of an element left unsigned."""
    for child in element.findall(f"{_DS}Signature"):
        if child.get("Id") == "placeholder":
            element.remove(child)


@functools.cache
def _private_key(key_pem: str) -> Any:
    # Loading (and checking) an RSA key costs tens of ms: once per key and process.
    return serialization.load_pem_private_key(key_pem.encode(), password=None)


def sign_with_signxml(element: Any, element_id: str, key_pem: str, cert_pem: str) -> Any:
    """Enveloped RSA-SHA256 (ECDSA-SHA256 for an EC key) / SHA-256 / exc-c14n signature."""
    key = _private_key(key_pem)
    method = SignatureMethod.ECDSA_SHA256 if isinstance(key, ec.EllipticCurvePrivateKey) else None
    signer = XMLSigner(
        signature_algorithm=method or SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    return signer.sign(element, key=key, cert=cert_pem, reference_uri=element_id)


def sign_with_python3_saml(element: Any, key_pem: str, cert_pem: str, *, sha1: bool) -> Any:
    """python3-saml's ``add_sign`` (same libxmlsec1 as the verifier); SHA-1 on request."""
    from onelogin.saml2.constants import OneLogin_Saml2_Constants as C  # type: ignore[import-untyped]
    from onelogin.saml2.utils import OneLogin_Saml2_Utils  # type: ignore[import-untyped]

    remove_placeholder(element)
    sign_alg, digest_alg = (C.RSA_SHA1, C.SHA1) if sha1 else (C.RSA_SHA256, C.SHA256)
    signed = OneLogin_Saml2_Utils.add_sign(
        element, key_pem, cert_pem, sign_algorithm=sign_alg, digest_algorithm=digest_alg
    )
    return etree.fromstring(signed)


def encrypt_assertion(assertion: Any, sp_cert_pem: str, cipher: str) -> None:
    """Replace ``assertion`` (in its Response) by an ``EncryptedAssertion`` for the SP."""
    key_data, bits, transform = _CIPHERS[cipher]
    manager = xmlsec.KeysManager()
    manager.add_key(xmlsec.Key.from_memory(sp_cert_pem, xmlsec.constants.KeyDataFormatCertPem))
    template = xmlsec.template.encrypted_data_create(
        assertion.getparent(), transform, type=xmlsec.constants.TypeEncElement, ns="xenc"
    )
    xmlsec.template.encrypted_data_ensure_cipher_value(template)
    key_info = xmlsec.template.encrypted_data_ensure_key_info(template, ns="ds")
    encrypted_key = xmlsec.template.add_encrypted_key(key_info, xmlsec.constants.TransformRsaOaep)
    xmlsec.template.encrypted_data_ensure_cipher_value(encrypted_key)
    context = xmlsec.EncryptionContext(manager)
    context.key = xmlsec.Key.generate(key_data, bits, xmlsec.constants.KeyDataTypeSession)
    encrypted = context.encrypt_xml(template, assertion)
    wrapper = etree.Element(f"{_SAML}EncryptedAssertion")
    encrypted.addprevious(wrapper)
    wrapper.append(encrypted)
