"""Typed stage sections of ``summary.json``: one model per section, the single producer of it.

Each stage adapter (:mod:`lupex.scenario.stages`) builds its section as one of these models and
writes :meth:`SummarySection.to_json` into its ``StageResult.summary``; the report validates a
section back into its model (:func:`section_model`) and reads attributes. The README's
"``summary.json`` (contract, schema_version 1)" table is tested against these fields.

Models are pydantic v2 (as the scenario schema), frozen, and forbid unknown keys. Every key is a
typed field whose description gives its unit (or the unit is in the key's name: ``_kg``, ``_m_s``,
``_deg``, ``_km``, ``_h``, ``_days``, ``_utc`` for ISO 8601 UTC epochs ending in ``Z``). Keys a
stage writes only in some runs (e.g. ``tli_burn_s`` only when the launcher's upper stage performs
TLI) default to None and are left out of the JSON when the stage did not set them, so the file
is key-for-key what the stage wrote. Large, free-form nested blocks stay ``dict`` typed (each
says so in its description): their keys follow the library object that writes them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: A free-form JSON object (keys documented where the block is made, not typed here).
Block = dict[str, Any]


def _f(description: str, **kw):
    return Field(description=description, **kw)


def _opt(description: str):
    """A key written only in some runs: None and left out of the JSON when not set."""
    return Field(default=None, description=description)


class SummarySection(BaseModel):
    """Base of every summary model: frozen, unknown keys refused, JSON as the stage wrote it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_json(self) -> dict:
        """The JSON-ready dict of this section (keys the producer did not set are left out)."""
        return self.model_dump(mode="json", exclude_unset=True)


# ---------------------------------------------------------------------------------------- launch


class InjectionOrbit(SummarySection):
    """Parking orbit reached at second-stage cut-off (osculating, GCRS)."""

    perigee_alt_km: float = _f("perigee altitude above the equatorial radius, km")
    apogee_alt_km: float = _f("apogee altitude above the equatorial radius, km")
    inclination_deg: float = _f("inclination to the Earth's equator, deg")


class PublishedReference(SummarySection):
    """JAXA's published capacity for this vehicle and target, and the stack's margin against it."""

    vehicle: str = _f("vehicle name of the published figure")
    target: str = _f("published target ('c3', 'gto1500', ...)")
    payload_kg: float = _f("published payload, kg")
    qualifier: str = _f("'at_least' (JAXA quotes a minimum) or 'about'")
    source: str = _f("citation of the published figure")
    c3_km2_s2: float | None = _f("C3 of the published figure, km2/s2 (null for orbits)")
    margin_kg: float = _f("published payload - performance reserve - stack mass, kg")
    model_minus_published_pct: float = _f("model capacity (with reserve) above the published, %")
    note: str = _f("the comparison in words (a WARNING when the stack exceeds the published)")


class LaunchSummary(SummarySection):
    """The ``launch`` section (:mod:`lupex.scenario.stages.launch`). ``launch_windows`` rows are
    :meth:`lupex.launch.LaunchWindow.to_dict` (free-form)."""

    vehicle: str = _f("launch vehicle name")
    site: str = _f("launch site name")
    target: str = _f("what the capacity is computed to (C3 or parking orbit), in words")
    payload_capacity_kg: float = _f("launcher capacity to the target after the reserve, kg")
    stack_mass_kg: float = _f("separated spacecraft stack mass, kg")
    margin_kg: float = _f("capacity minus stack mass, kg (negative: infeasible)")
    capacity_converged: bool = _f("whether the capacity solve converged")
    launch_epoch_utc: str = _f("lift-off epoch, UTC")
    azimuth_deg: float = _f("launch azimuth, deg from north")
    injection_epoch_utc: str = _f("parking-orbit insertion (SECO-1) epoch, UTC")
    tli_epoch_utc: str = _f("the one TLI epoch, UTC: the transfer flies from it")
    injection_orbit: InjectionOrbit = _f("parking orbit at insertion")
    injection_converged: bool = _f("whether the ascent to the parking orbit converged")
    window_note: str | None = _f("why the lift-off time is off the day's windows; null if not")
    liftoff_shift_for_transfer_plane_s: float = _f("lift-off moved inside the window to put the "
                                                   "parking node on the transfer's, s")
    parking_raan_deg: float = _f("parking orbit's right ascension of the ascending node, deg")
    transfer_parking_raans_deg: list[float] = _f("RAANs the targeted transfer can leave from, deg")
    parking_raan_residual_deg: float = _f("parking node minus the transfer's targeted node, deg")
    tli_arg_lat_residual_deg: float = _f("coast end minus the targeted TLI point, deg of "
                                         "argument of latitude")
    parking_coast_s: float = _f("coast in the parking orbit from insertion to TLI, s")
    events_s: dict[str, float] = _f("ascent events, s after lift-off (by event name)")
    max_dynamic_pressure_kPa: float = _f("maximum dynamic pressure of the ascent, kPa")
    launch_windows: list[Block] = _f("the day's lunar launch windows (free-form rows)")
    model: str = _f("the ascent and calibration models, in words")
    published_reference: PublishedReference | None = _f(
        "JAXA's published capacity where one exists for the vehicle and target; null otherwise")
    tli_propellant_kg: float | None = _opt("upper-stage propellant of the TLI restart burn, kg "
                                           "(only when the upper stage performs TLI)")
    tli_burn_s: float | None = _opt("duration of the upper stage's TLI burn, s (only when the "
                                    "upper stage performs TLI)")


# -------------------------------------------------------------------------------------- transfer


class DvRow(SummarySection):
    """One row of the Δv budget, in flight order (:meth:`lupex.transfer.budget.Budget.table`)."""

    item: str = _f("burn or reserve name")
    dv_m_s: float = _f("Δv, m/s")
    by: str = _f("who pays it: 'launcher' or 'lander'")
    propellant_kg: float = _f("lander propellant it uses, kg")
    mass_before_kg: float = _f("lander mass before it, kg")
    mass_after_kg: float = _f("lander mass after it, kg")
    kind: Literal["burn", "reserve"] = _f("'burn' or 'reserve'")


class TransferSummary(SummarySection):
    """The ``transfer`` section: the plan's figures (:func:`lupex.scenario.stages.transfer_plan.
    plan_summary`) and where the departure came from (:mod:`lupex.scenario.stages.transfer`)."""

    transfer_type: str = _f("transfer type of the scenario ('direct', ...)")
    tli_epoch_utc: str = _f("TLI epoch, UTC")
    tli_dv_m_s: float = _f("TLI Δv, m/s")
    tli_by_upper_stage: bool = _f("whether the launcher's upper stage performs TLI")
    phasing_dv_m_s: float = _f("Δv of perigee phasing burns before TLI, m/s")
    departure_raan_deg: float = _f("targeted departure RAAN, deg (GCRS)")
    departure_arg_lat_deg: float = _f("targeted TLI argument of latitude, deg")
    departure_plane_change_deg: float = _f("launch parking plane to the targeted transfer plane, "
                                           "deg (budgeted above 0.01°)")
    departure_plane_change_dv_m_s: float = _f("Δv of that plane change, m/s")
    departure_inclination_deg: float = _f("parking-orbit inclination at departure, deg")
    time_of_flight_days: float = _f("TLI to perilune, days")
    targeting_converged: bool = _f("whether the TLI targeting converged")
    targeting_iterations: int = _f("iterations of the TLI targeting")
    arrival_epoch_utc: str = _f("perilune epoch, UTC")
    arrival_perilune_altitude_km: float = _f("perilune altitude at arrival, km")
    lunar_orbit_inclination_deg: float = _f("arrival inclination to the Moon's equator, deg")
    arrival_v_inf_m_s: float = _f("hyperbolic excess speed at the Moon, m/s")
    loi_dv_m_s: float = _f("finite-burn LOI Δv, m/s")
    loi_impulsive_dv_m_s: float = _f("impulsive LOI Δv, m/s")
    loi_gravity_loss_m_s: float = _f("LOI gravity loss, m/s")
    loi_burn_duration_s: float = _f("LOI burn duration, s")
    capture_orbit_km: list[float] = _f("capture orbit [perilune, apolune] altitudes, km")
    lowering_dv_m_s: float = _f("Δv of the orbit-lowering burns, m/s")
    circular_orbit_altitude_km: float = _f("circular lunar orbit altitude, km")
    wait_in_lunar_orbit_days: float = _f("wait in circular orbit for the landing pass, days")
    site_crossrange_km: float = _f("cross-range of the site from the landing pass, km")
    descent_dv_m_s: float = _f("descent Δv (with any pass plane change), m/s")
    descent_gravity_loss_m_s: float = _f("powered-descent gravity loss, m/s")
    powered_descent_duration_s: float = _f("braking + terminal descent, s")
    total_lander_dv_m_s: float = _f("lander Δv: burns + reserve, m/s")
    propellant_required_kg: float = _f("propellant the burns and reserve need, kg")
    propellant_loaded_kg: float = _f("propellant loaded at separation, kg")
    propellant_margin_kg: float = _f("propellant left at touchdown beyond the reserve, kg")
    propellant_offloadable_kg: float = _f("propellant that could stay on the ground, kg")
    propellant_used_kg: float = _f("propellant burnt to touchdown, kg")
    propellant_reserve_kg: float = _f("propellant of the Δv reserve, kg")
    dv_margin_m_s: float = _f("Δv left beyond the budget and reserve, m/s")
    separated_mass_kg: float = _f("stack mass at separation, kg")
    touchdown_mass_kg: float = _f("lander mass at touchdown, kg")
    lander_dry_mass_kg: float = _f("lander dry mass (rover and payloads included), kg")
    landing_epoch_utc: str = _f("touchdown epoch, UTC")
    landing_site_lat_deg: float = _f("landing site latitude, deg")
    landing_site_lon_deg: float = _f("landing site longitude, deg east")
    sun_elevation_at_landing_deg: float = _f("Sun elevation above the local horizontal, deg")
    earth_elevation_at_landing_deg: float = _f("Earth elevation above the local horizontal, deg")
    landing_earth_contact_condition_met: bool = _f("whether the landing pass has the Earth above "
                                                   "[transfer] landing_min_earth_elevation_deg")
    feasible: bool = _f("whether the transfer closes (propellant and Δv)")
    dv_budget: list[DvRow] = _f("Δv budget rows in flight order")
    notes: list[str] = _f("remarks of the plan, in words")
    departure_source: str = _f("where the parking orbit and TLI epoch came from, in words")
    parking_orbit_km: list[float] = _f("parking orbit [perigee, apogee] altitudes, km")
    parking_orbit_raan_from_launch_deg: float | None = _opt(
        "the launch stage's parking-orbit RAAN, deg (only with the launch stage's orbit)")
    raan_difference_from_launch_deg: float | None = _opt(
        "targeted departure RAAN minus the launch stage's, deg (only with the launch stage)")


class TransferFailedSummary(SummarySection):
    """The ``transfer`` section when the targeting found no Earth-Moon transfer."""

    feasible: Literal[False] = _f("always false: no transfer was found")
    error: str = _f("why the targeting failed")
    departure_source: str = _f("where the parking orbit and TLI epoch came from, in words")


# --------------------------------------------------------------------------------------- landing


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


# --------------------------------------------------------------------------------------- surface


class SurfaceTerrain(SummarySection):
    """The rover grid's terrain: which parts are real LOLA and which the seeded synthetic detail."""

    source: str = _f("what the heights are made of, in words")
    real_product: str | None = _f("real product under the grid")
    real_pixel_m: float | None = _f("its native pixel, m")
    synthetic_detail: bool = _f("whether seeded synthetic detail is added")
    synthetic_detail_seed: int | None = _f("seed of the synthetic detail")
    grid_cell_m: float = _f("rover grid cell, m")
    grid_shape: list[int] = _f("rover grid [rows, columns]")
    projection: str = _f("grid projection, in words")
    near_field_policy: str = _f("near-field exclusion of the cells' horizons, in words")
    far_horizon_products: list[str] = _f("products of the far horizon")
    far_horizon_min_distance_m: float = _f("nearest far-horizon terrain, m")
    far_horizon_max_distance_m: float = _f("farthest far-horizon terrain, m")
    near_field_k: float | None = _f("[landing] near_field_k")
    real_terrain: Block | str | None = _f("the real terrain's description (free-form)")
    words: str = _f("the terrain and ephemeris in words")
    landing_stage_inputs: str = _f("whether the landing stage handed its terrains over")


class EnergyWh(SummarySection):
    """Battery energy balance over the surface mission, Wh."""

    solar_in: float = _f("solar energy into the bus, Wh")
    loads_out: float = _f("energy to the loads, Wh")
    charge_losses: float = _f("battery charge losses, Wh")
    spilled: float = _f("solar energy spilled with a full battery, Wh")
    unserved: float = _f("load an empty battery could not supply, Wh")
    battery_change: float = _f("battery energy at the end minus at the start, Wh")
    balance_error: float = _f("energy balance residual, Wh")


class SurfaceSummary(SummarySection):
    """The ``surface`` section: the traverse's figures
    (:meth:`lupex.rover.traverse.TraverseResult.summary`, validated here) and the surface stage's
    additions (:mod:`lupex.scenario.stages.surface`). ``landing_point``, ``scale_references``,
    ``problems`` and ``ice`` are free-form blocks. The keys from ``traverse_days`` to
    ``min_state_of_charge_epoch_utc`` are written only when a traverse was planned."""

    feasible: bool = _f("whether the traverse visits every waypoint with enough energy")
    distance_km: float = _f("distance driven, km")
    waypoints_visited: int = _f("drill sites reached")
    waypoints_planned: int = _f("drill sites planned")
    duration_days: float | None = _f("egress to the end of the surface mission, days")
    min_state_of_charge: float | None = _f("lowest battery state of charge, 0 to 1")
    egress_epoch_utc: str | None = _f("rover egress epoch, UTC")
    end_epoch_utc: str | None = _f("end of the surface mission, UTC")
    terrain: SurfaceTerrain = _f("the rover grid's terrain (terrain.source: real and synthetic)")
    landing_point: Block = _f("the lander's cell on the rover grid beside the landing stage's "
                              "height and slope (free-form)")
    scale_references: Block | list = _f("published scale references (free-form)")
    problems: list[Block] = _f("problems of the plan (free-form rows)")
    driving_rule: str = _f("when the rover may drive, in words")
    station_contact_fraction: float | None = _opt("fraction of time a usable station sees the "
                                                  "site (only with station contact)")
    traverse_days: float | None = _opt("egress to the end of the last drilling, days")
    time_driving_h: float | None = _opt("time driving, h")
    time_waiting_h: float | None = _opt("time waiting, h")
    time_waiting_for_contact_h: float | None = _opt("waiting added by the contact rule, h")
    time_hibernating_h: float | None = _opt("time hibernating, h")
    time_drilling_h: float | None = _opt("time drilling, h")
    time_charging_h: float | None = _opt("time charging, h")
    landing_cell_sun_fraction: float | None = _opt("mean Sun fraction of the landing cell")
    landing_cell_longest_dark_h: float | None = _opt("longest darkness at the landing cell, h")
    safe_haven_cells_fraction: float | None = _opt("fraction of cells that are safe havens")
    survival_hours_on_battery: float | None = _opt("hours the battery keeps the rover alive, h")
    energy_wh: EnergyWh | None = _opt("battery energy balance, Wh")
    min_state_of_charge_epoch_utc: str | None = _opt("epoch of the lowest state of charge, UTC")
    contact_agencies: list[str] = _f("agencies whose stations the rover may use")
    ice: Block | None = _opt("predicted ice depth at each drilled site (only with the landing "
                             "stage's ice map; free-form)")
    landing_epoch_source: str = _f("where the touchdown epoch came from, in words")
    duration_days_planned: float = _f("[surface] duration_days, days")


# -------------------------------------------------------------------------------- communications


class Station(SummarySection):
    """A ground station used for direct-to-Earth contact."""

    id: str = _f("station id")
    name: str = _f("station name")
    agency: str = _f("agency operating it")
    dish_m: float = _f("dish diameter, m")
    mask_deg: float = _f("elevation mask, deg")
    status: str = _f("station status")
    g_over_t_db_k: float = _f("receive figure of merit G/T, dB/K")
    g_over_t_source: str = _f("source of G/T")


class CommunicationsSummary(SummarySection):
    """The ``communications`` section (:mod:`lupex.scenario.stages.communications`)."""

    period_start_utc: str = _f("start of the surface mission, UTC")
    period_stop_utc: str = _f("end of the surface mission, UTC")
    step_h: float = _f("time step, h")
    stations: list[Station] = _f("the stations used")
    earth_above_horizon_fraction: float = _f("fraction of time the Earth is above the site's "
                                             "terrain horizon")
    contact_fraction: dict[str, float] = _f("agency -> fraction of time with contact")
    contact_fraction_any: float = _f("fraction of time with contact through any agency")
    longest_gap_hours: dict[str, float] = _f("agency -> longest gap in contact, h")
    downlink_capacity_gbit: dict[str, float] = _f("agency -> downlink capacity, Gbit")
    lander_operator: str = _f("[operations] lander_operator")
    rover_operator: str = _f("[operations] rover_operator")
    cross_support: bool = _f("[operations] cross_support")
    rover_antenna: str = _f("rover antenna used")
    rover_downlink_capacity_gbit: float = _f("downlink through the rover's stations, Gbit")
    science_data_gbit: float = _f("science data of the drill sites, Gbit")
    drill_sites: int = _f("drill sites counted for the science data")
    downlink_feasible: bool = _f("whether the capacity covers the science data")
    note: str = _f("the contact and link models and their limits, in words")


# ------------------------------------------------------------------------------------- the lot

#: Section name -> its model(s), in flight order (the transfer has a failed-targeting form).
SECTION_MODELS: dict[str, tuple[type[SummarySection], ...]] = {
    "launch": (LaunchSummary,),
    "transfer": (TransferSummary, TransferFailedSummary),
    "landing": (LandingSummary,),
    "surface": (SurfaceSummary,),
    "communications": (CommunicationsSummary,),
}


def section_model(stage: str, data: dict) -> SummarySection:
    """Validate a ``summary.json`` stage section into its model; raises pydantic's
    ValidationError (of the first model) when it fits none, KeyError for an unknown stage."""
    first = None
    for model in SECTION_MODELS[stage]:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            first = first or exc
    raise first


__all__ = [
    "CommunicationsSummary", "DvRow", "EnergyWh", "InjectionOrbit", "IceRegionMaps",
    "LandingIce", "LandingSummary", "LandingTerrain", "LaunchSummary", "PublishedReference",
    "SECTION_MODELS", "Station", "SummarySection", "SurfaceSummary", "SurfaceTerrain",
    "Touchdown", "TransferFailedSummary", "TransferSummary", "section_model",
]
