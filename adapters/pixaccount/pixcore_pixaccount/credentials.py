"""What the password backend sends as login and password, and how logins are keyed.

Pix's own sign-in form trims the login and the password (JavaScript ``trim()``) before
posting them, and Pix looks users up by the lower-cased login (``saml.md`` §4.3). The
adapter does the same as Pix's form: it sends the login and the password **trimmed**,
with their case as typed (Pix lower-cases the login itself). The per-username limiter
keys a login on exactly what is sent, lower-cased the way Pix looks it up, so every
spelling Pix treats as one account shares one limit.

A login or password that is not text, is empty once trimmed, is longer than any Pix
login could be, or cannot be encoded in UTF-8 (lone surrogates) never reaches Pix: it
is refused as ``MISSING_OR_INVALID_CREDENTIALS`` before any network call.
"""

from __future__ import annotations

import hashlib

from pixcore_pixaccount.errors import PixAccountError

__all__ = [
    "JS_WHITESPACE",
    "MAX_LOGIN_LENGTH",
    "MAX_PASSWORD_LENGTH",
    "login_key",
    "normalize_login",
    "normalize_password",
]

JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""The characters JavaScript's ``String.prototype.trim`` removes (WhiteSpace and
LineTerminator of ECMA-262: tab, VT, FF, ZWNBSP, every ``Zs`` space, LF, CR, LS, PS).

Python's ``str.strip()`` differs (it strips U+001C–U+001F and U+0085, keeps U+FEFF).
"""

MAX_LOGIN_LENGTH = 320
"""The longest login sent: an e-mail address is at most 320 characters (64 + 1 + 255)."""

MAX_PASSWORD_LENGTH = 1024
"""The longest password sent; anything longer is refused before reaching Pix."""


def _trimmed(value: object, max_length: int) -> str:
    if not isinstance(value, str):
        raise PixAccountError("MISSING_OR_INVALID_CREDENTIALS")
    text = value.strip(JS_WHITESPACE)
    if not text or len(text) > max_length:
        raise PixAccountError("MISSING_OR_INVALID_CREDENTIALS")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PixAccountError("MISSING_OR_INVALID_CREDENTIALS") from None
    return text


def normalize_login(username: object) -> str:
    """The login as sent to Pix: trimmed like Pix's sign-in form, case kept."""
    return _trimmed(username, MAX_LOGIN_LENGTH)


def normalize_password(password: object) -> str:
    """The password as sent to Pix: trimmed like Pix's sign-in form."""
    return _trimmed(password, MAX_PASSWORD_LENGTH)


def login_key(username: object) -> bytes:
    """The SHA-256 digest of the normalized login, lower-cased as Pix looks it up."""
    return hashlib.sha256(normalize_login(username).lower().encode("utf-8")).digest()
