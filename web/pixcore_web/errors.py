"""Errors of the web host, with their French and English messages.

Every refusal the host adds to the library's (a form without its CSRF token, too many
attempts, a screen of another role...) is a :class:`WebError` with a stable code; the
catalogue :data:`MESSAGES` is looked up before the core's. ``meta`` holds only safe
values (a number of seconds, a size): never an access code, a secret or a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from pixcore.errors import AuthError, InvalidInputError, PixcoreError, RefusedError

__all__ = [
    "MESSAGES",
    "CsrfError",
    "DevModeError",
    "ForbiddenError",
    "TooManyAttemptsError",
    "UploadError",
    "WebError",
    "status_of",
]

MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "WEB_CSRF_INVALID": (
            "Le formulaire a expiré ou ne vient pas de cette page : rechargez la page et "
            "recommencez.",
            "The form expired or did not come from this page: reload the page and try again.",
        ),
        "WEB_FORBIDDEN": (
            "Vous n'avez pas accès à cette page : connectez-vous avec le bon rôle.",
            "You may not see this page: log in with the right role.",
        ),
        "WEB_TOO_MANY_ATTEMPTS": (
            "Trop de tentatives : réessayez dans {retry_after_seconds} secondes.",
            "Too many attempts: try again in {retry_after_seconds} seconds.",
        ),
        "WEB_STAFF_SECRET_INVALID": (
            "Le code saisi est incorrect.",
            "The code entered is incorrect.",
        ),
        "WEB_INVIGILATOR_SECRET_INVALID": (
            "Le numéro de session ou le code surveillant est incorrect.",
            "The session number or the invigilator code is incorrect.",
        ),
        "WEB_UPLOAD_TOO_LARGE": (
            "Le fichier dépasse la taille autorisée ({max_megabytes} Mo).",
            "The file is larger than allowed ({max_megabytes} MB).",
        ),
        "WEB_UPLOAD_TYPE_REFUSED": (
            "Ce type de fichier n'est pas accepté ici ({expected}).",
            "This kind of file is not accepted here ({expected}).",
        ),
        "WEB_FORM_INVALID": (
            "Le formulaire est incomplet ou mal rempli.",
            "The form is incomplete or badly filled in.",
        ),
        "WEB_NOT_FOUND": (
            "Cette page n'existe pas.",
            "This page does not exist.",
        ),
        "WEB_DEV_NOT_LOOPBACK": (
            "Le mode développement (--dev) n'écoute que sur la boucle locale (127.0.0.1, "
            "::1, localhost) : il est refusé sur une autre adresse.",
            "Development mode (--dev) listens on loopback only (127.0.0.1, ::1, localhost): "
            "it is refused on any other address.",
        ),
        "WEB_DEV_EXTRA_MISSING": (
            "Le mode développement a besoin de l'extra pixcore-web[dev].",
            "Development mode needs the pixcore-web[dev] extra.",
        ),
        "WEB_SECRET_KEY_MISSING": (
            "La clé secrète du serveur manque ou est trop courte (PIXCORE_WEB_SECRET_KEY, "
            "32 caractères au moins).",
            "The server's secret key is missing or too short (PIXCORE_WEB_SECRET_KEY, at "
            "least 32 characters).",
        ),
        "WEB_PIX_LOGIN_NOT_CONFIGURED": (
            "La connexion par compte Pix n'est pas configurée sur ce serveur.",
            "Pix-account login is not configured on this server.",
        ),
        "WEB_GAR_LOGIN_EXPIRED": (
            "La connexion GAR a expiré ou a déjà servi : reprenez-la depuis le début.",
            "The GAR login expired or was already used: start it again.",
        ),
        "WEB_GAR_CONFIG_UNREADABLE": (
            "Le fichier de configuration GAR (PIXCORE_WEB_GAR_CONFIG) est illisible ou "
            "l'extension pixcore-web[gar] manque.",
            "The GAR settings file (PIXCORE_WEB_GAR_CONFIG) cannot be read or the "
            "pixcore-web[gar] extra is missing.",
        ),
        "WEB_GAR_REQUEST_INVALID": (
            "La demande de connexion GAR de développement est illisible.",
            "The development GAR login request cannot be read.",
        ),
    }
)
"""Code → (French, English) of the web host's own refusals."""


class WebError(PixcoreError):
    """Root of the web host's refusals; the HTTP status goes with the class."""

    status: ClassVar[int] = 400
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class CsrfError(WebError, AuthError):
    """A form came without the token of the browser's session (403)."""

    default_code = "WEB_CSRF_INVALID"
    status = 403


class ForbiddenError(WebError, AuthError):
    """The browser's role may not see this page or this session (403)."""

    default_code = "WEB_FORBIDDEN"
    status = 403


class TooManyAttemptsError(WebError, RefusedError):
    """Too many failed attempts at a secret (429); ``meta['retry_after_seconds']``."""

    default_code = "WEB_TOO_MANY_ATTEMPTS"
    status = 429


class UploadError(WebError, InvalidInputError):
    """An upload too large (413) or of a refused type (415)."""

    default_code = "WEB_UPLOAD_TYPE_REFUSED"


class DevModeError(WebError):
    """``pixcore serve`` refused to start as asked (dev mode off loopback, no key...)."""

    default_code = "WEB_DEV_NOT_LOOPBACK"


def status_of(error: PixcoreError) -> int:
    """The HTTP status for a coded error: the web host's own, else 400 (409 for conflicts)."""
    if error.code == "WEB_UPLOAD_TOO_LARGE":
        return 413
    if error.code == "WEB_UPLOAD_TYPE_REFUSED":
        return 415
    if isinstance(error, WebError):
        return error.status
    return 409 if error.code in {"CONCURRENT_MODIFICATION"} else 400
