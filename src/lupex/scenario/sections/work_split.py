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
    elements: dict[str, ElementOverride] = {}
    phases: dict[Phase, PhaseOverride] = {}  # type: ignore[valid-type]
