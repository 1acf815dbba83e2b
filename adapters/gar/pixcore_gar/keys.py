"""PEM checks for the configuration: parse keys and certificates, measure their strength.

Used by :mod:`pixcore_gar.config` only, so that a bad key or certificate is refused
when the configuration is built, never at the first login. Accepted:

- IdP signing certificates: RSA of at least 2048 bits, or ECDSA on the NIST curves
  P-256, P-384 and P-521 (the curves of XML Signature's ``ecdsa-sha*`` algorithms that
  libxmlsec and every IdP support); any other curve (P-192, P-224, secp256k1, binary
  curves, Brainpool) and any other key type (DSA, Ed25519) is refused;
- the SP key and certificate: RSA of at least 2048 bits only (the SP signs its
  AuthnRequests with RSA-SHA256 and decrypts with RSA-OAEP), matching each other.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from pixcore_gar.errors import config_error

__all__ = ["ACCEPTED_CURVES", "MIN_RSA_BITS", "check_certificate", "check_key_pair"]

MIN_RSA_BITS = 2048
"""Smallest RSA key accepted (Pix's operator note generates 1024 bits: refused here)."""
ACCEPTED_CURVES = frozenset({"secp256r1", "secp384r1", "secp521r1"})
"""The elliptic curves accepted for IdP signing keys: P-256, P-384, P-521."""

_PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def _load_certificate(pem: str, setting: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise config_error(setting, "not_a_certificate") from None


def _check_public_key(key: object, setting: str, *, rsa_only: bool = False) -> _PublicKey:
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise config_error(setting, "rsa_too_short", insecure=True)
        return key
    if isinstance(key, ec.EllipticCurvePublicKey) and not rsa_only:
        if key.curve.name not in ACCEPTED_CURVES:
            raise config_error(setting, "weak_curve", insecure=True)
        return key
    raise config_error(setting, "sp_key_not_rsa" if rsa_only else "key_type", insecure=True)


def check_certificate(pem: str, setting: str) -> None:
    """Refuse a certificate that does not parse or whose key is weak (see the module)."""
    certificate = _load_certificate(pem, setting)
    _check_public_key(certificate.public_key(), setting)


def check_key_pair(key_pem: str, cert_pem: str) -> None:
    """Refuse an SP private key that is weak, encrypted, not RSA or not its certificate's."""
    try:
        key = serialization.load_pem_private_key(key_pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError):
        raise config_error("sp_private_key", "not_a_private_key") from None
    public = _check_public_key(key.public_key(), "sp_private_key", rsa_only=True)
    certificate = _load_certificate(cert_pem, "sp_certificate")
    cert_public = _check_public_key(certificate.public_key(), "sp_certificate", rsa_only=True)
    if public.public_numbers() != cert_public.public_numbers():
        raise config_error("sp_certificate", "key_mismatch")
