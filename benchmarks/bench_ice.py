"""Regolith thermal model benchmark: one site, one year at 1-h steps, spun up to periodicity.

Site: the connecting ridge near Shackleton (89.45°S, 222.69°E; the bench_site.py site), real LOLA
terrain horizon (``lupex.site.analyze_site``, default products), 2018-10-22 .. 2019-10-22 hourly
(8,760 epochs), flat ground, Hayne et al. (2017) regolith. Timed: ``run_site_thermal`` (absorbed
flux, spin-up of the whole column until the change per yearly cycle is < 0.01 K, the recorded
year) and ``ice_stable_depth``, after a warm-up call (numba compilation excluded; it is cached on
disk). The horizon and ephemeris time is reported separately (it belongs to lupex.site).
Target: <= 2 s for the one-year thermal run. Wall-clock on a shared machine: see load_average.

Region ice map (``lupex.ice.maps.region_ice_map``): the baseline landing region (10 km half-width,
400 m cells: 51 x 51 cells, the landing stage's region maps), the same year hourly, 6 h model
step; the horizon sweep (``analyze_region``) is timed separately. Reported: wall and process CPU
time, per cell, and the linear extrapolation to 200 x 200 cells (the cells are independent, so
the cost is linear in their number; an extrapolation, not a measurement): from the wall time on
this machine as loaded, and from the CPU time spread over 2 free cores (``region_ice_map_200x200``,
the figure the target is about). Also the spin-up cycles and Newton iterations per step.
Target: 200 x 200 cells, one year, <= 60 s on 2 cores.
"""

from __future__ import annotations

import os
import time


def _best_of(fn, n):
    best, out = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run() -> dict:
    from lupex.ice import ice_stable_depth, run_site_thermal
    from lupex.site import analyze_site

    t0 = time.perf_counter()
    il = analyze_site(-89.45, 222.69, height_m=0.0, start="2018-10-22", stop="2019-10-22",
                      step_h=1.0)
    t_site = time.perf_counter() - t0
    run_site_thermal(il)  # warm-up: numba cache, ephemeris kernels
    load0 = os.getloadavg()
    t_run, r = _best_of(lambda: run_site_thermal(il), 3)
    t_ice, depth = _best_of(lambda: ice_stable_depth(r), 3)
    figures = _region_map()
    return {
        **figures,
        "thermal_1yr_hourly_s": {
            "value": round(t_run, 3), "unit": "s", "target": "<= 2 s (one site, one year, 1 h)",
            "epochs": int(len(il.times)), "layers": int(r.layer_thickness_m.size),
            "cycles_to_converge": r.cycles, "converged": bool(r.converged),
            "final_change_k": round(r.final_change_k, 4),
        },
        "ice_stable_depth_s": {"value": round(t_ice, 4), "unit": "s",
                               "depth_m": None if depth is None else round(depth, 3)},
        "site_illumination_1yr_s": {"value": round(t_site, 2), "unit": "s",
                                    "target": "not part of the thermal target (lupex.site)"},
        "surface_temperature_k": {"value": round(float(r.surface_temperature_k.max()), 1),
                                  "unit": "K (max)",
                                  "mean": round(float(r.surface_temperature_k.mean()), 1)},
        "load_average": {"value": [round(x, 2) for x in load0], "unit": "1/5/15 min"},
    }


def _region_map() -> dict:
    from lupex.ice.maps import region_ice_map
    from lupex.site import analyze_region
    from lupex.site.illumination import time_grid

    start, stop = "2018-10-22", "2019-10-22"
    t0 = time.perf_counter()
    reg = analyze_region(-89.45, 222.69, 10_000.0, 400.0, 2.0, start, stop, 1.0)
    t_region = time.perf_counter() - t0
    times = time_grid(start, stop, 1.0)
    region_ice_map(reg.terrain.subgrid(0, 3, 0, 3), reg.horizons[:3, :3], times[:200], 1.0)
    w0, c0 = time.perf_counter(), time.process_time()
    im = region_ice_map(reg.terrain, reg.horizons, times, 1.0)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    n = im.t_surface_max_k.size
    cpu_200 = cpu * 40_000 / n
    return {
        "region_ice_map_200x200_s": {
            "value": round(cpu_200 / 2.0, 1), "unit": "s (extrapolated: CPU / 2 free cores)",
            "cpu_s": round(cpu_200, 1), "from_cells": n,
            "target": "<= 60 s for 200 x 200 cells, one year, 2 cores",
            "met": bool(cpu_200 / 2.0 <= 60.0),
        },
        "region_ice_map_s": {
            "value": round(wall, 2), "unit": "s (wall)", "cells": n,
            "grid_shape": list(im.t_surface_max_k.shape), "epochs": int(len(times)),
            "thermal_step_h": im.thermal_step_h, "cpu_s": round(cpu, 2),
            "cpu_ms_per_cell": round(1e3 * cpu / n, 2),
            "extrapolated_200x200_wall_s": round(wall * 40_000 / n, 1),
            "target": "<= 60 s for 200 x 200 cells, one year, 2 cores",
            "cells_ice_within_1_5_m": int(im.ice_within_reach.sum()),
            "cycles_full_series_mean": round(float(im.cycles.mean()), 2),
            "converged_fraction": round(float(im.converged.mean()), 4),
        },
        "region_horizons_1yr_s": {"value": round(t_region, 2), "unit": "s",
                                  "target": "not part of the ice-map target (lupex.site)"},
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
