"""Choosing the science waypoints the surface mission drives through and drills at.

:func:`choose_waypoints` draws, with a seed, cells of stable stance, enough Sun (and Sun and
Earth together) and within the rover's reach, spread over a square field; :func:`choose_ice_waypoints`
takes those with the shallowest predicted ice. Both visit them in nearest-neighbour order from the
start cell. Energy and drilling windows are left to :func:`lupex.rover.mission.plan_mission`.
"""

from __future__ import annotations

import math

import numpy as np

from lupex.errors import InputError


def choose_waypoints(slope_deg: np.ndarray, sun_fraction: np.ndarray, cell_m: float, n: int,
                     field_m: float, seed: int, start_cell, max_site_slope_deg: float = 10.0,
                     min_sun_fraction: float = 0.3, joint_fraction: np.ndarray | None = None,
                     min_joint_fraction: float = 0.0,
                     reachable: np.ndarray | None = None) -> np.ndarray:
    """``n`` drill sites in a square field of side ``field_m`` centred on the grid: cells with
    slope ≤ ``max_site_slope_deg`` (drilling from a stable stance; assumption), Sun at least
    ``min_sun_fraction`` of the time and (if given) Sun and Earth together at least
    ``min_joint_fraction`` of the time (drilling is commanded from Earth), drawn with ``seed`` and
    kept ≥ field/(2√n) apart, visited in nearest-neighbour order from ``start_cell``.
    ``reachable`` (bool (ny, nx), e.g. :func:`lupex.rover.planner.reachable_cells` from the
    lander under the slope limit): only those cells are candidates, as a mission analyst would
    not put a drill site where the rover cannot drive. Returns
    (n, 2) cells (fewer if the field is full).
    """
    ny, nx = slope_deg.shape
    half = int(round(field_m / 2 / cell_m))
    ic, jc = ny // 2, nx // 2
    i0, i1 = max(0, ic - half), min(ny, ic + half + 1)
    j0, j1 = max(0, jc - half), min(nx, jc + half + 1)
    ii, jj = np.mgrid[i0:i1, j0:j1]
    ok = (slope_deg[i0:i1, j0:j1] <= max_site_slope_deg) & \
        (sun_fraction[i0:i1, j0:j1] >= min_sun_fraction)
    if joint_fraction is not None:
        ok &= joint_fraction[i0:i1, j0:j1] >= min_joint_fraction
    if reachable is not None:
        if np.shape(reachable) != slope_deg.shape:
            raise InputError("reachable", np.shape(reachable),
                             f"a boolean array of shape {slope_deg.shape}")
        ok &= np.asarray(reachable, dtype=bool)[i0:i1, j0:j1]
    cand = np.column_stack([ii[ok], jj[ok]])
    rng = np.random.default_rng(seed)
    rng.shuffle(cand)
    sep = field_m / (2.0 * math.sqrt(max(n, 1))) / cell_m
    chosen: list[np.ndarray] = []
    for c in cand:
        if all(np.hypot(*(c - q)) >= sep for q in chosen) and np.hypot(*(c - np.asarray(start_cell))) >= sep:
            chosen.append(c)
            if len(chosen) == n:
                break
    return _nearest_neighbour_order(chosen, start_cell)


def _nearest_neighbour_order(chosen, start_cell) -> np.ndarray:
    """Cells in nearest-neighbour order from ``start_cell``, (n, 2) int64."""
    order = []
    cur = np.asarray(start_cell)
    left = list(range(len(chosen)))
    while left:
        q = min(left, key=lambda k: np.hypot(*(chosen[k] - cur)))
        order.append(chosen[q])
        cur = chosen[q]
        left.remove(q)
    return np.array(order, dtype=np.int64).reshape(-1, 2)


def choose_ice_waypoints(ice_depth_m: np.ndarray, drill_depth_m: float, slope_deg: np.ndarray,
                         sun_fraction: np.ndarray, cell_m: float, n: int, min_separation_m: float,
                         start_cell, max_site_slope_deg: float = 10.0,
                         min_sun_fraction: float = 0.3, joint_fraction: np.ndarray | None = None,
                         min_joint_fraction: float = 0.0,
                         reachable: np.ndarray | None = None) -> np.ndarray:
    """``n`` drill sites chosen for water ice: among the cells meeting the same stance, Sun,
    Sun-and-Earth and reachability rules as :func:`choose_waypoints` (anywhere on the grid), those
    whose predicted ice depth (``ice_depth_m``, m, NaN = none within 2 m; e.g. the landing ice map
    interpolated to the grid, :func:`lupex.ice.maps.ice_depth_at`) is at most ``drill_depth_m``,
    shallowest ice first (the most ice in the drilled column), at least ``min_separation_m``
    apart and from the start, visited in nearest-neighbour order from ``start_cell``. Energy and
    drilling windows are left to :func:`lupex.rover.mission.plan_mission`, which skips a site it cannot reach,
    drill in Sun and Earth contact and leave safely. Returns (n, 2) cells (fewer if fewer exist).
    """
    if not (math.isfinite(drill_depth_m) and drill_depth_m > 0):
        raise InputError("drill_depth_m", drill_depth_m, "a positive depth in m")
    d = np.asarray(ice_depth_m, dtype=float)
    if d.shape != np.shape(slope_deg):
        raise InputError("ice_depth_m", d.shape, f"an array of shape {np.shape(slope_deg)}")
    ok = (np.nan_to_num(d, nan=np.inf) <= drill_depth_m) & (slope_deg <= max_site_slope_deg) & \
        (sun_fraction >= min_sun_fraction)
    if joint_fraction is not None:
        ok &= joint_fraction >= min_joint_fraction
    if reachable is not None:
        if np.shape(reachable) != d.shape:
            raise InputError("reachable", np.shape(reachable), f"a boolean array of shape {d.shape}")
        ok &= np.asarray(reachable, dtype=bool)
    ii, jj = np.nonzero(ok)
    start = np.asarray(start_cell, dtype=float)
    dist = np.hypot(ii - start[0], jj - start[1])
    order = np.lexsort((dist, d[ii, jj]))  # shallowest ice, then nearest
    sep = float(min_separation_m) / cell_m
    chosen: list[np.ndarray] = []
    for o in order:
        c = np.array([ii[o], jj[o]])
        if dist[o] >= sep and all(np.hypot(*(c - q)) >= sep for q in chosen):
            chosen.append(c)
            if len(chosen) == n:
                break
    return _nearest_neighbour_order(chosen, start_cell)
