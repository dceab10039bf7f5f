"""Base model for scenario sections: strict keys and types, frozen, units in key names."""

from pydantic import Field, BaseModel, ConfigDict


class Section(BaseModel):
    """A scenario section: unknown keys are rejected, values are immutable once validated, and
    types are strict: a quoted number ("350") is not a number and a string or an integer is not
    a boolean (TOML has its own numbers and true/false); an integer is accepted for a float."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False, strict=True
    )
