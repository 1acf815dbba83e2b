"""A result's ``competence_pix`` is a read-only ``dict`` (docs/decisions.md, "Results as
JSON": results stay immutable while ``asdict`` and ``json.dumps`` still work).

Every change is refused with a ``TypeError`` that names the type refusing it and says
it is read-only (as Python's own refusals name their type: "'mappingproxy' object does
not support item assignment"), and the pix stay as decided.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lifecycle_support import Driver

from pixcore import Referential
from pixcore.lifecycle.results import ReadOnlyDict, session_results


def _says_read_only(error: TypeError, mapping: ReadOnlyDict) -> bool:
    message = str(error)
    return message.startswith(type(mapping).__name__ + " ") and "read-only" in message


CHANGES: dict[str, Callable[[ReadOnlyDict], object]] = {
    "set": lambda m: m.__setitem__("1.1", 0),
    "delete": lambda m: m.__delitem__("1.1"),
    "clear": lambda m: m.clear(),
    "pop": lambda m: m.pop("1.1"),
    "popitem": lambda m: m.popitem(),
    "setdefault": lambda m: m.setdefault("9.9", 1),
    "update": lambda m: m.update({"9.9": 1}),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_change_is_refused_as_read_only(change: Callable[[ReadOnlyDict], object]) -> None:
    pix = ReadOnlyDict({"1.1": 17, "2.3": 40})
    with pytest.raises(TypeError) as caught:
        change(pix)
    assert _says_read_only(caught.value, pix)
    assert pix == {"1.1": 17, "2.3": 40}


def test_in_place_union_is_refused_as_read_only() -> None:
    pix = ReadOnlyDict({"1.1": 17})
    with pytest.raises(TypeError) as caught:
        pix |= {"9.9": 1}
    assert _says_read_only(caught.value, pix)
    assert pix == {"1.1": 17}


def test_a_decided_result_cannot_be_changed(referential: Referential) -> None:
    driver = Driver(referential)
    driver.started(1)
    driver.answer(0, *["ok"] * 15)
    driver.finalise(end_screen_confirmations=(driver.number(0),))
    (result,) = session_results(driver.state)
    assert result.status == "validated" and result.competence_pix
    decided = dict(result.competence_pix)
    code = next(iter(decided))
    with pytest.raises(TypeError) as caught:
        result.competence_pix[code] = 0  # type: ignore[index]
    assert isinstance(result.competence_pix, ReadOnlyDict)
    assert _says_read_only(caught.value, result.competence_pix)
    assert result.competence_pix == decided
