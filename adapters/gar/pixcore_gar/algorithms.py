"""Allow-lists of XML Signature and XML Encryption algorithms, and the tags they guard.

Everything not listed here is refused by :mod:`pixcore_gar.preflight` before xmlsec
runs. Triple-DES (``tripledes-cbc``) is refused unless the configuration opts in
(``allow_tripledes``, §9 case 55); RSA PKCS#1 v1.5 key transport is always refused.
"""

from __future__ import annotations

__all__ = [
    "ALGORITHM_TAGS",
    "ASSERTION_TAG",
    "ASSERTION_TAGS",
    "CHECKED_TAGS",
    "DATA_CIPHERS",
    "DIGESTS",
    "FORBIDDEN_TAGS",
    "KEY_TRANSPORTS",
    "SIGNATURES",
    "TAG_LIMITS",
    "TRANSFORMS",
    "TRIPLEDES",
    "XINCLUDE_NAMESPACES",
    "allowed_algorithms",
]

NS_SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
NS_SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
NS_DS = "http://www.w3.org/2000/09/xmldsig#"
NS_XENC = "http://www.w3.org/2001/04/xmlenc#"
NS_EC = "http://www.w3.org/2001/10/xml-exc-c14n#"
XINCLUDE_NAMESPACES = frozenset(
    {"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"}
)
"""Both XInclude namespaces libxml2 knows (the 2001 draft and the 2003 recommendation)."""

RESPONSE_TAG = f"{{{NS_SAMLP}}}Response"
ASSERTION_TAG = f"{{{NS_SAML}}}Assertion"
ASSERTION_TAGS = frozenset({ASSERTION_TAG, f"{{{NS_SAML}}}EncryptedAssertion"})
REFERENCE_TAG = f"{{{NS_DS}}}Reference"
TRANSFORM_TAG = f"{{{NS_DS}}}Transform"
DIGEST_TAG = f"{{{NS_DS}}}DigestMethod"
RETRIEVAL_TAG = f"{{{NS_DS}}}RetrievalMethod"
C14N_TAG = f"{{{NS_DS}}}CanonicalizationMethod"
SIGNATURE_METHOD_TAG = f"{{{NS_DS}}}SignatureMethod"
ENCRYPTION_METHOD_TAG = f"{{{NS_XENC}}}EncryptionMethod"
CIPHER_REFERENCE_TAG = f"{{{NS_XENC}}}CipherReference"
INCLUSIVE_NAMESPACES_TAG = f"{{{NS_EC}}}InclusiveNamespaces"
SIGNATURE_TAG = f"{{{NS_DS}}}Signature"
KEY_INFO_TAG = f"{{{NS_DS}}}KeyInfo"
X509_CERTIFICATE_TAG = f"{{{NS_DS}}}X509Certificate"
ENCRYPTED_KEY_TAG = f"{{{NS_XENC}}}EncryptedKey"
ENCRYPTED_DATA_TAG = f"{{{NS_XENC}}}EncryptedData"
FORBIDDEN_TAGS = frozenset({f"{{{NS_DS}}}Object", f"{{{NS_DS}}}Manifest"})
"""Never in a GAR response; ``ds:Object`` only ever serves signature wrapping (§9 case 16)."""

TAG_LIMITS = {
    SIGNATURE_TAG: 2,  # python3-saml accepts one Response and one Assertion signature
    REFERENCE_TAG: 2,  # one per signature
    TRANSFORM_TAG: 4,  # enveloped-signature and exc-c14n, per reference
    KEY_INFO_TAG: 4,  # one per signature, encrypted data and encrypted key
    X509_CERTIFICATE_TAG: 4,
    ENCRYPTED_DATA_TAG: 1,  # the encrypted assertion
    ENCRYPTED_KEY_TAG: 2,  # its key, for the SP certificate (and a next one)
    RETRIEVAL_TAG: 1,
}
"""Most occurrences of each costly element, counted before xmlsec runs (bounded CPU).

Every ``ds:Reference`` is digested, every ``xenc:EncryptedKey`` tried with the SP's
RSA key, once per configured IdP certificate: hundreds of them cost libxmlsec up to
a second. A real GAR response needs at most the numbers above.
"""

EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
TRANSFORMS = frozenset(
    {
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        EXC_C14N,
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    }
)
CANONICALIZATIONS = TRANSFORMS - {"http://www.w3.org/2000/09/xmldsig#enveloped-signature"}
SIGNATURES = frozenset(
    {
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    }
)
DIGESTS = frozenset(
    {
        "http://www.w3.org/2001/04/xmlenc#sha256",
        "http://www.w3.org/2001/04/xmldsig-more#sha384",
        "http://www.w3.org/2001/04/xmlenc#sha512",
    }
)
OAEP_DIGESTS = DIGESTS | {"http://www.w3.org/2000/09/xmldsig#sha1"}
"""Digests allowed inside RSA-OAEP key transport (SHA-1 is the OAEP default and safe there)."""
DATA_CIPHERS = frozenset(
    {
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
        "http://www.w3.org/2001/04/xmlenc#aes192-cbc",
        "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
        "http://www.w3.org/2009/xmlenc11#aes128-gcm",
        "http://www.w3.org/2009/xmlenc11#aes192-gcm",
        "http://www.w3.org/2009/xmlenc11#aes256-gcm",
    }
)
TRIPLEDES = "http://www.w3.org/2001/04/xmlenc#tripledes-cbc"
KEY_TRANSPORTS = frozenset(
    {
        "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
        "http://www.w3.org/2009/xmlenc11#rsa-oaep",
    }
)

_BY_TAG = {
    C14N_TAG: CANONICALIZATIONS,
    SIGNATURE_METHOD_TAG: SIGNATURES,
    ENCRYPTION_METHOD_TAG: DATA_CIPHERS | KEY_TRANSPORTS,
}
ALGORITHM_TAGS = frozenset(_BY_TAG)
"""Elements checked by their ``Algorithm`` attribute alone."""
CHECKED_TAGS = frozenset(
    {*_BY_TAG, REFERENCE_TAG, RETRIEVAL_TAG, CIPHER_REFERENCE_TAG, TRANSFORM_TAG, DIGEST_TAG}
)


def allowed_algorithms(tag: str, *, allow_tripledes: bool) -> frozenset[str]:
    """The algorithms accepted on an element with this ``tag`` (``Algorithm`` attribute)."""
    allowed = _BY_TAG[tag]
    if allow_tripledes and tag == ENCRYPTION_METHOD_TAG:
        return allowed | {TRIPLEDES}
    return allowed
