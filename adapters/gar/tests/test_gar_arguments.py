"""Wrong argument types at the adapter's public API are coded errors (issue 8 §1).

A host passing ``None``, a string or a list where a typed value is expected gets a
:class:`~pixcore_gar.errors.GarArgumentError` (``ARGUMENT_NOT_VALID``) naming the
parameter, never an ``AttributeError`` from deep inside, a pydantic ``ValidationError``
or a silent "no match"; the message never shows the value.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pixcore_gar import GarLinker, Learner, match_learner
from pixcore_gar.errors import GarArgumentError
from pixcore_gar.host import GarHooks

from pixcore.errors import PixcoreError
from pixcore.models.identity import VerifiedIdentity

BIRTH = date(2011, 3, 14)
UAI = "0750001A"
SECRET = "Lefèvre-0750001A"  # would show up if a message quoted the value
WRONG = [None, 7, b"x", ["x"], {"x": 1}, object(), SECRET]


@pytest.fixture
def linker(gar):
    return GarLinker(GarHooks(gar.pm))


@pytest.fixture
def identity():
    return VerifiedIdentity(
        provider="GAR", subject="ido-1", first_name="Léa", last_name="Martin", uai=(UAI,)
    )


def _calls(linker, identity):
    """(argument name, call taking the wrong value) for every typed parameter."""
    return [
        ("identity", lambda v: linker.account_for(v)),
        ("identity", lambda v: linker.reconcile(v, UAI, BIRTH)),
        ("uai", lambda v: linker.reconcile(identity, v, BIRTH)),
        ("birthdate", lambda v: linker.reconcile(identity, UAI, v)),
        ("account_id", lambda v: linker.link(v, identity)),
        ("identity", lambda v: linker.link("acc-1", v)),
        ("account_id", lambda v: linker.relink(v, "old", identity)),
        ("old_ido", lambda v: linker.relink("acc-1", v, identity)),
        ("identity", lambda v: linker.relink("acc-1", "old", v)),
        ("first_name", lambda v: match_learner(v, "Martin", BIRTH, [])),
        ("last_name", lambda v: match_learner("Léa", v, BIRTH, [])),
        ("birthdate", lambda v: match_learner("Léa", "Martin", v, [])),
        ("learners", lambda v: match_learner("Léa", "Martin", BIRTH, v)),
    ]


def _accepts(argument, value):
    """The values of the right type in WRONG (str for names and ids, None where optional)."""
    if isinstance(value, str):
        return argument in {"uai", "account_id", "old_ido", "first_name", "last_name"}
    return value is None and argument == "old_ido"


def test_every_public_call_refuses_a_wrong_type_with_a_coded_error(linker, identity):
    for argument, call in _calls(linker, identity):
        for value in WRONG:
            if _accepts(argument, value):
                continue
            with pytest.raises(GarArgumentError) as caught:
                call(value)
            error = caught.value
            assert isinstance(error, PixcoreError)
            assert (error.code, error.meta) == ("ARGUMENT_NOT_VALID", {"argument": argument})
            assert argument in error.message and argument in error.message_en
            assert SECRET not in error.message + error.message_en + repr(error)


@pytest.mark.parametrize("value", [datetime(2011, 3, 14), "2011-03-14"])
def test_a_birthdate_must_be_a_date_not_a_datetime_or_text(linker, identity, value):
    # Before: silently "no pupil matches", the host's bug hidden as the pupil's error.
    for call in (
        lambda: linker.reconcile(identity, UAI, value),
        lambda: match_learner("Léa", "Martin", value, []),
    ):
        with pytest.raises(GarArgumentError):
            call()


def test_learners_must_be_learner_objects():
    dicts = [{"id": "L1", "first_name": "Léa", "last_name": "Martin", "birthdate": BIRTH}]
    with pytest.raises(GarArgumentError):
        match_learner("Léa", "Martin", BIRTH, dicts)
    one = Learner(**dicts[0])
    assert match_learner("Léa", "Martin", BIRTH, iter([one])).learner_id == "L1"


@pytest.mark.parametrize("value", [7, b"x", ["x"], {"x": 1}])
def test_begin_login_refuses_a_relay_state_of_the_wrong_type(gar, value):
    with pytest.raises(GarArgumentError) as caught:
        gar.sp.begin_login(value)
    assert caught.value.meta == {"argument": "relay_state"}
