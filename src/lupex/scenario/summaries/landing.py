"""The ``landing`` section of ``summary.json``."""

from __future__ import annotations

from lupex.scenario.summaries._base import (AREA_KM2, COUNT, DISTANCE_KM, DURATION_H, ELEVATION,
                                            FRACTION, LATITUDE, LENGTH_M, MULTIPLE, SLOPE,
                                            TEMPERATURE, Block, SummarySection, _f, _opt)


#: Ranges of the free-form rows of ``ranking`` (:func:`lupex.site.ranking.rank_sites`).
_RANKING_ROW = {"lat_deg": LATITUDE, "slope_deg": SLOPE, "*fraction": FRACTION,
                "longest_dark_hours": DURATION_H, "distance_to_psr_km": DISTANCE_KM}
#: Ranges of the free-form ``overview_maps`` block (the polar overview's settings).
_OVERVIEW_MAPS = {"to_lat_deg": LATITUDE, "step_h": DURATION_H, "cell_m": LENGTH_M,
                  "region_map_cell_m": LENGTH_M, "region_map_half_width_km": DISTANCE_KM}

class LandingYears(SummarySection):
    """The site's figures year by year, when the period holds two complete years or more
    (:func:`lupex.site.years.yearly_illumination`)."""

    years: int = _f("number of complete years in the period", COUNT)
    year_starts_utc: list[str] = _f("start of each complete year, UTC")
    sun_fraction: list[float] = _f("mean visible fraction of the solar disc, each year", FRACTION)
    earth_fraction: list[float] = _f("fraction of time with the Earth visible, each year", FRACTION)
    longest_dark_hours: list[float] = _f("longest darkness seen in each year, h", DURATION_H)
    worst_year_start_utc: str = _f("start of the year with the lowest Sun fraction, UTC")
    worst_year_sun_fraction: float = _f("Sun fraction of that year, 0 to 1", FRACTION)
    worst_year_earth_fraction: float = _f("Earth fraction of that year, 0 to 1", FRACTION)


class Touchdown(SummarySection):
    """Sun and Earth at the touchdown epoch against the site's terrain horizon."""

    epoch_utc: str = _f("touchdown epoch, UTC")
    earth_elevation_deg: float = _f("Earth centre elevation, deg", ELEVATION)
    earth_horizon_deg: float = _f("terrain horizon elevation towards the Earth, deg", ELEVATION)
    earth_visible: bool = _f("whether the Earth is above the terrain horizon")
    sun_elevation_deg: float = _f("Sun centre elevation, deg", ELEVATION)
    sun_horizon_deg: float = _f("terrain horizon elevation towards the Sun, deg", ELEVATION)
    sun_visible_fraction: float = _f("visible fraction of the solar disc, 0 to 1", FRACTION)
    note: str = _f("the check in words (WARNING when the Earth or the Sun is hidden)")


class IceRegionMaps(SummarySection):
    """Annual temperature and stable-ice maps of the region (``landing/ice_*.tif``)."""

    grid_shape: list[int] = _f("map grid [rows, columns]", COUNT)
    cell_m: float = _f("map cell size, m (projected)", LENGTH_M)
    thermal_step_h: float = _f("thermal model time step, h", DURATION_H)
    t_surface_max_k_range: list[float] = _f(
        "range of annual peak surface temperature, K", TEMPERATURE)
    t_surface_mean_k_range: list[float] = _f(
        "range of annual mean surface temperature, K", TEMPERATURE)
    cells_with_stable_ice: int = _f("cells with stable ice within 2 m", COUNT)
    cells_ice_within_reach: int = _f("cells with stable ice within the drill's reach", COUNT)
    area_ice_within_reach_km2: float = _f("area of those cells, km2", AREA_KM2)
    cells: int = _f("valid cells", COUNT)
    converged_fraction: float = _f("fraction of valid cells whose model converged", FRACTION)
    nearest_ice_within_reach: list[Block] = _f("nearest cells with ice within reach (free-form "
                                               "rows of lupex.ice.maps.nearest_ice_cells)")
    note: str = _f("the model and its limits, in words")


class LandingIce(SummarySection):
    """Regolith temperatures and stable ice at the landing point (:mod:`lupex.ice`)."""

    t_surface_max_k: float = _f("annual peak surface temperature, K", TEMPERATURE)
    t_surface_mean_k: float = _f("annual mean surface temperature, K", TEMPERATURE)
    t_surface_min_k: float = _f("annual minimum surface temperature, K", TEMPERATURE)
    ice_stable_depth_m: float | None = _f(
        "depth of stable water ice, m; null when none in 2 m", LENGTH_M)
    drill_depth_m: float = _f("[rover] drill_depth_m, m", LENGTH_M)
    ice_within_drill_reach: bool = _f("whether stable ice lies within the drill's reach")
    surface_slope_deg: float = _f("grid-scale slope at the point, deg", SLOPE)
    surface_aspect_deg: float = _f("grid-scale aspect at the point, deg from north")
    converged: bool = _f("whether the thermal model reached equilibrium")
    note: str = _f("the model and its limits, in words")
    region_maps: IceRegionMaps | None = _f("the region's ice maps; null when not made")
    region_maps_note: str | None = _opt("how to make the region's ice maps (only when not made)")


class LandingTerrain(SummarySection):
    """Terrain used by the landing stage. ``site_horizon`` and ``region_maps`` are free-form
    descriptions of the two terrain uses (products, reach, azimuths, method)."""

    products: list[str] = _f("every terrain product used, finest first")
    product_pixel_m: list[float] = _f("native pixel of each product, m", LENGTH_M)
    site_product: str = _f("product supplying the site's cell")
    resolution_m: float = _f("native pixel at the site, m", LENGTH_M)
    site_horizon: Block = _f("the site horizon's terrain (free-form)")
    region_maps: Block = _f("the region maps' terrain (free-form)")
    near_field_policy: str = _f("near-field exclusion of the site horizon, in words")
    near_field_m: float = _f("terrain closer than this is excluded from the horizon, m", LENGTH_M)
    near_field_k: float = _f("[landing] near_field_k (multiple of the pixel)", MULTIPLE)
    projection: str = _f("map projection, in words")
    note: str = _f("what the terrain resolves, in words")


class LandingSummary(SummarySection):
    """The ``landing`` section (:mod:`lupex.scenario.stages.landing`). ``ranking`` rows and
    ``overview_maps`` are free-form (:func:`lupex.site.ranking.rank_sites` and the polar
    overview's settings)."""

    site_name: str = _f("landing site name")
    lat_deg: float = _f("site latitude, deg", LATITUDE)
    lon_deg: float = _f("site longitude, deg east (0 to 360)")
    ground_height_m: float = _f("terrain height at the site above the reference sphere, m")
    observer_height_m: float = _f("observer height above the ground, m", LENGTH_M)
    period_start_utc: str = _f("start of the illumination period, UTC (ISO 8601)")
    period_stop_utc: str = _f("end of the illumination period, UTC (ISO 8601)")
    period_source: str = _f("where the period's start came from, in words")
    step_h: float = _f("time step, h", DURATION_H)
    sun_fraction: float = _f("mean visible fraction of the solar disc, 0 to 1", FRACTION)
    sun_any_fraction: float = _f("fraction of time with any part of the Sun visible", FRACTION)
    earth_fraction: float = _f("fraction of time with the Earth visible", FRACTION)
    sun_and_earth_fraction: float = _f("fraction of time with both visible", FRACTION)
    longest_dark_hours: float = _f("longest continuous darkness, h", DURATION_H)
    slope_deg: float = _f("slope over the lander footprint baseline, deg", SLOPE)
    slope_grid_deg: float = _f("slope of the grid cell, deg", SLOPE)
    aspect_deg: float = _f("aspect of the grid cell, deg from north")
    slope_baseline_m: float = _f("baseline of slope_deg, m", LENGTH_M)
    slope_limit_deg: float = _f("[landing] slope_limit_deg, deg", SLOPE)
    site_safe: bool = _f("whether slope_deg is within the limit")
    safe_area_fraction: float = _f("fraction of the region within the slope limit", FRACTION)
    distance_to_psr_km: float | None = _f(
        "distance to the nearest PSR, km; null when none found", DISTANCE_KM)
    psr_area_km2: float = _f("PSR area in the search region, km2", AREA_KM2)
    psr_search_half_width_km: float = _f("half-width of the PSR search region, km", DISTANCE_KM)
    psr_near_field_policy: str = _f("near-field policy of the PSR search, in words")
    psr_note: str = _f("what a PSR is here and the search's limits, in words")
    region_sun_fraction_max: float = _f("highest mean Sun fraction in the region", FRACTION)
    touchdown: Touchdown | None = _f("Sun and Earth at touchdown; null without a landing epoch")
    yearly: LandingYears | None = _opt("the figures year by year (periods of two years or more)")
    ice: LandingIce = _f("regolith temperatures and stable ice at the landing point")
    ranking: list[Block] = _f(
        "best candidate cells of the region (free-form rows)", keys=_RANKING_ROW)
    terrain: LandingTerrain = _f("terrain products, resolution, near-field policy")
    overview_maps: Block = _f(
        "settings of the polar overview and region maps (free-form)", keys=_OVERVIEW_MAPS)
