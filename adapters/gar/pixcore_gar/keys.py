"""PEM checks for the configuration: parse keys and certificates, measure RSA sizes.

Used by :mod:`pixcore_gar.config` only, so that a bad key or certificate is refused
when the configuration is built, never at the first login.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from pixcore_gar.errors import GarConfigError

__all__ = ["MIN_RSA_BITS", "check_certificate", "check_key_pair"]

MIN_RSA_BITS = 2048
"""Smallest RSA key accepted (Pix's operator note generates 1024 bits: refused here)."""

_PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def _load_certificate(pem: str, setting: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(pem.encode("ascii"))
    except ValueError as exc:
        raise GarConfigError(meta={"setting": setting}) from exc


def _check_public_key(key: object, setting: str) -> _PublicKey:
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise GarConfigError("GAR_CONFIG_INSECURE", meta={"setting": setting})
        return key
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key
    raise GarConfigError("GAR_CONFIG_INSECURE", meta={"setting": setting})


def check_certificate(pem: str, setting: str) -> None:
    """Refuse a certificate that does not parse or whose key is weak (RSA < 2048 bits)."""
    certificate = _load_certificate(pem, setting)
    _check_public_key(certificate.public_key(), setting)


def check_key_pair(key_pem: str, cert_pem: str) -> None:
    """Refuse an SP private key that is weak, encrypted, or does not match its certificate."""
    try:
        key = serialization.load_pem_private_key(key_pem.encode("ascii"), password=None)
    except (ValueError, TypeError) as exc:
        raise GarConfigError(meta={"setting": "sp_private_key"}) from exc
    public = _check_public_key(key.public_key(), "sp_private_key")
    certificate = _load_certificate(cert_pem, "sp_certificate")
    cert_public = _check_public_key(certificate.public_key(), "sp_certificate")
    if public.public_numbers() != cert_public.public_numbers():
        raise GarConfigError(meta={"setting": "sp_certificate"})
