"""Landing-site benchmarks: horizon sweep and one-year illumination map on 1000 x 1000 cells.

Terrain: real LOLA LDEM_4 resampled to a 1001 x 1001 polar-stereographic grid of 400 m cells
around the connecting ridge (89.45°S, 222.69°E) -- the grid /work/shared/notes/terrain.md used for
its GRASS r.horizon measurement (12 azimuths in 24 s, i.e. ~12 min for 360, 50 MB).
Peer: GRASS GIS r.horizon on the same grid is measured by benchmarks/bench_grass.py (another
module of benchmarks/run.py); its 360-azimuth figure from the last results.json is copied here.

Figures:
- horizons_1000x1000x360_s: horizon_map, 360 azimuths, default options: near field 2 x 7,581 m
  (38 cells), so the automatic line density is 1 line per cell (horizon_map's accuracy table:
  99th percentile 0.023° against a ray through every cell centre) (target < 10 s on 2 cores);
- horizons_..._4_lines_s: the same with 4 lines per cell (the density the default uses below a
  16-cell near field; 99th percentile 0.006° here);
- illumination_map_1000x1000_year_hourly_s: illumination_map over 8,760 hourly epochs
  (2018-10-22 .. 2019-10-22) from those horizons (target < 30 s);
- peak_rss_mb: peak resident memory of the process (the horizon array alone is 1.44 GB).
Timings are wall-clock on this machine, shared with other jobs: see "load_average".
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _grass_peer():
    p = Path(__file__).resolve().parent / "results.json"
    try:
        res = json.loads(p.read_text())["benchmarks"]["grass"]["figures"]
    except Exception:  # noqa: BLE001 - the peer may not have run
        return None
    v = res.get("grass_r_horizon_360az_extrapolated_wall")
    return v.get("value") if isinstance(v, dict) else None


def run() -> dict:
    from lupex.site.horizon import auto_lines_per_cell, horizon_map
    from lupex.site.illumination import illumination_map, time_grid
    from lupex.site.terrain import NearFieldPolicy, build_terrain

    t = build_terrain(-89.45, 222.69, 200_000.0, 400.0)  # 1001 x 1001 cells
    near = NearFieldPolicy().exclusion_m(7580.84)
    horizon_map(t.subgrid(0, 40, 0, 40), 2.0, 8, near)  # compile / load the numba cache
    load0 = os.getloadavg()

    c0, t0 = _cpu_s(), time.perf_counter()
    hz_dense = horizon_map(t, 2.0, 360, near, lines_per_cell=4)
    dense_s, dense_cpu = time.perf_counter() - t0, _cpu_s() - c0
    del hz_dense

    c0, t0 = _cpu_s(), time.perf_counter()
    hz = horizon_map(t, 2.0, 360, near)
    hz_s, hz_cpu = time.perf_counter() - t0, _cpu_s() - c0

    times = time_grid("2018-10-22", "2019-10-22", 1.0)
    illumination_map(t.subgrid(0, 4, 0, 4), hz[:4, :4], times[:10], 1.0, 2.0, near)  # compile
    c0, t0 = _cpu_s(), time.perf_counter()
    maps = illumination_map(t, hz, times, 1.0, 2.0, near)
    il_s, il_cpu = time.perf_counter() - t0, _cpu_s() - c0
    grass = _grass_peer()
    cells = t.shape[0] * t.shape[1]
    return {
        "horizons_1000x1000x360_s": {
            "value": round(hz_s, 2), "unit": "s", "target": "< 10 s on 2 cores",
            "cpu_s": round(hz_cpu, 1), "cells": cells,
            "lines_per_cell": auto_lines_per_cell(near, t.cell_m), "near_field_m": round(near, 1),
            "peer": "GRASS r.horizon (benchmarks/bench_grass.py; terrain.md: ~12 min for 360 az)",
            "peer_value": grass,
        },
        "horizons_1000x1000x360_4_lines_s": {
            "value": round(dense_s, 2), "unit": "s", "target": "report (dense lines)",
            "cpu_s": round(dense_cpu, 1), "lines_per_cell": 4,
            "peer": "GRASS r.horizon", "peer_value": grass,
        },
        "illumination_map_1000x1000_year_hourly_s": {
            "value": round(il_s, 2), "unit": "s", "target": "< 30 s on 2 cores",
            "cpu_s": round(il_cpu, 1), "epochs": int(len(times)),
            "psr_area_km2": round(maps.psr_area_km2, 2),
        },
        "peak_rss_mb": {"value": round(_peak_mb(), 0), "unit": "MB",
                        "target": "report (horizon array 1,442 MB float32)"},
        "load_average": {"value": [round(v, 2) for v in load0], "unit": "1/5/15 min",
                         "target": "shared machine: wall times include other jobs"},
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
