"""The checklist's actors and how its steps tick (``procedure.md`` §1, docs/readiness.md).

``procedure.md`` §1 names each actor in French — "les enseignants", "le référent Pix",
"le surveillant", "Pix" — which ``pixcore checklist show`` prints in its "Qui" column.
docs/readiness.md's table says which steps tick by hand and which by events; a
:class:`ChecklistItem` declared without saying otherwise is a step ticked by hand
(``manual``), not by events (``automatic``), and applies to every room.
"""

from __future__ import annotations

import pytest

from pixcore.rules.checklist import ACTORS, ITEMS, ChecklistItem, item_status

FRENCH_TERMS = {  # procedure.md §1, "French term"
    "teachers": "les enseignants",
    "referent": "le référent Pix",
    "invigilator": "le surveillant",
    "pix": "Pix",
}

BY_HAND = ("BEF-1", "BEF-2", "BEF-3", "BEF-4", "BEF-8", "BEF-11",
           "DAY-1", "DAY-3", "DAY-4", "DAY-7", "DAY-25")  # fmt: skip
BY_EVENTS = ("BEF-5", "BEF-7", "BEF-9", "DAY-8", "DAY-9", "DAY-18", "AFT-1", "AFT-3", "AFT-5")


def test_each_actor_has_its_french_term() -> None:
    for actor, term in FRENCH_TERMS.items():
        assert ACTORS[actor][0] == term, actor  # type: ignore[index]
    assert ACTORS["pix"] == ("Pix", "Pix")  # a name: the same in English


def test_each_actor_has_its_english_name() -> None:
    """procedure.md §1's actor column, with an article where the French term has one."""
    assert ACTORS["teachers"][1] == "teachers"
    for actor, name in (("school", "school"), ("referent", "Pix referent"),
                        ("invigilator", "invigilator")):  # fmt: skip
        assert ACTORS[actor][1] == f"the {name}", actor  # type: ignore[index]


@pytest.mark.parametrize("derived", [True, False])
@pytest.mark.parametrize("ticked", [True, False])
def test_a_step_that_does_not_apply_is_not_applicable_whatever_happened(
    derived: bool, ticked: bool
) -> None:
    """docs/readiness.md: DAY-25 is "not applicable" when the room has no shared storage;
    neither events nor a tick make a step that does not apply "done"."""
    assert item_status(applicable=False, derived=derived, ticked=ticked) == "not_applicable"
    expected = "done" if derived or ticked else "pending"
    assert item_status(applicable=True, derived=derived, ticked=ticked) == expected


def test_pix_steps_are_shown_as_pix_s() -> None:
    """AFT-3 (automatic jury) and AFT-5 (publication) are Pix's (docs/readiness.md)."""
    pix_steps = {item.id for item in ITEMS if ACTORS[item.actor][0] == "Pix"}
    assert pix_steps == {"AFT-3", "AFT-5"}


def test_a_step_declared_plainly_is_ticked_by_hand_only() -> None:
    step = ChecklistItem("DAY-1", "day", "invigilator", "Préparer la salle", "Prepare the room")
    assert (step.automatic, step.manual, step.only_with_shared_storage) == (False, True, False)


def test_steps_tick_as_docs_readiness_says() -> None:
    items = {item.id: item for item in ITEMS}
    for step in BY_HAND:
        assert (items[step].automatic, items[step].manual) == (False, True), step
    for step in BY_EVENTS:
        assert (items[step].automatic, items[step].manual) == (True, False), step
    assert (items["BEF-10"].automatic, items["BEF-10"].manual) == (True, True)  # either
    assert set(items) == {*BY_HAND, *BY_EVENTS, "BEF-10"}
