"""Base model for scenario sections: strict keys, frozen, units in key names."""

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A scenario section: unknown keys are rejected, values are immutable once validated."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False
    )
