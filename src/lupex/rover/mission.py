"""The surface mission plan: drive, wait, hibernate, drill and charge through science waypoints.

:func:`plan_mission` chains time-dependent legs (:func:`lupex.rover.planner.plan_timed`) through the
waypoints in order, drills at each (needing Sun and Earth at the site for the whole drilling
time), stays at the last site until the end of the mission, turns the result into constant-load
steps and runs the battery simulation (:mod:`lupex.rover.energy`). Stationary time is "wait"
(Sun up, waiting for the Sun/Earth driving rule or a shadow on the route), "hibernate" (Sun below
the cell's horizon: survival load only) or, after the last drill, "charge" (Sun up, nothing left to
do). Safe havens are cells whose longest darkness within the mission is short enough to survive
on the battery at the hibernation load (the VIPER safe-haven concept); darkness here is in the
energy sense (:func:`survival_sun_offset_deg`: panel output below the hibernation load, which a
grazing Sun with its centre just hidden need not be). A site is accepted only if
the battery simulation of the plan so far, the leg, the drilling and a safe way to end the mission
(stay, or drive to the park cell or a nearby haven) keeps the charge above its minimum; the route
search's own survival rule assumes a full battery when a darkness begins, which it need not be.

The havens live in :mod:`lupex.rover.havens` and the choice of waypoints in
:mod:`lupex.rover.waypoints`; their names are re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lupex.errors import InputError
from lupex.rover.energy import KIND_CODES, EnergyResult, Steps, simulate
from lupex.rover.model import Rover
from lupex.rover.planner import TimedRoute, long_darkness, plan_timed, step_grades
from lupex.rover.sky import Sky
import lupex.display as _display
from lupex.rover.havens import safe_havens, survival_hours, survival_sun_offset_deg
from lupex.rover.waypoints import (  # noqa: F401 - re-exported
    choose_ice_waypoints, choose_waypoints,
)

KIND_NAMES = {v: k for k, v in KIND_CODES.items()}


@dataclass(frozen=True)
class Activity:
    """One activity: kind in drive/wait/hibernate/drill/charge, [t_start_s, t_end_s) on the
    sky's time grid, cells (i, j) at start and end, distance (m, drives), waypoint index (drills)."""

    kind: str
    t_start_s: float
    t_end_s: float
    cell_start: tuple[int, int]
    cell_end: tuple[int, int]
    distance_m: float = 0.0
    waypoint: int | None = None


@_display.result(table=("records", ("activities",)))
@dataclass(frozen=True)
class MissionPlan:
    """A planned surface mission and its battery history (see :func:`plan_mission`)."""

    waypoints: np.ndarray
    visited: tuple[int, ...]  # waypoint indices in the order drilled
    route_cells: np.ndarray
    route_arrive_s: np.ndarray
    activities: tuple[Activity, ...]
    steps: Steps
    energy: EnergyResult
    distance_m: float
    t_start_s: float
    t_end_s: float
    haven: np.ndarray
    sun_fraction: np.ndarray
    longest_dark_h: np.ndarray
    problems: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def feasible(self) -> bool:
        return not self.problems and self.energy.feasible and \
            len(self.visited) == len(self.waypoints)

    @property
    def duration_days(self) -> float:
        return (self.t_end_s - self.t_start_s) / 86400.0

    def time_in(self, kind: str) -> float:
        """Total seconds spent in activities of ``kind``."""
        return float(sum(a.t_end_s - a.t_start_s for a in self.activities if a.kind == kind))


class _Builder:
    def __init__(self, sky: Sky, nx: int):
        self.sky = sky
        self.nx = nx
        self.t, self.dt, self.cell, self.kind, self.head, self.grade = [], [], [], [], [], []
        self.acts: list[Activity] = []

    _LISTS = ("t", "dt", "cell", "kind", "head", "grade", "acts")

    def snapshot(self):
        return tuple(len(getattr(self, n)) for n in self._LISTS)

    def restore(self, snap):
        for n, k in zip(self._LISTS, snap):
            del getattr(self, n)[k:]

    def _sun_up(self, cell_id, times):
        el, h = self.sky.series("sun", np.full(len(times), cell_id), np.asarray(times, float))
        return el > h + self.sky.sun.threshold_deg

    def stationary(self, cell, t0, t1, lit_kind, waypoint=None):
        """Stationary from t0 to t1 at cell, split at sky samples into lit_kind / hibernate."""
        if t1 <= t0:
            return
        cid = int(cell[0]) * self.nx + int(cell[1])
        dt = self.sky.dt_s
        edges = [t0]
        k = math.floor(t0 / dt) + 1
        while k * dt < t1:
            edges.append(k * dt)
            k += 1
        edges.append(t1)
        edges = np.array(edges)
        starts, ends = edges[:-1], edges[1:]
        up = self._sun_up(cid, 0.5 * (starts + ends))
        codes = np.where(up, KIND_CODES[lit_kind], KIND_CODES["hibernate"])
        self.t.append(starts)
        self.dt.append(ends - starts)
        self.cell.append(np.full(len(starts), cid))
        self.kind.append(codes)
        self.head.append(np.full(len(starts), np.nan))
        self.grade.append(np.zeros(len(starts)))
        # merge consecutive equal kinds into activities
        q0 = 0
        for q in range(1, len(codes) + 1):
            if q == len(codes) or codes[q] != codes[q0]:
                self.acts.append(Activity(KIND_NAMES[int(codes[q0])], float(starts[q0]),
                                          float(ends[q - 1]), tuple(map(int, cell)),
                                          tuple(map(int, cell)), 0.0, waypoint))
                q0 = q

    def drill(self, cell, t0, t1, waypoint):
        cid = int(cell[0]) * self.nx + int(cell[1])
        self.t.append(np.array([t0]))
        self.dt.append(np.array([t1 - t0]))
        self.cell.append(np.array([cid]))
        self.kind.append(np.array([KIND_CODES["drill"]]))
        self.head.append(np.array([np.nan]))
        self.grade.append(np.zeros(1))
        self.acts.append(Activity("drill", t0, t1, tuple(map(int, cell)), tuple(map(int, cell)), 0.0,
                                  waypoint))

    def route(self, r: TimedRoute, heights, cell_m):
        cells = r.cells
        if len(cells) < 2:
            return
        g = step_grades(cells, heights, cell_m)
        d = np.diff(cells, axis=0)
        heading = np.degrees(np.arctan2(d[:, 1], d[:, 0])) % 360.0  # grid az: atan2(dx, dy)
        lengths = np.hypot(d[:, 0], d[:, 1]) * cell_m
        drive_start = None
        dist = 0.0
        for q in range(len(cells) - 1):
            if r.depart_s[q] > r.arrive_s[q]:
                if drive_start is not None:
                    self.acts.append(Activity("drive", drive_start[0], float(r.arrive_s[q]),
                                              drive_start[1], tuple(map(int, cells[q])), dist))
                    drive_start, dist = None, 0.0
                self.stationary(cells[q], float(r.arrive_s[q]), float(r.depart_s[q]), "wait")
            t0, t1 = float(r.depart_s[q]), float(r.arrive_s[q + 1])
            if drive_start is None:
                drive_start = (t0, tuple(map(int, cells[q])))
            dist += lengths[q]
            cid = int(cells[q][0]) * self.nx + int(cells[q][1])
            self.t.append(np.array([t0]))
            self.dt.append(np.array([t1 - t0]))
            self.cell.append(np.array([cid]))
            self.kind.append(np.array([KIND_CODES["drive"]]))
            self.head.append(np.array([heading[q]]))
            self.grade.append(np.array([g[q]]))
        if drive_start is not None:
            self.acts.append(Activity("drive", drive_start[0], float(r.arrive_s[-1]), drive_start[1],
                                      tuple(map(int, cells[-1])), dist))

    def steps(self) -> Steps:
        cat = (lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dt))
        return Steps(cat(self.t, float), cat(self.dt, float), cat(self.cell, np.int64),
                     cat(self.kind, np.int64), cat(self.head, float), cat(self.grade, float))


def _drill_window(sky: Sky, cell_id: int, t_from: float, t_until: float, hours: float,
                  need_earth: bool):
    """First start time ≥ t_from of ``hours`` with the Sun (and Earth) up at the cell throughout."""
    dt = sky.dt_s
    k0 = int(t_from // dt)
    k1 = min(sky.nt, int(math.ceil(t_until / dt)))
    if k1 <= k0:
        return None
    ks = np.arange(k0, k1)
    times = (ks + 0.5) * dt
    cells = np.full(len(ks), cell_id)
    el, h = sky.series("sun", cells, times)
    ok = el > h + sky.sun.threshold_deg
    if need_earth:
        el2, h2 = sky.series("earth", cells, times)
        ok &= el2 > h2 + sky.earth.threshold_deg
    need = max(1, int(math.ceil(hours * 3600.0 / dt)))
    run = 0
    for q in range(len(ks)):
        run = run + 1 if ok[q] else 0
        if run >= need:
            start_k = ks[q - need + 1]
            t = max(t_from, start_k * dt)
            if t + hours * 3600.0 <= t_until:
                return t
            return None
    return None


def plan_mission(cost: np.ndarray, heights: np.ndarray, cell_m: float, sky: Sky, rover: Rover,
                 start_cell, waypoints, t_start_s: float = 0.0, duration_s: float | None = None,
                 haven: np.ndarray | None = None, park_cell=None,
                 order: str = "greedy") -> MissionPlan:
    """Plan the mission from ``start_cell`` at ``t_start_s`` through ``waypoints`` (cells).

    order: "greedy" (default) — next, the site reachable earliest from where the rover stands (one
    time-dependent search to all remaining sites); "given" — in the order given.

    cost: s/m per cell (rover.cost_grid(slope)); heights (m) for step grades and the slope limit;
    duration_s: mission length (default: to the end of the sky's time grid). haven: safe-haven map
    (default computed with :func:`safe_havens` over the mission). park_cell: where the rover waits
    out the rest of the mission after its last site (e.g. the best-lit cell at the lander).

    Energy safety: the route search lets the rover wait through a darkness no longer than its
    survival time on a FULL battery, which the battery need not be. So a site is accepted only if
    the battery simulation (:func:`lupex.rover.energy.simulate`) of everything planned so far,
    the leg, the drilling and a way to end the mission — stay at the site, or drive to
    ``park_cell`` or to one of the three safe havens nearest the site and stay there to the end
    — keeps the charge above the minimum throughout. A site that fails is left for later (greedy)
    or skipped (given); when no remaining site passes, the traverse stops and the rover ends the
    mission in the best way found. If no way keeps the charge above the minimum (e.g. the start
    itself cannot be survived), the plan is returned with the simulation's violation (time and
    cell) in ``problems`` and ``feasible`` False. Returns a :class:`MissionPlan`; shortfalls (a
    waypoint not reached, no drilling window, no energy-safe plan, battery below minimum) are
    listed in ``problems``.
    """
    ny, nx = np.shape(cost)
    t_end = sky.duration_s if duration_s is None else t_start_s + float(duration_s)
    if t_end > sky.duration_s + 1e-6:
        raise InputError("mission duration", duration_s,
                         f"at most the sky's time grid ({sky.duration_s / 86400:.1f} days)")
    wps = np.asarray(waypoints, dtype=np.int64).reshape(-1, 2)
    if order not in ("greedy", "given"):
        raise InputError("order", order, "'greedy' or 'given'")
    k0, k1 = int(t_start_s // sky.dt_s), int(math.ceil(t_end / sky.dt_s))
    havens, frac, longest = safe_havens(sky, rover, k0, k1)
    if haven is None:
        haven = havens
    dark_limit_s = survival_hours(rover) * 3600.0
    darkness = long_darkness(sky, dark_limit_s, haven, survival_sun_offset_deg(rover, sky))
    b = _Builder(sky, nx)
    leg_kw = dict(heights=heights, max_slope_deg=rover.max_slope_deg, haven=haven,
                  need_sun=rover.drive_requires_sun, need_earth=rover.drive_requires_earth,
                  top_speed_m_s=rover.top_speed_m_s, start_can_wait=False,
                  dark_wait_max_s=dark_limit_s, darkness=darkness)
    hi, hj = np.nonzero(haven)

    def sim():
        st = b.steps()
        o = np.argsort(st.t_s, kind="stable")
        st = Steps(*(getattr(st, f)[o] for f in ("t_s", "dt_s", "cell", "kind", "heading_deg",
                                                 "grade")))
        return st, simulate(st, sky, rover)

    def ending(cur, t):
        """Ways to end the mission from ``cur`` at ``t``: [(route or None, end cell)]."""
        out = []
        cands = [] if park_cell is None else [tuple(map(int, park_cell))]
        near = np.argsort(np.hypot(hi - cur[0], hj - cur[1]))[:3]
        cands += [(int(hi[q]), int(hj[q])) for q in near]
        if haven[cur]:
            out.append((None, cur))
        for cand in dict.fromkeys(cands):
            if cand == cur:
                continue
            r = plan_timed(cost, sky, cur, cand, t, cell_m, **leg_kw)
            if r.found and r.arrive_s[-1] <= t_end:
                out.append((r, cand))
        if not haven[cur]:
            out.append((None, cur))
        return out

    def try_end(cur, t, commit):
        """Append the first ending that keeps the battery above the minimum; returns
        (ok, distance, route, violation EnergyResult). Rolls back unless ``commit`` and ok; with
        ``commit`` and none ok, the last ending tried is kept (its violation reported)."""
        last = None
        opts = ending(cur, t)
        for q, (r, end) in enumerate(opts):
            snap = b.snapshot()
            t1, dist = t, 0.0
            if r is not None:
                b.route(r, heights, cell_m)
                t1, dist = float(r.arrive_s[-1]), r.length_m
            b.stationary(end, t1, t_end, "charge")
            _, en = sim()
            if en.feasible or (commit and q == len(opts) - 1):
                if not commit:
                    b.restore(snap)
                return en.feasible, dist, r, en
            last = en
            b.restore(snap)
        return False, 0.0, None, last

    cur = (int(start_cell[0]), int(start_cell[1]))
    t = float(t_start_s)
    visited: list[int] = []
    problems: list[dict] = []
    all_cells = [np.array([cur])]
    all_times = [np.array([t])]
    distance = 0.0
    remaining = list(range(len(wps)))
    why: dict[int, dict] = {}  # last reason a site was not taken
    while remaining:
        cands = list(remaining) if order == "greedy" else remaining[:1]
        accepted = False
        while cands and not accepted:
            r = plan_timed(cost, sky, cur, wps[cands] if order == "greedy" else wps[cands[0]], t,
                           cell_m, **leg_kw)
            if not r.found or r.arrive_s[-1] > t_end:
                for w in cands:
                    why[w] = {"quantity": "waypoint reached", "waypoint": int(w),
                              "detail": f"waypoint {w + 1} at cell {tuple(map(int, wps[w]))} not "
                                        "reached within the mission: "
                                        f"{r.reason or 'arrival after the end'}; skipped"}
                if order == "given":
                    remaining.remove(cands[0])
                cands = []
                break
            end = tuple(map(int, r.cells[-1]))
            w = next(q for q in cands if tuple(map(int, wps[q])) == end)
            cands.remove(w)
            ta = float(r.arrive_s[-1])
            td = _drill_window(sky, end[0] * nx + end[1], ta, t_end, rover.drill_hours,
                               rover.drive_requires_earth)
            if td is None:
                why[w] = {"quantity": "drill window", "waypoint": int(w),
                          "detail": f"no {rover.drill_hours:g} h window with Sun"
                                    f"{' and Earth' if rover.drive_requires_earth else ''} at "
                                    f"waypoint {w + 1} before the end of the mission"}
                if order == "given":
                    remaining.remove(w)
                continue
            snap = b.snapshot()
            b.route(r, heights, cell_m)
            b.stationary(end, ta, td, "wait", waypoint=w)
            te = td + rover.drill_hours * 3600.0
            b.drill(end, td, te, w)
            ok, _, _, en = try_end(end, te, commit=False)
            if not ok:
                b.restore(snap)
                c = en.violation_cell
                why[w] = {"quantity": "energy-safe plan", "waypoint": int(w),
                          "detail": f"waypoint {w + 1} at cell {tuple(map(int, wps[w]))} skipped: "
                                    "no way to reach, drill and end the mission from it keeps the "
                                    f"battery above {rover.min_state_of_charge:g} (e.g. "
                                    f"{en.min_soc:.3f} at t = {en.violation_time_s / 3600:.1f} h, "
                                    f"cell {(c // nx, c % nx)})"}
                if order == "given":
                    remaining.remove(w)
                continue
            accepted = True
            why.pop(w, None)
            remaining.remove(w)
            visited.append(w)
            distance += r.length_m
            all_cells.append(r.cells[1:])
            all_times.append(r.arrive_s[1:])
            cur, t = end, te
        if not accepted and order == "greedy":
            break
    for w in range(len(wps)):
        if w not in visited and w in why:
            problems.append(why[w])
        elif w not in visited:
            problems.append({"quantity": "waypoint reached", "waypoint": int(w),
                             "detail": f"waypoint {w + 1} not visited"})
    ok, dist, r, _ = try_end(cur, t, commit=True)
    if r is not None:
        distance += dist
        all_cells.append(r.cells[1:])
        all_times.append(r.arrive_s[1:])
    steps, energy = sim()
    if not energy.feasible:
        c = energy.violation_cell
        problems.append({"quantity": "state of charge", "cell": (c // nx, c % nx),
                         "time_s": energy.violation_time_s,
                         "detail": f"battery below the minimum state of charge "
                                   f"{rover.min_state_of_charge:g} at t = "
                                   f"{energy.violation_time_s / 3600:.1f} h, cell {(c // nx, c % nx)}; "
                                   f"lowest {energy.min_soc:.3f}"})
    acts = tuple(sorted(b.acts, key=lambda a: a.t_start_s))
    return MissionPlan(wps, tuple(visited), np.concatenate(all_cells), np.concatenate(all_times),
                       acts, steps, energy, float(distance), float(t_start_s), float(t_end),
                       haven, frac, longest, tuple(problems))
