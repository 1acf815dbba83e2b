"""Errors of ``pixcore-postgres`` and their messages, French first.

Every ``psycopg`` error is turned into one of these codes (:mod:`pixcore_postgres._faults`);
no raw ``psycopg`` exception leaves the plugin, and no message carries the DSN, a
password, a user name or a stored value:

- :class:`PostgresUnavailableError` (``POSTGRES_UNAVAILABLE``, ``POSTGRES_BUSY``,
  ``POSTGRES_TIMEOUT``, ``POSTGRES_TOO_MANY_CONNECTIONS``): the database did not answer
  in time; **nothing was saved**, the call may be retried (a
  :class:`~pixcore.errors.ServiceUnavailableError`);
- :class:`PostgresOutcomeUnknownError` (``POSTGRES_OUTCOME_UNKNOWN``): the connection
  was lost while a command was being committed and the database stayed out of reach
  past the reconnection deadline, so whether it was saved is not known; ``meta["command"]``
  names the command (:meth:`PostgresEventStore.outcome
  <pixcore_postgres.PostgresEventStore.outcome>` answers later);
- :class:`PostgresCorruptError` (``POSTGRES_CORRUPT``): PostgreSQL reports damaged data;
- :class:`PostgresStoreError`: the database cannot be used as it is (unreachable at
  start-up, authentication, missing database, schema not migrated, read-only standby,
  disk full, permissions...), ``code`` says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from pixcore.errors import ServiceUnavailableError, StoreCorruptError, StoreError

__all__ = [
    "MESSAGES",
    "PostgresCorruptError",
    "PostgresOutcomeUnknownError",
    "PostgresStoreError",
    "PostgresUnavailableError",
]

_NOTHING = "rien n'a été enregistré"
_MIGRATE = "pixcore store migrate --store postgresql://…"
MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "POSTGRES_STORE_ERROR": (
            "La base PostgreSQL des sessions est inutilisable ({reason}).",
            "The PostgreSQL session database cannot be used ({reason}).",
        ),
        "POSTGRES_LOCATION_NOT_VALID": (
            "L'adresse de la base PostgreSQL n'est pas valide (attendu : "
            "postgresql://hôte:port/base, suivi éventuellement de ?schema=NOM et des "
            "paramètres de connexion de libpq).",
            "The PostgreSQL location is not valid (expected postgresql://host:port/database, "
            "optionally followed by ?schema=NAME and libpq connection parameters).",
        ),
        "POSTGRES_UNREACHABLE": (
            "La base PostgreSQL des sessions ne répond pas (hôte {host}, port {port}) : "
            "vérifiez qu'elle est démarrée et joignable depuis ce serveur.",
            "The PostgreSQL session database does not answer (host {host}, port {port}): "
            "check that it is running and reachable from this server.",
        ),
        "POSTGRES_AUTHENTICATION_FAILED": (
            "La base PostgreSQL a refusé l'identification de pixcore : vérifiez l'utilisateur "
            "et le mot de passe (PGPASSWORD, ~/.pgpass) et pg_hba.conf.",
            "The PostgreSQL database refused pixcore's credentials: check the user and the "
            "password (PGPASSWORD, ~/.pgpass) and pg_hba.conf.",
        ),
        "POSTGRES_CONNECTION_REFUSED": (
            "Le serveur PostgreSQL ({host}, port {port}) a refusé la connexion : vérifiez "
            "l'utilisateur, le mot de passe, le nom de la base et pg_hba.conf.",
            "The PostgreSQL server ({host}, port {port}) refused the connection: check the "
            "user, the password, the database name and pg_hba.conf.",
        ),
        "POSTGRES_DATABASE_NOT_FOUND": (
            "La base PostgreSQL indiquée n'existe pas : créez-la (createdb) ou corrigez l'adresse.",
            "The PostgreSQL database named does not exist: create it (createdb) or fix the "
            "location.",
        ),
        "POSTGRES_PERMISSION_DENIED": (
            "Le compte PostgreSQL de pixcore n'a pas les droits nécessaires ({reason}) : "
            "donnez-lui ceux que décrit le README de pixcore-postgres.",
            "pixcore's PostgreSQL role lacks a privilege ({reason}): grant the privileges "
            "the pixcore-postgres README lists.",
        ),
        "POSTGRES_SCHEMA_NOT_MIGRATED": (
            f"Le schéma « {{schema}} » de la base PostgreSQL n'est pas à jour (version "
            f"{{found}}, requise {{required}}) : lancez « {_MIGRATE} ».",
            "The PostgreSQL schema '{schema}' is not up to date (version {found}, required "
            f"{{required}}): run '{_MIGRATE}'.",
        ),
        "POSTGRES_SCHEMA_TOO_NEW": (
            "Le schéma « {schema} » a été migré par une version plus récente de "
            "pixcore-postgres (version {found}, cette version lit jusqu'à {supported}) : "
            "mettez pixcore-postgres à jour sur ce serveur.",
            "The schema '{schema}' was migrated by a newer pixcore-postgres (version "
            "{found}, this version reads up to {supported}): upgrade pixcore-postgres on "
            "this server.",
        ),
        "POSTGRES_NOT_A_PIXCORE_SCHEMA": (
            "Le schéma « {schema} » contient déjà les tables d'une autre application : "
            "pixcore ne l'a pas modifié. Choisissez un autre schéma (?schema=NOM).",
            "The schema '{schema}' already holds another application's tables: pixcore "
            "left it untouched. Choose another schema (?schema=NAME).",
        ),
        "POSTGRES_READ_ONLY": (
            f"La base PostgreSQL est en lecture seule (un serveur de secours ?) : {_NOTHING}. "
            "Visez le serveur principal (target_session_attrs=read-write).",
            "The PostgreSQL database is read-only (a standby?): nothing was saved. Connect "
            "to the primary (target_session_attrs=read-write).",
        ),
        "POSTGRES_DISK_FULL": (
            f"Le disque de la base PostgreSQL est plein : {_NOTHING}. Libérez de la place "
            "puis recommencez.",
            "The PostgreSQL database's disk is full: nothing was saved. Free some space and "
            "try again.",
        ),
        "POSTGRES_IO_ERROR": (
            "Erreur de lecture ou d'écriture sur le disque du serveur PostgreSQL : vérifiez "
            "le serveur, puis recommencez.",
            "Disk read or write error on the PostgreSQL server: check the server, then try again.",
        ),
        "POSTGRES_CORRUPT": (
            "PostgreSQL signale des données endommagées : rien n'a été lu. Restaurez la "
            "dernière sauvegarde.",
            "PostgreSQL reports damaged data: nothing was read. Restore the last backup.",
        ),
        "POSTGRES_APPEND_ONLY": (
            "Les événements des sessions ne peuvent être ni modifiés ni supprimés.",
            "Session events can be neither changed nor deleted.",
        ),
        "POSTGRES_STORE_CLOSED": (
            "Le stockage PostgreSQL des sessions a été fermé : l'application doit le rouvrir.",
            "The PostgreSQL session store was closed: the application must open it again.",
        ),
        "POSTGRES_UNAVAILABLE": (
            f"La base PostgreSQL des sessions ne répond plus : {_NOTHING}. Réessayez dans "
            "quelques instants.",
            "The PostgreSQL session database stopped answering: nothing was saved. Try "
            "again shortly.",
        ),
        "POSTGRES_BUSY": (
            f"La base PostgreSQL des sessions est occupée : {_NOTHING}. Réessayez dans "
            "quelques instants.",
            "The PostgreSQL session database is busy: nothing was saved. Try again shortly.",
        ),
        "POSTGRES_TIMEOUT": (
            f"La base PostgreSQL a mis trop de temps à répondre : {_NOTHING}. Réessayez.",
            "The PostgreSQL database took too long to answer: nothing was saved. Try again.",
        ),
        "POSTGRES_TOO_MANY_CONNECTIONS": (
            "La base PostgreSQL refuse de nouvelles connexions (trop de connexions "
            f"ouvertes) : {_NOTHING}. Réessayez, ou réduisez la taille des pools.",
            "The PostgreSQL database refuses new connections (too many open): nothing was "
            "saved. Try again, or make the pools smaller.",
        ),
        "POSTGRES_OUTCOME_UNKNOWN": (
            "La connexion à la base PostgreSQL a été perdue pendant l'enregistrement et n'a "
            "pas pu être rétablie : on ne sait pas encore si l'action a été enregistrée. "
            "Rechargez la session avant de la refaire.",
            "The connection to the PostgreSQL database was lost while saving and could not "
            "be restored: whether the action was saved is not known yet. Reload the session "
            "before doing it again.",
        ),
    }
)
"""The codes of this plugin: code → (French, English) templates."""


class PostgresStoreError(StoreError):
    """The database cannot be used as it is; ``code`` says why (see :data:`MESSAGES`)."""

    default_code = "POSTGRES_STORE_ERROR"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class PostgresCorruptError(PostgresStoreError, StoreCorruptError):
    """PostgreSQL reports damaged data (``POSTGRES_CORRUPT``): nothing is read."""

    default_code = "POSTGRES_CORRUPT"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class PostgresUnavailableError(ServiceUnavailableError):
    """The database did not answer in time; nothing was saved; the call may be retried."""

    default_code = "POSTGRES_UNAVAILABLE"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES


class PostgresOutcomeUnknownError(ServiceUnavailableError):
    """An append's commit may or may not have happened (``POSTGRES_OUTCOME_UNKNOWN``).

    Raised only when the connection broke during the append *and* the database stayed
    unreachable until the reconnection deadline, so the store could not check. Retrying
    the same *command* through :class:`~pixcore.host.service.SessionService` is safe (it
    reloads the session and decides again); ``meta["command"]`` is the append's id, which
    :meth:`PostgresEventStore.outcome <pixcore_postgres.PostgresEventStore.outcome>`
    resolves once the database is back.
    """

    default_code = "POSTGRES_OUTCOME_UNKNOWN"
    messages: ClassVar[Mapping[str, tuple[str, str]]] = MESSAGES
