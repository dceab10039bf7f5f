"""The scenario file schema: sections [mission] [launch] [spacecraft] [transfer] [landing]
[rover] [surface] [operations] [work_split]; every key carries its unit in its name.

Defaults are public LUPEX figures or labelled assumptions. Each field carries its meaning
(``description``) and its ``unit`` and ``source`` (JSON-schema extras) in
``lupex/scenario/sections``; ``lupex check FILE --explain`` prints them (:mod:`lupex.scenario.explain`).
"""

from pydantic import BaseModel, ConfigDict, Field

from lupex.scenario.sections.landing import LandingSection
from lupex.scenario.sections.launch import LaunchSection
from lupex.scenario.sections.mission import MissionSection
from lupex.scenario.sections.operations import OperationsSection
from lupex.scenario.sections.rover import RoverSection
from lupex.scenario.sections.spacecraft import SpacecraftSection
from lupex.scenario.sections.surface import SurfaceSection
from lupex.scenario.sections.transfer import TransferSection
from lupex.scenario.sections.work_split import WorkSplitSection


class Scenario(BaseModel):
    """A whole validated scenario (immutable)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mission: MissionSection = Field(default_factory=MissionSection)
    launch: LaunchSection = Field(default_factory=LaunchSection)
    spacecraft: SpacecraftSection = Field(default_factory=SpacecraftSection)
    transfer: TransferSection = Field(default_factory=TransferSection)
    landing: LandingSection = Field(default_factory=LandingSection)
    rover: RoverSection = Field(default_factory=RoverSection)
    surface: SurfaceSection = Field(default_factory=SurfaceSection)
    operations: OperationsSection = Field(default_factory=OperationsSection)
    work_split: WorkSplitSection = Field(default_factory=WorkSplitSection)
