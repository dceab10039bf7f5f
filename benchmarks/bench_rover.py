"""Rover planner benchmarks (issue: rover traverse).

1. Static plan on a 2000 × 2000 cost grid (seeded SYNTHETIC test terrain, slope-limited rover
   costs), corner to corner: lupex's numba A* (target < 2 s).
2. Peer, same run: networkx A* (``networkx.astar_path`` with the same edge costs L·(c_u+c_v)/2 and
   the same admissible heuristic) against lupex on the SAME graph. A 2000 × 2000 8-connected
   networkx graph needs ~10 GB of Python objects, so the side-by-side graph is 700 × 700 by
   default (set LUPEX_BENCH_NX_SIZE=2000 on a machine with the memory). Target: ≥ 10× faster.
3. The time-dependent 100-day plan with 10 waypoints on the baseline site (real LOLA LDEM_4 +
   labelled synthetic detail, DE421 Sun/Earth): planning (legs + energy) and the whole pipeline
   (terrain, horizons, sky, plan). Target < 60 s on 2 cores.
"""

from __future__ import annotations

import math
import os
import time

import numpy as np


def _terrain_cost(n, seed=2):
    from lupex.rover.detail import synthetic_detail
    from lupex.rover.grid import slope_deg
    from lupex.rover.model import Rover

    z, _ = synthetic_detail((n, n), 10.0, seed)
    rover = Rover()
    return rover.cost_grid(slope_deg(z, 10.0)), z


def _open_corner(cost, corner):
    i, j = corner
    cost[max(0, i - 2):i + 3, max(0, j - 2):j + 3] = np.nanmin(cost[np.isfinite(cost)])


def _nx_astar(cost, start, goal, cell):
    import networkx as nx

    ny, nx_ = cost.shape
    g = nx.Graph()
    fin = np.isfinite(cost)
    s2 = math.sqrt(2.0)
    for di, dj, L in ((0, 1, 1.0), (1, 0, 1.0), (1, 1, s2), (1, -1, s2)):
        i0, i1 = 0, ny - di
        j0, j1 = max(0, -dj), nx_ - max(0, dj)
        a = cost[i0:i1, j0:j1]
        b = cost[i0 + di:i1 + di, j0 + dj:j1 + dj]
        ok = fin[i0:i1, j0:j1] & fin[i0 + di:i1 + di, j0 + dj:j1 + dj]
        ii, jj = np.nonzero(ok)
        w = 0.5 * (a[ok] + b[ok]) * L * cell
        u = (ii + i0) * nx_ + (jj + j0)
        v = (ii + i0 + di) * nx_ + (jj + j0 + dj)
        g.add_weighted_edges_from(zip(u.tolist(), v.tolist(), w.tolist()))
    cmin = float(cost[fin].min())

    def h(p, q):
        return cmin * cell * math.hypot(p // nx_ - q // nx_, p % nx_ - q % nx_)

    t0 = time.perf_counter()
    path = nx.astar_path(g, start[0] * nx_ + start[1], goal[0] * nx_ + goal[1], heuristic=h,
                         weight="weight")
    dt = time.perf_counter() - t0
    length = nx.path_weight(g, path, weight="weight")
    return dt, length


def run() -> dict:
    from lupex.rover.planner import plan_static

    out = {}
    # -- 1. static 2000 x 2000 -------------------------------------------------------------
    n = 2000
    cost, z = _terrain_cost(n)
    s, g = (5, 5), (n - 6, n - 6)
    _open_corner(cost, s)
    _open_corner(cost, g)
    plan_static(cost[:50, :50], (5, 5), (40, 40), 10.0)  # JIT warm-up (cached by numba)
    t0, c0 = time.perf_counter(), time.process_time()
    r = plan_static(cost, s, g, 10.0)
    t_static, c_static = time.perf_counter() - t0, time.process_time() - c0
    out["static_2000x2000_s"] = {"value": round(t_static, 3), "unit": "s (wall)",
                                 "cpu_s": round(c_static, 3),
                                 "target": "< 2 s", "route_km": round(r.length_m / 1000, 3),
                                 "expanded_nodes": r.expanded}
    # -- 2. same graph, lupex vs networkx ------------------------------------------------------
    m = int(os.environ.get("LUPEX_BENCH_NX_SIZE", "700"))
    c2 = cost[:m, :m].copy()
    s2, g2 = (5, 5), (m - 6, m - 6)
    _open_corner(c2, s2)
    _open_corner(c2, g2)
    t0, c0 = time.perf_counter(), time.process_time()
    r2 = plan_static(c2, s2, g2, 10.0)
    t_lupex, c_lupex = time.perf_counter() - t0, time.process_time() - c0
    c0 = time.process_time()
    t_nx, nx_cost = _nx_astar(c2, s2, g2, 10.0)
    c_nx = time.process_time() - c0  # includes building the graph; t_nx is the search alone
    out["static_same_graph_lupex_s"] = {
        "value": round(t_lupex, 4), "unit": "s", "graph": f"{m}x{m} 8-connected",
        "peer": "networkx.astar_path", "peer_value": round(t_nx, 3),
        "target": ">= 10x faster than networkx on the same graph",
        "speedup": round(t_nx / t_lupex, 1), "lupex_cpu_s": round(c_lupex, 4),
        "networkx_cpu_s_incl_graph_build": round(c_nx, 3),
        "cost_agreement_rel": abs(r2.cost - nx_cost) / nx_cost,
    }
    # -- 3. time-dependent 100-day plan, 10 waypoints, baseline site ------------------------------
    from lupex.rover import traverse as tv

    t0, c0 = time.perf_counter(), time.process_time()
    res = tv.plan_traverse(-89.45, 222.69, "2028-06-23T18:00:00", tv.Rover(), tv.TraverseConfig())
    t_total, c_total = time.perf_counter() - t0, time.process_time() - c0
    # planning only, on the same terrain and sky
    from lupex.rover.mission import plan_mission

    cost_b = res.rover.cost_grid(res.grid.slope_deg())
    t0, c0 = time.perf_counter(), time.process_time()
    p = plan_mission(cost_b, res.grid.heights, res.grid.cell_m, res.sky, res.rover, res.start_cell,
                     res.plan.waypoints, t_start_s=res.egress_s,
                     duration_s=res.sky.duration_s - res.egress_s, haven=res.plan.haven,
                     park_cell=res.start_cell)
    t_plan, c_plan = time.perf_counter() - t0, time.process_time() - c0
    out["timed_100d_10wp_plan_s"] = {
        "value": round(t_plan, 2), "unit": "s (wall)", "cpu_s": round(c_plan, 2),
        "target": "< 60 s on 2 cores",
        "distance_km": round(p.distance_m / 1000, 3), "waypoints_visited": len(p.visited),
        "grid": list(res.grid.shape), "time_samples": res.sky.nt}
    out["timed_100d_pipeline_s"] = {
        "value": round(t_total, 2), "unit": "s (wall)", "cpu_s": round(c_total, 2),
        "target": "< 60 s on 2 cores (terrain + horizons + sky + plan + energy)"}
    out["note"] = {"value": "measured on a 2-core machine shared with other jobs", "unit": ""}
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
