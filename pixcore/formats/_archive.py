"""Open a spreadsheet archive (``.ods``, ``.xlsx``) within bounds, and repack what it holds.

A spreadsheet is a zip of XML parts. This module reads the archive with the standard
library under caps (:mod:`pixcore.formats._limits`): the file's size, the number of
entries, each part's declared and *actual* uncompressed size (a zip bomb stops at the
cap, whatever its header says), only stored or deflated entries, no duplicate names.
Every XML part is handed to the pre-scan; the parts are then written into a fresh,
uncompressed archive, so that the spreadsheet library reads exactly the bytes that were
checked — never another entry, another copy of a duplicated name, or a lying header.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

from pixcore.errors import InvalidInputError
from pixcore.formats._limits import (
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_PART_BYTES,
    MAX_TOTAL_BYTES,
    corrupt,
    too_large,
    unsafe,
)

__all__ = ["XML_SUFFIXES", "repack"]

XML_SUFFIXES = (".xml", ".rels")
"""Parts read and checked; other entries (images, macros, thumbnails) are left out."""
_MIMETYPE = "mimetype"
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError)
"""What a truncated, corrupt, encrypted or inconsistent archive raises while read."""


def _entries(archive: zipfile.ZipFile, kind: str) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise unsafe("entries")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise corrupt(kind, "duplicate_entry")
    wanted = [i for i in infos if i.filename == _MIMETYPE or i.filename.endswith(XML_SUFFIXES)]
    for info in wanted:
        if info.compress_type not in _METHODS or info.flag_bits & 0x1:
            raise corrupt(kind, "compression")
        if info.file_size > MAX_PART_BYTES:
            raise too_large("part")
    if sum(info.file_size for info in wanted) > MAX_TOTAL_BYTES:
        raise too_large("parts")
    return wanted


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The part's bytes, at most its declared size and the remaining budget."""
    limit = min(info.file_size, MAX_PART_BYTES, budget)
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large("part")
    return data


def repack(data: bytes, kind: str, check: Callable[[str, bytes], None]) -> bytes:
    """A clean archive holding the ``mimetype`` and XML parts of ``data``, each checked.

    ``check(name, content)`` is called on every XML part (the pre-scan); it raises to
    refuse the file. Raises ``IMPORT_FILE_TOO_LARGE``, ``IMPORT_FILE_CORRUPT`` (not a
    zip, truncated, corrupt data, encrypted, duplicate names) or ``IMPORT_FILE_UNSAFE``.
    """
    if len(data) > MAX_FILE_BYTES:
        raise too_large("file")
    parts: list[tuple[str, bytes]] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            budget = MAX_TOTAL_BYTES
            for info in _entries(archive, kind):
                content = _read(archive, info, budget)
                budget -= len(content)
                parts.append((info.filename, content))
    except InvalidInputError:
        raise  # a cap of this module (a ValueError too): already coded
    except _READ_ERRORS:
        raise corrupt(kind, "archive") from None
    for name, content in parts:
        if name != _MIMETYPE:
            check(name, content)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as clean:
        for name, content in parts:
            clean.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()
