"""``GarServiceProvider``: the façade a host uses for GAR login (metadata, login, ACS).

Built once per configuration: the python3-saml settings object, the request data and
the library runner (:mod:`pixcore_gar.library`: XSD schema, XPath and key caches of
this instance only) are reused for every login. Start-up fails closed (G14) when no
request or replay store is registered: there is no switch to turn this off; tests
register their own :class:`~pixcore_gar.stores.InMemoryStore`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pluggy

from pixcore.models.identity import VerifiedIdentity
from pixcore_gar import acs, library
from pixcore_gar.config import GarConfig
from pixcore_gar.errors import GarConfigError, config_error, require_type
from pixcore_gar.host import GarHooks
from pixcore_gar.settings import load_settings, request_data

__all__ = ["GarServiceProvider"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class GarServiceProvider:
    """A hardened SAML 2.0 service provider for GAR, on python3-saml.

    >>> sp = GarServiceProvider(config, pm)           # pm has a replay store plugin
    >>> url, request_id = sp.begin_login()            # redirect the browser to url
    >>> identity = sp.consume(form["SAMLResponse"], request_id=request_id)
    """

    def __init__(
        self,
        config: GarConfig,
        pm: pluggy.PluginManager,
        *,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.config = config
        self.hooks = GarHooks(pm)
        missing = self.hooks.missing_stores()
        if missing:
            raise GarConfigError("GAR_STORE_MISSING", meta={"store": missing[0]})
        self._settings = load_settings(config)
        self._clock = clock
        self._context = acs.ConsumeContext(
            config=config,
            library=library.for_settings(self._settings),
            request_data=request_data(config, {}),
            hooks=self.hooks,
            clock=clock,
        )

    @classmethod
    def from_hooks(
        cls, pm: pluggy.PluginManager, establishment: str | None = None
    ) -> GarServiceProvider:
        """Build the SP from the host's ``pixcore_gar_saml_settings`` answer."""
        config = GarHooks(pm).saml_settings(establishment)
        if config is None:
            raise config_error("pixcore_gar_saml_settings", "no_configuration")
        return cls(config, pm)

    @functools.cached_property
    def _metadata(self) -> str:
        metadata = self._settings.get_sp_metadata()
        if self._settings.validate_metadata(metadata):
            raise config_error("sp_metadata", "metadata_invalid")
        return metadata.decode() if isinstance(metadata, bytes) else str(metadata)

    def metadata(self) -> str:
        """The SP metadata XML, served at ``sp_entity_id`` (GAR's rule)."""
        return self._metadata

    def begin_login(self, relay_state: str | None = None) -> tuple[str, str]:
        """Start an SP-initiated login: ``(redirect_url, request_id)``.

        The AuthnRequest is signed; its id is stored through ``pixcore_gar_store_request``
        with a TTL. ``relay_state`` defaults to the GAR resource URL and must be one of
        the configured RelayState values.
        """
        from onelogin.saml2.auth import OneLogin_Saml2_Auth  # type: ignore[import-untyped]

        require_type(relay_state, (str, type(None)), "relay_state")
        relay = relay_state if relay_state is not None else self.config.resource_url
        if relay is not None and relay not in self.config.relay_states:
            raise config_error("relay_state", "relay_state_not_allowed")
        auth = OneLogin_Saml2_Auth(request_data(self.config, {}), old_settings=self._settings)
        url: str = auth.login(return_to=relay)
        request_id: str = auth.get_last_request_id()
        expires_at = self._clock() + timedelta(seconds=self.config.request_ttl_seconds)
        self.hooks.store_request(request_id, expires_at)
        return url, request_id

    def consume(self, saml_response: str, *, request_id: str | None) -> VerifiedIdentity:
        """Verify a posted ``SAMLResponse`` bound to the browser's ``request_id``.

        :param saml_response: the ``SAMLResponse`` form field, as posted.
        :param request_id: the AuthnRequest id stored for this browser, or ``None``.
        :raises GarAuthError: with a stable code; its message is safe to show.
        """
        return acs.consume(self._context, saml_response, request_id=request_id)

    def safe_relay_state(self, relay_state: str | None) -> str | None:
        """``relay_state`` when it is exactly a configured value, else ``None`` (G10)."""
        if relay_state is not None and relay_state in self.config.relay_states:
            return relay_state
        return None

    def settings_object(self) -> Any:
        """The python3-saml settings object in use (read-only; for diagnostics)."""
        return self._settings
