"""The one base of every pixcore pydantic model: frozen, strict, and silent about inputs.

pydantic's default errors quote the input (``input_value={'last_name': 'Lefèvre', ...}``)
and its default repr prints every field. Every model of pixcore derives from
:class:`PixcoreModel`, whose configuration hides the input in validation errors; models
that hold civil data mark those fields ``repr=False`` (see ``docs/decisions.md``). A
meta-test walks every model of the code base and checks both.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = ["PixcoreModel", "trusted"]


class PixcoreModel(BaseModel):
    """Base of pixcore's models: frozen, unknown fields refused, input hidden in errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


_M = TypeVar("_M", bound=PixcoreModel)
_set_attribute = object.__setattr__


def trusted(model: type[_M], **values: object) -> _M:
    """An instance of ``model`` holding ``values``, without a validation pass.

    Only for results the core computed itself from values it already checked (a rule's
    decision, a normalised report), never for input: pydantic still guards every
    boundary. ``values`` must name every field with a value of its declared type (the
    property tests compare these results with validated ones). ~1.5–2× cheaper than
    validating again (and ``model_construct`` is slower than both), on the hot path of
    every decision (issue 14).
    """
    instance = model.__new__(model)
    _set_attribute(instance, "__dict__", values)
    _set_attribute(instance, "__pydantic_fields_set__", set(values))
    _set_attribute(instance, "__pydantic_extra__", None)
    _set_attribute(instance, "__pydantic_private__", None)
    return instance
