"""XML templates of :mod:`pixcore_gar.testing`: a GAR-shaped Response and Assertion.

Values are escaped; every element the §9 knobs can remove is optional. Internal to the
test tooling (extra ``pixcore-gar[testing]``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

__all__ = ["Fields", "assertion_xml", "response_xml", "saml_time"]

NS = (
    'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
    'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
)
PLACEHOLDER = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="placeholder"/>'
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
PPT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"


@dataclasses.dataclass(frozen=True)
class Fields:
    """Every value written into the templates; ``None`` leaves the attribute out."""

    response_id: str
    assertion_id: str
    issue_instant: str
    issuer: str
    assertion_issuer: str | None
    destination: str | None
    in_response_to: str | None
    scd_in_response_to: str | None
    recipient: str | None
    audience: str | None
    not_before: str | None
    not_on_or_after: str | None
    scd_not_on_or_after: str | None
    session_not_on_or_after: str | None
    session_index: str
    name_id: str
    status: str


def saml_time(moment: datetime) -> str:
    """``moment`` as a SAML ``xs:dateTime`` in UTC."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _attr(name: str, value: str | None) -> str:
    return "" if value is None else f" {name}={quoteattr(value)}"


def _attributes(attributes: Mapping[str, Sequence[str]]) -> str:
    parts = []
    for name, values in attributes.items():
        inner = "".join(f"<saml:AttributeValue>{escape(v)}</saml:AttributeValue>" for v in values)
        parts.append(f"<saml:Attribute Name={quoteattr(name)} NameFormat={quoteattr(BASIC)}>")
        parts.append(f"{inner}</saml:Attribute>")
    return "".join(parts)


def _conditions(k: Fields) -> str:
    audience = k.audience
    restriction = (
        ""
        if audience is None
        else "<saml:AudienceRestriction><saml:Audience>"
        f"{escape(audience)}</saml:Audience></saml:AudienceRestriction>"
    )
    return (
        f"<saml:Conditions{_attr('NotBefore', k.not_before)}"
        f"{_attr('NotOnOrAfter', k.not_on_or_after)}>"
        f"{restriction}</saml:Conditions>"
    )


def _subject(k: Fields) -> str:
    scd = (
        f"<saml:SubjectConfirmationData{_attr('InResponseTo', k.scd_in_response_to)}"
        f"{_attr('NotOnOrAfter', k.scd_not_on_or_after)}"
        f"{_attr('Recipient', k.recipient)}/>"
    )
    return (
        "<saml:Subject><saml:NameID "
        'Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">'
        f"{escape(k.name_id)}</saml:NameID>"
        f'<saml:SubjectConfirmation Method="{BEARER}">{scd}</saml:SubjectConfirmation>'
        "</saml:Subject>"
    )


def assertion_xml(k: Fields, attributes: Mapping[str, Sequence[str]]) -> str:
    """The Assertion, with a signature placeholder after its Issuer (XSD order)."""
    issuer = k.assertion_issuer
    issuer_xml = "" if issuer is None else f"<saml:Issuer>{escape(issuer)}</saml:Issuer>"
    session = _attr("SessionNotOnOrAfter", k.session_not_on_or_after)
    return (
        f'<saml:Assertion {NS} ID="{k.assertion_id}" Version="2.0" '
        f'IssueInstant="{k.issue_instant}">{issuer_xml}{PLACEHOLDER}'
        f"{_subject(k)}{_conditions(k)}"
        f'<saml:AuthnStatement AuthnInstant="{k.issue_instant}" '
        f'SessionIndex="{k.session_index}"{session}>'
        f"<saml:AuthnContext><saml:AuthnContextClassRef>{PPT}</saml:AuthnContextClassRef>"
        "</saml:AuthnContext></saml:AuthnStatement>"
        f"<saml:AttributeStatement>{_attributes(attributes)}</saml:AttributeStatement>"
        "</saml:Assertion>"
    )


def response_xml(k: Fields) -> str:
    """The Response shell, with a signature placeholder and an empty slot for the assertion."""
    status = k.status
    return (
        f'<samlp:Response {NS} ID="{k.response_id}" Version="2.0" '
        f'IssueInstant="{k.issue_instant}"'
        f"{_attr('Destination', k.destination)}"
        f"{_attr('InResponseTo', k.in_response_to)}>"
        f"<saml:Issuer>{escape(k.issuer)}</saml:Issuer>{PLACEHOLDER}"
        f'<samlp:Status><samlp:StatusCode Value="{status}"/></samlp:Status>'
        "</samlp:Response>"
    )
