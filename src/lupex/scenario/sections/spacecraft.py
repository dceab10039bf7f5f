"""[spacecraft]: the separated lander + rover stack and the lander's propulsion."""

from pydantic import Field

from lupex.scenario.sections._base import Section


class SpacecraftSection(Section):
    # Separated LUPEX stack (lander, rover and payloads, wet) about 6,000 kg (JAXA LUPEX overview;
    # ISRO statements 2024: "about 6 tonnes").
    stack_mass_kg: float = Field(6000.0, gt=0.0, le=50_000.0)
