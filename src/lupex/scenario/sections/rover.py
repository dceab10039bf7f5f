"""[rover]: the JAXA/MHI rover."""

from pydantic import Field

from lupex.scenario.sections._base import Section


class RoverSection(Section):
    # LUPEX rover ≈ 350 kg (JAXA/MHI). ISRO's chairman quoted 250 kg in 2025 (a variant scenario).
    mass_kg: float = Field(350.0, gt=0.0, le=5000.0)
