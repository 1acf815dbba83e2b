"""Pre-flight checks run before python3-saml and before any xmlsec call (G9).

:func:`decode` caps the size, decodes base64 strictly and accepts only UTF-8 XML
without DTD or processing instruction, checked on the raw bytes (a UTF-16 or EBCDIC
document, or one declaring another encoding, is refused before any parser sees it).
:func:`parse` uses python3-saml's own hardened parser (no DTD, no entities, no network,
comments and processing instructions dropped); the tree it returns is the very tree
the library then verifies (:mod:`pixcore_gar.library`). :func:`check_tree` walks it
once: element count, nesting depth, exactly one assertion, caps on every costly
element (:data:`~pixcore_gar.algorithms.TAG_LIMITS`: signatures, references,
transforms, encrypted keys...), no XInclude (either namespace), no ``ds:Object``,
``ds:Transform`` and other algorithm allow-lists (python3-saml#447, XSLT DoS), local
``#id`` references only. It runs again on the decrypted assertion.
"""

from __future__ import annotations

import binascii
import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from pixcore_gar import algorithms as alg
from pixcore_gar.errors import GarAuthError

__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "check_tree", "decode", "invalid", "parse"]

MAX_ELEMENTS = 2000
"""Most elements a GAR response may hold (a real one has well under 200)."""
MAX_DEPTH = 24
"""Deepest element nesting accepted (a real response nests 9 levels at most)."""

_MAX_MARKUP = MAX_ELEMENTS
"""Most ``<`` bytes before parsing: so at most :data:`MAX_ELEMENTS` elements."""
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_UTF8_BOM = b"\xef\xbb\xbf"
_ENCODING = re.compile(rb"""\sencoding\s*=\s*["']([^"']*)["']""")
_WATCHED = (
    *alg.ASSERTION_TAGS,
    *alg.CHECKED_TAGS,
    *alg.TAG_LIMITS,
    *alg.FORBIDDEN_TAGS,
    *(f"{{{namespace}}}*" for namespace in alg.XINCLUDE_NAMESPACES),
    etree.Comment,
    etree.ProcessingInstruction,
    etree.Entity,
)
"""Every element (and node kind) :func:`check_tree` looks at; the rest is skipped in C."""
_XINCLUDE = tuple(f"{{{namespace}}}" for namespace in alg.XINCLUDE_NAMESPACES)
_LIMITS: dict[Any, int] = dict(alg.TAG_LIMITS)
_ALGORITHMS: dict[Any, frozenset[str]] = {
    tag: alg.allowed_algorithms(tag, allow_tripledes=False) for tag in alg.ALGORITHM_TAGS
}
_ALGORITHMS_3DES: dict[Any, frozenset[str]] = {
    tag: alg.allowed_algorithms(tag, allow_tripledes=True) for tag in alg.ALGORITHM_TAGS
}
_SPECIAL = alg.CHECKED_TAGS - alg.ALGORITHM_TAGS
"""Checked elements whose check is more than an ``Algorithm`` allow-list."""
_TOO_DEEP = etree.XPath("boolean(/*" + "/*" * MAX_DEPTH + ")")
_TOO_MANY = etree.XPath(f"boolean((//*)[{MAX_ELEMENTS + 1}])")


def invalid(check: str) -> GarAuthError:
    """A ``SAML_INVALID`` error naming the failed check (a safe, fixed word)."""
    return GarAuthError("SAML_INVALID", meta={"check": check})


def decode(saml_response: str, *, max_bytes: int) -> bytes:
    """Decode the posted ``SAMLResponse`` after the size cap; refuse unsafe raw bytes."""
    if len(saml_response) > max_bytes:
        raise invalid("size")
    data = _b64decode(saml_response)
    _check_utf8(data)
    if data.count(b"<") > _MAX_MARKUP:
        raise invalid("size")
    if _DTD.search(data) is not None:
        raise invalid("dtd")
    if _has_processing_instruction(data):
        raise invalid("processing_instruction")
    return data


def _b64decode(text: str) -> bytes:
    """Strict base64 (alphabet, padding); line breaks and spaces between groups allowed."""
    try:
        try:
            return binascii.a2b_base64(text, strict_mode=True)
        except binascii.Error:
            compact = "".join(text.split())
            if compact == text:
                raise
            return binascii.a2b_base64(compact, strict_mode=True)
    except (binascii.Error, ValueError):
        raise invalid("base64") from None


def _check_utf8(data: bytes) -> None:
    """Only UTF-8: strict decoding, no NUL, any declared encoding must be UTF-8."""
    text = data.removeprefix(_UTF8_BOM)
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:  # its text quotes the bytes
        raise invalid("encoding") from None
    if b"\x00" in text or not text.lstrip(b" \t\r\n").startswith(b"<"):
        raise invalid("encoding")
    if text.startswith(b"<?xml"):
        declared = _ENCODING.search(text, 0, max(text.find(b"?>"), 0))
        if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            raise invalid("encoding")


def _has_processing_instruction(data: bytes) -> bool:
    """Any ``<?`` after the XML declaration (searched in place: no copy of the document)."""
    start = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    while start < len(data) and data[start] in b" \t\r\n":
        start += 1
    if data.startswith(b"<?xml", start):
        start = data.find(b"?>", start) + 2
    # A one-byte search first: "?" is rare in a response, and "<?" is a slow search.
    return data.find(b"?", start) != -1 and data.find(b"<?", start) != -1


def parse(data: bytes) -> Any:
    """Parse with python3-saml's hardened parser; any failure is ``SAML_INVALID``."""
    from onelogin.saml2.xmlparser import fromstring  # type: ignore[import-untyped]

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True)
    except Exception:  # lxml's text may quote the document
        raise invalid("xml") from None


def _elements(root: Any, decrypted: bool) -> Any:
    """The elements to check, through the base class's C iterators.

    python3-saml's element class filters children in Python (its parser already dropped
    comments and processing instructions). On a tree the parser built, lxml's
    tag-filtered iterator skips the uninteresting elements in C; lxml matches tag names
    by pointer in the document's dictionary, which the parser fills, but a decrypted
    assertion is parsed by xmlsec: there every element is visited and compared by
    string, so that no node can hide outside the dictionary.
    """
    if decrypted:
        return etree._Element.iter(root)
    return etree._Element.iter(root, *_WATCHED)


def check_tree(root: Any, *, allow_tripledes: bool, decrypted: bool = False) -> None:
    """Check the parsed document against the caps and allow-lists (one C-level walk).

    The element count is bounded before parsing (:func:`decode` counts ``<``), and
    here again for a decrypted document; the walk visits only the elements that
    matter: assertions, capped and forbidden elements, algorithm and reference
    carriers, anything in an XInclude namespace.
    """
    if root.tag != alg.RESPONSE_TAG:
        raise invalid("root")
    if decrypted and _TOO_MANY(root):  # decrypted content was not counted by decode()
        raise invalid("size")
    if _TOO_DEEP(root):
        raise invalid("depth")
    counts: dict[str, int] = {}
    assertions = 0
    algorithms = _ALGORITHMS_3DES if allow_tripledes else _ALGORITHMS
    for element in _elements(root, decrypted):
        tag = element.tag
        limit = _LIMITS.get(tag)
        if limit is not None:
            counts[tag] = count = counts.get(tag, 0) + 1
            if count > limit:
                raise invalid("element_count")
        allowed = algorithms.get(tag)
        if allowed is not None:
            if element.get("Algorithm") not in allowed:
                raise invalid("algorithm")
        elif tag in alg.ASSERTION_TAGS:
            assertions += 1
        elif tag in _SPECIAL:
            _check_special(element, tag)
        elif tag in alg.FORBIDDEN_TAGS or not isinstance(tag, str) or tag.startswith(_XINCLUDE):
            raise invalid("forbidden_element")
    if assertions != 1:
        raise invalid("assertion_count")
    if decrypted and root.find(alg.ASSERTION_TAG) is None:
        raise invalid("assertion_count")


def _check_special(element: Any, tag: str) -> None:
    """References (local ``#id`` only), transforms and digests (allowed by context)."""
    if tag == alg.REFERENCE_TAG:
        uri = element.get("URI") or ""
        if len(uri) < 2 or not uri.startswith("#"):
            raise invalid("reference")
    elif tag == alg.RETRIEVAL_TAG:
        if not (element.get("URI") or "").startswith("#"):
            raise invalid("reference")
    elif tag == alg.CIPHER_REFERENCE_TAG:
        raise invalid("reference")
    elif tag == alg.TRANSFORM_TAG:
        _check_transform(element)
    else:
        _check_digest(element)


def _check_transform(element: Any) -> None:
    if element.get("Algorithm") not in alg.TRANSFORMS:
        raise invalid("transform")
    for child in etree._Element.iterchildren(element):
        if child.tag != alg.INCLUSIVE_NAMESPACES_TAG:
            raise invalid("transform")


def _check_digest(element: Any) -> None:
    parent = element.getparent()
    if parent is not None and parent.tag == alg.REFERENCE_TAG:
        if element.get("Algorithm") not in alg.DIGESTS:
            raise invalid("algorithm")
    elif element.get("Algorithm") not in alg.OAEP_DIGESTS:
        raise invalid("algorithm")
