"""SAML time values → POSIX seconds, strictly, as python3-saml 1.16.0 reads them.

SAML requires UTC ``xs:dateTime`` values (SAML core §1.3.3). python3-saml reads
``YYYY-MM-DDThh:mm:ss``, an optional fraction (dropped) and an optional ``Z``; it
raises on anything else, a schema-valid UTC offset (``+01:00``) included. The values
pixcore_gar reads itself (replay lifetime, issue instant) go through :func:`to_epoch`,
which accepts the same forms and refuses every other one with ``SAML_INVALID``
(check ``time``): an offset, a year outside 0001–9999, 24:00:00, a leap second.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pixcore_gar.errors import GarAuthError

__all__ = ["to_epoch"]

_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
_SAML_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?Z?"
)


def to_epoch(value: str) -> int:
    """POSIX seconds of a UTC SAML time (fraction dropped, as python3-saml does)."""
    match = _SAML_TIME.fullmatch(value)
    if match is None:
        raise GarAuthError("SAML_INVALID", meta={"check": "time"})
    try:
        year, month, day, hour, minute, second = map(int, match.groups())
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise GarAuthError("SAML_INVALID", meta={"check": "time"}) from None
    return (moment - _EPOCH) // _SECOND
