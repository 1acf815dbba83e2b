"""Caches for two hot spots of python3-saml 1.16.0; validation semantics are unchanged.

python3-saml recompiles ``saml-schema-protocol-2.0.xsd`` on every ``validate_xml`` call
(about 40 % of a naïve login) and compiles each of its ~36 XPath queries per response.
:func:`install` replaces ``OneLogin_Saml2_XML.validate_xml`` and ``.query`` with
drop-in versions that keep the compiled schema and XPath objects per thread (lxml
validators and XPath evaluators keep per-call state). Same inputs, same results, same
error values. Installed only for the pinned version; any other version keeps the
library's own functions (slower, equally correct).
"""

from __future__ import annotations

import threading
from importlib.metadata import version
from os.path import dirname, join
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

__all__ = ["SUPPORTED_VERSION", "install", "installed", "uninstall"]

SUPPORTED_VERSION = "1.16.0"
"""The python3-saml release whose internals these replacements mirror."""

_local = threading.local()
_lock = threading.Lock()
_originals: dict[str, Any] = {}


def _cache(name: str) -> dict[Any, Any]:
    cache: dict[Any, Any] = _local.__dict__.setdefault(name, {})
    return cache


def _schema(schema: str) -> Any:
    cache = _cache("schemas")
    compiled = cache.get(schema)
    if compiled is None:
        from onelogin.saml2 import xml_utils  # type: ignore[import-untyped]

        path = join(dirname(xml_utils.__file__), "schemas", schema)
        with open(path, "rb") as handle:
            compiled = cache[schema] = etree.XMLSchema(etree.parse(handle))
    return compiled


def validate_xml(xml: Any, schema: str, debug: bool = False) -> Any:
    """``OneLogin_Saml2_XML.validate_xml`` with the compiled schema kept per thread."""
    from onelogin.saml2.xml_utils import OneLogin_Saml2_XML  # type: ignore[import-untyped]

    assert isinstance(schema, str)
    try:
        xml = OneLogin_Saml2_XML.to_etree(xml)
    except Exception:
        return "unloaded_xml"
    if not _schema(schema).validate(xml):
        return "invalid_xml"
    return xml


def query(dom: Any, query: str, context: Any = None, tagid: str | None = None) -> Any:
    """``OneLogin_Saml2_XML.query`` with compiled XPath objects kept per thread."""
    from onelogin.saml2.constants import OneLogin_Saml2_Constants  # type: ignore[import-untyped]

    cache = _cache("xpaths")
    compiled = cache.get(query)
    if compiled is None:
        compiled = cache[query] = etree.XPath(query, namespaces=OneLogin_Saml2_Constants.NSMAP)
    source = dom if context is None else context
    return compiled(source) if tagid is None else compiled(source, tagid=tagid)


def install() -> bool:
    """Install the caches once (idempotent); ``False`` on an unsupported version."""
    if version("python3-saml") != SUPPORTED_VERSION:
        return False
    from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

    with _lock:
        if not _originals:
            _originals.update(
                validate_xml=OneLogin_Saml2_XML.__dict__["validate_xml"],
                query=OneLogin_Saml2_XML.__dict__["query"],
            )
            OneLogin_Saml2_XML.validate_xml = staticmethod(validate_xml)
            OneLogin_Saml2_XML.query = staticmethod(query)
    return True


def uninstall() -> None:
    """Restore the library's own functions (benchmarks and tests)."""
    from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

    with _lock:
        for name, original in _originals.items():
            setattr(OneLogin_Saml2_XML, name, original)
        _originals.clear()


def installed() -> bool:
    """Whether the caches are in place."""
    return bool(_originals)
