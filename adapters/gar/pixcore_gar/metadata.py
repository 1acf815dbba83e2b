"""GAR IdP metadata → the values a :class:`GarConfig` needs (entity ID, SSO URL, certificates).

Reads metadata the operator downloaded (GAR publishes it at ``…/idp/metadata``), with
python3-saml's hardened parser: no DTD, no entities, no network. Nothing is fetched here:
``parse_remote`` has no SSRF guard (python3-saml README), so hosts download the file
themselves, over HTTPS, from the configured GAR host only. Metadata signatures are not
checked: trust comes from where the file was obtained.
"""

from __future__ import annotations

import dataclasses

from pixcore_gar.errors import config_error
from pixcore_gar.settings import BINDING_REDIRECT

__all__ = ["IdpMetadata", "parse_idp_metadata"]


@dataclasses.dataclass(frozen=True)
class IdpMetadata:
    """What the SP needs from GAR's metadata; PEM signing certificates, rollover included."""

    entity_id: str
    sso_url: str
    signing_certificates: tuple[str, ...]


def _certificates(idp: dict[str, object]) -> tuple[str, ...]:
    from onelogin.saml2.utils import OneLogin_Saml2_Utils  # type: ignore[import-untyped]

    multi = idp.get("x509certMulti")
    raw = multi.get("signing", []) if isinstance(multi, dict) else [idp.get("x509cert")]
    return tuple(OneLogin_Saml2_Utils.format_cert(cert) for cert in raw if cert)


def parse_idp_metadata(xml: bytes | str, *, entity_id: str | None = None) -> IdpMetadata:
    """Extract the HTTP-Redirect SSO URL and signing certificates of one IdP entity."""
    from onelogin.saml2.idp_metadata_parser import (  # type: ignore[import-untyped]
        OneLogin_Saml2_IdPMetadataParser,
    )

    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(
            xml, required_sso_binding=BINDING_REDIRECT, entity_id=entity_id
        )
        idp = parsed["idp"]
        found = IdpMetadata(
            entity_id=idp["entityId"],
            sso_url=idp["singleSignOnService"]["url"],
            signing_certificates=_certificates(idp),
        )
    except Exception:
        raise config_error("idp_metadata", "metadata_unreadable") from None
    if not found.signing_certificates:
        raise config_error("idp_metadata", "no_signing_certificate")
    return found
