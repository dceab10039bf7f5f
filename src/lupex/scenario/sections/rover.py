"""[rover]: the JAXA/MHI rover.

JAXA publishes the mass (≈ 350 kg), the four tracked crawlers and the 1.5 m drill, but no speed or
power figures: those defaults come from NASA's VIPER (the closest analogue) or are labelled
assumptions, exactly as in :class:`lupex.rover.model.Rover` (which cites each one).
"""

from pydantic import Field

from lupex.scenario.sections._base import Section


class RoverSection(Section):
    mass_kg: float = Field(
        350.0, gt=0.0, le=5000.0,
        description=(
            "LUPEX rover ≈ 350 kg (JAXA/MHI). ISRO's chairman quoted 250 kg in 2025 (a "
            "variant scenario)."
        ),
        json_schema_extra={"unit": "kg", "source": "JAXA/MHI LUPEX rover ≈ 350 kg"},
    )
    top_speed_m_s: float = Field(
        0.22, gt=0.0, le=5.0,
        description=(
            "VIPER top speed 0.22 m/s (0.8 km/h; Colaprete et al., NASA VIPER overview) -- "
            "analogue."
        ),
        json_schema_extra={"unit": "m / s", "source": "analogue: VIPER 0.22 m/s (Colaprete et al., NASA VIPER overview)"},
    )
    drive_speed_m_s: float = Field(
        0.10, gt=0.0, le=5.0,
        description=(
            "Average traverse speed on flat ground. ASSUMPTION: half VIPER's top speed "
            "(stop-and-go, ground-in-the-loop driving)."
        ),
        json_schema_extra={"unit": "m / s", "source": "assumption"},
    )
    speed_at_max_slope_fraction: float = Field(
        0.5, gt=0.0, le=1.0,
        description=(
            "Speed at the slope limit as a fraction of the flat speed (linear between). "
            "ASSUMPTION."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    max_slope_deg: float = Field(
        20.0, gt=0.0, lt=60.0,
        description=(
            "Maximum slope the rover drives, deg: a planning default of 20° (LUPEX capability quoted "
            "unofficially as 25°)."
        ),
        json_schema_extra={"unit": "deg", "source": "assumption (LUPEX capability quoted unofficially as 25°)"},
    )
    panel_area_m2: float = Field(
        1.2, gt=0.0, le=50.0,
        description=(
            "One vertical panel face: 1.2 m² × 0.28 (triple-junction GaAs) = 457 W at 1 au, "
            "VIPER's ≈ 450 W peak (Colaprete et al.) -- analogue."
        ),
        json_schema_extra={"unit": "m2", "source": "analogue: VIPER ≈ 450 W peak (Colaprete et al., NASA VIPER overview)"},
    )
    panel_efficiency: float = Field(
        0.28, gt=0.0, le=1.0,
        description=(
            "One vertical panel face: 1.2 m² × 0.28 (triple-junction GaAs) = 457 W at 1 au, "
            "VIPER's ≈ 450 W peak (Colaprete et al.) -- analogue."
        ),
        json_schema_extra={"unit": "", "source": "analogue: triple-junction GaAs; VIPER ≈ 450 W peak (Colaprete et al.)"},
    )
    panel_tilt_deg: float = Field(
        90.0, ge=0.0, le=90.0,
        description=(
            "Panel tilt from horizontal, deg; 90 = vertical, as VIPER's (the polar Sun stays "
            "within ±1.6° of the horizon; lunar obliquity 1.54°)."
        ),
        json_schema_extra={"unit": "deg", "source": "analogue: VIPER's vertical panels"},
    )
    panel_faces: int = Field(
        3, ge=1, le=8,
        description=(
            "Number of panel faces around the body (VIPER: three sides)."
        ),
        json_schema_extra={"unit": "count", "source": "analogue: VIPER, three sides"},
    )
    panel_height_m: float = Field(
        1.5, gt=0.0, le=10.0,
        description=(
            "Height of the panels / antenna above the ground for Sun and Earth visibility, m. "
            "ASSUMPTION (body-mounted panels of a ≈ 1.5 m-tall rover)."
        ),
        json_schema_extra={"unit": "m", "source": "assumption"},
    )
    battery_capacity_wh: float = Field(
        4000.0, gt=0.0, le=1e6,
        description=(
            "Battery, Wh. ASSUMPTION (no LUPEX figure published)."
        ),
        json_schema_extra={"unit": "W h", "source": "assumption"},
    )
    min_state_of_charge: float = Field(
        0.2, ge=0.0, lt=1.0,
        description=(
            "Minimum state of charge (Li-ion depth-of-discharge limit). ASSUMPTION."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    initial_state_of_charge: float = Field(
        1.0, gt=0.0, le=1.0,
        description=(
            "Minimum state of charge (Li-ion depth-of-discharge limit). ASSUMPTION."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    charge_efficiency: float = Field(
        0.95, gt=0.0, le=1.0,
        description=(
            "Charge-path efficiency (coulombic × charger). ASSUMPTION."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    power_hibernate_w: float = Field(
        40.0, ge=0.0, le=1e4,
        description=(
            "Loads, W. ASSUMPTIONS scaled to a ≈ 450 W-peak rover: survival heaters and "
            "receiver; awake and stationary; driving on flat ground (traction m g (C_rr cos θ "
            "+ sin θ) v / η added); drilling."
        ),
        json_schema_extra={"unit": "W", "source": "assumption"},
    )
    power_idle_w: float = Field(
        150.0, ge=0.0, le=1e4,
        description=(
            "Loads, W. ASSUMPTIONS scaled to a ≈ 450 W-peak rover: survival heaters and "
            "receiver; awake and stationary; driving on flat ground (traction m g (C_rr cos θ "
            "+ sin θ) v / η added); drilling."
        ),
        json_schema_extra={"unit": "W", "source": "assumption"},
    )
    power_drive_w: float = Field(
        200.0, ge=0.0, le=1e4,
        description=(
            "Loads, W. ASSUMPTIONS scaled to a ≈ 450 W-peak rover: survival heaters and "
            "receiver; awake and stationary; driving on flat ground (traction m g (C_rr cos θ "
            "+ sin θ) v / η added); drilling."
        ),
        json_schema_extra={"unit": "W", "source": "assumption"},
    )
    power_drill_w: float = Field(
        300.0, ge=0.0, le=1e4,
        description=(
            "Loads, W. ASSUMPTIONS scaled to a ≈ 450 W-peak rover: survival heaters and "
            "receiver; awake and stationary; driving on flat ground (traction m g (C_rr cos θ "
            "+ sin θ) v / η added); drilling."
        ),
        json_schema_extra={"unit": "W", "source": "assumption"},
    )
    rolling_resistance: float = Field(
        0.15, ge=0.0, le=1.0,
        description=(
            "Rolling resistance coefficient in regolith, 0.1–0.2 (Bekker 1969; Apollo LRV, "
            "Lunar Sourcebook ch. 9)."
        ),
        json_schema_extra={"unit": "", "source": "Bekker 1969; Apollo LRV, Lunar Sourcebook ch. 9"},
    )
    drive_efficiency: float = Field(
        0.5, gt=0.0, le=1.0,
        description=(
            "Electrical-to-traction efficiency. ASSUMPTION."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    drill_hours: float = Field(
        6.0, ge=0.0, le=1000.0,
        description=(
            "Hours of drilling per site (1.5 m drill, JAXA; duration an ASSUMPTION)."
        ),
        json_schema_extra={"unit": "h", "source": "1.5 m drill (JAXA); duration an assumption"},
    )
    drill_depth_m: float = Field(
        1.5, gt=0.0, le=2.0,
        description=(
            "Depth the drill reaches, m: 1.5 m (JAXA's LUPEX rover description). The landing "
            "stage reports whether ice is stable within this depth; at most 2 m, the thermal "
            "model's search."
        ),
        json_schema_extra={"unit": "m", "source": "JAXA's LUPEX rover description"},
    )
    drive_requires_sun: bool = Field(
        True,
        description=(
            "Driving rule: only with the Sun and direct-to-Earth contact (as VIPER planned)."
        ),
        json_schema_extra={"unit": "", "source": "analogue: VIPER's planned driving rule"},
    )
    drive_requires_earth: bool = Field(
        True,
        description=(
            "Driving rule: only with the Sun and direct-to-Earth contact (as VIPER planned)."
        ),
        json_schema_extra={"unit": "", "source": "analogue: VIPER's planned driving rule"},
    )
