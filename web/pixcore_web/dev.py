"""Development mode: the fake Pix API in-process, dev accounts, an eligible profile.

Only ``pixcore serve --dev`` uses this module (and the tests). The fake Pix API is
pixcore-pixaccount's :class:`FakePixApi` on a loopback port, with :data:`DEV_PUPILS`
as accounts, so that candidates log in through the real adapter code.
"""

from __future__ import annotations

import dataclasses
import secrets

from pixcore.host.hookspecs import hookimpl
from pixcore.models.competence import CompetenceProfile
from pixcore.models.identity import VerifiedIdentity
from pixcore_web.config import PixLogin
from pixcore_web.errors import DevModeError

__all__ = ["DEV_PASSWORD", "DEV_PUPILS", "DevPix", "DevProfiles", "DevPupil", "start_dev_pix"]

DEV_PASSWORD = "pixdev-2026"
"""The password of every development account."""


@dataclasses.dataclass(frozen=True, slots=True)
class DevPupil:
    """A development Pix account, named like a line of ``web/examples/candidats-dev.csv``."""

    username: str
    first_name: str
    last_name: str
    birth_date: str


DEV_PUPILS = (
    DevPupil("lea.dubois", "Léa", "Dubois", "2011-03-14"),
    DevPupil("lucas.martin", "Lucas", "Martin", "2011-02-07"),
    DevPupil("ines.joseph", "Inès", "Joseph-Angélique", "2011-02-11"),
)
"""The development pupils (password :data:`DEV_PASSWORD`)."""


class DevProfiles:
    """A plugin answering ``pixcore_resolve_profile``: five core competences at level 1.

    The stand-in test then has 15 questions (three per competence).
    """

    @hookimpl
    def pixcore_resolve_profile(self, session_number: int, user: str) -> CompetenceProfile:
        """The same eligible profile for everyone."""
        return CompetenceProfile(pix={"1.1": 9, "1.2": 10, "2.1": 11, "3.1": 12, "4.1": 13})


class DevPix:
    """The fake Pix API serving :data:`DEV_PUPILS`, and a login function on it."""

    def __init__(self) -> None:
        try:
            from pixcore_pixaccount import PixApiConfig, PixApiPasswordBackend
            from pixcore_pixaccount.testing import FakePixApi, LoopbackServer
        except ImportError:  # pragma: no cover - the [dev] extra is missing
            raise DevModeError("WEB_DEV_EXTRA_MISSING") from None
        self.api = FakePixApi()
        for index, pupil in enumerate(DEV_PUPILS, start=1):
            self.api.add_user(
                1000 + index, DEV_PASSWORD, username=pupil.username,
                first_name=pupil.first_name, last_name=pupil.last_name,
            )  # fmt: skip
        self.server = LoopbackServer(self.api).start()
        self.backend = PixApiPasswordBackend(PixApiConfig(self.server.url, timeout_seconds=5))

    @property
    def login(self) -> PixLogin:
        """Check a username and password with the fake Pix API (the adapter's code)."""

        def check(username: str, password: str) -> VerifiedIdentity:
            return self.backend.login(username, password).identity

        return check

    def stop(self) -> None:
        """Stop the fake API."""
        self.server.stop()


def start_dev_pix() -> DevPix:
    """Start the fake Pix API with the development accounts."""
    return DevPix()


def dev_code() -> str:
    """A random staff code for one development run (printed in the banner)."""
    return secrets.token_urlsafe(12)
