"""[surface]: surface operations -- the rover traverse, its terrain grid and its waypoints."""

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from lupex.scenario.sections._base import Section


class SurfaceSection(Section):
    duration_days: float = Field(
        100.0, gt=0.0, le=3650.0,
        description=(
            "Planned LUPEX surface mission ≈ 100 days (JAXA LUPEX overview; ISRO statements)."
        ),
        json_schema_extra={"unit": "d", "source": "JAXA LUPEX overview; ISRO statements"},
    )
    grid_half_width_m: float = Field(
        1500.0, ge=200.0, le=10_000.0,
        description=(
            "Half-width of the rover-scale terrain grid around the landing site, m (a grid a few "
            "km across; lupex convention, docs/terrain.md)."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    grid_cell_m: float = Field(
        10.0, ge=1.0, le=100.0,
        description=(
            "Cell size of the rover-scale terrain grid, m (metres per cell; lupex convention, "
            "docs/terrain.md)."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    detail_seed: int = Field(
        1, ge=0,
        description=(
            "Seed of the labelled SYNTHETIC small-scale detail (used only when the finest "
            "real product is coarser than 2 cells; lupex.rover.detail)."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    detail_rms_slope: float = Field(
        0.15, ge=0.0, le=1.0,
        description=(
            "RMS slope (tangent) of the synthetic detail at detail_baseline_m. ASSUMPTION (see "
            "lupex.rover.detail)."
        ),
        json_schema_extra={"unit": "", "source": "assumption (see lupex.rover.detail)"},
    )
    detail_baseline_m: float = Field(
        25.0, gt=0.0, le=1000.0,
        description=(
            "Baseline over which detail_rms_slope is measured, m. ASSUMPTION (see "
            "lupex.rover.detail)."
        ),
        json_schema_extra={"unit": "m", "source": "assumption (see lupex.rover.detail)"},
    )
    detail_hurst: float = Field(
        0.95, gt=0.0, le=1.0,
        description=(
            "Hurst exponent of the synthetic detail's roughness: the lunar highlands' median "
            "0.95 from LOLA (Rosenburg et al. 2011, JGR 116, E02001, Table 2)."
        ),
        json_schema_extra={"unit": "", "source": "Rosenburg et al. 2011, JGR 116, E02001, Table 2 (highlands median)"},
    )
    detail_rolloff_m: float = Field(
        250.0, gt=0.0, le=100_000.0,
        description=(
            "Roll-off wavelength of the synthetic roughness, m: self-affine (Hurst) below it, a "
            "flat spectrum above it. ASSUMPTION (see lupex.rover.detail)."
        ),
        json_schema_extra={"unit": "m", "source": "assumption (see lupex.rover.detail)"},
    )
    detail_calibration: Literal["published_highland", "measured_patch"] = Field(
        "published_highland",
        description=(
            "What the detail model's parameters come from: \"published_highland\" (the four "
            "keys above: published highland figures and lupex's assumptions, plus equilibrium "
            "craters) or \"measured_patch\" (RMS slope at 25 m and Hurst exponent measured on "
            "the real LOLA 5 m patch SHOEMAKER_5M_SUBSET, roll-off at the patch's side, no "
            "separate craters; the four keys above must then be left out). "
            "lupex.rover.detail.detail_model; docs/terrain.md."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    waypoints_n: int = Field(
        10, ge=0, le=100,
        description=(
            "Number of drill sites drawn over the square field around the landing site (ignored "
            "when waypoints_xy_m is given). lupex convention."
        ),
        json_schema_extra={"unit": "count", "source": "lupex convention"},
    )
    drill_field_m: float = Field(
        1000.0, gt=0.0, le=20_000.0,
        description=(
            "Side of the square field, centred on the landing site, over which drill sites are "
            "drawn, m. lupex convention."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    waypoint_seed: int = Field(
        7, ge=0,
        description=(
            "Seed of the random draw of drill sites over the field (the same seed gives the same "
            "sites). lupex convention."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    waypoints_xy_m: list[tuple[float, float]] | None = Field(
        None,
        description=(
            "Explicit drill sites instead of a draw: [east_m, north_m] offsets from the landing "
            "site in the grid plane (grid +x, +y of the south-polar stereographic projection), m."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    drill_site_max_slope_deg: float = Field(
        10.0, gt=0.0, lt=60.0,
        description=(
            "Drill sites need a stable stance: slope at most this, deg. ASSUMPTION."
        ),
        json_schema_extra={"unit": "deg", "source": "assumption"},
    )
    drill_site_min_sun_fraction: float = Field(
        0.5, ge=0.0, le=1.0,
        description=(
            "Drill sites with the Sun up at least this fraction of the mission. ASSUMPTION."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    drill_site_min_sun_earth_fraction: float = Field(
        0.3, ge=0.0, le=1.0,
        description=(
            "... and Sun with direct-to-Earth contact together at least this fraction "
            "(drilling is commanded from Earth). ASSUMPTION."
        ),
        json_schema_extra={"unit": "", "source": "assumption"},
    )
    drill_targets: Literal["field", "ice"] = Field(
        "field",
        description=(
            "How drill sites are chosen: \"field\" (drawn in the drill field, above) or "
            "\"ice\" (the cells with the shallowest predicted ice within [rover] drill_depth_m "
            "on the landing stage's ice map, same stance, Sun, Earth and reachability rules; "
            "lupex.rover.waypoints.choose_ice_waypoints)."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    landing_radius_m: float = Field(
        100.0, ge=0.0, le=5000.0,
        description=(
            "The lander sits on the best-lit cell with slope ≤ the landing limit within this "
            "radius of the nominal site, m (landing precision ≈ 100 m, as SLIM's demonstrated "
            "< 100 m)."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    egress_delay_h: float = Field(
        4.0, ge=0.0, le=2400.0,
        description=(
            "Rover egress: not before this many hours after touchdown, then at the first hour "
            "with Sun and Earth at the lander. ASSUMPTION (Chandrayaan-3's Pragyan rolled out "
            "≈ 4 h after landing)."
        ),
        json_schema_extra={"unit": "h", "source": "assumption"},
    )
    time_step_h: float = Field(
        1.0, gt=0.0, le=24.0,
        description=(
            "Time step at which the Sun and the Earth are sampled over the rover's mission (the "
            "sky), h. lupex convention."
        ),
        json_schema_extra={"unit": "h", "source": "lupex convention"},
    )
    horizon_bins: int = Field(
        72, ge=8, le=720,
        description=(
            "Number of azimuth bins of each cell's local horizon (72 = every 5°). lupex "
            "convention."
        ),
        json_schema_extra={"unit": "count", "source": "lupex convention"},
    )
    local_horizon_reach_m: float = Field(
        1500.0, gt=0.0, le=20_000.0,
        description=(
            "Reach of each cell's local horizon over the rover grid, m; terrain farther away "
            "enters through the far horizon. lupex convention."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    far_horizon_reach_m: float = Field(
        150_000.0, ge=10_000.0, le=400_000.0,
        description=(
            "Far-field horizon reach, m (published polar illumination studies use 150–300 "
            "km)."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    earth_min_elevation_deg: float = Field(
        0.0, ge=-5.0, le=30.0,
        description=(
            "Earth must stand this far above the horizon for direct-to-Earth links, deg. "
            "ASSUMPTION."
        ),
        json_schema_extra={"unit": "deg", "source": "assumption"},
    )

    @field_validator("detail_calibration")
    @classmethod
    def _measured_patch_sets_the_parameters(cls, v, info: ValidationInfo):
        if v != "measured_patch":
            return v
        keys = ("detail_rms_slope", "detail_baseline_m", "detail_hurst", "detail_rolloff_m")
        clash = [f"surface.{k} = {info.data[k]!r}" for k in keys
                 if k in info.data and info.data[k] != cls.model_fields[k].default]
        if clash:
            raise ValueError(
                "'measured_patch' takes the detail parameters from the measured patch; remove "
                + ", ".join(clash) + " or use detail_calibration = 'published_highland'")
        return v
