"""Regional-scale benchmarks: streamed illumination maps (time and peak memory beside the cube
path), an 18.6-year map, the horizon sweep in ns per cell-azimuth, tiled maps on 1 vs 2 dask
workers.

Terrain: the real LOLA products found (the embedded LDEM_4 and 1.6 km polar grid, and any finer
product in the data directory), layered and resampled to a 1001 x 1001 polar-stereographic grid
of 400 m cells around the connecting ridge (89.45°S, 222.69°E), the grid of bench_site.py and of
the GRASS r.horizon peer (bench_grass.py). It is a PERFORMANCE INPUT: 400 m cells resampled from
coarser products, not a terrain result. Near field 2 x 7,581 m (1 sweep line per cell).

Each map runs in a fresh child process that loads the grid from a .npy file, so that its peak
resident memory (ru_maxrss) is the computation's and not the terrain build's. Figures:
- stream_year_hourly_1000x1000_s / _peak_rss_mb: illumination_statistics, 8,760 hourly epochs
  (2018-10-22 .. 2019-10-22), horizons included (target <= 20 s and <= 400 MB); peer: the cube
  path (horizon_map + illumination_map) in the same run;
- stream_18_6_years_2h_1000x1000_s: 2020-01-01 .. 2038-08-07 (18.6 years, 81,5xx epochs at 2 h),
  chunks of years sharing one horizon sweep per chunk (target <= 180 s);
- horizon_sweep_ns_per_cell_azimuth: the horizon sweep (36 of the 360 azimuths, all cells),
  wall time x threads / (cells x azimuths), and CPU time per cell and azimuth, beside a trivial
  kernel that reads each cell and writes one value per azimuth (the memory floor) and an
  estimate of the limit. ``python benchmarks/bench_scale.py --sweep-only 80000`` measures only
  this figure on a reduced grid (401 x 401 cells x 360 azimuths);
- tiled_*: tiled_illumination_map on a dask LocalCluster (processes, 1 thread each), 1 and 2
  workers, the central 500 x 500 cells in 4 tiles with a 100 km reach, 30 days hourly; the
  per-worker peak RSS.
Timings are wall-clock on a machine shared with other jobs: see "load_average".
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEAR_M = 2 * 7580.84  # NearFieldPolicy k = 2 x the LDEM_4 pixel


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _terrain(path):
    import numpy as np

    from lupex.site.terrain import Terrain

    d = np.load(path, allow_pickle=False)
    return Terrain(d["h"], float(d["x0"]), float(d["y0"]), float(d["cell"]), tuple(d["products"]),
                   tuple(float(v) for v in d["pixels"]), d["src"], int(d["pole"]))


def _child(kind: str, path: str) -> dict:
    from lupex.site.horizon import horizon_map
    from lupex.site.illumination import illumination_map, illumination_statistics, time_grid

    t = _terrain(path)
    small = t.subgrid(0, 48, 0, 48)
    if kind == "stream_year":
        times = time_grid("2018-10-22", "2019-10-22", 1.0)
        illumination_statistics(small, times[:30], 1.0, 2.0, NEAR_M)  # load the numba cache
        t0 = time.perf_counter()
        m = illumination_statistics(t, times, 1.0, 2.0, NEAR_M)
    elif kind == "cube_year":
        times = time_grid("2018-10-22", "2019-10-22", 1.0)
        illumination_map(small, horizon_map(small, 2.0, 360, NEAR_M), times[:30], 1.0, 2.0, NEAR_M)
        t0 = time.perf_counter()
        m = illumination_map(t, horizon_map(t, 2.0, 360, NEAR_M), times, 1.0, 2.0, NEAR_M)
    elif kind == "stream_18_6":
        times = time_grid("2020-01-01", "2038-08-07", 2.0)
        illumination_statistics(small, times[:30], 2.0, 2.0, NEAR_M)
        t0 = time.perf_counter()
        m = illumination_statistics(t, times, 2.0, 2.0, NEAR_M, state_mb=768.0)
    else:
        raise ValueError(kind)
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "peak_rss_mb": _peak_mb(), "epochs": int(m.n_epochs),
            "psr_area_km2": float(m.psr_area_km2), "years": len(m.year_starts_utc)}


def _run_child(kind: str, path: str) -> dict:
    env = dict(os.environ)
    r = subprocess.run([sys.executable, __file__, "--child", kind, path], capture_output=True,
                       text=True, env=env, check=False)
    if r.returncode != 0:
        return {"error": r.stderr[-2000:]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def _touch_kernel():
    """A trivial kernel with the sweep's memory pattern and no hull: per azimuth (in parallel),
    read every cell once and write one float32 per cell -- the floor of any O(N x A) kernel that
    writes a horizon per cell and azimuth (memory traffic, loop overhead, thread scheduling)."""
    import numba
    import numpy as np

    @numba.njit(parallel=True, cache=True)
    def touch(H, n_az):
        ny, nx = H.shape
        out = np.empty((n_az, ny, nx), dtype=np.float32)
        for k in numba.prange(n_az):
            f = 1.0 + 1e-3 * k
            for i in range(ny):
                for j in range(nx):
                    out[k, i, j] = H[i, j] * f
        return out

    return touch


def _sweep_ns(t, n_az: int = 36) -> dict:
    """The horizon sweep on grid ``t`` at ``n_az`` azimuths (every 360/n_az degrees): wall time
    and CPU time (all threads), in ns per cell and azimuth, beside the trivial kernel of
    :func:`_touch_kernel` on the same grid (the limit estimate)."""
    import numba
    import numpy as np

    from lupex.site._sweep import _horizon_block, _sweep_grids

    g = _sweep_grids(t)
    reg = (0, t.shape[0], 0, t.shape[1])
    _horizon_block(_sweep_grids(t.subgrid(0, 40, 0, 40)), t.cell_m, np.arange(8) * 45.0, 2.0,
                   NEAR_M, 1, (0, 40, 0, 40))
    az = np.arange(n_az) * (360.0 / n_az)
    n = t.shape[0] * t.shape[1] * az.size
    walls, cpus = [], []
    for _ in range(3):
        c0 = time.process_time()
        t0 = time.perf_counter()
        _horizon_block(g, t.cell_m, az, 2.0, NEAR_M, 1, reg)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    touch = _touch_kernel()
    touch(g[0][:8, :8], 2)
    tw = []
    for _ in range(3):
        t0 = time.perf_counter()
        touch(g[0], az.size)
        tw.append(time.perf_counter() - t0)
    thr = numba.get_num_threads()
    return {"wall_s": min(walls), "threads": thr, "ns": min(walls) * thr / n * 1e9,
            "cpu_ns": min(cpus) / n * 1e9, "touch_ns": min(tw) * thr / n * 1e9, "cells_x_az": n}


def _tiled(t, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from lupex.site.illumination import time_grid
    from lupex.site.tiles import tiled_illumination_map

    c = t.shape[0] // 2
    region = (c - 250, c + 250, c - 250, c + 250)
    times = time_grid("2019-01-01", "2019-01-31", 1.0)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        tiled_illumination_map(t.subgrid(c - 40, c + 40, c - 40, c + 40), times[:10], 1.0, 2.0,
                               NEAR_M, 16_000.0, tile_cells=40, scheduler=client)  # warm-up
        t0 = time.perf_counter()
        tiled_illumination_map(t, times, 1.0, 2.0, NEAR_M, 100_000.0, region=region,
                               tile_cells=250, scheduler=client)
        wall = time.perf_counter() - t0
        rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)
    return {"wall_s": wall, "worker_peak_rss_mb": max(rss.values())}


def _show(out: dict, name: str) -> None:
    """Print one figure as soon as it is measured (a long run shows its progress)."""
    print(json.dumps({name: out[name]}), file=sys.stderr, flush=True)


def run() -> dict:
    import numpy as np

    from lupex.site.terrain import build_terrain

    t = build_terrain(-89.45, 222.69, 200_000.0, 400.0)  # 1001 x 1001 cells
    load0 = os.getloadavg()
    out: dict = {"load_average": {"value": [round(v, 2) for v in load0], "unit": "1/5/15 min",
                                  "target": "shared machine: wall times include other jobs"}}
    label = "PERFORMANCE INPUT: the LOLA products found, resampled to 1001 x 1001 cells of 400 m"
    sw = _sweep_ns(t)
    out["horizon_sweep_ns_per_cell_azimuth"] = {
        "value": round(sw["ns"], 2), "unit": "ns x thread per cell and azimuth",
        "wall_s_36_azimuths": round(sw["wall_s"], 2), "threads": sw["threads"],
        "projected_360_azimuths_s": round(sw["wall_s"] * 10, 1),
        "target": "1000^2 x 360 in <= 4 s on 2 cores, i.e. <= 22 ns x thread",
        "cpu_ns_per_cell_azimuth": round(sw["cpu_ns"], 2),
        "trivial_kernel_ns": round(sw["touch_ns"], 2),
        "limit_estimate": "about 20 ns x thread (about 3.6 s wall for 1000^2 x 360 on 2 free "
                          "cores): the trivial kernel (read each cell, write one float32, per "
                          "azimuth: the memory floor, 'trivial_kernel_ns', ~5 ns) plus, per cell "
                          "and azimuth, one interpolated sample, an amortised hull push for the "
                          "sample and one for the near-field cut-off point and one tangent walk, "
                          "each ending on a data-dependent branch (~1 misprediction, ~5 ns at "
                          "~3 GHz). Measured split of the sweep on one thread (401^2 x 360, "
                          "loaded machine, of ~50 ns): sampling, buffers and the per-cell "
                          "pass ~12 ns, sample pushes ~10, cut-off pushes ~7, tangent walk and "
                          "accumulation ~22; the tan->deg conversion ~6.5 ns per value on one "
                          "thread (now shared among the threads)"}
    _show(out, "horizon_sweep_ns_per_cell_azimuth")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "grid.npz")
        np.savez(path, h=t.heights_m, x0=t.x0_m, y0=t.y0_m, cell=t.cell_m,
                 products=np.array(t.products), pixels=np.array(t.product_pixel_m),
                 src=t.source_index, pole=t.pole)
        stream = _run_child("stream_year", path)
        print(json.dumps({"stream_year": stream}), file=sys.stderr, flush=True)
        cube = _run_child("cube_year", path)
        out["stream_year_hourly_1000x1000_s"] = {
            "value": round(stream.get("wall_s", float("nan")), 1), "unit": "s",
            "target": "<= 20 s on 2 cores (quiet)", "epochs": stream.get("epochs"),
            "peer": "cube path: horizon_map + illumination_map (lupex before streaming)",
            "peer_value": round(cube.get("wall_s", float("nan")), 1), "input": label,
            **({"error": stream["error"]} if "error" in stream else {})}
        out["stream_year_hourly_1000x1000_peak_rss_mb"] = {
            "value": round(stream.get("peak_rss_mb", float("nan"))), "unit": "MB",
            "target": "<= 400 MB", "peer": "cube path peak RSS",
            "peer_value": round(cube.get("peak_rss_mb", float("nan"))),
            "psr_area_km2": {"stream": stream.get("psr_area_km2"),
                             "cube": cube.get("psr_area_km2")}}
        _show(out, "stream_year_hourly_1000x1000_s")
        _show(out, "stream_year_hourly_1000x1000_peak_rss_mb")
        try:
            one = _tiled(t, 1)
            two = _tiled(t, 2)
            out["tiled_500x500_30days_hourly_1_worker_s"] = {
                "value": round(one["wall_s"], 1), "unit": "s", "target": "report",
                "worker_peak_rss_mb": round(one["worker_peak_rss_mb"]), "input": label,
                "tiles": "4 tiles of 250 x 250 cells, 100 km reach (halo 252 cells)"}
            out["tiled_500x500_30days_hourly_2_workers_s"] = {
                "value": round(two["wall_s"], 1), "unit": "s", "target": "report (peer: 1 worker)",
                "peer": "1 worker", "peer_value": round(one["wall_s"], 1),
                "worker_peak_rss_mb": round(two["worker_peak_rss_mb"]),
                "speed_up": round(one["wall_s"] / two["wall_s"], 2)}
            _show(out, "tiled_500x500_30days_hourly_2_workers_s")
        except ImportError:
            out["tiled"] = {"value": None, "unit": "s", "target": "needs lupex[cluster]"}
        long = _run_child("stream_18_6", path)
        out["stream_18_6_years_2h_1000x1000_s"] = {
            "value": round(long.get("wall_s", float("nan")), 1), "unit": "s",
            "target": "<= 180 s on 2 cores (quiet)", "epochs": long.get("epochs"),
            "years": long.get("years"), "peak_rss_mb": round(long.get("peak_rss_mb", 0.0)),
            "input": label, **({"error": long["error"]} if "error" in long else {})}
        _show(out, "stream_18_6_years_2h_1000x1000_s")
    return out


def sweep_only(half_width_m: float) -> dict:
    """Only the horizon-sweep figure, on a reduced grid (half-width ``half_width_m``, 400 m
    cells) at all 360 azimuths: the quick before/after measurement of kernel changes."""
    from lupex.site.terrain import build_terrain

    t = build_terrain(-89.45, 222.69, half_width_m, 400.0)
    sw = _sweep_ns(t, 360)
    return {"grid": list(t.shape), "azimuths": 360, "wall_s": round(sw["wall_s"], 2),
            "threads": sw["threads"], "ns_x_thread_per_cell_azimuth": round(sw["ns"], 2),
            "cpu_ns_per_cell_azimuth": round(sw["cpu_ns"], 2),
            "trivial_kernel_ns_x_thread": round(sw["touch_ns"], 2),
            "load_average": [round(v, 2) for v in os.getloadavg()],
            "input": "PERFORMANCE INPUT: LDEM_4 resampled to 400 m cells"}


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) == 3 and sys.argv[1] == "--sweep-only":
        # e.g. --sweep-only 80000: 401 x 401 cells x 360 azimuths (well under a minute)
        print(json.dumps(sweep_only(float(sys.argv[2])), indent=2))
    else:
        print(json.dumps(run(), indent=2))
