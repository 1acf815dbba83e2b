"""The one base of every pixcore pydantic model: frozen, strict, and silent about inputs.

pydantic's default errors quote the input (``input_value={'last_name': 'Lefèvre', ...}``)
and its default repr prints every field. Every model of pixcore derives from
:class:`PixcoreModel`, whose configuration hides the input in validation errors; models
that hold civil data mark those fields ``repr=False`` (see ``docs/decisions.md``). A
meta-test walks every model of the code base and checks both.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["PixcoreModel"]


class PixcoreModel(BaseModel):
    """Base of pixcore's models: frozen, unknown fields refused, input hidden in errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)
