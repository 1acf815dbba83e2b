"""What a store's schema migration did: the answer of ``pixcore_store_migrate``.

Durable stores keep their tables in a versioned schema. ``pixcore store migrate
--store LOCATION`` asks the installed store plugins (hook ``pixcore_store_migrate``) to
bring the store at ``LOCATION`` to the schema their code needs, and prints the
:class:`StoreMigration` the first plugin that owns the location answers.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["StoreMigration"]


class StoreMigration(NamedTuple):
    """The schema of one store before and after a migration run.

    ``applied`` names the migrations run (or, with ``apply=False``, those that would
    run), in order; empty when the store was already up to date (migrating is
    idempotent).
    """

    store: str
    """The kind of store, e.g. ``"postgresql"`` or ``"sqlite"``."""
    location: str
    """Where the store is, safe to print (no password, no user)."""
    before: int
    """The schema version found (0: no schema yet)."""
    after: int
    """The schema version now (``before`` when nothing was applied)."""
    applied: tuple[str, ...]
    """The migrations run, as ``"N: name"``, in order."""
