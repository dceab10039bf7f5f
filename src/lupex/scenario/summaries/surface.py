"""The ``surface`` section of ``summary.json``."""

from __future__ import annotations

from lupex.scenario.summaries._base import (COUNT, DISTANCE_KM, DURATION_DAYS, DURATION_H,
                                            ENERGY_WH, FRACTION, LENGTH_M, MULTIPLE, SLOPE,
                                            STATE_OF_CHARGE, Block, SummarySection, _f, _opt)


class SurfaceTerrain(SummarySection):
    """The rover grid's terrain: which parts are real LOLA and which the seeded synthetic detail."""

    source: str = _f("what the heights are made of, in words")
    real_product: str | None = _f("real product under the grid")
    real_pixel_m: float | None = _f("its native pixel, m", LENGTH_M)
    synthetic_detail: bool = _f("whether seeded synthetic detail is added")
    synthetic_detail_seed: int | None = _f("seed of the synthetic detail")
    grid_cell_m: float = _f("rover grid cell, m", LENGTH_M)
    grid_shape: list[int] = _f("rover grid [rows, columns]", COUNT)
    projection: str = _f("grid projection, in words")
    near_field_policy: str = _f("near-field exclusion of the cells' horizons, in words")
    far_horizon_products: list[str] = _f("products of the far horizon")
    far_horizon_min_distance_m: float = _f("nearest far-horizon terrain, m", LENGTH_M)
    far_horizon_max_distance_m: float = _f("farthest far-horizon terrain, m", LENGTH_M)
    near_field_k: float | None = _f("[landing] near_field_k", MULTIPLE)
    real_terrain: Block | str | None = _f("the real terrain's description (free-form)")
    words: str = _f("the terrain and ephemeris in words")
    landing_stage_inputs: str = _f("whether the landing stage handed its terrains over")


class EnergyWh(SummarySection):
    """Battery energy balance over the surface mission, Wh."""

    solar_in: float = _f("solar energy into the bus, Wh", ENERGY_WH)
    loads_out: float = _f("energy to the loads, Wh", ENERGY_WH)
    charge_losses: float = _f("battery charge losses, Wh", ENERGY_WH)
    spilled: float = _f("solar energy spilled with a full battery, Wh", ENERGY_WH)
    unserved: float = _f("load an empty battery could not supply, Wh", ENERGY_WH)
    battery_change: float = _f("battery energy at the end minus at the start, Wh")
    balance_error: float = _f("energy balance residual, Wh")


class SurfaceSummary(SummarySection):
    """The ``surface`` section: the traverse's figures
    (:meth:`lupex.rover.traverse.TraverseResult.summary`, validated here) and the surface stage's
    additions (:mod:`lupex.scenario.stages.surface`). ``landing_point``, ``scale_references``,
    ``problems`` and ``ice`` are free-form blocks. The keys from ``traverse_days`` to
    ``min_state_of_charge_epoch_utc`` are written only when a traverse was planned."""

    feasible: bool = _f("whether the traverse visits every waypoint with enough energy")
    distance_km: float = _f("distance driven, km", DISTANCE_KM)
    waypoints_visited: int = _f("drill sites reached", COUNT)
    waypoints_planned: int = _f("drill sites planned", COUNT)
    duration_days: float | None = _f(
        "egress to the end of the surface mission, days", DURATION_DAYS)
    min_state_of_charge: float | None = _f(
        "lowest battery state of charge, 0 to 1", STATE_OF_CHARGE)
    egress_epoch_utc: str | None = _f("rover egress epoch, UTC")
    end_epoch_utc: str | None = _f("end of the surface mission, UTC")
    terrain: SurfaceTerrain = _f("the rover grid's terrain (terrain.source: real and synthetic)")
    landing_point: Block = _f("the lander's cell on the rover grid beside the landing stage's "
                              "height and slope (free-form)", keys={"*slope_deg": SLOPE})
    scale_references: Block | list = _f("published scale references (free-form)")
    problems: list[Block] = _f("problems of the plan (free-form rows)")
    driving_rule: str = _f("when the rover may drive, in words")
    station_contact_fraction: float | None = _opt("fraction of time a usable station sees the "
                                                  "site (only with station contact)", FRACTION)
    traverse_days: float | None = _opt(
        "egress to the end of the last drilling, days", DURATION_DAYS)
    time_driving_h: float | None = _opt("time driving, h", DURATION_H)
    time_waiting_h: float | None = _opt("time waiting, h", DURATION_H)
    time_waiting_for_contact_h: float | None = _opt(
        "waiting added by the contact rule, h", DURATION_H)
    time_hibernating_h: float | None = _opt("time hibernating, h", DURATION_H)
    time_drilling_h: float | None = _opt("time drilling, h", DURATION_H)
    time_charging_h: float | None = _opt("time charging, h", DURATION_H)
    landing_cell_sun_fraction: float | None = _opt(
        "mean Sun fraction of the landing cell", FRACTION)
    landing_cell_longest_dark_h: float | None = _opt(
        "longest darkness at the landing cell, h", DURATION_H)
    safe_haven_cells_fraction: float | None = _opt(
        "fraction of cells that are safe havens", FRACTION)
    survival_hours_on_battery: float | None = _opt(
        "hours the battery keeps the rover alive, h", DURATION_H)
    energy_wh: EnergyWh | None = _opt("battery energy balance, Wh")
    min_state_of_charge_epoch_utc: str | None = _opt("epoch of the lowest state of charge, UTC")
    contact_agencies: list[str] = _f("agencies whose stations the rover may use")
    ice: Block | None = _opt("predicted ice depth at each drilled site (only with the landing "
                             "stage's ice map; free-form)")
    landing_epoch_source: str = _f("where the touchdown epoch came from, in words")
    duration_days_planned: float = _f("[surface] duration_days, days", DURATION_DAYS)
