"""What the fuzz suite (``tests/fuzz``) shares: profiles, junk values, the contract.

The contract every entry point keeps, whatever it is given: it returns, or raises a
:class:`~pixcore.errors.PixcoreError` whose code has a French and an English message;
it ends within :data:`CALL_SECONDS`; and no input value (the sentinels planted in the
inputs) shows in the error's messages, its details or its repr.

Profiles: the bounded one runs in the default suite (about 30 s for the whole fuzz
suite); ``PIXCORE_FUZZ=long`` runs the long one (see ``tests/fuzz/README.md``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from pixcore.errors import PixcoreError
from pixcore.messages import CATALOGUE

LONG = os.environ.get("PIXCORE_FUZZ") == "long"
CALL_SECONDS = 10.0
"""Bound of one call (generous: the hostile inputs end in milliseconds)."""


def fuzz_settings(examples: int) -> settings:
    """``examples`` per test in the bounded profile, 50× as many in the long one."""
    return settings(
        max_examples=examples * 50 if LONG else examples,
        deadline=None,  # the bound is enforced by within(), one alarm per call
        derandomize=not LONG,  # the default suite is reproducible; the long one explores
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


MARK = "Xyzzy"
SENTINELS = (f"Lefèvre{MARK}", f"Maël {MARK}", f"{MARK}-IDO-0123456789", "2010-06-15", "15/06/2010")
"""Values planted in the inputs: a pupil's names, an IDO, a birth date. None may come out."""


class CallTimeoutError(AssertionError):
    """A call outlived :data:`CALL_SECONDS`."""


@contextlib.contextmanager
def within(seconds: float = CALL_SECONDS) -> Iterator[None]:
    """Fail the call if it runs longer than ``seconds`` (SIGALRM, main thread)."""

    def _expired(*_: object) -> None:
        raise CallTimeoutError(f"the call did not end within {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_error(error: PixcoreError) -> None:
    """A coded error with both messages, and no sentinel in anything it shows."""
    assert error.code in CATALOGUE or error.code in type(error).messages, error.code
    texts = [error.message, error.message_en, repr(error), str(error), str(error.as_dict())]
    for text in texts:
        for sentinel in SENTINELS:
            assert sentinel not in text, (error.code, text)


def call_keeps_the_contract(call: Callable[[], Any]) -> Any:
    """Run ``call`` within the bound; only coded, silent pixcore errors may escape."""
    try:
        with within():
            return call()
    except PixcoreError as error:
        check_error(error)
        return error


# --------------------------------------------------------------------- junk values

sentinels = st.sampled_from(SENTINELS)
numbers_as_text = st.sampled_from(
    ["1E+999990", "1E-999999999", "NaN", "-Infinity", "²", "0,33", "33", " 0.5 ",
     "1e3", "0x1F", "٣", "", " "]
) | st.integers(4400, 6000).map(lambda n: "9" * n)  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([5000, -400, 63]).map(lambda n: 10**n if n > 0 else -(10**-n)),
    st.floats(),
    st.decimals(),
    st.sampled_from([Decimal("1E+999990"), Decimal("1E-999999999"), Decimal("sNaN")]),
    st.fractions(),
    st.just(Fraction(1, 3)),
    st.text(max_size=20),
    sentinels,
    numbers_as_text,
    st.binary(max_size=20),
    st.dates(),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.sampled_from([dt.datetime.max, dt.datetime.min.replace(tzinfo=dt.UTC), dt.date.max]),
)
junk = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | sentinels, inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=12,
)
"""Any value a careless or hostile caller might pass."""
