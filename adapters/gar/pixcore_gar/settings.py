"""python3-saml settings built once from a :class:`GarConfig`, and checked again.

:func:`build_settings_dict` is the only producer of python3-saml settings (Appendix A
of ``saml.md``); :func:`check_settings_dict` refuses a dict that weakens any guard, so a
later edit of the builder cannot silently switch strict mode off. :func:`request_data`
builds python3-saml's request data from the configured ACS URL, never from request
headers (G11). python3-saml is imported lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pixcore_gar.errors import GarConfigError, config_error

if TYPE_CHECKING:
    from pixcore_gar.config import GarConfig

__all__ = [
    "BINDING_POST",
    "BINDING_REDIRECT",
    "RSA_SHA256",
    "SHA256",
    "build_settings_dict",
    "check_settings_dict",
    "load_settings",
    "request_data",
]

BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"

_REQUIRED_SECURITY: dict[str, object] = {
    "authnRequestsSigned": True,
    "wantAssertionsSigned": True,
    "rejectDeprecatedAlgorithm": True,
    "allowRepeatAttributeName": False,
    "signatureAlgorithm": RSA_SHA256,
    "digestAlgorithm": SHA256,
}


def _security(config: GarConfig) -> dict[str, object]:
    return {
        **_REQUIRED_SECURITY,
        "wantMessagesSigned": config.want_messages_signed,
        "wantAssertionsEncrypted": config.want_assertions_encrypted,
        "wantNameId": False,
        "wantNameIdEncrypted": False,
        "wantAttributeStatement": True,
        "requestedAuthnContext": False,
        "signMetadata": False,
    }


def build_settings_dict(config: GarConfig) -> dict[str, Any]:
    """Return the python3-saml settings dict for ``config`` (strict, signed, SHA-256)."""
    settings: dict[str, Any] = {
        "strict": True,
        "debug": False,
        "sp": {
            "entityId": config.sp_entity_id,
            "assertionConsumerService": {"url": config.acs_url, "binding": BINDING_POST},
            "NameIDFormat": _TRANSIENT,
            "x509cert": config.sp_certificate,
            "privateKey": config.sp_private_key.get_secret_value(),
        },
        "idp": {
            "entityId": config.idp_entity_id,
            "singleSignOnService": {"url": config.idp_sso_url, "binding": BINDING_REDIRECT},
            "x509certMulti": {"signing": list(config.idp_signing_certificates)},
            # Unused for verification (x509certMulti wins), but without it python3-saml
            # looks for an idp.crt file in its own package directory at every login.
            "x509cert": config.idp_signing_certificates[0],
        },
        "security": _security(config),
    }
    check_settings_dict(settings)
    return settings


def check_settings_dict(settings: dict[str, Any]) -> None:
    """Refuse python3-saml settings that drop a guard (G7, ``saml.md`` §9 case 56)."""
    if settings.get("strict") is not True:
        raise config_error("strict", "must_stay_on", insecure=True)
    security = settings.get("security", {})
    for key, expected in _REQUIRED_SECURITY.items():
        if security.get(key) != expected:
            raise config_error(f"security.{key}", "required_value", insecure=True)
    idp = settings.get("idp", {})
    if "certFingerprint" in idp:
        raise config_error("idp.certFingerprint", "fingerprint_only", insecure=True)
    if not idp.get("x509certMulti", {}).get("signing"):
        raise config_error("idp.x509certMulti", "missing", insecure=True)


_URLS = {"acs_url": "sp_acs_url_invalid", "idp_sso_url": "idp_sso_url_invalid"}
"""Our URL settings and python3-saml's error key for each."""
_LIBRARY_ERRORS = {
    **{key: setting for setting, key in _URLS.items()},
    "sp_entityId_not_found": "sp_entity_id",
    "idp_entityId_not_found": "idp_entity_id",
    "idp_sso_not_found": "idp_sso_url",
    "sp_acs_not_found": "acs_url",
    "idp_cert_or_fingerprint_not_found_and_required": "idp_signing_certificates",
    "sp_cert_not_found_and_required": "sp_certificate",
}
"""python3-saml's settings error keys → the :class:`GarConfig` setting at fault."""


def _library_error(exc: Exception) -> GarConfigError:
    # OneLogin_Saml2_Error("Invalid dict settings: key1,key2"): keys only, no values.
    keys = str(exc).rpartition(":")[2].replace(" ", "").split(",")
    setting = next((_LIBRARY_ERRORS[k] for k in keys if k in _LIBRARY_ERRORS), "saml_settings")
    return config_error(setting, "refused_by_python3_saml")


def load_settings(config: GarConfig) -> Any:
    """Build python3-saml's ``OneLogin_Saml2_Settings`` once, for reuse on every login.

    The URLs are checked first with python3-saml's own rule, so that a refusal names
    the setting and the reason instead of python3-saml's bare error key.
    """
    from onelogin.saml2.settings import (  # type: ignore[import-untyped]
        OneLogin_Saml2_Settings,
        validate_url,
    )

    for setting in _URLS:
        if not validate_url(getattr(config, setting), False):
            raise config_error(setting, "url_refused")
    try:
        return OneLogin_Saml2_Settings(build_settings_dict(config), sp_validation_only=False)
    except GarConfigError:
        raise
    except Exception as exc:
        raise _library_error(exc) from None


def request_data(config: GarConfig, post_data: dict[str, str]) -> dict[str, Any]:
    """python3-saml request data derived from the configured ACS URL only (G11)."""
    parts = urlsplit(config.acs_url)
    return {
        "https": "on" if parts.scheme == "https" else "off",
        "http_host": parts.netloc,
        "script_name": parts.path,
        "get_data": {},
        "post_data": post_data,
    }
