"""Errors of the Pix-account adapter, with their French and English messages.

Our exception hierarchy (under the core's :mod:`pixcore.errors`)::

    AuthError
    └── PixAccountError            a login refused; ``code`` says why
    ServiceUnavailableError
    └── PixUnavailableError        Pix or the OIDC provider did not answer; retryable

Codes are Pix's own where Pix has one (``saml.md`` §4.3). ``meta`` holds only safe
values (counts, durations, a reason keyword): never a username, a password or a token.

A message with a placeholder reads well whatever ``meta`` holds: when the value is
missing (an older Pix sends no ``blockingDurationMs``) the ``CODE#unknown`` wording of
:data:`VARIANTS` is used, and when it is 1 the singular ``CODE#one`` wording.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from pixcore.errors import AuthError, MetaValue, ServiceUnavailableError
from pixcore.messages import render

__all__ = ["MESSAGES", "VARIANTS", "PixAccountError", "PixUnavailableError", "message_key"]

_ENTRIES: dict[str, tuple[str, str]] = {
    "MISSING_OR_INVALID_CREDENTIALS": (
        "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects.",
        "The e-mail address or username and/or the password are incorrect.",
    ),
    "USER_IS_TEMPORARY_BLOCKED": (
        "Trop de tentatives : votre compte Pix est bloqué pendant {blocking_minutes} minutes.",
        "Too many attempts: your Pix account is blocked for {blocking_minutes} minutes.",
    ),
    "USER_IS_BLOCKED": (
        "Votre compte Pix est bloqué. Contactez le support Pix pour le débloquer.",
        "Your Pix account is blocked. Contact Pix support to unblock it.",
    ),
    "SHOULD_CHANGE_PASSWORD": (
        "Vous devez changer votre mot de passe sur Pix avant de vous connecter.",
        "You must change your password on Pix before logging in.",
    ),
    "RATE_LIMITED": (
        "Trop de tentatives de connexion : réessayez dans {retry_after_seconds} secondes.",
        "Too many login attempts: try again in {retry_after_seconds} seconds.",
    ),
    "RELOGIN_REQUIRED": (
        "Votre session Pix a expiré : reconnectez-vous.",
        "Your Pix session has expired: please log in again.",
    ),
    "PIX_UNAVAILABLE": (
        "Pix ne répond pas pour le moment, réessayez dans quelques instants.",
        "Pix is not answering right now; try again shortly.",
    ),
    "PIX_REQUEST_REJECTED": (
        "Pix a refusé la demande de connexion (statut {status}).",
        "Pix rejected the login request (status {status}).",
    ),
    "PIX_RESPONSE_INVALID": (
        "La réponse de Pix est inattendue.",
        "Pix sent an unexpected reply.",
    ),
    "PIX_BACKEND_NOT_CONFIGURED": (
        "La connexion avec un compte Pix n'est pas configurée.",
        "Pix-account login is not configured.",
    ),
    "OIDC_STATE_MISMATCH": (
        "La connexion a expiré ou a été falsifiée : recommencez.",
        "The login expired or was tampered with: start again.",
    ),
    "OIDC_NONCE_MISMATCH": (
        "La réponse du fournisseur d'identité ne correspond pas à cette connexion.",
        "The identity provider's reply does not belong to this login.",
    ),
    "OIDC_ID_TOKEN_INVALID": (
        "Le jeton d'identité est invalide ({reason}).",
        "The ID token is invalid ({reason}).",
    ),
    "OIDC_PROVIDER_ERROR": (
        "Le fournisseur d'identité a refusé la connexion.",
        "The identity provider refused the login.",
    ),
    "GAR_IDO_LINKED_ELSEWHERE": (
        "Cet identifiant GAR est déjà associé à un autre compte Pix.",
        "This GAR identifier is already linked to another Pix account.",
    ),
    "UNEXPECTED_USER_ACCOUNT": (
        "Ce compte Pix n'est pas celui attendu pour cet élève.",
        "This Pix account is not the one expected for this student.",
    ),
    "LINK_STATE_INVALID": (
        "La demande d'association est invalide : reconnectez-vous par l'ENT.",
        "The link request is invalid: log in again through the ENT.",
    ),
    "LINK_STATE_EXPIRED": (
        "La demande d'association a expiré : reconnectez-vous par l'ENT.",
        "The link request has expired: log in again through the ENT.",
    ),
}

MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(_ENTRIES)
"""Every code this adapter raises → (French, English) message templates."""

_VARIANT_ENTRIES: dict[str, tuple[str, str]] = {
    "USER_IS_TEMPORARY_BLOCKED#unknown": (
        "Trop de tentatives : votre compte Pix est bloqué pour quelques minutes. "
        "Réessayez plus tard.",
        "Too many attempts: your Pix account is blocked for a few minutes. Try again later.",
    ),
    "USER_IS_TEMPORARY_BLOCKED#one": (
        "Trop de tentatives : votre compte Pix est bloqué pendant 1 minute.",
        "Too many attempts: your Pix account is blocked for 1 minute.",
    ),
    "RATE_LIMITED#unknown": (
        "Trop de tentatives de connexion : réessayez dans quelques instants.",
        "Too many login attempts: try again shortly.",
    ),
    "RATE_LIMITED#one": (
        "Trop de tentatives de connexion : réessayez dans 1 seconde.",
        "Too many login attempts: try again in 1 second.",
    ),
    "PIX_REQUEST_REJECTED#unknown": (
        "Pix a refusé la demande de connexion.",
        "Pix rejected the login request.",
    ),
    "OIDC_ID_TOKEN_INVALID#unknown": (
        "Le jeton d'identité est invalide.",
        "The ID token is invalid.",
    ),
}

VARIANTS: Mapping[str, tuple[str, str]] = MappingProxyType(_VARIANT_ENTRIES)
"""Wordings of :data:`MESSAGES` for a missing value (``#unknown``) or a value of 1 (``#one``)."""

_ALL_MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType({**_ENTRIES, **_VARIANT_ENTRIES})


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def message_key(code: str, meta: Mapping[str, MetaValue]) -> str:
    """The catalogue entry that renders ``code`` with ``meta``: the code or a variant."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    for name in _placeholders(entry[0]):
        value = meta.get(name)
        if value is None or value == "" or isinstance(value, bool):
            return f"{code}#unknown"
        if value == 1 and f"{code}#one" in VARIANTS:
            return f"{code}#one"
    return code


class _CatalogueMessages:
    """Render ``message`` / ``message_en`` through :func:`message_key`."""

    code: str
    meta: Mapping[str, MetaValue]

    @property
    def message(self) -> str:
        """The French message for end users."""
        return render(message_key(self.code, self.meta), self.meta, extra=_ALL_MESSAGES)

    @property
    def message_en(self) -> str:
        """The English message."""
        key = message_key(self.code, self.meta)
        return render(key, self.meta, lang="en", extra=_ALL_MESSAGES)


class PixAccountError(_CatalogueMessages, AuthError):
    """A Pix-account or OIDC login refused; ``code`` is one of :data:`MESSAGES`."""

    default_code = "MISSING_OR_INVALID_CREDENTIALS"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES
    retryable: ClassVar[bool] = False
    """Retrying the same request cannot succeed (and may count toward the lock-out)."""


class PixUnavailableError(_CatalogueMessages, ServiceUnavailableError):
    """Pix or the OIDC provider timed out, dropped the connection or failed (5xx)."""

    default_code = "PIX_UNAVAILABLE"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES
    retryable: ClassVar[bool] = True
    """The caller may retry later; the adapter never retries on its own."""
