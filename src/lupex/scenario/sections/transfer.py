"""[transfer]: Earth-Moon transfer type and lunar arrival targets."""

from typing import Literal

from pydantic import Field

from lupex.scenario.sections._base import Section


class TransferSection(Section):
    type: Literal["direct", "phasing"] = "direct"
    time_of_flight_days: float = Field(4.5, ge=2.5, le=8.0)
    perilune_altitude_km: float = Field(100.0, gt=10.0, le=10_000.0)
    # Polar lunar orbit to reach the south pole (inclination in the Moon's frame).
    lunar_inclination_deg: float = Field(90.0, ge=0.0, le=180.0)
