"""Every value pixcore_gar reads itself from the verified document, read in one pass.

:func:`read_facts` runs after python3-saml's validation, on the decrypted document when
the assertion was encrypted, inside the ACS pipeline's guarded section. It walks the
Response's and the Assertion's children once (the base class's iterator:
python3-saml's element class filters children in Python) and returns plain strings,
POSIX times and the attributes, read as python3-saml reads them;
:mod:`pixcore_gar.checks` decides on them. Times are parsed here, strictly
(:func:`pixcore_gar.saml_time.to_epoch`): a value python3-saml never looked at (the
``NotOnOrAfter`` of a second confirmation, the ``IssueInstant``) cannot escape as a raw
exception later.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from pixcore_gar.algorithms import ASSERTION_TAG, NS_SAML
from pixcore_gar.errors import GarAuthError
from pixcore_gar.saml_time import to_epoch

__all__ = ["AssertionFacts", "Confirmation", "read_facts"]

BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
"""The bearer confirmation method (python3-saml treats a missing Method as bearer)."""

_ISSUER = f"{{{NS_SAML}}}Issuer"
_SUBJECT = f"{{{NS_SAML}}}Subject"
_CONFIRMATION = f"{{{NS_SAML}}}SubjectConfirmation"
_CONFIRMATION_DATA = f"{{{NS_SAML}}}SubjectConfirmationData"
_CONDITIONS = f"{{{NS_SAML}}}Conditions"
_AUDIENCE_RESTRICTION = f"{{{NS_SAML}}}AudienceRestriction"
_AUDIENCE = f"{{{NS_SAML}}}Audience"
_AUTHN_STATEMENT = f"{{{NS_SAML}}}AuthnStatement"
_ATTRIBUTE_STATEMENT = f"{{{NS_SAML}}}AttributeStatement"
_ATTRIBUTE = f"{{{NS_SAML}}}Attribute"
_ATTRIBUTE_VALUE = f"{{{NS_SAML}}}AttributeValue"


def _children(element: Any, tag: str | None = None) -> list[Any]:
    """Child elements (with ``tag``), by comparing tag strings.

    lxml's tag-filtered iterators match names by pointer in the document's dictionary:
    a node created by C code (xmlsec) outside it would be skipped. Comparing strings
    cannot miss one; the lists are a handful of children long.
    """
    children = etree._Element.iterchildren(element)
    return [c for c in children if c.tag == tag] if tag else list(children)


def _text(element: Any) -> str | None:
    """The element's text as python3-saml reads it: comments removed, up to the first child.

    python3-saml strips comments in place, then takes ``.text``; this reads the same
    string without changing the tree (CVE-2017-11427: a comment cannot cut a value).
    """
    text: str | None = element.text
    for child in etree._Element.iterchildren(element):
        if child.tag is not etree.Comment:
            break
        if child.tail:
            text = (text or "") + child.tail
    return text


def _attributes(statement: Any, found: dict[str, tuple[str, ...]]) -> None:
    """Add an AttributeStatement's attributes: name → stripped, non-empty string values.

    As python3-saml's ``get_attributes`` reads them (nested ``NameID`` values are not
    strings and are left out); a repeated name is refused, as python3-saml does with
    ``allowRepeatAttributeName`` off.
    """
    children = etree._Element.iterchildren
    for attribute in children(statement):
        name = attribute.get("Name") if attribute.tag == _ATTRIBUTE else None
        if not name:
            continue
        if name in found:
            raise GarAuthError("SAML_INVALID", meta={"check": "attribute_repeated"})
        values = []
        for value in children(attribute):
            if value.tag != _ATTRIBUTE_VALUE:
                continue
            text = _text(value) if len(value) else value.text
            if text and (text := text.strip()):
                values.append(text)
        found[name] = tuple(values)


@dataclasses.dataclass(frozen=True, slots=True)
class Confirmation:
    """One ``SubjectConfirmation``: its method and its data (``has_data`` False if none)."""

    bearer: bool
    has_data: bool = False
    recipient: str | None = None
    in_response_to: str | None = None
    not_on_or_after: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class AssertionFacts:
    """What the checks and the identity need from the one verified assertion.

    ``attributes`` (never in the repr) maps each attribute name to its string values.
    """

    destination: str | None
    in_response_to: str | None
    assertion_id: str
    issuer: str
    issue_instant: int | None
    audiences: tuple[str, ...]
    conditions_not_on_or_after: int | None
    session_not_on_or_after: tuple[int, ...]
    session_index: str | None
    confirmations: tuple[Confirmation, ...]
    attributes: dict[str, tuple[str, ...]] = dataclasses.field(repr=False)


def _time(value: str | None) -> int | None:
    return to_epoch(value) if value else None


def _confirmation(element: Any) -> Confirmation:
    bearer = element.get("Method", BEARER) == BEARER
    found = _children(element, _CONFIRMATION_DATA)
    if not found:
        return Confirmation(bearer=bearer)
    data = found[0]
    return Confirmation(
        bearer=bearer,
        has_data=True,
        recipient=data.get("Recipient"),
        in_response_to=data.get("InResponseTo"),
        not_on_or_after=_time(data.get("NotOnOrAfter")),
    )


def read_facts(document: Any) -> AssertionFacts:
    """Read the Response's and its one Assertion's values (the caller verified both)."""
    (assertion,) = _children(document, ASSERTION_TAG)
    issuer = ""
    audiences: list[str] = []
    conditions_end: int | None = None
    sessions: list[int] = []
    session_index: str | None = None
    confirmations: list[Confirmation] = []
    attributes: dict[str, tuple[str, ...]] = {}
    for child in _children(assertion):
        tag = child.tag
        if tag == _ATTRIBUTE_STATEMENT:
            _attributes(child, attributes)
        elif tag == _ISSUER:
            issuer = _text(child) or ""
        elif tag == _SUBJECT:
            confirmations += [_confirmation(c) for c in _children(child, _CONFIRMATION)]
        elif tag == _CONDITIONS:
            conditions_end = _time(child.get("NotOnOrAfter"))
            for restriction in _children(child, _AUDIENCE_RESTRICTION):
                audiences += [_text(a) or "" for a in _children(restriction, _AUDIENCE)]
        elif tag == _AUTHN_STATEMENT:
            sessions += [t for t in (_time(child.get("SessionNotOnOrAfter")),) if t is not None]
            session_index = session_index or child.get("SessionIndex")
    return AssertionFacts(
        destination=document.get("Destination"),
        in_response_to=document.get("InResponseTo"),
        assertion_id=assertion.get("ID") or "",
        issuer=issuer,
        issue_instant=_time(assertion.get("IssueInstant")),
        audiences=tuple(audiences),
        conditions_not_on_or_after=conditions_end,
        session_not_on_or_after=tuple(sessions),
        session_index=session_index,
        confirmations=tuple(confirmations),
        attributes=attributes,
    )
