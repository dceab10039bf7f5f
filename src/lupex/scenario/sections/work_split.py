"""[work_split]: per-scenario overrides of the packaged ISRO/JAXA work split."""

from typing import Literal

from pydantic import Field

from lupex.scenario.sections._base import Section
from lupex.timeline import PHASES

Agency = Literal["ISRO", "JAXA", "NASA", "ESA"]
Phase = Literal[PHASES]  # type: ignore[valid-type]


class ElementOverride(Section):
    """Change or add one element: any field left out keeps the packaged value."""

    label: str | None = None
    owner: Agency | None = None
    category: Literal["launch_vehicle", "spacecraft", "instrument"] | None = None
    carried_by: Literal["rover", "lander"] | None = None
    mass_kg: float | None = Field(None, gt=0.0, le=1.0e6)


class PhaseOverride(Section):
    lead: Agency
    support: list[Agency] = []


class WorkSplitSection(Section):
    elements: dict[str, ElementOverride] = Field(
        {}, description="Overrides of the packaged work-split elements, by element name "
        "(label, owner, category, carried_by, mass_kg); an element left out keeps its packaged "
        "values.",
        json_schema_extra={"unit": "", "source": "packaged work split, lupex/data/work_split.toml"})
    phases: dict[Phase, PhaseOverride] = Field(  # type: ignore[valid-type]
        {}, description="Overrides of the lead and supporting agencies of mission phases.",
        json_schema_extra={"unit": "", "source": "packaged work split, lupex/data/work_split.toml"})
