"""D7 — the session access code ("code d'accès") and access to a session.

Declared rules (``rules.md`` D7): 4 letters from ``BCDFGHJKMPQRTVWXY`` then 2 digits
from ``2346789``, drawn uniformly with replacement from a cryptographically secure
generator; joining needs both the session number and the access code to match.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable

from pixcore.errors import InvalidInputError, NotFoundError
from pixcore.models._guards import require_type
from pixcore.models.session import ACCESS_CODE_PATTERN, Session
from pixcore.rules.engine import Engine, first_outcome
from pixcore.rules.table import DecisionTable, Row, fact

__all__ = [
    "ACCESS_CODE_DIGITS",
    "ACCESS_CODE_LETTERS",
    "SESSION_ACCESS",
    "check_session_access",
    "generate_access_code",
    "is_valid_access_code",
]

ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
"""17 letters: no vowel, no L N S Z."""
ACCESS_CODE_DIGITS = "2346789"
"""7 digits: no 0 1 5."""
_ACCESS_CODE = re.compile(ACCESS_CODE_PATTERN)

SESSION_ACCESS = DecisionTable(
    name="session_access",
    description="D7: joining needs the session number and the access code to match",
    facts={"session_number_matches": bool, "access_code_matches": bool},
    rows=(
        Row(
            "granted",
            "granted",
            when=(
                fact("session_number_matches") == True,  # noqa: E712
                fact("access_code_matches") == True,  # noqa: E712
            ),
        ),
        Row("refused", "SESSION_NOT_FOUND"),
    ),
)


def generate_access_code(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A new access code such as ``BCDF23``, from a CSPRNG (``secrets``) by default.

    ``randbelow`` may be replaced for reproducible tests only.
    """
    require_type(randbelow, Callable, "randbelow")  # type: ignore[arg-type]
    letters = "".join(_draw(ACCESS_CODE_LETTERS, randbelow) for _ in range(4))
    digits = "".join(_draw(ACCESS_CODE_DIGITS, randbelow) for _ in range(2))
    return letters + digits


def _draw(alphabet: str, randbelow: Callable[[int], int]) -> str:
    index = randbelow(len(alphabet))
    if type(index) is not int or not 0 <= index < len(alphabet):
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "randbelow"})
    return alphabet[index]


def is_valid_access_code(code: str) -> bool:
    """True when ``code`` has the access-code format (upper case only); False for a non-str."""
    return isinstance(code, str) and _ACCESS_CODE.match(code) is not None


def check_session_access(
    session: Session, *, session_number: int, access_code: str, engine: Engine | None = None
) -> None:
    """Refuse unless both the session number and the access code match exactly.

    Raises :class:`NotFoundError` ``SESSION_NOT_FOUND``, the same error for either
    mismatch, so that a guess reveals nothing. The code is compared in constant time.
    """
    require_type(session, Session, "session")
    require_type(access_code, str, "access_code")
    if type(session_number) is not int:  # a Decimal('sNaN') cannot even be compared
        raise InvalidInputError("ARGUMENT_NOT_VALID", meta={"argument": "session_number"})
    facts = {
        "session_number_matches": session_number == session.number,
        "access_code_matches": hmac.compare_digest(
            access_code.encode("utf-8"), session.access_code.encode("utf-8")
        ),
    }
    outcome = first_outcome(SESSION_ACCESS, facts, engine)
    if outcome != "granted":
        raise NotFoundError(outcome)
