"""One call from plain inputs to a planned traverse: terrain, sky, landing cell, egress, waypoints,
mission plan and energy, with a JSON-ready summary.

:func:`plan_traverse` is what the scenario adapter and ``lupex rover plan`` call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lupex.errors import InputError
from lupex.rover.detail import detail_model
from lupex.rover.grid import LocalGrid
from lupex.rover.havens import safe_havens, survival_hours
from lupex.rover.mission import MissionPlan, plan_mission
from lupex.rover.model import Rover
from lupex.rover.planner import reachable_cells, require_contact
from lupex.rover.sky import Sky, joint_fraction, sky_from_ephemeris
from lupex.rover.waypoints import choose_ice_waypoints, choose_waypoints
import lupex.display as _display
from lupex.units import accepts

#: Scale references quoted next to the result (not used in any computation).
SCALE_REFERENCES = {
    "viper_planned_traverse_km": "16-24 km in about 100 days (NASA VIPER mission plan, 2021-2023)",
    "pragyan_traverse_m": "over 100 m in about 10 days (ISRO, 2 Sep 2023: traversed over 100 meters)",
}


@dataclass(frozen=True)
class TraverseConfig:
    """Surface settings (the scenario's [surface] keys, same names and units)."""

    duration_days: float = 100.0
    grid_half_width_m: float = 1500.0
    grid_cell_m: float = 10.0
    detail_seed: int = 1
    detail_rms_slope: float = 0.15
    detail_baseline_m: float = 25.0
    detail_hurst: float = 0.95
    detail_rolloff_m: float = 250.0
    detail_calibration: str = "published_highland"
    waypoints_n: int = 10
    drill_field_m: float = 1000.0
    waypoint_seed: int = 7
    waypoints_xy_m: tuple | None = None
    drill_site_max_slope_deg: float = 10.0
    drill_site_min_sun_fraction: float = 0.5
    drill_site_min_sun_earth_fraction: float = 0.3
    drill_targets: str = "field"
    landing_radius_m: float = 100.0
    egress_delay_h: float = 4.0
    time_step_h: float = 1.0
    horizon_bins: int = 72
    local_horizon_reach_m: float = 1500.0
    far_horizon_reach_m: float = 150_000.0
    earth_min_elevation_deg: float = 0.0

    @classmethod
    def from_mapping(cls, m: dict) -> "TraverseConfig":
        names = set(cls.__dataclass_fields__)
        kw = {k: v for k, v in m.items() if k in names}
        if kw.get("waypoints_xy_m") is not None:
            kw["waypoints_xy_m"] = tuple(tuple(map(float, p)) for p in kw["waypoints_xy_m"])
        return cls(**kw)


@_display.result()
@dataclass(frozen=True)
class TraverseResult:
    """Everything :func:`plan_traverse` built, and the summary."""

    grid: LocalGrid
    sky: Sky
    rover: Rover
    config: TraverseConfig
    plan: MissionPlan | None
    start_cell: tuple[int, int]
    egress_s: float | None
    near_field_policy: str
    far_horizon_products: tuple[str, ...]
    far_horizon_min_distance_m: float
    problems: tuple[dict, ...] = field(default_factory=tuple)
    far_horizon_max_distance_m: float = float("nan")
    station_contact: np.ndarray | None = None  # (nt,) bool: the operator's stations see the Moon

    @property
    def feasible(self) -> bool:
        return not self.problems and self.plan is not None and self.plan.feasible

    def contact_wait_s(self) -> float:
        """Seconds waiting for ground-station contact (:func:`contact_wait_s`)."""
        return contact_wait_s(self.plan, self.sky, self.station_contact)

    def epoch(self, t_s: float):
        from astropy import units as u

        return self.sky.start + t_s * u.s

    def landing_point(self) -> dict:
        """The lander's cell on the rover grid: offset from the nominal site (m, grid east/north),
        height (m) and slope (deg, central differences over 2 cells,
        :func:`lupex.moon_geometry.slope_deg`) of the full grid and of its real component, and the synthetic detail there with its RMS
        height and RMS slope over the grid (the amplitude by which the rover's point values may
        differ from the landing stage's real-terrain ones)."""
        from lupex.rover.grid import slope_deg

        g = self.grid
        i, j = self.start_cell
        ny, nx = g.shape
        d = g.detail_m if g.detail_m is not None else np.zeros(g.shape)
        real = g.heights - d
        s_all = slope_deg(g.heights, g.cell_m)
        s_real = slope_deg(real, g.cell_m)
        s_det = slope_deg(d, g.cell_m)
        return {
            "offset_east_m": round(float((j - (nx - 1) / 2) * g.cell_m), 1),
            "offset_north_m": round(float((i - (ny - 1) / 2) * g.cell_m), 1),
            "height_m": round(float(g.heights[i, j]), 2),
            "real_height_m": round(float(real[i, j]), 2),
            "detail_height_m": round(float(d[i, j]), 2),
            "slope_deg": round(float(s_all[i, j]), 2),
            "real_slope_deg": round(float(s_real[i, j]), 2),
            "slope_baseline_m": 2.0 * g.cell_m,
            "detail_rms_height_m": round(float(np.sqrt(np.mean(d * d))), 2),
            "detail_rms_slope_deg": round(float(np.sqrt(np.mean(s_det * s_det))), 2),
        }

    def summary(self) -> dict:
        """JSON-ready 'surface' section: distances in km, times in days/hours.

        duration_days: egress to the end of the surface mission; traverse_days: egress to the end
        of the last drilling; min_state_of_charge over the whole mission (fraction).
        """
        p = self.plan
        g = self.grid
        terrain = {
            "source": g.source,
            "real_product": g.meta.get("real_product"),
            "real_pixel_m": g.meta.get("real_pixel_m"),
            "synthetic_detail": bool(g.meta.get("synthetic_detail")),
            "synthetic_detail_seed": g.meta.get("detail_seed"),
            "grid_cell_m": g.cell_m,
            "grid_shape": list(g.shape),
            "projection": "south polar stereographic, sphere R = 1,737,400 m",
            "near_field_policy": self.near_field_policy,
            "far_horizon_products": list(self.far_horizon_products),
            "far_horizon_min_distance_m": round(self.far_horizon_min_distance_m, 1),
            "far_horizon_max_distance_m": round(self.far_horizon_max_distance_m, 1),
            "near_field_k": g.meta.get("near_field_k"),
            "real_terrain": g.meta.get("real_terrain"),
            "words": ("heights: real LOLA data of the landing stage's terrain (cubic spline "
                      "between its cells) plus, where the real product is coarser than the grid, "
                      "a SYNTHETIC seeded detail model (craters and roughness calibrated on "
                      "published lunar statistics); Sun and Earth: JPL DE421"),
        }
        out = {
            "feasible": self.feasible,
            "distance_km": round(p.distance_m / 1000.0, 4) if p else 0.0,
            "waypoints_visited": len(p.visited) if p else 0,
            "waypoints_planned": int(len(p.waypoints)) if p else 0,
            "duration_days": round(p.duration_days, 4) if p else None,
            "min_state_of_charge": round(p.energy.min_soc, 4) if p else None,
            "egress_epoch_utc": self.epoch(self.egress_s).utc.isot[:23] + "Z"
            if self.egress_s is not None else None,
            "end_epoch_utc": self.epoch(p.t_end_s).utc.isot[:23] + "Z" if p else None,
            "terrain": terrain,
            "landing_point": self.landing_point(),
            "scale_references": SCALE_REFERENCES,
            "problems": [dict(q) for q in self.problems] + ([dict(q) for q in p.problems] if p else []),
            "driving_rule": ("Sun" if self.rover.drive_requires_sun else "") +
            (" and Earth above the cell's terrain horizon" if self.rover.drive_requires_earth
             else "") + (" and a ground station of the operator seeing the Moon"
                         if self.station_contact is not None and self.rover.drive_requires_earth
                         else ""),
        }
        if self.station_contact is not None:
            out["station_contact_fraction"] = round(float(np.mean(self.station_contact)), 4)
        if p is not None:
            ny, nx = g.shape
            i, j = self.start_cell
            drills = [a.t_end_s for a in p.activities if a.kind == "drill"]
            out.update({
                "traverse_days": round((max(drills) - p.t_start_s) / 86400.0, 4) if drills else None,
                "time_driving_h": round(p.time_in("drive") / 3600, 3),
                "time_waiting_h": round(p.time_in("wait") / 3600, 3),
                "time_waiting_for_contact_h": round(self.contact_wait_s() / 3600, 3),
                "time_hibernating_h": round(p.time_in("hibernate") / 3600, 3),
                "time_drilling_h": round(p.time_in("drill") / 3600, 3),
                "time_charging_h": round(p.time_in("charge") / 3600, 3),
                "landing_cell_sun_fraction": round(float(p.sun_fraction[i, j]), 4),
                "landing_cell_longest_dark_h": round(float(p.longest_dark_h[i, j]), 2),
                "safe_haven_cells_fraction": round(float(p.haven.mean()), 5),
                "survival_hours_on_battery": round(survival_hours(self.rover), 2),
                "energy_wh": {
                    "solar_in": round(p.energy.solar_in_wh, 3),
                    "loads_out": round(p.energy.load_out_wh, 3),
                    "charge_losses": round(p.energy.charge_loss_wh, 3),
                    "spilled": round(p.energy.spilled_wh, 3),
                    "unserved": round(p.energy.unserved_wh, 3),
                    "battery_change": round(float(p.energy.energy_wh[-1] - p.energy.energy_wh[0]), 3),
                    "balance_error": p.energy.balance_error_wh,
                },
                "min_state_of_charge_epoch_utc": self.epoch(p.energy.min_soc_time_s).utc.isot[:23] + "Z",
            })
        return out


def contact_wait_s(plan: MissionPlan | None, sky: Sky, station_contact) -> float:
    """Seconds the rover stood waiting (Sun up) at samples when the Earth was above its cell's
    terrain horizon in ``sky`` (the sky WITHOUT the station rule) but ``station_contact`` was
    False: the waiting that the ground-station half of the direct-to-Earth rule adds to the
    Sun/Earth rule. 0 without a plan or a station series.

    Counted per sky sample inside each "wait" activity (sub-intervals split at sample edges,
    judged at their midpoints). A wait is counted as contact wait whenever contact was the one
    condition missing at the rover's cell, even if a shadow on the route ahead would also have
    held it there; hibernation (Sun down) is never contact wait.
    """
    if plan is None or station_contact is None:
        return 0.0
    contact = np.asarray(station_contact, dtype=bool)
    dt, nx = sky.dt_s, sky.shape[1]
    total = 0.0
    for a in plan.activities:
        if a.kind != "wait" or a.t_end_s <= a.t_start_s:
            continue
        inner = np.arange(math.floor(a.t_start_s / dt) + 1, math.ceil(a.t_end_s / dt)) * dt
        edges = np.unique(np.concatenate([[a.t_start_s, a.t_end_s], inner]))
        mids = 0.5 * (edges[:-1] + edges[1:])
        cid = np.full(mids.size, a.cell_start[0] * nx + a.cell_start[1])
        el, h = sky.series("earth", cid, mids)
        earth = el > h + sky.earth.threshold_deg
        k = np.clip((mids // dt).astype(int), 0, sky.nt - 1)
        total += float(np.sum(np.diff(edges)[earth & ~contact[k]]))
    return total


def rover_from_mapping(m: dict) -> Rover:
    names = set(Rover.__dataclass_fields__)
    return Rover(**{k: v for k, v in m.items() if k in names})


def _landing_cell(slope, frac, cell_m, radius_m, slope_limit_deg):
    ny, nx = slope.shape
    ic, jc = ny // 2, nx // 2
    ii, jj = np.mgrid[0:ny, 0:nx]
    m = (np.hypot(ii - ic, jj - jc) * cell_m <= radius_m) & (slope <= slope_limit_deg)
    if not m.any():
        return (ic, jc)
    score = np.where(m, frac, -1.0)
    return tuple(int(v) for v in np.unravel_index(np.argmax(score), score.shape))


def _egress_time(sky: Sky, cell, t_from: float, need_earth: bool):
    ny, nx = sky.shape
    cid = cell[0] * nx + cell[1]
    k0 = int(math.ceil(t_from / sky.dt_s))
    ks = np.arange(k0, sky.nt)
    if ks.size == 0:
        return None
    times = (ks + 0.5) * sky.dt_s
    el, h = sky.series("sun", np.full(ks.size, cid), times)
    ok = el > h + sky.sun.threshold_deg
    if need_earth:
        e2, h2 = sky.series("earth", np.full(ks.size, cid), times)
        ok &= e2 > h2 + sky.earth.threshold_deg
    idx = np.nonzero(ok)[0]
    return float(max(t_from, ks[idx[0]] * sky.dt_s)) if idx.size else None


def grid_ice_depth(grid: LocalGrid, ice_map) -> np.ndarray:
    """Predicted depth of stable ice (m, NaN: none within 2 m) at every rover-grid cell: the
    landing region's ice map (:class:`lupex.ice.maps.IceMap`, hundreds of metres per cell)
    interpolated bilinearly to the cell centres (:func:`lupex.ice.maps.ice_depth_at`) -- an
    interpolation of cell averages, not a model at the rover's resolution."""
    if ice_map is None:
        raise InputError("surface.drill_targets", "ice",
                         "'field', or 'ice' in a run whose landing stage made the ice maps")
    from lupex.ice.maps import ice_depth_at
    from lupex.site.pds import ps_to_latlon

    ny, nx = grid.shape
    ii, jj = np.mgrid[0:ny, 0:nx]
    x, y = grid.xy(ii, jj)
    lat, lon = ps_to_latlon(x, y, ice_map.terrain.pole)
    return ice_depth_at(ice_map, lat, lon)


@accepts(epochs=("landing_epoch",))
def plan_traverse(lat_deg: float, lon_deg: float, landing_epoch, rover: Rover = Rover(),
                  config: TraverseConfig = TraverseConfig(),
                  landing_slope_limit_deg: float = 12.0, terrain=None, far_terrains=None,
                  near_field=None, station_contact=None, ice_map=None) -> TraverseResult:
    """Plan the surface mission at a polar site from touchdown at ``landing_epoch``.

    terrain, far_terrains, near_field: the landing stage's region terrain, nested site terrains
    and :class:`lupex.site.near_field.NearFieldPolicy` (or its k); each None is built the way the
    landing stage builds it with its defaults (:func:`lupex.rover.terrain.landing_terrain`,
    :func:`lupex.site.analysis.site_terrains`, k = 2).

    1. Rover-scale grid (real LOLA + labelled synthetic detail) and far-field horizon
       (:mod:`lupex.rover.terrain`); 2. Sun/Earth sky for ``duration_days`` from touchdown;
    3. lander cell: best-lit cell with slope ≤ the landing limit within ``landing_radius_m``;
    4. egress at the first hour after ``egress_delay_h`` with Sun and Earth at the lander;
    5. waypoints (explicit offsets or drawn in the drill field); 6. plan and energy, the rover
       returning to the lander's (best-lit) cell after the last site to wait out the mission.

    station_contact: optional boolean series, one value per sky sample (touchdown + k × time
    step, ``ceil(duration_days × 24 / time_step_h)`` samples), True when a ground station of the
    rover's operator sees the Moon (:func:`lupex.operations.moon_visible`). With it, and when the
    rover's rule needs the Earth, egress, driving and drilling need direct-to-Earth contact:
    the Earth above the cell's terrain horizon AND a station (:func:`require_contact`). Drill
    sites are still chosen on the Sun/Earth terrain statistics alone (stations do not depend on
    the cell).
    """
    from lupex.rover.terrain import far_horizon, horizon_heights, rover_grid

    if config.drill_targets not in ("field", "ice"):
        raise InputError("surface.drill_targets", config.drill_targets, "'field' or 'ice'")
    if config.drill_targets == "ice" and config.waypoints_xy_m is None and ice_map is None:
        grid_ice_depth(None, None)  # raises: the ice maps are needed
    if config.waypoints_xy_m is not None:  # check before the expensive steps
        lim = config.grid_half_width_m - config.landing_radius_m
        for q, (ex, ny_m) in enumerate(config.waypoints_xy_m):
            if not (math.isfinite(ex) and math.isfinite(ny_m)) or max(abs(ex), abs(ny_m)) > lim:
                raise InputError(f"surface.waypoints_xy_m[{q}]", [ex, ny_m],
                                 f"[east_m, north_m] offsets within ±{lim:g} m of the lander "
                                 "(grid half-width minus the landing radius)")
    detail = detail_model(config.detail_calibration, hurst=config.detail_hurst,
                          rms_slope=config.detail_rms_slope, baseline_m=config.detail_baseline_m,
                          rolloff_m=config.detail_rolloff_m)
    grid = rover_grid(lat_deg, lon_deg, config.grid_half_width_m, config.grid_cell_m,
                      seed=config.detail_seed, detail=detail, terrain=terrain,
                      near_field=near_field)
    fh = far_horizon(lat_deg, lon_deg, observer_height_m=rover.panel_height_m,
                     reach_m=config.far_horizon_reach_m, near_field=near_field,
                     terrains=far_terrains)
    hh, policy = horizon_heights(grid, near_field)
    sky = sky_from_ephemeris(grid, lat_deg, lon_deg, landing_epoch, config.duration_days,
                             config.time_step_h * 3600.0, far_horizon=fh,
                             n_bins=config.horizon_bins, observer_height_m=rover.panel_height_m,
                             local_reach_m=config.local_horizon_reach_m, horizon_heights=hh,
                             earth_threshold_deg=config.earth_min_elevation_deg,
                             description="JPL DE421 via lupex.ephemeris; " + policy
                             + "; far field: " + fh.policy)
    rule_sky = sky
    contact = None
    if station_contact is not None:
        contact = np.asarray(station_contact)
        if contact.dtype != bool or contact.shape != (sky.nt,):
            raise InputError("station_contact", f"array of dtype {contact.dtype} and shape "
                             f"{contact.shape}", f"a boolean series of {sky.nt} samples (one per "
                             "surface time step)")
        if rover.drive_requires_earth:
            rule_sky = require_contact(sky, contact)
    slope = grid.slope_deg()
    cost = rover.cost_grid(slope)
    _, frac, _ = safe_havens(sky, rover)  # whole sky: the lander picks its best-lit cell
    start = _landing_cell(slope, frac, grid.cell_m, config.landing_radius_m, landing_slope_limit_deg)
    problems: list[dict] = []
    t_egress = _egress_time(rule_sky, start, config.egress_delay_h * 3600.0,
                            rover.drive_requires_earth)
    ny, nx = grid.shape
    # Sun/Earth statistics over the surface mission (egress to end): the darkness before egress,
    # with the rover still on the lander, does not matter for safe havens or drill sites
    k_eg = int((t_egress if t_egress is not None else 0.0) // sky.dt_s)
    havens, frac_m, _ = safe_havens(sky, rover, k_eg)
    if config.waypoints_xy_m is not None:
        wps = []
        for q, (ex, ny_m) in enumerate(config.waypoints_xy_m):
            i = start[0] + int(round(ny_m / grid.cell_m))
            j = start[1] + int(round(ex / grid.cell_m))
            if not (0 <= i < ny and 0 <= j < nx):
                raise InputError(f"surface.waypoints_xy_m[{q}]", [ex, ny_m],
                                 f"an offset inside the rover grid (±{config.grid_half_width_m:g} m)")
            wps.append((i, j))
        wps = np.array(wps, dtype=np.int64).reshape(-1, 2)
    else:
        joint = joint_fraction(sky, k_eg)
        reach = reachable_cells(cost, start, grid.cell_m, grid.heights, rover.max_slope_deg)
    if config.waypoints_xy_m is None and config.drill_targets == "ice":
        wps = choose_ice_waypoints(
            grid_ice_depth(grid, ice_map), ice_map.drill_depth_m, slope, frac_m, grid.cell_m,
            config.waypoints_n, config.drill_field_m / (2.0 * math.sqrt(max(config.waypoints_n, 1))),
            start, config.drill_site_max_slope_deg, config.drill_site_min_sun_fraction, joint,
            config.drill_site_min_sun_earth_fraction, reachable=reach)
        if len(wps) < config.waypoints_n:
            problems.append({"quantity": "drill sites", "detail":
                             f"only {len(wps)} of {config.waypoints_n} drill sites with predicted "
                             f"ice within {ice_map.drill_depth_m:g} m meet the slope, sunlight, "
                             "Earth-contact and reachability criteria on the rover grid"})
    elif config.waypoints_xy_m is None:
        wps = choose_waypoints(slope, frac_m, grid.cell_m, config.waypoints_n, config.drill_field_m,
                               config.waypoint_seed, start, config.drill_site_max_slope_deg,
                               config.drill_site_min_sun_fraction, joint,
                               config.drill_site_min_sun_earth_fraction, reachable=reach)
        if len(wps) < config.waypoints_n:
            problems.append({"quantity": "drill sites", "detail":
                             f"only {len(wps)} of {config.waypoints_n} drill sites meet the slope, "
                             "sunlight, Earth-contact and reachability (from the lander under the "
                             "slope limit) criteria in the drill field"})
    if t_egress is None:
        problems.append({"quantity": "rover egress", "detail":
                         "no hour with Sun and Earth" + (" and station contact" if contact
                                                          is not None else "") +
                         " at the lander during the mission"})
        return TraverseResult(grid, sky, rover, config, None, start, None, policy, fh.products,
                              fh.min_distance_m, tuple(problems), fh.max_distance_m, contact)
    plan = plan_mission(cost, grid.heights, grid.cell_m, rule_sky, rover, start, wps,
                        t_start_s=t_egress, duration_s=sky.duration_s - t_egress, haven=havens,
                        park_cell=start)
    return TraverseResult(grid, sky, rover, config, plan, start, t_egress, policy, fh.products,
                          fh.min_distance_m, tuple(problems), fh.max_distance_m, contact)
