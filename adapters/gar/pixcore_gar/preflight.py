"""Pre-flight checks run before python3-saml and before any xmlsec call (G9).

:func:`decode` caps the size, decodes base64 strictly and refuses non-UTF-8 encodings,
DTDs and processing instructions on the raw bytes. :func:`parse` uses python3-saml's
own hardened parser (no DTD, no entities, no network, comments and processing
instructions dropped), so the tree checked here is the tree the library verifies.
:func:`check_tree` then walks it once: size and depth limits, exactly one assertion,
``ds:Transform`` and other algorithm allow-lists (python3-saml#447, XSLT DoS), local
``#id`` references only. It runs again on the decrypted assertion.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from pixcore_gar import algorithms as alg
from pixcore_gar.errors import GarAuthError

__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "check_tree", "decode", "parse"]

MAX_ELEMENTS = 2000
"""Most elements a GAR response may hold (a real one has well under 200)."""
MAX_DEPTH = 24
"""Deepest element nesting accepted (a real response nests 9 levels at most)."""

_FORBIDDEN_BYTES = (b"<!DOCTYPE", b"<!ENTITY", b"\x00")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def invalid(check: str) -> GarAuthError:
    """A ``SAML_INVALID`` error naming the failed check (a safe, fixed word)."""
    return GarAuthError("SAML_INVALID", meta={"check": check})


def decode(saml_response: str, *, max_bytes: int) -> bytes:
    """Decode the posted ``SAMLResponse`` after the size cap; refuse unsafe raw bytes."""
    if len(saml_response) > max_bytes:
        raise invalid("size")
    try:
        data = base64.b64decode("".join(saml_response.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid("base64") from exc
    if data.startswith(_UTF16_BOMS) or any(token in data for token in _FORBIDDEN_BYTES):
        raise invalid("encoding_or_dtd")
    if _has_processing_instruction(data):
        raise invalid("processing_instruction")
    return data


def _has_processing_instruction(data: bytes) -> bool:
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<?xml"):
        start = start[start.find(b"?>") + 2 :]
    return b"<?" in start


def parse(data: bytes) -> Any:
    """Parse with python3-saml's hardened parser; any failure is ``SAML_INVALID``."""
    from onelogin.saml2.xmlparser import fromstring  # type: ignore[import-untyped]

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True)
    except Exception as exc:
        raise invalid("xml") from exc


def _walk(root: Any) -> Iterator[tuple[Any, int]]:
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        yield element, depth


def check_tree(root: Any, *, allow_tripledes: bool, decrypted: bool = False) -> None:
    """Walk the document once and refuse anything outside the allow-lists."""
    if root.tag != alg.RESPONSE_TAG:
        raise invalid("root")
    assertions = 0
    for count, (element, depth) in enumerate(_walk(root), start=1):
        if count > MAX_ELEMENTS or depth > MAX_DEPTH:
            raise invalid("size")
        tag = element.tag
        if tag in alg.ASSERTION_TAGS:
            assertions += 1
        elif tag in alg.CHECKED_TAGS:
            _check_element(element, allow_tripledes=allow_tripledes)
        elif not isinstance(tag, str) or tag.startswith(alg.XINCLUDE_PREFIX):
            raise invalid("xml")
    if assertions != 1:
        raise invalid("assertion_count")
    if decrypted and root.find(alg.ASSERTION_TAG) is None:
        raise invalid("assertion_count")


def _check_element(element: Any, *, allow_tripledes: bool) -> None:
    tag = element.tag
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
    elif tag == alg.DIGEST_TAG:
        _check_digest(element)
    else:
        allowed = alg.allowed_algorithms(tag, allow_tripledes=allow_tripledes)
        if element.get("Algorithm") not in allowed:
            raise invalid("algorithm")


def _check_transform(element: Any) -> None:
    if element.get("Algorithm") not in alg.TRANSFORMS:
        raise invalid("transform")
    for child in element:
        if child.tag != alg.INCLUSIVE_NAMESPACES_TAG:
            raise invalid("transform")


def _check_digest(element: Any) -> None:
    parent = element.getparent()
    if parent is not None and parent.tag == alg.REFERENCE_TAG:
        if element.get("Algorithm") not in alg.DIGESTS:
            raise invalid("algorithm")
    elif element.get("Algorithm") not in alg.OAEP_DIGESTS:
        raise invalid("algorithm")
