"""Attachments (PV de session scanné, PV d'incident) kept as files in a folder.

:class:`FolderAttachments` is a durable attachment store a host registers next to its
event store (the ``pixcore`` command line keeps them in ``<database>.attachments``).
References look like ``file:12345/pv_session/<hash>-scan.pdf``, relative to the folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from pixcore.errors import StoreError
from pixcore.host.hookspecs import hookimpl

__all__ = ["FolderAttachments"]

_SAFE_NAME = re.compile(r"[^0-9A-Za-z._-]+")


class FolderAttachments:
    """A plugin storing attachments under ``directory``; answers only for its references.

    :param directory: the folder (created on the first file).
    """

    PREFIX = "file:"

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    @hookimpl
    def pixcore_store_attachment(
        self, session_number: int, kind: str, filename: str, content: bytes
    ) -> str:
        """Write the file under ``<folder>/<session>/<kind>/`` and return its reference.

        :raises StoreError: ``ATTACHMENT_NOT_WRITABLE`` when the folder cannot be written.
        """
        digest = hashlib.sha256(content).hexdigest()[:16]
        name = _SAFE_NAME.sub("_", Path(filename).name)[-80:] or "fichier"
        relative = f"{int(session_number)}/{_SAFE_NAME.sub('_', kind)}/{digest}-{name}"
        target = self.directory / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        except OSError:
            raise StoreError("ATTACHMENT_NOT_WRITABLE", meta={"path": str(target)}) from None
        return self.PREFIX + relative

    @hookimpl
    def pixcore_attachment_exists(self, reference: str) -> bool | None:
        """True when this folder holds the file; None for other stores' references."""
        if not reference.startswith(self.PREFIX):
            return None
        relative = Path(reference.removeprefix(self.PREFIX))
        if relative.is_absolute() or ".." in relative.parts:
            return False
        return (self.directory / relative).is_file()

    @hookimpl
    def pixcore_delete_attachment(self, reference: str) -> bool | None:
        """Delete this folder's file (retention); None for other stores' references.

        :raises StoreError: ``ATTACHMENT_NOT_WRITABLE`` when the file cannot be deleted.
        """
        if not reference.startswith(self.PREFIX):
            return None
        relative = Path(reference.removeprefix(self.PREFIX))
        if relative.is_absolute() or ".." in relative.parts:
            return False
        target = self.directory / relative
        try:
            target.unlink()
        except FileNotFoundError:
            return False
        except OSError:
            raise StoreError("ATTACHMENT_NOT_WRITABLE", meta={"path": str(target)}) from None
        return True
