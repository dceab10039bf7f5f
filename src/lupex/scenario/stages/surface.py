"""Adapter: scenario -> lupex.rover -> the 'surface' section of summary.json.

Needs the touchdown epoch from the landing/transfer stages (handoff ``landing_epoch``); without it
the surface stage is reported "not modelled" rather than guessed. Site: handoff ``landing_site``
or the scenario's [landing] lat/lon.
"""

from __future__ import annotations

import functools

from lupex.errors import Infeasibility
from lupex.stage import StageResult
from lupex.timeline import Event


def check_site_terrain(scenario) -> list[str]:
    """Check, before any stage computes, that real terrain covers the scenario's site.

    The landing and surface stages need a LOLA product under the [landing] site (lat_deg,
    lon_deg). Raises InputError at once when ``LUPEX_DATA_DIR`` is set to a missing or empty
    directory, when no product is found at all, or when the site is off every product (or not
    polar: the terrain grids are polar stereographic, |lat| >= 60°). Opening a product reads its
    header and verifies its sha256 once per file version (:func:`lupex.paths.verify_product_file`),
    so this costs well under a second. Returns the names of the products covering the site.
    """
    from lupex.errors import InputError
    from lupex.paths import data_dirs
    from lupex.scenario.input_checks import MIN_POLAR_LATITUDE_DEG
    from lupex.site.terrain import available_products

    lat, lon = float(scenario.landing.lat_deg), float(scenario.landing.lon_deg)
    dirs = data_dirs()  # raises on a bad LUPEX_DATA_DIR
    if abs(lat) < MIN_POLAR_LATITUDE_DEG:  # also checked at load; kept for Scenario objects
        raise InputError("landing.lat_deg", lat, "a polar site (|lat| >= 60°): lupex's terrain "
                         "grids are polar stereographic")
    products = available_products([d / "lola" for d in dirs])
    if not products:
        raise InputError("terrain for the landing site", "no LOLA product found",
                         "a data directory with lola/LDEM_4.IMG (set LUPEX_DATA_DIR; see "
                         "`lupex data list`)")
    covering = [p.name for p in products if p.covers(lat, lon)]
    if not covering:
        raise InputError("landing (lat_deg, lon_deg)", (lat, lon),
                         f"a site covered by a LOLA product (found: "
                         f"{', '.join(p.name for p in products)}; see `lupex data list`)")
    return covering


def traverse_inputs(scenario):
    """(Rover, TraverseConfig) from the scenario's [rover] and [surface] sections."""
    from lupex.rover.traverse import TraverseConfig, rover_from_mapping

    rover = rover_from_mapping(scenario.rover.model_dump())
    config = TraverseConfig.from_mapping(scenario.surface.model_dump())
    return rover, config


def events_for(res) -> list[Event]:
    """Timeline events of a planned traverse: egress, drills, end of mission."""
    p = res.plan
    ev: list[Event] = []
    if p is None:
        return ev
    ev.append(Event("Rover egress from the lander", res.epoch(res.egress_s), "rover_egress",
                    detail=f"first hour with Sun and Earth after {res.config.egress_delay_h:g} h"))
    dist = 0.0
    for a in p.activities:
        if a.kind == "drive":
            dist += a.distance_m
        if a.kind == "drill":
            ev.append(Event(f"Drill at site {a.waypoint + 1}", res.epoch(a.t_start_s),
                            "surface_operations", duration_s=a.t_end_s - a.t_start_s,
                            detail=f"1.5 m drill; {dist / 1000:.2f} km driven so far"))
    ev.append(Event("End of surface mission", res.epoch(p.t_end_s), "end_of_mission",
                    detail=f"{p.distance_m / 1000:.2f} km driven, {len(p.visited)} of "
                           f"{len(p.waypoints)} sites drilled, lowest state of charge "
                           f"{p.energy.min_soc:.2f}"))
    return ev


def infeasibilities_for(res) -> list[Infeasibility]:
    out = []
    p = res.plan
    for q in res.problems:
        out.append(Infeasibility("surface", q["quantity"], 1.0, "event", q["detail"]))
    if p is None:
        return out
    missed = len(p.waypoints) - len(p.visited)
    if missed > 0:
        out.append(Infeasibility("surface", "waypoints visited", float(missed), "waypoints",
                                 "; ".join(q["detail"] for q in p.problems
                                           if q["quantity"] != "state of charge")))
    if not p.energy.feasible:
        soc = [q for q in p.problems if q["quantity"] == "state of charge"]
        out.append(Infeasibility("surface", "state of charge",
                                 res.rover.min_state_of_charge - p.energy.min_soc, "fraction",
                                 soc[0]["detail"] if soc else "battery below the minimum"))
    return out


class _Same:
    """Hash an object (the landing ice map) by identity, for the plan cache."""

    def __init__(self, obj):
        self.obj = obj

    def __hash__(self):
        return id(self.obj)

    def __eq__(self, other):
        return isinstance(other, _Same) and other.obj is self.obj


@functools.lru_cache(maxsize=4)
def _plan_cached(lat, lon, epoch_isot, rover, config, slope_limit_deg, ice=_Same(None)):
    """Traverse plans are deterministic in their inputs: reuse them within one process (several
    runs of the same scenario, e.g. a report and a summary)."""
    from lupex.rover.traverse import plan_traverse

    return plan_traverse(lat, lon, epoch_isot, rover, config,
                         landing_slope_limit_deg=slope_limit_deg, ice_map=ice.obj)


def _drilled_ice(res, ice_map) -> dict:
    """Predicted ice depth at each drilled site (the landing ice map interpolated to the rover
    grid, :func:`lupex.rover.traverse.grid_ice_depth`) and how many drilled sites reach ice."""
    from lupex.rover.traverse import grid_ice_depth

    depth = grid_ice_depth(res.grid, ice_map)
    reach = float(ice_map.drill_depth_m)
    sites = []
    for w in res.plan.visited:
        i, j = (int(v) for v in res.plan.waypoints[w])
        d = float(depth[i, j])
        sites.append({"site": int(w) + 1, "ice_depth_m": None if d != d else round(d, 3),
                      "reaches_ice": bool(d == d and d <= reach)})
    return {"drill_targets": res.config.drill_targets, "drill_depth_m": reach,
            "drilled_sites": sites,
            "drilled_sites_reaching_ice": sum(s["reaches_ice"] for s in sites),
            "note": "ice depth from the landing region's ice map (cells of hundreds of metres) "
                    "interpolated bilinearly to the rover's cells; not modelled at rover scale"}


def run(scenario, handoff: dict) -> StageResult:
    """Plan the rover traverse from touchdown; infeasibilities are reported, not raised."""
    landing = handoff.get("landing_epoch")
    if landing is None:
        return StageResult(stage="surface", summary=None, not_modelled=(
            "surface (no landing epoch from the landing/transfer stages; the traverse is not "
            "planned on a guessed date)",))
    from lupex.ephemeris import to_time
    from lupex.rover.plots import write_plots

    lat, lon = handoff.get("landing_site") or (scenario.landing.lat_deg, scenario.landing.lon_deg)
    rover, config = traverse_inputs(scenario)
    epoch = to_time(landing, "landing_epoch").utc.isot
    ice_map = handoff.get("ice_map")
    res = _plan_cached(float(lat), float(lon), epoch, rover, config,
                       float(scenario.landing.slope_limit_deg),
                       _Same(ice_map if config.drill_targets == "ice" else None))
    summary = res.summary()
    if ice_map is not None and res.plan is not None:
        summary["ice"] = _drilled_ice(res, ice_map)
    summary["landing_epoch_source"] = "handoff from the upstream stages"
    summary["duration_days_planned"] = config.duration_days
    return StageResult(
        stage="surface",
        summary=summary,
        events=tuple(events_for(res)),
        infeasibilities=tuple(infeasibilities_for(res)),
        handoff={"surface_events_given": True,
                 "drill_sites_visited": int(summary.get("waypoints_visited") or 0)},
        write_products=lambda d: write_plots(res, d),
    )

