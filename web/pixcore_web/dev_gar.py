"""Development GAR: the adapter's test IdP (:class:`FakeGarIdP`) served in-process.

Only ``pixcore serve --dev`` (and the tests) use this module. The service provider is
the real one (pixcore-gar, configured to trust the test IdP's key); the IdP's single
sign-on address is a page of this host, ``/dev/gar/sso``, listing the development
pupils: choosing one builds the signed SAML response the real GAR would send, and the
browser posts it to the adapter's ACS (``/api/saml/acs``) with a button, as GAR's POST
binding does. The SP's redirect to the test IdP's nominal address is rewritten to that
page, and the adapter's request cookie is kept ``Secure`` (loopback HTTP is a secure
context for the browser).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from xml.etree import ElementTree

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pixcore.errors import PixcoreError
from pixcore_web.dev import DEV_PUPILS
from pixcore_web.errors import DevModeError, WebError
from pixcore_web.gar import GarLogin
from pixcore_web.pages import error_page, form, render, text

__all__ = ["DEV_GAR_SSO", "dev_gar_login", "request_id_of"]

DEV_GAR_SSO = "/dev/gar/sso"
"""The development IdP's page (the SP's redirect lands there)."""

_MAX_REQUEST = 8192


def request_id_of(saml_request: str) -> str:
    """The ``ID`` of a redirect-binding AuthnRequest (base64 of raw DEFLATE), bounded."""
    if len(saml_request) > _MAX_REQUEST:
        raise WebError("WEB_GAR_REQUEST_INVALID")
    try:
        inflater = zlib.decompressobj(-15)
        xml = inflater.decompress(base64.b64decode(saml_request, validate=True), _MAX_REQUEST)
        if b"<!" in xml:  # no DTD, no entity: nothing to expand
            raise ValueError
        root = ElementTree.fromstring(xml)
    except (binascii.Error, zlib.error, ElementTree.ParseError, ValueError):
        raise WebError("WEB_GAR_REQUEST_INVALID") from None
    request_id = root.get("ID")
    if not request_id or len(request_id) > 200:
        raise WebError("WEB_GAR_REQUEST_INVALID")
    return str(request_id)


class _LocalIdp:
    """Rewrite the SP's redirect to the test IdP's nominal address into DEV_GAR_SSO."""

    def __init__(self, app: ASGIApp, sso_url: str) -> None:
        self.app = app
        self.sso_url = sso_url.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, DEV_GAR_SSO.encode() + value[len(self.sso_url) :])
                    if name == b"location" and value.startswith(self.sso_url)
                    else (name, value)
                    for name, value in message["headers"]
                ]
            await send(message)

        await self.app(scope, receive, rewrite)


def _ido(username: str) -> str:
    return hashlib.sha256(f"pixcore-dev-gar:{username}".encode()).hexdigest()


def dev_gar_login(*, secure_cookies: bool) -> GarLogin:
    """The GAR login of dev mode: the real SP trusting the in-process test IdP."""
    try:
        from pixcore_gar import GarServiceProvider, InMemoryStore, create_gar_plugin_manager
        from pixcore_gar.testing import FakeGarIdP, student_attributes
    except ImportError:  # pragma: no cover - the [dev] extra is missing
        raise DevModeError("WEB_DEV_EXTRA_MISSING") from None
    idp = FakeGarIdP()
    sp = GarServiceProvider(idp.sp_config(), create_gar_plugin_manager(InMemoryStore()))

    async def sso(request: Request) -> Response:
        try:
            if request.method == "GET":
                request_id = request_id_of(request.query_params.get("SAMLRequest", ""))
                return render(request, "dev_gar_idp.html", request_id=request_id,
                              pupils=DEV_PUPILS)  # fmt: skip
            data = await form(request)
            request_id = text(data, "request_id", limit=200)
            pupil = {p.username: p for p in DEV_PUPILS}.get(text(data, "pupil", limit=100))
            if pupil is None:
                raise WebError("WEB_FORM_INVALID")
        except PixcoreError as error:
            return error_page(request, error)
        attributes = student_attributes(
            IDO=[_ido(pupil.username)], PRE=[pupil.first_name], NOM=[pupil.last_name]
        )
        saml = idp.response(request_id, attributes=attributes)
        return render(request, "dev_gar_post.html", saml_response=saml, pupil=pupil)

    return GarLogin(
        sp, secure_cookies=secure_cookies,
        wrap=lambda app: _LocalIdp(app, idp.sso_url),
        extra_routes=(Route(DEV_GAR_SSO, sso, methods=["GET", "POST"]),),
    )  # fmt: skip
