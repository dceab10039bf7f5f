"""The ``landing`` section of ``summary.json``."""

from __future__ import annotations

from lupex.scenario.summaries._base import Block, SummarySection, _f, _opt


class LandingYears(SummarySection):
    """The site's figures year by year, when the period holds two complete years or more
    (:func:`lupex.site.years.yearly_illumination`)."""

    years: int = _f("number of complete years in the period")
    year_starts_utc: list[str] = _f("start of each complete year, UTC")
    sun_fraction: list[float] = _f("mean visible fraction of the solar disc, each year")
    earth_fraction: list[float] = _f("fraction of time with the Earth visible, each year")
    longest_dark_hours: list[float] = _f("longest darkness seen in each year, h")
    worst_year_start_utc: str = _f("start of the year with the lowest Sun fraction, UTC")
    worst_year_sun_fraction: float = _f("Sun fraction of that year, 0 to 1")
    worst_year_earth_fraction: float = _f("Earth fraction of that year, 0 to 1")


class Touchdown(SummarySection):
    """Sun and Earth at the touchdown epoch against the site's terrain horizon."""

    epoch_utc: str = _f("touchdown epoch, UTC")
    earth_elevation_deg: float = _f("Earth centre elevation, deg")
    earth_horizon_deg: float = _f("terrain horizon elevation towards the Earth, deg")
    earth_visible: bool = _f("whether the Earth is above the terrain horizon")
    sun_elevation_deg: float = _f("Sun centre elevation, deg")
    sun_horizon_deg: float = _f("terrain horizon elevation towards the Sun, deg")
    sun_visible_fraction: float = _f("visible fraction of the solar disc, 0 to 1")
    note: str = _f("the check in words (WARNING when the Earth or the Sun is hidden)")


class IceRegionMaps(SummarySection):
    """Annual temperature and stable-ice maps of the region (``landing/ice_*.tif``)."""

    grid_shape: list[int] = _f("map grid [rows, columns]")
    cell_m: float = _f("map cell size, m (projected)")
    thermal_step_h: float = _f("thermal model time step, h")
    t_surface_max_k_range: list[float] = _f("range of annual peak surface temperature, K")
    t_surface_mean_k_range: list[float] = _f("range of annual mean surface temperature, K")
    cells_with_stable_ice: int = _f("cells with stable ice within 2 m")
    cells_ice_within_reach: int = _f("cells with stable ice within the drill's reach")
    area_ice_within_reach_km2: float = _f("area of those cells, km2")
    cells: int = _f("valid cells")
    converged_fraction: float = _f("fraction of valid cells whose model converged")
    nearest_ice_within_reach: list[Block] = _f("nearest cells with ice within reach (free-form "
                                               "rows of lupex.ice.maps.nearest_ice_cells)")
    note: str = _f("the model and its limits, in words")


class LandingIce(SummarySection):
    """Regolith temperatures and stable ice at the landing point (:mod:`lupex.ice`)."""

    t_surface_max_k: float = _f("annual peak surface temperature, K")
    t_surface_mean_k: float = _f("annual mean surface temperature, K")
    t_surface_min_k: float = _f("annual minimum surface temperature, K")
    ice_stable_depth_m: float | None = _f("depth of stable water ice, m; null when none in 2 m")
    drill_depth_m: float = _f("[rover] drill_depth_m, m")
    ice_within_drill_reach: bool = _f("whether stable ice lies within the drill's reach")
    surface_slope_deg: float = _f("grid-scale slope at the point, deg")
    surface_aspect_deg: float = _f("grid-scale aspect at the point, deg from north")
    converged: bool = _f("whether the thermal model reached equilibrium")
    note: str = _f("the model and its limits, in words")
    region_maps: IceRegionMaps | None = _f("the region's ice maps; null when not made")
    region_maps_note: str | None = _opt("how to make the region's ice maps (only when not made)")


class LandingTerrain(SummarySection):
    """Terrain used by the landing stage. ``site_horizon`` and ``region_maps`` are free-form
    descriptions of the two terrain uses (products, reach, azimuths, method)."""

    products: list[str] = _f("every terrain product used, finest first")
    product_pixel_m: list[float] = _f("native pixel of each product, m")
    site_product: str = _f("product supplying the site's cell")
    resolution_m: float = _f("native pixel at the site, m")
    site_horizon: Block = _f("the site horizon's terrain (free-form)")
    region_maps: Block = _f("the region maps' terrain (free-form)")
    near_field_policy: str = _f("near-field exclusion of the site horizon, in words")
    near_field_m: float = _f("terrain closer than this is excluded from the horizon, m")
    near_field_k: float = _f("[landing] near_field_k (multiple of the pixel)")
    projection: str = _f("map projection, in words")
    note: str = _f("what the terrain resolves, in words")


class LandingSummary(SummarySection):
    """The ``landing`` section (:mod:`lupex.scenario.stages.landing`). ``ranking`` rows and
    ``overview_maps`` are free-form (:func:`lupex.site.ranking.rank_sites` and the polar
    overview's settings)."""

    site_name: str = _f("landing site name")
    lat_deg: float = _f("site latitude, deg")
    lon_deg: float = _f("site longitude, deg east (0 to 360)")
    ground_height_m: float = _f("terrain height at the site above the reference sphere, m")
    observer_height_m: float = _f("observer height above the ground, m")
    period_start_utc: str = _f("start of the illumination period, UTC (ISO 8601)")
    period_stop_utc: str = _f("end of the illumination period, UTC (ISO 8601)")
    period_source: str = _f("where the period's start came from, in words")
    step_h: float = _f("time step, h")
    sun_fraction: float = _f("mean visible fraction of the solar disc, 0 to 1")
    sun_any_fraction: float = _f("fraction of time with any part of the Sun visible")
    earth_fraction: float = _f("fraction of time with the Earth visible")
    sun_and_earth_fraction: float = _f("fraction of time with both visible")
    longest_dark_hours: float = _f("longest continuous darkness, h")
    slope_deg: float = _f("slope over the lander footprint baseline, deg")
    slope_grid_deg: float = _f("slope of the grid cell, deg")
    aspect_deg: float = _f("aspect of the grid cell, deg from north")
    slope_baseline_m: float = _f("baseline of slope_deg, m")
    slope_limit_deg: float = _f("[landing] slope_limit_deg, deg")
    site_safe: bool = _f("whether slope_deg is within the limit")
    safe_area_fraction: float = _f("fraction of the region within the slope limit")
    distance_to_psr_km: float | None = _f("distance to the nearest PSR, km; null when none found")
    psr_area_km2: float = _f("PSR area in the search region, km2")
    psr_search_half_width_km: float = _f("half-width of the PSR search region, km")
    psr_near_field_policy: str = _f("near-field policy of the PSR search, in words")
    psr_note: str = _f("what a PSR is here and the search's limits, in words")
    region_sun_fraction_max: float = _f("highest mean Sun fraction in the region")
    touchdown: Touchdown | None = _f("Sun and Earth at touchdown; null without a landing epoch")
    yearly: LandingYears | None = _opt("the figures year by year (periods of two years or more)")
    ice: LandingIce = _f("regolith temperatures and stable ice at the landing point")
    ranking: list[Block] = _f("best candidate cells of the region (free-form rows)")
    terrain: LandingTerrain = _f("terrain products, resolution, near-field policy")
    overview_maps: Block = _f("settings of the polar overview and region maps (free-form)")
