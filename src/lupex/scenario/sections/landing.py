"""[landing]: landing site and the illumination analysis around it."""

import datetime as dt

from pydantic import Field, field_validator

from lupex.scenario.sections._base import Section


class LandingSection(Section):
    site_name: str = Field(
        "connecting_ridge",
        description=(
            "Name of the landing site; the default is the Shackleton–de Gerlache connecting ridge"
            " (Gläser et al. 2014, Icarus 243:78: 92.27 % illumination at 2 m)."
        ),
        json_schema_extra={"unit": "", "source": "Gläser et al. 2014, Icarus 243:78"},
    )
    lat_deg: float = Field(
        -89.45, ge=-90.0, le=90.0,
        description=(
            "Selenographic latitude of the landing site, deg north: ≈ -89.45° for the connecting "
            "ridge (Gläser et al. 2014, Icarus 243:78)."
        ),
        json_schema_extra={"unit": "deg", "source": "Gläser et al. 2014, Icarus 243:78"},
    )
    lon_deg: float = Field(
        222.69, ge=-180.0, le=360.0,
        description=(
            "Selenographic longitude of the landing site, deg east: ≈ 222.69° for the connecting "
            "ridge (Gläser et al. 2014, Icarus 243:78)."
        ),
        json_schema_extra={"unit": "deg", "source": "Gläser et al. 2014, Icarus 243:78"},
    )
    observer_height_m: float = Field(
        2.0, ge=0.0, le=1000.0,
        description=(
            "Height of the observer above ground for illumination (2 m and 10 m are the "
            "published cases)."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    slope_limit_deg: float = Field(
        12.0, gt=0.0, lt=90.0,
        description=(
            "Chandrayaan-3 landed with a 12° slope limit (ISRO, 2023)."
        ),
        json_schema_extra={"unit": "deg", "source": "ISRO, 2023"},
    )
    illumination_start: str | None = Field(
        None,
        description=(
            "Start of the illumination period (UTC, ISO date). None: the landing epoch handed "
            "over by the transfer stage, else the launch date."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )

    @field_validator("illumination_start", mode="before")
    @classmethod
    def _toml_date(cls, value):
        """A TOML date or date-time is read as its ISO 8601 text (as [launch] date is)."""
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return value
    illumination_days: float = Field(
        365.0, gt=0.0, le=6800.0,
        description=(
            "Length of the illumination period: one year, as in Gläser et al. (2014) "
            "(2018-10-22..2019-10-22). Up to 6,800 d (the 18.6-year nodal cycle); two complete "
            "years or more add each year's figures and the worst year (landing.yearly)."
        ),
        json_schema_extra={"unit": "d", "source": "Gläser et al. 2014, Icarus 243:78"},
    )
    step_h: float = Field(
        1.0, gt=0.0, le=48.0,
        description=(
            "Time step of the illumination series: one hour (Gläser et al. 2014 sampled the "
            "year densely; 1 h resolves the longest darkness to an hour)."
        ),
        json_schema_extra={"unit": "h", "source": "Gläser et al. 2014 (dense sampling of the year)"},
    )
    region_half_width_km: float = Field(
        10.0, gt=0.0, le=100.0,
        description=(
            "Half-width of the square region mapped around the site (Sun, Earth, PSR, slope, "
            "ranking). 10 km covers the ridge between Shackleton and de Gerlache (crater rims "
            "≈ 10-20 km from it)."
        ),
        json_schema_extra={"unit": "km", "source": "lupex convention"},
    )
    map_cell_m: float = Field(
        400.0, ge=5.0, le=5000.0,
        description=(
            "Cell of the region maps, m. 400 m keeps a scenario run under a minute on 2 "
            "cores; LDEM_4's pixel is 7.6 km, so finer cells add no real detail unless finer "
            "tiles are in the data dir."
        ),
        json_schema_extra={"unit": "m", "source": "lupex convention"},
    )
    horizon_reach_km: float = Field(
        160.0, ge=150.0, le=400.0,
        description=(
            "Horizon reach beyond the region, km: >= 150 km as in the published polar studies "
            "(Mazarico et al. 2011, Icarus 211:1066; Gläser et al. 2014)."
        ),
        json_schema_extra={"unit": "km", "source": "Mazarico et al. 2011, Icarus 211:1066; Gläser et al. 2014"},
    )
    near_field_k: float = Field(
        2.0, ge=0.0, le=10.0,
        description=(
            "Near-field policy: terrain closer than k x (native pixel under the site) is "
            "excluded from horizons; k = 2 fixed on principle (docs/terrain.md), 0 disables "
            "it."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    lander_footprint_m: float = Field(
        4.0, gt=0.0, le=100.0,
        description=(
            "Lander footprint for the footprint slope, m: ≈ 4 m leg span of a "
            "Chandrayaan-3-class lander (assumption; the LUPEX lander's dimensions are not "
            "public)."
        ),
        json_schema_extra={"unit": "m", "source": "assumption"},
    )
    psr_search_half_width_km: float = Field(
        25.0, gt=0.0, le=150.0,
        description=(
            "Half-width of the square around the site searched for permanently shadowed cells "
            "(never lit over the period), km: Shackleton's floor is ~17-20 km from the default "
            "site, so 25 km."
        ),
        json_schema_extra={"unit": "km", "source": "lupex convention"},
    )
    ice_maps: bool | None = Field(
        None,
        description=(
            "Regolith temperature and stable-ice maps of the whole region (the 1-D thermal "
            "model in every region-map cell; about 12 ms of CPU per cell and year, so ~30 s for "
            "the default 51 x 51 region). None (default): made when [surface] drill_targets = "
            "\"ice\" needs them; true or false to choose. The ice block at the landing point "
            "is always computed."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
    psr_near_field_k: float = Field(
        0.0, ge=0.0, le=10.0,
        description=(
            "Near-field factor k of the PSR search (terrain closer than k × native pixel is left "
            "out of a cell's horizon). k = 0, the full near field: for a crater-floor cell the "
            "walls within two pixels ARE its horizon; on a coarse grid this also darkens smoothed"
            " flanks, so on LDEM_4 the PSR extent is an upper bound and the distance a lower "
            "bound (reported with the result)."
        ),
        json_schema_extra={"unit": "", "source": "lupex convention"},
    )
