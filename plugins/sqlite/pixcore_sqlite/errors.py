"""Errors of ``pixcore-sqlite`` and their messages, French first.

Every ``sqlite3`` error is turned into one of these codes (:mod:`pixcore_sqlite._faults`);
no raw ``sqlite3`` exception leaves the plugin:

- :class:`SqliteBusyError` (``SQLITE_BUSY``): another writer held the lock past the busy
  timeout; a :class:`~pixcore.errors.ServiceUnavailableError`, retryable;
- :class:`SqliteCorruptError` (``SQLITE_CORRUPT``, ``SQLITE_NOT_A_DATABASE``,
  ``SQLITE_NOT_A_PIXCORE_DATABASE``): a :class:`~pixcore.errors.StoreCorruptError`;
- :class:`SqliteStoreError`: the file cannot be used as it is (disk full, read-only,
  permissions, missing folder, newer schema...), ``code`` says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from pixcore.errors import ServiceUnavailableError, StoreCorruptError, StoreError

__all__ = ["MESSAGES", "SqliteBusyError", "SqliteCorruptError", "SqliteStoreError"]

_RESTORE = "Restaurez la dernière sauvegarde"
MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "SQLITE_STORE_ERROR": (
            "La base de données des sessions est inutilisable.",
            "The session database cannot be used.",
        ),
        "SQLITE_SCHEMA_TOO_NEW": (
            "La base de données a été créée par une version plus récente de pixcore-sqlite "
            "(schéma {found}, version lue : {supported}) : mettez pixcore-sqlite à jour.",
            "The database was created by a newer pixcore-sqlite "
            "(schema {found}, this version reads {supported}): upgrade pixcore-sqlite.",
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
        "SQLITE_BUSY": (
            "La base de données des sessions est occupée par une autre écriture : "
            "réessayez dans quelques instants.",
            "The session database is busy with another write: try again shortly.",
        ),
        "SQLITE_DISK_FULL": (
            "Le disque de la base de données des sessions est plein : rien n'a été "
            "enregistré. Libérez de la place puis recommencez.",
            "The session database's disk is full: nothing was saved. Free some space and "
            "try again.",
        ),
        "SQLITE_READ_ONLY": (
            "La base de données des sessions est en lecture seule : rien n'a été enregistré. "
            "Donnez le droit d'écriture sur le fichier au compte qui exécute pixcore.",
            "The session database is read-only: nothing was saved. Give the account running "
            "pixcore write permission on the file.",
        ),
        "SQLITE_FOLDER_READ_ONLY": (
            "Le dossier de la base de données des sessions est en lecture seule (pixcore y "
            "crée les fichiers -wal et -shm) : donnez-lui le droit d'écriture.",
            "The session database's folder is read-only (pixcore creates the -wal and -shm "
            "files there): give it write permission.",
        ),
        "SQLITE_FOLDER_NOT_FOUND": (
            "Le dossier de la base de données des sessions n'existe pas : créez-le ou "
            "corrigez le chemin.",
            "The session database's folder does not exist: create it or fix the path.",
        ),
        "SQLITE_PERMISSION_DENIED": (
            "Accès refusé à la base de données des sessions : donnez au compte qui exécute "
            "pixcore les droits de lecture et d'écriture sur le fichier et son dossier.",
            "Access to the session database is denied: give the account running pixcore "
            "read and write permission on the file and its folder.",
        ),
        "SQLITE_CANNOT_OPEN": (
            "La base de données des sessions ne peut pas être ouverte (le chemin désigne-t-il "
            "un fichier ?).",
            "The session database cannot be opened (does the path name a file?).",
        ),
        "SQLITE_NOT_A_DATABASE": (
            "Le fichier indiqué n'est pas une base de données SQLite (ou il est chiffré ou "
            f"écrasé). {_RESTORE} ou indiquez le bon fichier.",
            "The file is not an SQLite database (or it is encrypted or overwritten). Restore "
            "the last backup or name the right file.",
        ),
        "SQLITE_NOT_A_PIXCORE_DATABASE": (
            "Le fichier indiqué est une base SQLite d'une autre application : pixcore ne "
            "l'a pas modifié. Indiquez la base des sessions pixcore.",
            "The file is another application's SQLite database: pixcore left it untouched. "
            "Name the pixcore session database.",
        ),
        "SQLITE_CORRUPT": (
            f"La base de données des sessions est endommagée : rien n'a été lu. {_RESTORE}.",
            "The session database is damaged: nothing was read. Restore the last backup.",
        ),
        "SQLITE_IO_ERROR": (
            "Erreur de lecture ou d'écriture sur le disque de la base de données des "
            "sessions : vérifiez le disque, puis recommencez.",
            "Disk read or write error on the session database: check the disk, then try again.",
        ),
        "SQLITE_STORE_CLOSED": (
            "Le stockage des sessions a été fermé : l'application doit le rouvrir.",
            "The session store was closed: the application must open it again.",
        ),
    }
)
"""The codes of this plugin: code → (French, English) templates."""


class SqliteStoreError(StoreError):
    """The database cannot be used as it is; ``code`` says why (see :data:`MESSAGES`)."""

    default_code = "SQLITE_STORE_ERROR"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class SqliteCorruptError(SqliteStoreError, StoreCorruptError):
    """The file is damaged, or not a (pixcore) database: nothing is read from it."""

    default_code = "SQLITE_CORRUPT"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class SqliteBusyError(ServiceUnavailableError):
    """Another writer held the database past the busy timeout (``SQLITE_BUSY``); retry."""

    default_code = "SQLITE_BUSY"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES
