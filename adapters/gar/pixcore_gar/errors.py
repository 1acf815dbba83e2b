"""Errors of the GAR adapter and their messages, French first.

Every refusal of a GAR login is a :class:`GarAuthError` (an ``AuthError`` of the core)
with a stable ``code``; an unsafe configuration is a :class:`GarConfigError`; a public
function called with an argument of the wrong type is a :class:`GarArgumentError`. Messages
come from :data:`MESSAGES` and never contain XML, exception text, the IDO or names;
``meta`` only ever holds an attribute name, a check name, a setting name, an argument
name and a :data:`REASONS` key saying why a setting is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Literal

from pixcore.errors import AdapterError, AuthError
from pixcore.messages import render

__all__ = [
    "MESSAGES",
    "REASONS",
    "GarArgumentError",
    "GarAuthError",
    "GarConfigError",
    "config_error",
    "require_type",
]

_LOGIN_AGAIN = "Reconnectez-vous depuis votre ENT."

MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "SAML_INVALID": (
            f"La réponse de connexion du GAR n'est pas valide. {_LOGIN_AGAIN}",
            "The GAR login response is not valid. Log in again from your ENT.",
        ),
        "SAML_REPLAYED": (
            f"Cette réponse de connexion a déjà été utilisée. {_LOGIN_AGAIN}",
            "This login response was already used. Log in again from your ENT.",
        ),
        "SAML_UNSOLICITED": (
            f"Cette réponse de connexion ne correspond à aucune demande en cours. {_LOGIN_AGAIN}",
            "This login response matches no pending request. Log in again from your ENT.",
        ),
        "SAML_ATTRIBUTE_MISSING": (
            "La réponse du GAR ne contient pas l'information « {attribute} ».",
            "The GAR response lacks attribute '{attribute}'.",
        ),
        "SAML_ATTRIBUTE_MULTIVALUED": (
            "La réponse du GAR contient plusieurs valeurs pour « {attribute} ».",
            "The GAR response has several values for attribute '{attribute}'.",
        ),
        "SAML_UAI_NOT_ALLOWED": (
            "Votre établissement n'a pas accès à la certification Pix par le GAR.",
            "Your school has no access to Pix certification through GAR.",
        ),
        "RECONCILIATION_NOT_FOUND": (
            "Aucun élève de l'établissement ne correspond à ces informations.",
            "No pupil of the school matches this information.",
        ),
        "RECONCILIATION_AMBIGUOUS": (
            "Plusieurs élèves correspondent à ces informations : "
            "adressez-vous à votre établissement.",
            "Several pupils match this information: ask your school.",
        ),
        "ALREADY_RECONCILED": (
            "Un compte est déjà rattaché à cette identité GAR.",
            "An account is already linked to this GAR identity.",
        ),
        "GAR_CONFIG_INSECURE": (
            "Configuration GAR refusée, réglage « {setting} » non sûr : {reason}.",
            "GAR configuration refused, setting '{setting}' is not safe: {reason}.",
        ),
        "GAR_CONFIG_INVALID": (
            "Configuration GAR invalide, réglage « {setting} » : {reason}.",
            "Invalid GAR configuration, setting '{setting}': {reason}.",
        ),
        "ARGUMENT_NOT_VALID": (
            "Le paramètre « {argument} » n'a pas le type attendu.",
            "Parameter '{argument}' does not have the expected type.",
        ),
        "GAR_STORE_MISSING": (
            "Aucun stockage « {store} » n'est enregistré : la connexion GAR est désactivée.",
            "No '{store}' store is registered: GAR login is disabled.",
        ),
    }
)
"""The adapter's message catalogue: code → (French, English)."""

REASONS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "missing": ("il manque", "it is missing"),
        "unknown_setting": ("ce réglage n'existe pas", "there is no such setting"),
        "wrong_type": ("la valeur n'a pas le type attendu", "the value has the wrong type"),
        "out_of_range": (
            "la valeur est hors des limites permises",
            "the value is outside the allowed range",
        ),
        "not_allowed_value": (
            "la valeur n'est pas l'une de celles permises",
            "the value is not one of the allowed values",
        ),
        "https_required": (
            "l'adresse doit commencer par https://",
            "the URL must start with https://",
        ),
        "url_without_host": (
            "l'adresse doit nommer un hôte (https://hote.exemple.fr/...)",
            "the URL must name a host (https://host.example.org/...)",
        ),
        "host_without_dot": (
            "le nom d'hôte de l'adresse doit être un nom de domaine complet, avec un point "
            "(par exemple pix.exemple.fr), comme l'exige python3-saml",
            "the URL's host must be a fully qualified domain name, with a dot "
            "(e.g. pix.example.org), as python3-saml requires",
        ),
        "url_refused": (
            "python3-saml refuse cette adresse (caractères ou forme non acceptés)",
            "python3-saml refuses this URL (characters or shape not accepted)",
        ),
        "must_stay_on": (
            "cette protection doit rester activée (True)",
            "this protection must stay on (True)",
        ),
        "required_value": (
            "ce réglage de python3-saml doit garder la valeur que pixcore-gar lui donne",
            "this python3-saml setting must keep the value pixcore-gar gives it",
        ),
        "fingerprint_only": (
            "une empreinte ne suffit pas, donnez le certificat PEM de l'IdP",
            "a fingerprint is not enough, give the IdP's PEM certificate",
        ),
        "required_attributes": (
            "la liste doit contenir IDO, et seulement IDO, PRE, NOM ou PRO",
            "the list must contain IDO, and only IDO, PRE, NOM or PRO",
        ),
        "not_a_certificate": (
            "ce n'est pas un certificat X.509 au format PEM lisible",
            "this is not a readable PEM X.509 certificate",
        ),
        "not_a_private_key": (
            "ce n'est pas une clé privée PEM lisible et non chiffrée",
            "this is not a readable, unencrypted PEM private key",
        ),
        "rsa_too_short": (
            "la clé RSA fait moins de 2048 bits",
            "the RSA key is shorter than 2048 bits",
        ),
        "weak_curve": (
            "la courbe elliptique n'est pas acceptée (seulement P-256, P-384 ou P-521)",
            "the elliptic curve is not accepted (only P-256, P-384 or P-521)",
        ),
        "key_type": (
            "type de clé non accepté (RSA d'au moins 2048 bits, ou ECDSA P-256, P-384, P-521)",
            "key type not accepted (RSA of at least 2048 bits, or ECDSA P-256, P-384, P-521)",
        ),
        "sp_key_not_rsa": (
            "la clé du fournisseur de service doit être RSA (signature RSA-SHA256 des "
            "demandes, déchiffrement RSA-OAEP)",
            "the service provider's key must be RSA (RSA-SHA256 request signatures, "
            "RSA-OAEP decryption)",
        ),
        "key_mismatch": (
            "le certificat ne correspond pas à la clé privée sp_private_key",
            "the certificate does not match sp_private_key",
        ),
        "relay_state_not_allowed": (
            "cette valeur n'est ni resource_url ni dans allowed_relay_states",
            "this value is neither resource_url nor in allowed_relay_states",
        ),
        "no_configuration": (
            "aucun plugin ne fournit de configuration GAR pour cet établissement",
            "no plugin provides a GAR configuration for this establishment",
        ),
        "metadata_invalid": (
            "les métadonnées produites ne sont pas valides",
            "the metadata produced is not valid",
        ),
        "metadata_unreadable": (
            "les métadonnées de l'IdP sont illisibles ou sans service SSO HTTP-Redirect",
            "the IdP metadata is unreadable or has no HTTP-Redirect SSO service",
        ),
        "no_signing_certificate": (
            "les métadonnées de l'IdP ne contiennent aucun certificat de signature",
            "the IdP metadata holds no signing certificate",
        ),
        "refused_by_python3_saml": (
            "python3-saml refuse cette valeur",
            "python3-saml refuses this value",
        ),
    }
)
"""Why a configuration is refused: ``meta["reason"]`` → (French, English) clause."""


class GarAuthError(AuthError):
    """A GAR login refused; ``code`` says why (``SAML_INVALID``, ``SAML_REPLAYED``, ...)."""

    default_code = "SAML_INVALID"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class GarConfigError(AdapterError):
    """The GAR configuration or wiring is unsafe or incomplete; the SP refuses to start.

    ``meta["setting"]`` names the setting, ``meta["reason"]`` (a key of
    :data:`REASONS`) says why; the messages spell the reason out in French and English.
    """

    default_code = "GAR_CONFIG_INVALID"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES

    def _rendered(self, lang: Literal["fr", "en"]) -> str:
        reason = REASONS.get(str(self.meta.get("reason", "")), ("", ""))
        meta = {**self.meta, "reason": reason[0] if lang == "fr" else reason[1]}
        return render(self.code, meta, lang=lang, extra=self.messages)

    @property
    def message(self) -> str:
        """The French message, the reason spelt out."""
        return self._rendered("fr")

    @property
    def message_en(self) -> str:
        """The English message, the reason spelt out."""
        return self._rendered("en")


class GarArgumentError(AdapterError, TypeError):
    """A public function of the adapter got an argument of the wrong type (a host's bug).

    ``meta["argument"]`` names the parameter; the value itself is never shown.
    """

    default_code = "ARGUMENT_NOT_VALID"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


def require_type(value: object, kind: type | tuple[type, ...], argument: str) -> None:
    """Raise :class:`GarArgumentError` naming ``argument`` unless ``value`` is a ``kind``."""
    if not isinstance(value, kind):
        raise GarArgumentError("ARGUMENT_NOT_VALID", meta={"argument": argument})


def config_error(setting: str, reason: str, *, insecure: bool = False) -> GarConfigError:
    """A :class:`GarConfigError` naming ``setting`` and a :data:`REASONS` key."""
    code = "GAR_CONFIG_INSECURE" if insecure else "GAR_CONFIG_INVALID"
    return GarConfigError(code, meta={"setting": setting, "reason": reason})
