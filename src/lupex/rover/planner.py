"""Route planners on a cost grid: static (A*/Dijkstra) and time-dependent (earliest arrival).

Static: 8-connected A* with geometric edge costs L·(c_u + c_v)/2 — the convention of
scikit-image's ``MCP_Geometric`` (van der Walt et al. 2014, PeerJ 2:e453), so both return the
same optimal cost (tests). With a consistent heuristic (straight distance × smallest cell cost)
A* settles the goal with its optimal cost (Hart, Nilsson & Raphael 1968).

Time-dependent: label-setting earliest-arrival search (Dijkstra/A* on arrival time; Cooke &
Halsey 1966; Orda & Rom 1990 for waiting) over the same grid, where a move is allowed only when
its cells are drivable at departure and arrival (Sun and Earth above the cell's horizon, as the
rover's driving rule requires), and the rover may wait at a cell while it is sunlit or at a safe
haven, and through darknesses short enough to survive on the battery. Because waiting is
forbidden through long darknesses the problem is not FIFO per cell; the search states are
therefore (cell, waiting interval between long darknesses): within one interval an earlier arrival
dominates, so the label-setting search over states is exact on the sampled sky.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from lupex.constants import MOON_RADIUS_M
from lupex.errors import InputError
from lupex.rover import _kernels as K
from lupex.rover import _sky_kernels as SK
from lupex.rover.sky import Sky
import lupex.display as _display


@_display.result()
@dataclass(frozen=True)
class StaticRoute:
    """A static least-cost route: cells (m, 2) as (i, j), total cost (cost units × m),
    length (m), nodes expanded by the search."""

    cells: np.ndarray
    cost: float
    length_m: float
    expanded: int

    @property
    def found(self) -> bool:
        return bool(np.isfinite(self.cost))


@_display.result()
@dataclass(frozen=True)
class TimedRoute:
    """A time-dependent route: cells (m, 2); arrive_s, depart_s (m,) seconds on the sky's time
    grid (depart_s[-1] = arrive_s[-1]); found False with ``reason`` when no route exists."""

    cells: np.ndarray
    arrive_s: np.ndarray
    depart_s: np.ndarray
    length_m: float
    expanded: int
    found: bool
    reason: str = ""

    @property
    def wait_s(self) -> np.ndarray:
        return self.depart_s - self.arrive_s


def _check_cell(name, cell, shape):
    try:
        i, j = int(cell[0]), int(cell[1])
    except Exception:
        raise InputError(name, cell, "a (row, column) pair of integers") from None
    if not (0 <= i < shape[0] and 0 <= j < shape[1]):
        raise InputError(name, cell, f"a cell inside the grid of shape {shape}")
    return i, j


def _check_cost(cost):
    c = np.ascontiguousarray(cost, dtype=np.float64)
    if c.ndim != 2:
        raise InputError("cost", c.shape, "a 2-D array of cost per metre")
    if np.any(np.isnan(c)) or np.any(c <= 0):
        raise InputError("cost", "NaN or non-positive values", "costs > 0 (inf = impassable)")
    return c


def _path(pred, goal, nx):
    out = []
    n = goal
    while n >= 0:
        out.append((n // nx, n % nx))
        n = pred[n]
    return np.array(out[::-1], dtype=np.int64)


def _length(cells, cell_m):
    if len(cells) < 2:
        return 0.0
    d = np.diff(cells, axis=0)
    return float(np.sum(np.hypot(d[:, 0], d[:, 1])) * cell_m)


def _grade_limit(heights, shape, max_slope_deg):
    if heights is None:
        return np.zeros(shape), math.inf
    h = np.ascontiguousarray(heights, dtype=np.float64)
    if h.shape != shape:
        raise InputError("heights", h.shape, f"the shape of the cost grid {shape}")
    g = math.inf if max_slope_deg is None else math.tan(math.radians(max_slope_deg))
    return h, g


def plan_static(cost, start, goal, cell_m: float = 1.0, heights=None,
                max_slope_deg: float | None = None, heuristic: bool = True) -> StaticRoute:
    """Least-cost 8-connected route on ``cost`` (per metre; inf = impassable).

    heights/max_slope_deg: optionally forbid steps whose grade between cell centres exceeds the
    slope limit (cells above the limit should already carry inf cost). heuristic=False runs plain
    Dijkstra. Returns a :class:`StaticRoute` (cost inf and one cell if unreachable).
    """
    c = _check_cost(cost)
    si, sj = _check_cell("start", start, c.shape)
    gi, gj = _check_cell("goal", goal, c.shape)
    if not (np.isfinite(cell_m) and cell_m > 0):
        raise InputError("cell_m", cell_m, "a positive cell size in metres")
    h, gmax = _grade_limit(heights, c.shape, max_slope_deg)
    total, pred, expanded = K.astar_static(c, h, float(cell_m), gmax, si, sj, gi, gj, heuristic)
    if not np.isfinite(total):
        return StaticRoute(np.array([[si, sj]]), math.inf, math.inf, int(expanded))
    cells = _path(pred, gi * c.shape[1] + gj, c.shape[1])
    return StaticRoute(cells, float(total), _length(cells, cell_m), int(expanded))


def reachable_cells(cost, start, cell_m: float = 1.0, heights=None,
                    max_slope_deg: float | None = None) -> np.ndarray:
    """Boolean (ny, nx) map of the cells :func:`plan_static` can reach from ``start``: connected
    by 8-connected moves over finite-cost cells, each step's grade between cell centres within
    ``max_slope_deg`` (if ``heights`` is given). Ignores time (Sun, Earth, battery)."""
    c = _check_cost(cost)
    si, sj = _check_cell("start", start, c.shape)
    if not (np.isfinite(cell_m) and cell_m > 0):
        raise InputError("cell_m", cell_m, "a positive cell size in metres")
    h, gmax = _grade_limit(heights, c.shape, max_slope_deg)
    return K.reachable_static(c, h, float(cell_m), gmax, si, sj)


def long_darkness(sky: Sky, limit_s: float, haven=None, threshold_deg: float | None = None):
    """Per cell, the darknesses longer than ``limit_s`` (CSR arrays ptr, lo, hi of sample ranges)
    — the rover may not wait through them; ``haven`` cells (bool (ny, nx)) get none.

    threshold_deg: dark = the Sun's centre below the cell's horizon + this offset (deg); default
    the sky's own Sun threshold (the driving rule's "Sun up"). :func:`plan_mission` passes
    :func:`lupex.rover.havens.survival_sun_offset_deg`, darkness in the energy sense."""
    n = sky.shape[0] * sky.shape[1]
    hv = np.zeros(n, dtype=np.bool_) if haven is None else \
        np.ascontiguousarray(haven, dtype=np.bool_).ravel()
    lim = sky.nt if not np.isfinite(limit_s) else int(limit_s // sky.dt_s)
    s = sky.sun
    return SK.long_darkness(n, sky.nt, s.el_deg, s.ux, s.uy, s.az_bin, s.horizon_deg, s.far_deg,
                           sky.xoff_m, sky.yoff_m, 1.0 / MOON_RADIUS_M,
                           s.threshold_deg if threshold_deg is None else float(threshold_deg),
                           lim, hv)


def plan_timed(cost, sky: Sky, start, goal, t_start_s: float, cell_m: float, heights=None,
               max_slope_deg: float | None = None, haven=None, need_sun: bool = True,
               need_earth: bool = True, top_speed_m_s: float | None = None,
               start_can_wait: bool = True, dark_wait_max_s: float = 0.0,
               darkness=None) -> TimedRoute:
    """Earliest-arrival route from ``start`` at ``t_start_s`` to ``goal`` under the sky's rules.

    goal: one (row, col) cell, or an (m, 2) array of cells: the route then ends at whichever of
    them is reached first (the last cell of the route says which).

    cost: seconds per metre (1/speed; inf impassable). The rover may wait at a cell in sunlight,
    and through a darkness no longer than ``dark_wait_max_s`` (its survival time on the battery)
    or at a safe ``haven`` (bool (ny, nx)) — never through a longer darkness; the start cell too
    if ``start_can_wait``. need_sun/need_earth: the driving rule. top_speed_m_s: for the A*
    heuristic (default: the fastest cell). darkness: precomputed :func:`long_darkness` (same
    limit and havens) to reuse across legs. Exact on the sampled sky (search states are
    (cell, waiting interval); see :func:`lupex.rover._kernels.astar_time_intervals`).
    Returns a :class:`TimedRoute`.
    """
    c = _check_cost(cost)
    if tuple(sky.shape) != c.shape:
        raise InputError("sky.shape", sky.shape, f"the shape of the cost grid {c.shape}")
    si, sj = _check_cell("start", start, c.shape)
    goal_arr = np.asarray(goal)
    if goal_arr.ndim == 2:
        goals = np.array([_check_cell(f"goal[{q}]", g, c.shape) for q, g in enumerate(goal_arr)],
                         dtype=np.int64).reshape(-1, 2)
    else:
        goals = np.array([_check_cell("goal", goal, c.shape)], dtype=np.int64)
    h, gmax = _grade_limit(heights, c.shape, max_slope_deg)
    if haven is not None and np.shape(haven) != c.shape:
        raise InputError("haven", np.shape(haven), f"a boolean array of shape {c.shape}")
    finite = c[np.isfinite(c)]
    vmax_cost = (1.0 / top_speed_m_s) if top_speed_m_s else (finite.min() if finite.size else 0.0)
    if not 0 <= t_start_s < sky.duration_s:
        return TimedRoute(np.array([[si, sj]]), np.array([t_start_s]), np.array([t_start_s]),
                          0.0, 0, False, "start time outside the sky's time grid")
    ptr, lo, hi = darkness if darkness is not None else long_darkness(sky, dark_wait_max_s, haven)
    s, e = sky.sun, sky.earth
    t_goal, s_cell, s_arr, s_par, s_dep, gs, expanded = K.astar_time_intervals(
        c, h, float(cell_m), gmax, si, sj, goals, float(t_start_s), sky.dt_s, float(vmax_cost),
        s.el_deg, s.ux, s.uy, s.az_bin, s.horizon_deg, s.far_deg,
        e.el_deg, e.ux, e.uy, e.az_bin, e.horizon_deg, e.far_deg,
        sky.xoff_m, sky.yoff_m, 1.0 / MOON_RADIUS_M, s.threshold_deg, e.threshold_deg,
        bool(need_sun), bool(need_earth), ptr, lo, hi, bool(start_can_wait))
    if not np.isfinite(t_goal):
        return TimedRoute(np.array([[si, sj]]), np.array([t_start_s]), np.array([t_start_s]),
                          0.0, int(expanded), False,
                          "no route: the goal cannot be reached within the time grid under the "
                          "slope limit and the Sun/Earth driving rule")
    chain = []
    q = gs
    while q >= 0:
        chain.append(q)
        q = s_par[q]
    chain = chain[::-1]
    nx = c.shape[1]
    ids = s_cell[chain]
    cells = np.column_stack([ids // nx, ids % nx]).astype(np.int64)
    arrive = s_arr[chain].copy()
    depart = np.empty_like(arrive)
    depart[:-1] = s_dep[chain[1:]]
    depart[-1] = arrive[-1]
    return TimedRoute(cells, arrive, depart, _length(cells, cell_m), int(expanded), True)


def require_contact(sky: Sky, contact) -> Sky:
    """The sky of the driving rule when it also needs direct-to-Earth (DTE) contact.

    ``contact``: boolean series (nt,) on the sky's time grid, True when a ground station of the
    rover's operator (with cross-support, of any agency allowed) sees the Moon above its
    elevation mask (e.g. :func:`lupex.operations.moon_visible`). It does not depend on the cell.
    In the returned sky the Earth counts as up at a cell and sample k only when it is above the
    cell's terrain horizon AND ``contact[k]``: the far-field horizon toward the Earth is set to
    +inf at the samples without a station, so every consumer of ``sky.earth`` (the route search,
    the drill window, the egress) applies the combined rule without a second code path. The Sun is
    unchanged. Use the original sky for Sun/Earth statistics and plots.
    """
    c = np.asarray(contact)
    if c.dtype != bool or c.shape != (sky.nt,):
        raise InputError("contact", f"array of dtype {c.dtype} and shape {c.shape}",
                         f"a boolean series of shape ({sky.nt},), one value per sky sample")
    far = np.where(c, sky.earth.far_deg, np.inf)
    return dataclasses.replace(sky, earth=dataclasses.replace(sky.earth, far_deg=far),
                               description=sky.description + "; Earth gated by station contact")


def step_grades(cells: np.ndarray, heights: np.ndarray, cell_m: float) -> np.ndarray:
    """Signed grade (rise/run) of each step of a route between cell centres."""
    cells = np.asarray(cells)
    if len(cells) < 2:
        return np.zeros(0)
    z = heights[cells[:, 0], cells[:, 1]]
    d = np.hypot(*np.diff(cells, axis=0).T) * cell_m
    return np.diff(z) / d
