"""Pure text normalisation shared by identity matching and the birth-place referential.

Two functions, both from Pix (``rules.md`` §4.2):

- :func:`normalize` compares people's names (D8): Unicode NFD, combining marks
  U+0300–U+036F removed, upper-cased, then only ``[0-9A-Z]`` kept.
- :func:`normalize_and_sort_chars` compares place names (countries, communes): the
  same, then the characters sorted, so that word order and anagrams do not matter.
  It is never used for people's identity.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "normalize_and_sort_chars"]

_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
_NOT_ALNUM = re.compile("[^0-9A-Z]")


def normalize(text: str) -> str:
    """Return Pix's normalised form of ``text``: no accents, upper case, only ``[0-9A-Z]``.

    Spaces, hyphens, apostrophes, dots and zero-width characters disappear, and so does
    any letter that is not plain A–Z once accents are removed (``Œ``, ``Æ``, ``Ø``).
    ``ß`` becomes ``SS`` through upper-casing. The function is idempotent.

    >>> normalize("  Jean-Marie d'Ésposito ")
    'JEANMARIEDESPOSITO'
    """
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = _COMBINING_MARKS.sub("", decomposed)
    return _NOT_ALNUM.sub("", without_marks.upper())


def normalize_and_sort_chars(text: str) -> str:
    """Return :func:`normalize` of ``text`` with its characters sorted (place names only).

    >>> normalize_and_sort_chars("Saint-Étienne") == normalize_and_sort_chars("ETIENNE SAINT")
    True
    """
    return "".join(sorted(normalize(text)))
