"""python3-saml, run per service provider with per-instance caches (never patched globally).

python3-saml 1.16.0 recompiles its XSD schema on every ``validate_xml`` call, compiles
each of its ~36 XPath queries per response (asking many of them several times),
reloads the IdP certificate and the SP key from PEM for every signature and
decryption, and parses the document a second time.
:class:`FastLibrary` removes that work **without touching the library**: it runs the
library's own functions (same bytecode) whose global names ``OneLogin_Saml2_XML``,
``OneLogin_Saml2_Utils`` and ``xmlsec`` resolve, for this instance only, to
subclasses and a shim that keep compiled schemas, XPath objects and loaded keys (per
thread: lxml and xmlsec objects keep per-call state). Every other user of python3-saml
in the host process keeps the library exactly as shipped.

:class:`ReferenceLibrary` is the library as shipped, used by the differential tests
(``tests/test_gar_differential.py`` runs the whole ``saml.md`` §9 suite through both)
and on any python3-saml version other than :data:`SUPPORTED_VERSION`.
"""

from __future__ import annotations

import base64
import re
import threading
import types
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib.metadata import version
from os.path import dirname, join
from typing import Any, Protocol

from lxml import etree  # type: ignore[import-untyped]

__all__ = ["SUPPORTED_VERSION", "FastLibrary", "Library", "ReferenceLibrary", "for_settings"]

SUPPORTED_VERSION = "1.16.0"
"""The python3-saml release whose internals :class:`FastLibrary` mirrors."""

_SUBSTITUTED = frozenset({"OneLogin_Saml2_XML", "OneLogin_Saml2_Utils", "xmlsec"})
"""Global names that resolve differently in a :class:`FastLibrary`."""
_MAX_CACHED = 64
"""Most XPath queries, schemas or keys one instance keeps per thread (bounded, constant)."""


class Library(Protocol):
    """How the ACS pipeline builds python3-saml's response object."""

    def response(self, document: Any, saml_response: str) -> Any:
        """A python3-saml ``OneLogin_Saml2_Response`` for the pre-flighted ``document``."""


class ReferenceLibrary:
    """python3-saml exactly as shipped: it decodes and parses ``saml_response`` itself."""

    def __init__(self, settings: Any) -> None:
        self._settings = settings

    def response(self, document: Any, saml_response: str) -> Any:
        """``OneLogin_Saml2_Response(settings, saml_response)``."""
        from onelogin.saml2.response import OneLogin_Saml2_Response  # type: ignore[import-untyped]

        return OneLogin_Saml2_Response(self._settings, saml_response)


class _Caches(threading.local):
    """Per-thread caches of one :class:`FastLibrary`."""

    def __init__(self) -> None:
        self.xpaths: dict[str, Any] = {}
        self.schemas: dict[str, Any] = {}
        self.keys: dict[tuple[str, int], Any] = {}


def _remember(cache: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    found = cache.get(key)
    if found is None:
        found = make()
        if len(cache) < _MAX_CACHED:
            cache[key] = found
    return found


def _rebind(function: Any, namespace: dict[str, Any]) -> Any:
    """The library's own ``function``, its global names looked up in ``namespace``."""
    from onelogin.saml2.utils import return_false_on_exception  # type: ignore[import-untyped]

    inner = getattr(function, "__wrapped__", None)
    if inner is not None:  # @return_false_on_exception: rebind the wrapped function
        return return_false_on_exception(_rebind(inner, namespace))
    rebound = types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )
    rebound.__kwdefaults__ = function.__kwdefaults__
    rebound.__qualname__ = function.__qualname__
    return rebound


def _names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _uses(function: Any, names: frozenset[str]) -> bool:
    function = getattr(function, "__wrapped__", function)
    return not names.isdisjoint(_names(function.__code__))


def _rebound_members(cls: type, namespace: dict[str, Any]) -> dict[str, Any]:
    """The functions of ``cls`` that use a substituted name, rebound; others are inherited."""
    members: dict[str, Any] = {}
    for name, member in vars(cls).items():
        if isinstance(member, staticmethod) and _uses(member.__func__, _SUBSTITUTED):
            members[name] = staticmethod(_rebind(member.__func__, namespace))
        elif isinstance(member, types.FunctionType) and _uses(member, _SUBSTITUTED):
            members[name] = _rebind(member, namespace)
    return members


class _KeyShim:
    """``xmlsec.Key`` whose ``from_memory`` keeps keys loaded, certificates as public keys.

    python3-saml loads the IdP certificate from PEM for every signature it checks
    (``validatecert`` off: only the public key is used), and xmlsec copies the key,
    X.509 data included, into the context. Here each certificate is loaded once per
    thread, as its bare public key: the same key verifies the same signatures, and the
    copy costs a few microseconds instead of tens. Other keys (the SP's private key for
    decryption) are loaded once per thread as given.
    """

    def __init__(self, xmlsec: Any, caches: _Caches) -> None:
        self._xmlsec = xmlsec
        self._caches = caches

    def from_memory(self, data: Any, format: int, password: Any = None) -> Any:
        """Load once per thread; the key is copied into each context that uses it."""
        xmlsec = self._xmlsec
        if password is not None or not isinstance(data, str):
            return xmlsec.Key.from_memory(data, format, password)
        if format == xmlsec.KeyFormat.CERT_PEM:
            return _remember(self._caches.keys, (data, format), lambda: _public_key(xmlsec, data))
        return _remember(
            self._caches.keys, (data, format), lambda: xmlsec.Key.from_memory(data, format, None)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._xmlsec.Key, name)


def _public_key(xmlsec: Any, certificate_pem: str) -> Any:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    certificate = x509.load_pem_x509_certificate(certificate_pem.encode("ascii"))
    public = certificate.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return xmlsec.Key.from_memory(public, xmlsec.KeyFormat.PEM, None)


class _XmlsecShim(types.SimpleNamespace):
    """The ``xmlsec`` module as python3-saml's functions see it in a :class:`FastLibrary`."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)


_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
_CANONICAL_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?Z?"
)


def _fast_time(original: Callable[[str], int]) -> Callable[[str], int]:
    """``parse_SAML_to_time`` without ``strptime`` on the forms 1.16.0 reads by fields.

    On a string matching :data:`_CANONICAL_TIME` whose fields make a valid date, the
    library's three attempts (two ``strptime`` formats, then its fragment regex) all
    read exactly these six numbers and drop the fraction, then ``calendar.timegm``
    counts the seconds since 1970-01-01 of that naive UTC time: the result is the same
    integer. Anything else (a non-ASCII digit, 24:00:00, a leap second, an offset)
    goes to the library's own function, which parses or raises as it always does.
    """

    def parse_saml_to_time(timestr: str) -> int:
        match = _CANONICAL_TIME.fullmatch(timestr) if isinstance(timestr, str) else None
        if match is not None:
            try:
                y, mo, d, h, mi, sec = map(int, match.groups())
                fields = datetime(y, mo, d, h, mi, sec)
            except ValueError:
                return original(timestr)
            return (fields - _EPOCH) // _SECOND
        return original(timestr)

    return parse_saml_to_time


def _memoised_query(query: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """The library's ``Response._query``, each (query, id, document) evaluated once per response.

    ``is_valid`` and the getters ask the same XPath questions of the same document many
    times (``_query_assertion`` looks the signed assertion's reference up before every
    query). Between two questions the library never adds, removes or moves an element:
    decryption happens in ``__init__`` on a copy, before the first question about it;
    later it only registers ``ID`` attributes and strips comments, which no query
    selects. Each answer is therefore the same list of elements; callers get a copy.
    """

    def _query(self: Any, query_text: str, tagid: str | None = None) -> list[Any]:
        document = self.decrypted_document if self.encrypted else self.document
        memo: dict[tuple[str, str | None, int], list[Any]] = self.__dict__.setdefault(
            "_pixcore_gar_queries", {}
        )
        key = (query_text, tagid, id(document))
        found = memo.get(key)
        if found is None:
            found = memo[key] = query(self, query_text, tagid)
        return list(found)

    return _query


def _b64decode(data: Any) -> Any:
    # The library's __init__ decodes then parses; a pre-parsed document passes through
    # (``to_etree`` already returns an element unchanged).
    if isinstance(data, etree._Element):
        return data
    return base64.b64decode(data)


def _xml_class(caches: _Caches) -> type:
    """``OneLogin_Saml2_XML`` with compiled XPath and XSD schema kept in ``caches``."""
    from onelogin.saml2 import xml_utils  # type: ignore[import-untyped]
    from onelogin.saml2.constants import OneLogin_Saml2_Constants  # type: ignore[import-untyped]

    base = xml_utils.OneLogin_Saml2_XML
    nsmap = OneLogin_Saml2_Constants.NSMAP
    schemas = join(dirname(xml_utils.__file__), "schemas")

    def query(dom: Any, query: str, context: Any = None, tagid: str | None = None) -> Any:
        compiled = caches.xpaths.get(query) or _remember(
            caches.xpaths, query, lambda: etree.XPath(query, namespaces=nsmap)
        )
        source = dom if context is None else context
        return compiled(source) if tagid is None else compiled(source, tagid=tagid)

    def load_schema(name: str) -> Any:
        with open(join(schemas, name), "rb") as handle:
            return etree.XMLSchema(etree.parse(handle))

    def validate_xml(xml: Any, schema: str, debug: bool = False) -> Any:
        assert isinstance(schema, str)
        try:
            xml = base.to_etree(xml)
        except Exception:
            return "unloaded_xml"
        if not _remember(caches.schemas, schema, lambda: load_schema(schema)).validate(xml):
            return "invalid_xml"
        return xml

    members = {"query": staticmethod(query), "validate_xml": staticmethod(validate_xml)}
    return type(base.__name__, (base,), members)


def _utils_class(xml_class: type, caches: _Caches) -> type:
    """``OneLogin_Saml2_Utils`` seeing ``xml_class`` and the caching ``xmlsec`` shim."""
    import xmlsec
    from onelogin.saml2 import utils as utils_module

    base = utils_module.OneLogin_Saml2_Utils
    shim = _XmlsecShim(module=xmlsec, Key=_KeyShim(xmlsec, caches))
    namespace = {**vars(utils_module), "OneLogin_Saml2_XML": xml_class, "xmlsec": shim}
    members = _rebound_members(base, namespace)
    members["b64decode"] = staticmethod(_b64decode)
    members["parse_SAML_to_time"] = staticmethod(_fast_time(base.parse_SAML_to_time))
    utils_class = type(base.__name__, (base,), members)
    namespace["OneLogin_Saml2_Utils"] = utils_class
    return utils_class


class FastLibrary:
    """python3-saml's own code with per-instance caches (see the module docstring)."""

    def __init__(self, settings: Any) -> None:
        from onelogin.saml2 import response as response_module

        self._settings = settings
        caches = _Caches()
        xml_class = _xml_class(caches)
        namespace = {
            **vars(response_module),
            "OneLogin_Saml2_XML": xml_class,
            "OneLogin_Saml2_Utils": _utils_class(xml_class, caches),
        }
        base = response_module.OneLogin_Saml2_Response
        members = _rebound_members(base, namespace)
        members["_query"] = _memoised_query(members["_query"])
        self._response_class = type(base.__name__, (base,), members)

    def response(self, document: Any, saml_response: str) -> Any:
        """The library's response object over ``document``, parsed once by the pre-flight."""
        return self._response_class(self._settings, document)


def for_settings(settings: Any) -> Library:
    """:class:`FastLibrary` on the supported python3-saml version, else the reference."""
    if version("python3-saml") != SUPPORTED_VERSION:
        return ReferenceLibrary(settings)
    return FastLibrary(settings)
