"""Pure text normalisation shared by identity matching and the birth-place referential.

Two functions, both from Pix (``rules.md`` §4.2), with one addition of pixcore's:

- :func:`normalize` compares people's names (D8): ligatures and letters that Unicode
  does not decompose are first spelled out (:data:`LIGATURES`: ``Œ`` → ``OE``, ``æ`` →
  ``ae``, ``ß`` → ``ss``, ``Ø`` → ``O``...; Pix drops them, so "Lætitia" never matched
  "Laetitia", issue 9 §4), then Unicode NFKD, combining marks U+0300–U+036F removed,
  upper-cased, and only ``[0-9A-Z]`` kept. NFKD (Pix: NFD) also spells out the
  compatibility forms Unicode defines (``ﬁ`` → ``fi``, ``Ĳ`` → ``IJ``, full-width
  letters).
- :func:`normalize_and_sort_chars` compares place names (countries, communes): the
  same, then the characters sorted, so that word order and anagrams do not matter.
  It is never used for people's identity.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "LIGATURES",
    "fold_ligatures",
    "normalize",
    "normalize_and_sort_chars",
    "place_variant_key",
]

LIGATURES: dict[str, str] = {
    "Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ẞ": "SS", "ß": "ss",
    "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
    "Þ": "TH", "þ": "th", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "ı": "i",
}  # fmt: skip
"""Letters that neither NFD nor NFKD decompose, spelled out the way French records them.

Ligatures (``Œ``, ``Æ``, ``ß`` and its capital ``ẞ``) and letters with a stroke or of
Nordic and Icelandic names (``Ø``, ``Ł``, ``Đ``, ``Ð``, ``Þ``, ``Ħ``, ``Ŧ``, dotless
``ı``). Pix's ``normalize`` drops every one of them (``rules.md`` §4.2).
"""

_FOLD = str.maketrans(LIGATURES)
_COMBINING_MARKS = re.compile("[\u0300-\u036f]")
_NOT_ALNUM = re.compile("[^0-9A-Z]")
_WORDS = re.compile("[0-9A-Z]+")
_PLACE_WORDS = {"ST": "SAINT", "STE": "SAINTE", "STS": "SAINTS", "STES": "SAINTES"}
_ARTICLES = frozenset({"LE", "LA", "LES", "L"})


def fold_ligatures(text: str) -> str:
    """Spell out the :data:`LIGATURES` of ``text``: ``"Lætitia"`` → ``"Laetitia"``."""
    return text.translate(_FOLD)


def normalize(text: str) -> str:
    """Return the normalised form of ``text``: no accents, upper case, only ``[0-9A-Z]``.

    Pix's ``normalize`` after :func:`fold_ligatures` and with NFKD: spaces, hyphens,
    apostrophes, dots and zero-width characters disappear, ligatures are spelled out
    (``Œ`` → ``OE``), and any other letter that is not plain A–Z once accents are
    removed disappears. The function is idempotent.

    >>> normalize("  Jean-Marie d'Ésposito ")
    'JEANMARIEDESPOSITO'
    >>> normalize("Lætitia") == normalize("Laetitia")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    without_marks = _COMBINING_MARKS.sub("", decomposed)
    return _NOT_ALNUM.sub("", without_marks.upper())


def normalize_and_sort_chars(text: str) -> str:
    """Return :func:`normalize` of ``text`` with its characters sorted (place names only).

    >>> normalize_and_sort_chars("Saint-Étienne") == normalize_and_sort_chars("ETIENNE SAINT")
    True
    """
    return "".join(sorted(normalize(text)))


def place_variant_key(text: str) -> str:
    """A forgiving key for place names: La Poste's abbreviations and articles do not matter.

    The words of ``text`` (as :func:`normalize` reads them, before dropping separators)
    with ``ST``/``STE``/``STS``/``STES`` read as ``SAINT``/``SAINTE``/``SAINTS``/
    ``SAINTES`` and the articles ``LE``, ``LA``, ``LES``, ``L'`` left out, then sorted
    characters as :func:`normalize_and_sort_chars`: ``"ST DENIS"``, ``"Saint-Denis"``
    and ``"st-denis"`` give one key; ``"Ville aux Bois"`` and ``"La Ville-aux-Bois"``
    too. Used only after the exact comparison failed (``pixcore.referential``).

    >>> place_variant_key("Ste Marie") == place_variant_key("Sainte-Marie")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    words = _WORDS.findall(_COMBINING_MARKS.sub("", decomposed).upper())
    kept = (_PLACE_WORDS.get(word, word) for word in words if word not in _ARTICLES)
    return "".join(sorted("".join(kept)))
