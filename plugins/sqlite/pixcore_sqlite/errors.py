"""Errors of ``pixcore-sqlite`` and their messages, French first.

A busy database (another writer held the lock longer than the busy timeout) raises the
core's retryable :class:`~pixcore.errors.ServiceUnavailableError`; a database this
version cannot read raises :class:`SqliteStoreError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from pixcore.errors import AdapterError

__all__ = ["MESSAGES", "SqliteStoreError"]

MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "SQLITE_STORE_ERROR": (
            "La base de données des sessions est inutilisable.",
            "The session database cannot be used.",
        ),
        "SQLITE_SCHEMA_TOO_NEW": (
            "La base de données a été créée par une version plus récente de pixcore-sqlite "
            "(schéma {found}, version lue : {supported}).",
            "The database was created by a newer pixcore-sqlite "
            "(schema {found}, this version reads {supported}).",
        ),
        "SQLITE_LOCATION_NOT_VALID": (
            "L'emplacement de la base SQLite n'est pas valide (attendu : un chemin de fichier "
            "ou sqlite:CHEMIN, suivi éventuellement de ?synchronous=FULL ou NORMAL).",
            "The SQLite location is not valid (expected a file path or sqlite:PATH, "
            "optionally followed by ?synchronous=FULL or NORMAL).",
        ),
        "SQLITE_WAL_UNAVAILABLE": (
            "La base de données ne peut pas passer en mode WAL (système de fichiers réseau ?).",
            "The database cannot use WAL mode (network file system?).",
        ),
    }
)
"""The codes of this plugin: code → (French, English) templates."""


class SqliteStoreError(AdapterError):
    """The database cannot be used: a newer schema, no WAL mode (``code`` says which)."""

    default_code = "SQLITE_STORE_ERROR"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES
