"""Adapter: scenario -> lupex.rover -> the 'surface' section of summary.json.

Needs the touchdown epoch from the landing/transfer stages (handoff ``landing_epoch``); without it
the surface stage is reported "not modelled" rather than guessed. Site: handoff ``landing_site``
or the scenario's [landing] lat/lon.

Terrain and horizons come from the landing stage (handoff ``terrain``: its region terrain, the
rover's real heights; ``site_terrains``: the nested terrains of its site horizon, the rover's far
horizon; ``near_field_policy``: ``[landing] near_field_k``, for both). Without the landing stage
(``lupex rover plan --landing-epoch``) they are built by the same site functions from the
scenario's [landing] section (:func:`landing_inputs`), so a run and the CLI agree.
``landing_summary`` gives the landing stage's ground height and slope at the site, set beside the
rover's in ``surface.landing_point``.

The rover drives and drills only with direct-to-Earth contact: before planning, this stage asks
:mod:`lupex.operations` when a ground station the rover may use ([operations] rover_operator,
or every agency with cross_support) sees the site above its mask, and the planner ANDs that time
series with the Earth above each cell's terrain horizon. The summary reports the waiting this
adds (``time_waiting_for_contact_h``) apart from the rest of ``time_waiting_h``.

The section is built as a :class:`lupex.scenario.summaries.SurfaceSummary` from the traverse's
figures (:meth:`lupex.rover.traverse.TraverseResult.summary`) and this stage's additions.
"""

from __future__ import annotations

import functools

from lupex.errors import Infeasibility
from lupex.scenario.summaries import SurfaceSummary
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


def landing_inputs(scenario, handoff: dict, lat: float, lon: float) -> dict:
    """The landing stage's terrain, nested site terrains and near-field policy for the rover:
    from the handoff (keys ``terrain``, ``site_terrains``, ``near_field_policy``) or, for each
    one missing, built as the landing stage builds it from the scenario's [landing] section
    (region_half_width_km, map_cell_m, horizon_reach_km, near_field_k)."""
    from lupex.rover.terrain import landing_terrain
    from lupex.site import NearFieldPolicy, site_terrains

    ld = scenario.landing
    terrain = handoff.get("terrain")
    if terrain is None:
        terrain = landing_terrain(lat, lon, ld.region_half_width_km * 1e3, ld.map_cell_m)
    far = handoff.get("site_terrains")
    if far is None:
        far = site_terrains(lat, lon % 360.0, ld.horizon_reach_km * 1e3)
    policy = handoff.get("near_field_policy")
    if policy is None:
        policy = NearFieldPolicy(ld.near_field_k)
    return {"terrain": terrain, "far_terrains": list(far), "near_field": policy}


class _Keyed:
    """Objects passed through the plan cache, compared by a key that determines them (the
    landing stage's terrains are a function of the site and the [landing] settings)."""

    def __init__(self, key, value):
        self.key, self.value = key, value

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return isinstance(other, _Keyed) and self.key == other.key


def rover_contact_agencies(scenario) -> tuple[str, ...]:
    """Agencies whose stations the rover may use: its operator, or every agency with
    ``[operations] cross_support``."""
    from lupex.scenario.stages.communications import AGENCIES

    ops = scenario.operations
    return tuple(AGENCIES) if ops.cross_support else (ops.rover_operator,)


def station_contact_series(scenario, lat, lon, epoch_isot, config) -> tuple[bool, ...]:
    """Per surface time step from touchdown, whether a station the rover may use sees the landing
    site above its mask (DE421, the station on the ITRS Earth;
    :func:`lupex.operations.moon_visible`): the station half of the rover's direct-to-Earth rule,
    on the rover sky's time grid."""
    import math

    import astropy.units as u
    import numpy as np

    from lupex.ephemeris import to_time
    from lupex.operations import moon_visible
    from lupex.scenario.stages.communications import chosen_stations

    agencies = rover_contact_agencies(scenario)
    stations = [s for s in chosen_stations(scenario) if s.agency in agencies]
    dt_s = config.time_step_h * 3600.0
    nt = int(math.ceil(config.duration_days * 86400.0 / dt_s))
    times = to_time(epoch_isot, "landing_epoch") + (np.arange(nt) * dt_s) * u.s
    return tuple(bool(v) for v in moon_visible(stations, times, (lat, lon % 360.0, 0.0)))


class _Same:
    """Hash an object (the landing ice map) by identity, for the plan cache."""

    def __init__(self, obj):
        self.obj = obj

    def __hash__(self):
        return id(self.obj)

    def __eq__(self, other):
        return isinstance(other, _Same) and other.obj is self.obj


@functools.lru_cache(maxsize=4)
def _plan_cached(lat, lon, epoch_isot, rover, config, slope_limit_deg, inputs: "_Keyed",
                 station_contact=None, ice=_Same(None)):
    """Traverse plans are deterministic in their inputs: reuse them within one process (several
    runs of the same scenario, e.g. a report and a summary)."""
    import numpy as np

    from lupex.rover.traverse import plan_traverse

    return plan_traverse(lat, lon, epoch_isot, rover, config,
                         landing_slope_limit_deg=slope_limit_deg, **inputs.value,
                         station_contact=None if station_contact is None
                         else np.array(station_contact, dtype=bool),
                         ice_map=ice.obj)


def _inputs_key(inp: dict) -> tuple:
    t = inp["terrain"]
    return (t.x0_m, t.y0_m, t.cell_m, t.shape, t.products,
            tuple((f.x0_m, f.y0_m, f.cell_m, f.shape, f.products) for f in inp["far_terrains"]),
            float(inp["near_field"].k))


def landing_point_comparison(point: dict, landing_summary: dict | None) -> dict:
    """The rover's landing point (``surface.landing_point``) with the landing stage's ground
    height and slope at the site beside it, and the differences. The landing stage measures its
    slope over its lander-footprint baseline on the real terrain (LDEM_4: one 7.6 km pixel); the
    rover over 2 cells of its grid, real terrain plus synthetic detail: they differ by scale, by
    up to about the detail's RMS slope."""
    out = dict(point)
    if not landing_summary:
        return out
    gh, sl = landing_summary.get("ground_height_m"), landing_summary.get("slope_deg")
    out["landing_stage"] = {
        "ground_height_m": None if gh is None else round(float(gh), 2),
        "slope_deg": None if sl is None else round(float(sl), 2),
        "slope_baseline_m": landing_summary.get("slope_baseline_m"),
        "terrain": "real LOLA only (no synthetic detail), at the nominal site",
    }
    if gh is not None:
        out["height_minus_landing_m"] = round(point["height_m"] - float(gh), 2)
        out["real_height_minus_landing_m"] = round(point["real_height_m"] - float(gh), 2)
    if sl is not None:
        out["slope_minus_landing_deg"] = round(point["slope_deg"] - float(sl), 2)
    return out


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
    inputs = landing_inputs(scenario, handoff, float(lat), float(lon))
    contact = station_contact_series(scenario, float(lat), float(lon), epoch, config)
    ice_map = handoff.get("ice_map")
    res = _plan_cached(float(lat), float(lon), epoch, rover, config,
                       float(scenario.landing.slope_limit_deg),
                       _Keyed(_inputs_key(inputs), inputs), contact,
                       _Same(ice_map if config.drill_targets == "ice" else None))
    traverse = res.summary()  # the traverse's figures, typed by the section's model
    from_landing = [k for k in ("terrain", "site_terrains", "near_field_policy") if k in handoff]
    inputs_words = (
        "handed over by the landing stage" if len(from_landing) == 3 else
        "built from the scenario's [landing] section as the landing stage builds them"
        + (f" (handed over: {', '.join(from_landing)})" if from_landing else ""))
    extra = ({"ice": _drilled_ice(res, ice_map)} if ice_map is not None and res.plan is not None
             else {})
    summary = SurfaceSummary(**{
        **traverse,
        "terrain": {**traverse["terrain"], "landing_stage_inputs": inputs_words},
        "landing_point": landing_point_comparison(traverse["landing_point"],
                                                  handoff.get("landing_summary")),
    }, contact_agencies=list(rover_contact_agencies(scenario)), **extra,
        landing_epoch_source="handoff from the upstream stages",
        duration_days_planned=config.duration_days).to_json()
    return StageResult(
        stage="surface",
        summary=summary,
        events=tuple(events_for(res)),
        infeasibilities=tuple(infeasibilities_for(res)),
        handoff={"surface_events_given": True,
                 "drill_sites_visited": int(summary.get("waypoints_visited") or 0)},
        write_products=lambda d: write_plots(res, d),
    )

