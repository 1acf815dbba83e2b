"""Test tooling: ``FakeGarIdP``, a GAR-shaped identity provider signing with signxml.

signxml (lxml + cryptography) is independent of python3-saml's libxmlsec1 verifier,
so a shared bug cannot cancel out. Keys are generated at run time (:func:`session_keys`,
once per process): no stored signed fixture can expire. Every ``saml.md`` §9 mutation
has a knob in :class:`ResponseOptions`; ``tamper_assertion`` and ``tamper_response``
change the XML after signing. Needs the extra ``pixcore-gar[testing]``.

>>> idp = FakeGarIdP()
>>> config = idp.sp_config()
>>> saml_response = idp.response("REQ_1")
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from lxml import etree  # type: ignore[import-untyped]

from pixcore_gar import _testing_crypto as crypto
from pixcore_gar._testing_xml import (
    BEARER,
    SUCCESS,
    Fields,
    assertion_xml,
    response_xml,
    saml_time,
)
from pixcore_gar.config import GarConfig
from pixcore_gar.errors import GarAuthError

if TYPE_CHECKING:
    from pixcore_gar.sp import GarServiceProvider

__all__ = [
    "ACS_PATH",
    "AUTO",
    "FakeGarIdP",
    "KeyPair",
    "ResponseOptions",
    "TestKeys",
    "expect_refusal",
    "extra_confirmation",
    "generate_key_pair",
    "saml_time",
    "session_keys",
    "student_attributes",
    "use_reference_library",
]

AUTO: Final = "<auto>"
"""Knob value meaning "the consistent default" (request id, ACS URL, entity IDs...)."""

_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
ACS_PATH = "/api/saml/acs"
"""The ACS path of :class:`FakeGarIdP`'s default SP: :mod:`pixcore_gar.asgi`'s
``/saml/acs`` route with the app mounted at ``/api``, as the README shows."""

Tamper = Callable[[Any], None]
"""A function editing an lxml element in place (an assertion or the whole response)."""


@dataclasses.dataclass(frozen=True)
class KeyPair:
    """A PEM private key and its self-signed PEM certificate."""

    key_pem: str
    cert_pem: str


def generate_key_pair(
    common_name: str, *, bits: int = 2048, curve: ec.EllipticCurve | None = None
) -> KeyPair:
    """A fresh key (RSA, or EC on ``curve``) and a self-signed SHA-256 certificate (1 year)."""
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    if curve is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    else:
        key = ec.generate_private_key(curve)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return KeyPair(key_pem.decode(), cert.public_bytes(serialization.Encoding.PEM).decode())


@dataclasses.dataclass(frozen=True)
class TestKeys:
    """The keys of one test run: IdP, IdP's next (rollover), SP, and an attacker's."""

    __test__ = False

    idp: KeyPair
    idp_next: KeyPair
    sp: KeyPair
    attacker: KeyPair


@functools.cache
def session_keys() -> TestKeys:
    """Keys generated once per process (a test session), never stored on disk."""
    return TestKeys(
        idp=generate_key_pair("fake-gar-idp"),
        idp_next=generate_key_pair("fake-gar-idp-next"),
        sp=generate_key_pair("pixcore-sp"),
        attacker=generate_key_pair("attacker"),
    )


def student_attributes(**changes: Sequence[str] | None) -> dict[str, Sequence[str]]:
    """GAR attributes of a pupil; a keyword changes one, ``None`` removes it."""
    attributes: dict[str, Sequence[str] | None] = {
        "IDO": ["a3f5" * 32],
        "PRE": ["Léa"],
        "NOM": ["Martin"],
        "UAI": ["0561641E"],
        "PRO": ["National_elv"],
        "DIV": ["3A##3ème A"],
        "GRO": ["LV2-ESP##Espagnol LV2##3A"],
        **changes,
    }
    return {name: values for name, values in attributes.items() if values is not None}


@dataclasses.dataclass(frozen=True)
class ResponseOptions:
    """Knobs of :meth:`FakeGarIdP.response`, one per §9 mutation.

    ``AUTO`` is the consistent value; ``None`` leaves an element or attribute out;
    offsets are seconds from ``now``. ``prepare_assertion`` edits the assertion before
    signing, ``tamper_assertion`` after signing, ``tamper_response`` at the very end.
    """

    attributes: Mapping[str, Sequence[str]] | None = None
    response_id: str = AUTO
    assertion_id: str = AUTO
    issuer: str = AUTO
    assertion_issuer: str | None = AUTO
    destination: str | None = AUTO
    recipient: str | None = AUTO
    in_response_to: str | None = AUTO
    scd_in_response_to: str | None = AUTO
    audience: str | None = AUTO
    status: str = SUCCESS
    issue_offset: int = 0
    not_before_offset: int | None = -60
    not_on_or_after_offset: int | None = 300
    scd_not_on_or_after_offset: int | None = 300
    session_not_on_or_after_offset: int | None = None
    sign_assertion: bool = True
    sign_response: bool = False
    signer: str = "signxml"
    sha1: bool = False
    signing_key: KeyPair | None = None
    key_info_cert: str | None = None
    encrypt: bool = False
    cipher: str = "aes256-cbc"
    prepare_assertion: Tamper | None = None
    tamper_assertion: Tamper | None = None
    tamper_response: Tamper | None = None
    now: datetime | None = None


def _auto(value: str | None, default: str | None) -> str | None:
    return default if value == AUTO else value


def _new_id() -> str:
    return "_" + uuid.uuid4().hex


class FakeGarIdP:
    """A GAR-like IdP for tests: builds signed (optionally encrypted) SAML Responses."""

    def __init__(
        self,
        *,
        keys: TestKeys | None = None,
        entity_id: str = "https://idp.fake-gar.test/idp",
        sp_entity_id: str = "https://pix.example.test/api/saml/metadata.xml",
        acs_url: str = f"https://pix.example.test{ACS_PATH}",
    ) -> None:
        self.keys = keys or session_keys()
        self.entity_id = entity_id
        self.sso_url = entity_id.rsplit("/", 1)[0] + "/idp/profile/SAML2/Redirect/SSO"
        self.sp_entity_id = sp_entity_id
        self.acs_url = acs_url

    def sp_config(self, **overrides: Any) -> GarConfig:
        """A :class:`GarConfig` trusting this IdP's signing certificate."""
        values: dict[str, Any] = {
            "sp_entity_id": self.sp_entity_id,
            "acs_url": self.acs_url,
            "sp_private_key": self.keys.sp.key_pem,
            "sp_certificate": self.keys.sp.cert_pem,
            "idp_entity_id": self.entity_id,
            "idp_sso_url": self.sso_url,
            "idp_signing_certificates": (self.keys.idp.cert_pem,),
            "want_assertions_encrypted": False,
            "resource_url": "https://gar.example.test/ressource/pix",
        }
        return GarConfig(**{**values, **overrides})

    def response(self, request_id: str | None, **knobs: Any) -> str:
        """A base64 ``SAMLResponse`` answering ``request_id`` (``None``: IdP-initiated)."""
        return base64.b64encode(self.response_xml(request_id, **knobs)).decode("ascii")

    def response_xml(self, request_id: str | None, **knobs: Any) -> bytes:
        """The Response XML; ``knobs`` are :class:`ResponseOptions` fields."""
        options = ResponseOptions(**knobs)
        fields = self._fields(request_id, options)
        assertion = etree.fromstring(
            assertion_xml(fields, options.attributes or student_attributes())
        )
        if options.prepare_assertion is not None:
            options.prepare_assertion(assertion)
        assertion = self._sign(assertion, fields.assertion_id, options, options.sign_assertion)
        if options.tamper_assertion is not None:
            options.tamper_assertion(assertion)
        response = etree.fromstring(response_xml(fields))
        response.append(assertion)
        if options.encrypt:
            crypto.encrypt_assertion(assertion, self.keys.sp.cert_pem, options.cipher)
        response = self._sign(response, fields.response_id, options, options.sign_response)
        if options.tamper_response is not None:
            options.tamper_response(response)
        return bytes(etree.tostring(response))

    def _fields(self, request_id: str | None, o: ResponseOptions) -> Fields:
        now = o.now or datetime.now(UTC)

        def at(offset: int | None) -> str | None:
            return None if offset is None else saml_time(now + timedelta(seconds=offset))

        return Fields(
            response_id=_new_id() if o.response_id == AUTO else o.response_id,
            assertion_id=_new_id() if o.assertion_id == AUTO else o.assertion_id,
            issue_instant=saml_time(now + timedelta(seconds=o.issue_offset)),
            issuer=self.entity_id if o.issuer == AUTO else o.issuer,
            assertion_issuer=_auto(o.assertion_issuer, self.entity_id),
            destination=_auto(o.destination, self.acs_url),
            recipient=_auto(o.recipient, self.acs_url),
            in_response_to=_auto(o.in_response_to, request_id),
            scd_in_response_to=_auto(o.scd_in_response_to, request_id),
            audience=_auto(o.audience, self.sp_entity_id),
            not_before=at(o.not_before_offset),
            not_on_or_after=at(o.not_on_or_after_offset),
            scd_not_on_or_after=at(o.scd_not_on_or_after_offset),
            session_not_on_or_after=at(o.session_not_on_or_after_offset),
            session_index=_new_id(),
            name_id="_t" + uuid.uuid4().hex,
            status=o.status,
        )

    def _sign(self, element: Any, element_id: str, o: ResponseOptions, sign: bool) -> Any:
        if not sign:
            crypto.remove_placeholder(element)
            return element
        pair = o.signing_key or self.keys.idp
        cert = o.key_info_cert or pair.cert_pem
        if o.signer == "python3-saml" or o.sha1:
            return crypto.sign_with_python3_saml(element, pair.key_pem, cert, sha1=o.sha1)
        return crypto.sign_with_signxml(element, element_id, pair.key_pem, cert)


def extra_confirmation(
    *,
    not_on_or_after: str | None,
    recipient: str | None = AUTO,
    in_response_to: str | None = None,
    method: str = BEARER,
    first: bool = True,
) -> Tamper:
    """A ``prepare_assertion`` knob adding one more ``SubjectConfirmation`` (before signing).

    ``recipient`` defaults to the default ACS URL; ``None`` leaves an attribute out;
    ``first`` puts it before the template's own confirmation, else after.
    """
    values = {
        "InResponseTo": in_response_to,
        "NotOnOrAfter": not_on_or_after,
        "Recipient": f"https://pix.example.test{ACS_PATH}" if recipient == AUTO else recipient,
    }

    def tamper(assertion: Any) -> None:
        subject = assertion.find(f"{_SAML}Subject")
        confirmation = etree.Element(f"{_SAML}SubjectConfirmation", Method=method)
        data = etree.SubElement(confirmation, f"{_SAML}SubjectConfirmationData")
        for name, value in values.items():
            if value is not None:
                data.set(name, value)
        existing = subject.findall(f"{_SAML}SubjectConfirmation")
        if first:
            existing[0].addprevious(confirmation)
        else:
            existing[-1].addnext(confirmation)

    return tamper


def use_reference_library(sp: GarServiceProvider) -> GarServiceProvider:
    """Make ``sp`` run python3-saml exactly as shipped (no caches), for differential tests.

    The production SP runs :class:`pixcore_gar.library.FastLibrary`; running the same
    checks through :class:`~pixcore_gar.library.ReferenceLibrary` must give the same
    outcome on every input (``tests/test_gar_differential.py``).
    """
    from pixcore_gar.library import ReferenceLibrary

    context = sp._context
    sp._context = dataclasses.replace(context, library=ReferenceLibrary(sp.settings_object()))
    return sp


@contextlib.contextmanager
def expect_refusal(code: str) -> Iterator[list[GarAuthError]]:
    """Assert that the block raises :class:`GarAuthError` with ``code``; yields the catch.

    >>> with expect_refusal("SAML_REPLAYED") as caught:
    ...     sp.consume(saml_response, request_id=request_id)
    """
    caught: list[GarAuthError] = []
    try:
        yield caught
    except GarAuthError as error:
        if error.code != code:
            raise AssertionError(f"expected {code}, got {error.code} {dict(error.meta)}") from error
        caught.append(error)
    else:
        raise AssertionError(f"expected a refusal with code {code}")
