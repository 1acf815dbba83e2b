"""The school as printed on its documents: name, address, logo, wording overrides.

Data only. Hosts answer the ``pixcore_school_details`` hook with one (``docs/hooks.md``);
the documents (:mod:`pixcore.formats.documents`) print it. Every field is optional: an
empty :class:`SchoolDetails` prints the session's site as the school's name, no logo,
no address and the default French wording.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ConfigDict, Field, field_validator

from pixcore.models._base import PixcoreModel
from pixcore.models._coded import coded

__all__ = [
    "LOGO_MAX_BYTES",
    "WORDING_MAX_CHARS",
    "SchoolDetails",
    "logo_format",
]

LOGO_MAX_BYTES = 1024 * 1024
"""Largest logo accepted (1 MiB): a logo is printed a few centimetres wide."""
WORDING_MAX_CHARS = 2000
"""Longest wording override (one paragraph or list of the documents)."""

_SVG_STARTS = (b"<svg", b"<?xml")


def logo_format(content: bytes) -> str | None:
    """``png``, ``jpg`` or ``svg`` from the file's first bytes; None for anything else."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if content.lstrip().startswith(_SVG_STARTS):
        return "svg"
    return None


class SchoolDetails(PixcoreModel):
    """What a school prints at the top of its documents, and its own wording.

    ``wording`` maps a wording key of the documents (``docs/documents.md``) to the
    school's French text; a key that no document knows is refused when rendering.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", hide_input_in_errors=True, str_strip_whitespace=True
    )

    name: str | None = Field(default=None, min_length=1, max_length=200)
    address: tuple[str, ...] = Field(default=(), max_length=6)
    logo: bytes | None = Field(default=None, max_length=LOGO_MAX_BYTES)
    wording: Mapping[str, str] = Field(default_factory=dict)

    @field_validator("address")
    @classmethod
    def _address(cls, lines: tuple[str, ...]) -> tuple[str, ...]:
        if any(len(line) > 200 for line in lines):
            raise coded("SCHOOL_DETAILS_INVALID")
        return tuple(line.strip() for line in lines if line.strip())

    @field_validator("logo")
    @classmethod
    def _logo(cls, content: bytes | None) -> bytes | None:
        if content is not None and logo_format(content) is None:
            raise coded("SCHOOL_LOGO_INVALID")
        return content

    @field_validator("wording")
    @classmethod
    def _wording(cls, wording: Mapping[str, str]) -> Mapping[str, str]:
        if any(len(text) > WORDING_MAX_CHARS for text in wording.values()):
            raise coded("SCHOOL_DETAILS_INVALID")
        return dict(wording)
