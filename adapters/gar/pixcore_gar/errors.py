"""Errors of the GAR adapter and their messages, French first.

Every refusal of a GAR login is a :class:`GarAuthError` (an ``AuthError`` of the core)
with a stable ``code``; an unsafe configuration is a :class:`GarConfigError`. Messages
come from :data:`MESSAGES` and never contain XML, exception text, the IDO or names;
``meta`` only ever holds an attribute name, a limit or a setting name.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from pixcore.errors import AdapterError, AuthError

__all__ = ["MESSAGES", "GarAuthError", "GarConfigError"]

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
            "Configuration GAR refusée : le réglage « {setting} » n'est pas sûr.",
            "GAR configuration refused: setting '{setting}' is not safe.",
        ),
        "GAR_CONFIG_INVALID": (
            "Configuration GAR invalide : « {setting} ».",
            "Invalid GAR configuration: '{setting}'.",
        ),
        "GAR_CONFIG_URL_INVALID": (
            "Configuration GAR invalide : « {setting} » doit être une adresse https sur un nom "
            "de domaine complet (avec un point, pas « localhost » ni un nom de machine).",
            "Invalid GAR configuration: '{setting}' must be an https URL on a fully qualified "
            "domain name (with a dot, not 'localhost' nor a machine name).",
        ),
        "GAR_STORE_MISSING": (
            "Aucun stockage « {store} » n'est enregistré : la connexion GAR est désactivée.",
            "No '{store}' store is registered: GAR login is disabled.",
        ),
    }
)
"""The adapter's message catalogue: code → (French, English)."""


class GarAuthError(AuthError):
    """A GAR login refused; ``code`` says why (``SAML_INVALID``, ``SAML_REPLAYED``, ...)."""

    default_code = "SAML_INVALID"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class GarConfigError(AdapterError):
    """The GAR configuration or wiring is unsafe or incomplete; the SP refuses to start."""

    default_code = "GAR_CONFIG_INVALID"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES
