"""Where the database is: a DSN, the schema to use, the connection settings pixcore adds.

A DSN is a libpq connection URI (``postgresql://host:port/dbname?sslmode=require``,
``postgres://`` too) or a ``key=value`` connection string (``host=db dbname=pixcore``).
What the DSN does not say, libpq takes from its environment (``PGHOST``, ``PGUSER``,
``PGPASSWORD``, ``~/.pgpass``...), so a password never needs to be on a command line.
pixcore reads one parameter of its own in a URI's query, ``schema`` (default
``pixcore``), and adds bounded timeouts when the DSN does not set them: a dead server is
detected in seconds, never waited for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from pixcore_postgres.errors import PostgresStoreError

__all__ = ["DEFAULT_SCHEMA", "SCHEMES", "Location", "parse_location"]

SCHEMES = ("postgresql://", "postgres://")
"""The URI prefixes this plugin owns."""

DEFAULT_SCHEMA = "pixcore"
"""The PostgreSQL schema pixcore's tables live in, unless ``?schema=`` says otherwise."""

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,47}")
_DEFAULTS = {
    "connect_timeout": "10",  # seconds to open a connection
    "keepalives": "1",
    "keepalives_idle": "10",  # a silent peer is probed after 10 s...
    "keepalives_interval": "5",
    "keepalives_count": "3",  # ... and given up after 3 unanswered probes
    "tcp_user_timeout": "30000",  # ms: unacknowledged writes give up too
    "application_name": "pixcore",
}


@dataclass(frozen=True)
class Location:
    """A parsed DSN: what to connect to, the schema, and how to name the server safely."""

    conninfo: str = field(repr=False)
    """The libpq connection string, with pixcore's default timeouts added (secret: never
    printed, it may hold a password)."""
    schema: str
    """The PostgreSQL schema holding pixcore's tables (a plain lower-case name)."""
    host: str
    """The server's host (or "socket"), for messages: never the user nor the password."""
    port: str
    """The server's port, for messages."""
    dbname: str
    """The database's name, for messages."""

    @property
    def safe(self) -> str:
        """The location without user nor password: safe to print and log."""
        return f"postgresql://{self.host}:{self.port}/{self.dbname}?schema={self.schema}"

    @property
    def where(self) -> dict[str, str]:
        """The safe description of the server, as error ``meta``."""
        return {"host": self.host, "port": self.port}

    @property
    def channel(self) -> str:
        """The ``LISTEN``/``NOTIFY`` channel of this schema's events."""
        return f"pixcore_{self.schema}"


def _invalid() -> PostgresStoreError:
    return PostgresStoreError("POSTGRES_LOCATION_NOT_VALID")


def parse_location(dsn: str, *, schema: str | None = None) -> Location:
    """Parse ``dsn`` (a URI or ``key=value`` string); ``schema`` overrides ``?schema=``.

    :raises PostgresStoreError: ``POSTGRES_LOCATION_NOT_VALID`` (the DSN does not parse,
        or the schema is not a plain lower-case name).
    """
    found = None
    if dsn.startswith(SCHEMES):
        dsn, found = _without_schema(dsn)
    elif "://" in dsn.partition(" ")[0]:
        raise _invalid()
    try:
        params = {k: str(v) for k, v in conninfo_to_dict(dsn).items() if v is not None}
    except psycopg.Error:
        raise _invalid() from None
    chosen = schema or found or DEFAULT_SCHEMA
    if not _SCHEMA_NAME.fullmatch(chosen):
        raise _invalid()
    conninfo = make_conninfo(**{**_DEFAULTS, **params})
    host = params.get("host") or params.get("hostaddr") or "socket"
    port, dbname = params.get("port") or "5432", params.get("dbname") or "(default)"
    return Location(conninfo, chosen, host, port, dbname)


def _without_schema(uri: str) -> tuple[str, str | None]:
    """The URI without pixcore's own ``schema`` query parameter, and its value."""
    try:
        parts = urlsplit(uri)
        query = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise _invalid() from None
    schemas = [value for key, value in query if key == "schema"]
    if len(schemas) > 1:
        raise _invalid()
    rest = urlencode([(key, value) for key, value in query if key != "schema"])
    return urlunsplit(parts._replace(query=rest)), (schemas[0] if schemas else None)
