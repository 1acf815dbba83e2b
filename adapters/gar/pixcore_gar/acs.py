"""The Assertion Consumer Service pipeline: ``SAMLResponse`` → :class:`VerifiedIdentity`.

Steps, in order (``saml.md`` §8.2): pre-flight (size, base64, no DTD, allow-listed
algorithms, exactly one assertion); python3-saml's strict validation with every
exception mapped to ``SAML_INVALID`` (G8); the application checks python3-saml does not
make (audience G1, InResponseTo binding G2–G4, single-use request id, attributes G6,
UAI allow-list); then the replay check, keyed on issuer + assertion ID (G5).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pixcore.models.identity import VerifiedIdentity
from pixcore_gar import checks, preflight
from pixcore_gar.algorithms import ASSERTION_TAG, NS_SAML
from pixcore_gar.attributes import AssertionInfo, to_identity
from pixcore_gar.config import GarConfig
from pixcore_gar.errors import GarAuthError
from pixcore_gar.host import GarHooks

__all__ = ["ConsumeContext", "consume", "ido_hash"]

_log = logging.getLogger("pixcore_gar")


def ido_hash(ido: str) -> str:
    """A short, stable hash of an IDO for logs (never log the IDO itself)."""
    return hashlib.sha256(ido.encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class ConsumeContext:
    """What the pipeline needs, built once per service provider."""

    config: GarConfig
    settings: Any
    request_data: Callable[[str], dict[str, Any]]
    hooks: GarHooks
    clock: Callable[[], datetime]


def consume(ctx: ConsumeContext, saml_response: str, *, request_id: str | None) -> VerifiedIdentity:
    """Run every check and return the verified identity, or raise :class:`GarAuthError`."""
    try:
        identity = _consume(ctx, saml_response, request_id)
    except GarAuthError as error:
        _log.warning("GAR login refused: code=%s check=%s", error.code, error.meta.get("check"))
        raise
    _log.info("GAR login accepted: ido_hash=%s", ido_hash(identity.subject))
    ctx.hooks.on_identity(identity)
    return identity


def _consume(ctx: ConsumeContext, saml_response: str, request_id: str | None) -> VerifiedIdentity:
    config = ctx.config
    data = preflight.decode(saml_response, max_bytes=config.max_response_bytes)
    preflight.check_tree(preflight.parse(data), allow_tripledes=config.allow_tripledes)
    response = _validated(ctx, saml_response, request_id)
    document = response.get_xml_document()
    assertion = document.find(ASSERTION_TAG)
    checks.check_audience(assertion, config.sp_entity_id)
    if checks.check_binding(
        config.unsolicited, request_id, document.get("InResponseTo"), assertion
    ):
        _consume_request(ctx.hooks, request_id or "")
    expiry = checks.assertion_expiry(assertion)
    issuer = assertion.findtext(f"{{{NS_SAML}}}Issuer") or ""
    info = AssertionInfo(issuer, _issue_instant(assertion), expiry, response.get_session_index())
    identity = to_identity(
        _attributes(response),
        required=config.required_attributes,
        uai_filter=lambda uais: _allowed_uais(ctx, uais),
        info=info,
    )
    _check_replay(ctx, issuer, assertion.get("ID") or "", expiry)
    return identity


def _validated(ctx: ConsumeContext, saml_response: str, request_id: str | None) -> Any:
    from onelogin.saml2.response import OneLogin_Saml2_Response  # type: ignore[import-untyped]

    try:
        response = OneLogin_Saml2_Response(ctx.settings, saml_response)
    except Exception as exc:
        raise preflight.invalid("library") from exc
    if response.encrypted:
        allow = ctx.config.allow_tripledes
        preflight.check_tree(response.decrypted_document, allow_tripledes=allow, decrypted=True)
    try:
        response.is_valid(ctx.request_data(saml_response), request_id, raise_exceptions=True)
    except Exception as exc:
        _log.debug("python3-saml refused the response", exc_info=True)
        raise preflight.invalid("library") from exc
    return response


def _consume_request(hooks: GarHooks, request_id: str) -> None:
    state = hooks.consume_request(request_id)
    if state == "used":
        raise GarAuthError("SAML_REPLAYED", meta={"check": "request_id"})
    if state != "fresh":
        raise GarAuthError("SAML_UNSOLICITED", meta={"check": "unknown_request"})


def _attributes(response: Any) -> Any:
    try:
        return response.get_attributes()
    except Exception as exc:
        raise preflight.invalid("attributes") from exc


def _issue_instant(assertion: Any) -> datetime | None:
    from onelogin.saml2.utils import OneLogin_Saml2_Utils  # type: ignore[import-untyped]

    value = assertion.get("IssueInstant")
    return datetime.fromtimestamp(OneLogin_Saml2_Utils.parse_SAML_to_time(value), UTC)


def _allowed_uais(ctx: ConsumeContext, uais: tuple[str, ...]) -> tuple[str, ...]:
    allow_list = ctx.config.allowed_uai
    verdicts = {uai: ctx.hooks.uai_verdicts(uai) for uai in uais}
    if allow_list is None and not any(verdicts.values()):
        return uais
    allowed = tuple(
        uai for uai in uais if (allow_list is None or uai in allow_list) and all(verdicts[uai])
    )
    if not allowed:
        raise GarAuthError("SAML_UAI_NOT_ALLOWED")
    return allowed


def _check_replay(ctx: ConsumeContext, issuer: str, assertion_id: str, expiry: datetime) -> None:
    key = checks.replay_key(issuer, assertion_id)
    floor = ctx.clock() + timedelta(seconds=ctx.config.replay_ttl_floor_seconds)
    expires_at = max(expiry + checks.CLOCK_DRIFT, floor)
    if not ctx.hooks.replay_check_and_store(key, expires_at):
        raise GarAuthError("SAML_REPLAYED", meta={"check": "assertion"})
