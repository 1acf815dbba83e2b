"""The typed GAR configuration, checked once, when it is built.

:class:`GarConfig` is the only way to configure the service provider: the python3-saml
settings are derived from it (:mod:`pixcore_gar.settings`), never from a raw dict.
Unsafe values are refused at construction with :class:`GarConfigError`
(``GAR_CONFIG_INSECURE``, ``saml.md`` §9 case 56): non-strict mode, unsigned
assertions, deprecated algorithms allowed, an IdP certificate given only as a
fingerprint, RSA keys under 2048 bits, non-HTTPS endpoints.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    SecretStr,
    ValidationError,
    model_validator,
)

from pixcore_gar.errors import GarConfigError, config_error
from pixcore_gar.keys import check_certificate, check_key_pair

__all__ = ["GAR_ATTRIBUTES", "GarConfig", "UnsolicitedPolicy"]

UnsolicitedPolicy = Literal["reject", "allow"]

GAR_ATTRIBUTES = ("IDO", "PRE", "NOM", "UAI", "PRO", "DIV", "GRO", "P_MEL", "idENT")
"""GAR attribute names mapped into a ``VerifiedIdentity`` (``saml.md`` §3)."""


_PYDANTIC_REASONS = {
    "missing": "missing",
    "extra_forbidden": "unknown_setting",
    "literal_error": "not_allowed_value",
    **dict.fromkeys(
        ("greater_than_equal", "less_than_equal", "too_short", "too_long"), "out_of_range"
    ),
}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _require_https(url: str, setting: str) -> None:
    """An ``https://`` URL naming a fully qualified host (python3-saml's own rule)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise config_error(setting, "url_without_host") from None
    if parts.scheme != "https":
        raise config_error(setting, "https_required", insecure=True)
    if not host:
        raise config_error(setting, "url_without_host")
    if "." not in host.strip(".") and host != "localhost" and not _is_ip(host):
        raise config_error(setting, "host_without_dot")


def _from_pydantic(error: ValidationError) -> GarConfigError:
    first = error.errors(include_input=False, include_url=False)[0]
    setting = ".".join(str(part) for part in first["loc"][:1]) or "GarConfig"
    return config_error(setting, _PYDANTIC_REASONS.get(first["type"], "wrong_type"))


class GarConfig(BaseModel):
    """Everything the GAR service provider needs, validated as a whole.

    ``sp_entity_id`` must be the URL where the SP metadata is served (GAR rule).
    ``idp_signing_certificates`` holds one or more PEM certificates (yearly rollover).
    ``unsolicited`` is ``"reject"`` (SP-initiated only) or ``"allow"`` (IdP-initiated
    logins from the ENT médiacentre accepted too). ``allowed_uai``, when set, restricts
    logins to those schools. ``resource_url`` is the GAR resource URL sent as
    RelayState; ``allowed_relay_states`` lists other exact values the ACS may redirect to.

    Any refusal is a :class:`GarConfigError` naming the setting and the reason, in
    French and English (never pydantic's own error, which would echo the values).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    sp_entity_id: str
    acs_url: str
    sp_private_key: SecretStr
    sp_certificate: str
    idp_entity_id: str = Field(min_length=1)
    idp_sso_url: str
    idp_signing_certificates: tuple[str, ...] = Field(min_length=1, max_length=4)
    want_assertions_encrypted: bool = True
    want_messages_signed: bool = False
    unsolicited: UnsolicitedPolicy = "reject"
    allowed_uai: frozenset[str] | None = None
    resource_url: str | None = None
    allowed_relay_states: tuple[str, ...] = ()
    required_attributes: tuple[str, ...] = ("IDO", "PRE", "NOM")
    allow_tripledes: bool = False
    max_response_bytes: int = Field(default=256 * 1024, ge=4096, le=1024 * 1024)
    request_ttl_seconds: int = Field(default=600, ge=60, le=3600)
    replay_ttl_floor_seconds: int = Field(default=600, ge=300, le=86400)
    # Guards: present only so that an unsafe value is refused loudly (saml.md §9 case 56).
    strict: bool = True
    want_assertions_signed: bool = True
    reject_deprecated_algorithm: bool | None = True
    idp_cert_fingerprint: str | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _coded_errors(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Refuse with a :class:`GarConfigError`, never pydantic's own error.

        Whichever way the config is built: ``GarConfig(...)``, ``model_validate``, JSON.
        """
        try:
            return handler(data)
        except ValidationError as error:
            raise _from_pydantic(error) from None

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Self:
        for setting in ("strict", "want_assertions_signed", "reject_deprecated_algorithm"):
            if getattr(self, setting) is not True:
                raise config_error(setting, "must_stay_on", insecure=True)
        if self.idp_cert_fingerprint is not None:
            raise config_error("idp_cert_fingerprint", "fingerprint_only", insecure=True)
        required = set(self.required_attributes)
        if "IDO" not in required or not required <= {"IDO", "PRE", "NOM", "PRO"}:
            raise config_error("required_attributes", "required_attributes")
        return self

    @model_validator(mode="after")
    def _check_endpoints_and_keys(self) -> Self:
        for setting in ("sp_entity_id", "acs_url", "idp_sso_url"):
            _require_https(getattr(self, setting), setting)
        if self.resource_url is not None:
            _require_https(self.resource_url, "resource_url")
        for relay in self.allowed_relay_states:
            _require_https(relay, "allowed_relay_states")
        check_key_pair(self.sp_private_key.get_secret_value(), self.sp_certificate)
        for pem in self.idp_signing_certificates:
            check_certificate(pem, "idp_signing_certificates")
        return self

    @property
    def relay_states(self) -> frozenset[str]:
        """Every RelayState value the SP accepts and may redirect to (exact match)."""
        extra = () if self.resource_url is None else (self.resource_url,)
        return frozenset((*extra, *self.allowed_relay_states))
