"""Base of the summary models: frozen, unknown keys refused, JSON as the stage wrote it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: A free-form JSON object (keys documented where the block is made, not typed here).
Block = dict[str, Any]


def _f(description: str, **kw):
    return Field(description=description, **kw)


def _opt(description: str):
    """A key written only in some runs: None and left out of the JSON when not set."""
    return Field(default=None, description=description)


class SummarySection(BaseModel):
    """Base of every summary model: frozen, unknown keys refused, JSON as the stage wrote it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_json(self) -> dict:
        """The JSON-ready dict of this section (keys the producer did not set are left out)."""
        return self.model_dump(mode="json", exclude_unset=True)
