"""[rover]: the JAXA/MHI rover.

JAXA publishes the mass (≈ 350 kg), the four tracked crawlers and the 1.5 m drill, but no speed or
power figures: those defaults come from NASA's VIPER (the closest analogue) or are labelled
assumptions. Every default, description, unit and source here is read from
:class:`lupex.rover.model.Rover` (the one copy, which cites each one); this section adds only the
bounds a scenario may set.
"""

from dataclasses import fields

from pydantic import Field

from lupex.rover.model import Rover
from lupex.scenario.sections._base import Section

_ROVER_FIELDS = {f.name: f for f in fields(Rover)}


def _rover_field(name: str, **bounds):
    """The scenario field of :class:`Rover`'s field ``name``: its default, description, unit and
    source, with the scenario's ``bounds`` (pydantic ``gt``, ``le``, ...)."""
    f = _ROVER_FIELDS[name]
    return Field(f.default, description=f.metadata["description"],
                 json_schema_extra={"unit": f.metadata["unit"], "source": f.metadata["source"]},
                 **bounds)


class RoverSection(Section):
    mass_kg: float = _rover_field("mass_kg", gt=0.0, le=5000.0)
    top_speed_m_s: float = _rover_field("top_speed_m_s", gt=0.0, le=5.0)
    drive_speed_m_s: float = _rover_field("drive_speed_m_s", gt=0.0, le=5.0)
    speed_at_max_slope_fraction: float = _rover_field("speed_at_max_slope_fraction", gt=0.0, le=1.0)
    max_slope_deg: float = _rover_field("max_slope_deg", gt=0.0, lt=60.0)
    panel_area_m2: float = _rover_field("panel_area_m2", gt=0.0, le=50.0)
    panel_efficiency: float = _rover_field("panel_efficiency", gt=0.0, le=1.0)
    panel_tilt_deg: float = _rover_field("panel_tilt_deg", ge=0.0, le=90.0)
    panel_faces: int = _rover_field("panel_faces", ge=1, le=8)
    panel_height_m: float = _rover_field("panel_height_m", gt=0.0, le=10.0)
    battery_capacity_wh: float = _rover_field("battery_capacity_wh", gt=0.0, le=1e6)
    min_state_of_charge: float = _rover_field("min_state_of_charge", ge=0.0, lt=1.0)
    initial_state_of_charge: float = _rover_field("initial_state_of_charge", gt=0.0, le=1.0)
    charge_efficiency: float = _rover_field("charge_efficiency", gt=0.0, le=1.0)
    power_hibernate_w: float = _rover_field("power_hibernate_w", ge=0.0, le=1e4)
    power_idle_w: float = _rover_field("power_idle_w", ge=0.0, le=1e4)
    power_drive_w: float = _rover_field("power_drive_w", ge=0.0, le=1e4)
    power_drill_w: float = _rover_field("power_drill_w", ge=0.0, le=1e4)
    rolling_resistance: float = _rover_field("rolling_resistance", ge=0.0, le=1.0)
    drive_efficiency: float = _rover_field("drive_efficiency", gt=0.0, le=1.0)
    drill_hours: float = _rover_field("drill_hours", ge=0.0, le=1000.0)
    drill_depth_m: float = Field(
        1.5, gt=0.0, le=2.0,
        description=(
            "Depth the drill reaches, m: 1.5 m (JAXA's LUPEX rover description). The landing "
            "stage reports whether ice is stable within this depth; at most 2 m, the thermal "
            "model's search."
        ),
        json_schema_extra={"unit": "m", "source": "JAXA's LUPEX rover description"},
    )
    drive_requires_sun: bool = _rover_field("drive_requires_sun")
    drive_requires_earth: bool = _rover_field("drive_requires_earth")
