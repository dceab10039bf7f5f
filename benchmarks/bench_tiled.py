"""A 4,000 x 4,000 tiled illumination map on a 2-worker dask LocalCluster: does it complete, how
long, and how much memory each worker holds.

Terrain: the embedded LOLA products (1.6 km south-polar layer over LDEM_4), resampled to a
4001 x 4001 polar-stereographic grid of 250 m cells (1,000 km across) centred on the connecting
ridge (89.45°S, 222.69°E). It is a PERFORMANCE INPUT: 250 m cells interpolated from 1.6 km data
are no terrain result, and no figure here is reported as one.

The map: :func:`lupex.site.tiles.tiled_illumination_map` over the whole grid, 2 m mast, near field
2 x 1,600 m, horizon reach 100 km (a halo of 400 cells), tiles of up to 1,000 x 1,000 cells (25
tiles: 4,001 cells is four full tiles and a one-cell strip per side; an interior tile is computed
on a 1,800 x 1,800 cell cut-out), 30 days hourly (720 epochs; the period does not
change the memory, and the time scales with it as in bench_scale.py). Workers are processes with
one thread each; the per-worker figure is each worker's peak resident memory (ru_maxrss).

Figures: tiled_4000x4000_30days_hourly_2_workers_s (wall), worker_peak_rss_mb (target
<= 1,500 MB), tiles, cells; the machine's load average beside them (a shared machine).
"""

from __future__ import annotations

import os
import resource
import time

HALF_WIDTH_M = 500_000.0
CELL_M = 250.0
REACH_M = 100_000.0
TILE_CELLS = 1000
NEAR_M = 2 * 1600.0


def run(half_width_m: float = HALF_WIDTH_M, tile_cells: int = TILE_CELLS) -> dict:
    from distributed import Client, LocalCluster

    from lupex.site.illumination import time_grid
    from lupex.site.terrain import build_terrain
    from lupex.site.tiles import tiled_illumination_map

    load0 = os.getloadavg()
    t0 = time.perf_counter()
    t = build_terrain(-89.45, 222.69, half_width_m, CELL_M)
    build_s = time.perf_counter() - t0
    times = time_grid("2019-01-01", "2019-01-31", 1.0)
    done = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        m = tiled_illumination_map(t, times, 1.0, 2.0, NEAR_M, REACH_M, tile_cells=tile_cells,
                                   scheduler=client,
                                   progress=lambda k, n, tile: done.append((k, n)))
        wall = time.perf_counter() - t0
        rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)
    import numpy as np

    return {
        "tiled_4000x4000_30days_hourly_2_workers_s": {
            "value": round(wall, 1), "unit": "s", "target": "completes (report)",
            "cells": list(t.shape), "tiles": len(done), "epochs": len(times),
            "worker_peak_rss_mb": round(max(rss.values())),
            "worker_rss_target_mb": 1500,
            "finite_cells_fraction": round(float(np.isfinite(m.sun_fraction).mean()), 4),
            "terrain_build_s": round(build_s, 1),
            "input": f"PERFORMANCE INPUT: embedded LOLA resampled to {t.shape[0]} x {t.shape[1]} "
                     f"cells of {CELL_M:g} m",
            "load_average": [round(v, 2) for v in load0]},
    }


if __name__ == "__main__":  # python benchmarks/bench_tiled.py [half_width_m tile_cells]
    import json
    import sys

    args = [float(sys.argv[1]), int(sys.argv[2])] if len(sys.argv) == 3 else []
    print(json.dumps(run(*args), indent=1))
