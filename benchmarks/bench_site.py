"""Landing-site benchmarks: horizon sweep, one-year illumination map on 1000 x 1000 cells and one
site analysis, on LDEM_4 alone and on the layered terrain, in one run.

Terrain: real LOLA resampled to a 1001 x 1001 polar-stereographic grid of 400 m cells around the
connecting ridge (89.45°S, 222.69°E) -- the grid of the project's GRASS r.horizon measurement
(12 azimuths in 24 s, i.e. ~12 min for 360, 50 MB), once from LDEM_4 alone and once layered
(every product found, finest first; figures with the suffix ``_layered``).
Peer: GRASS GIS r.horizon on the same grid is measured by benchmarks/bench_grass.py (another
module of benchmarks/run.py); its 360-azimuth figure from the last results.json is copied here.

Figures (each also ``..._layered``, near field 2 x the pixel under the site, e.g. 2 x 1,600 m =
8 cells: 4 lines per cell by default there):
- horizons_1000x1000x360_s: horizon_map, 360 azimuths, default options: near field 2 x 7,581 m
  (38 cells), so the automatic line density is 1 line per cell (horizon_map's accuracy table:
  99th percentile 0.023° against a ray through every cell centre) (target < 10 s on 2 cores);
- horizons_..._4_lines_s: the same with 4 lines per cell (the density the default uses below a
  16-cell near field; 99th percentile 0.006° here);
- illumination_map_1000x1000_year_hourly_s: illumination_map over 8,760 hourly epochs
  (2018-10-22 .. 2019-10-22) from those horizons (target < 30 s);
- site_analysis_ridge_year_hourly_s: site_terrains + analyze_site at the ridge (720 azimuths,
  160 km, 8,760 hourly epochs), the landing stage's site figures;
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


def _measure(products, half_width_m: float, cell_m: float, times) -> dict:
    """Horizon sweep (1 and 4 lines per cell), one-year illumination map and one site analysis
    on the terrain built from ``products`` (finest first, each cell from the finest covering it),
    near field k = 2 x the native pixel of the product under the site."""
    from lupex.site.analysis import analyze_site, site_terrains
    from lupex.site.horizon import auto_lines_per_cell, horizon_map
    from lupex.site.illumination import illumination_map
    from lupex.site.terrain import NearFieldPolicy, build_terrain

    t = build_terrain(-89.45, 222.69, half_width_m, cell_m, products)
    pixel = t.pixel_of_source_at(-89.45, 222.69)
    near = NearFieldPolicy().exclusion_m(pixel)
    horizon_map(t.subgrid(0, 40, 0, 40), 2.0, 8, near)  # compile / load the numba cache

    c0, t0 = _cpu_s(), time.perf_counter()
    hz_dense = horizon_map(t, 2.0, 360, near, lines_per_cell=4)
    dense_s, dense_cpu = time.perf_counter() - t0, _cpu_s() - c0
    del hz_dense

    c0, t0 = _cpu_s(), time.perf_counter()
    hz = horizon_map(t, 2.0, 360, near)
    hz_s, hz_cpu = time.perf_counter() - t0, _cpu_s() - c0

    illumination_map(t.subgrid(0, 4, 0, 4), hz[:4, :4], times[:10], 1.0, 2.0, near)  # compile
    c0, t0 = _cpu_s(), time.perf_counter()
    maps = illumination_map(t, hz, times, 1.0, 2.0, near)
    il_s, il_cpu = time.perf_counter() - t0, _cpu_s() - c0
    del hz

    c0, t0 = _cpu_s(), time.perf_counter()
    ts = site_terrains(-89.45, 222.69, products=products)
    site = analyze_site(-89.45, 222.69, 2.0, times[0], times[-1], 1.0, terrains=ts)
    site_s, site_cpu = time.perf_counter() - t0, _cpu_s() - c0
    return {"terrain": t, "near": near, "pixel": pixel, "hz_s": hz_s, "hz_cpu": hz_cpu,
            "dense_s": dense_s, "dense_cpu": dense_cpu, "il_s": il_s, "il_cpu": il_cpu,
            "psr_km2": maps.psr_area_km2, "site_s": site_s, "site_cpu": site_cpu,
            "site_sun": site.sun_fraction, "products": t.describe()["products"]}


def run(half_width_m: float = 200_000.0, cell_m: float = 400.0) -> dict:
    """Every figure twice in one run: on LDEM_4 alone and on the layered terrain (every product
    found, finest first: with the shipped products, the 1.6 km south-polar layer with LDEM_4
    beyond it). ``half_width_m`` / ``cell_m``: the grid (default 1001 x 1001 cells of 400 m)."""
    from lupex.site.horizon import auto_lines_per_cell
    from lupex.site.illumination import time_grid
    from lupex.site.terrain import available_products

    products = available_products()
    ldem4 = [p for p in products if p.name == "LDEM_4"]
    times = time_grid("2018-10-22", "2019-10-22", 1.0)
    load0 = os.getloadavg()
    grass = _grass_peer()
    out: dict = {}
    for tag, prods in (("", ldem4), ("_layered", products)):
        m = _measure(prods, half_width_m, cell_m, times)
        t = m["terrain"]
        n = t.shape[0]
        what = " + ".join(m["products"])
        out[f"horizons_{n - 1}x{n - 1}x360{tag}_s"] = {
            "value": round(m["hz_s"], 2), "unit": "s", "target": "< 10 s on 2 cores",
            "cpu_s": round(m["hz_cpu"], 1), "cells": n * n, "terrain": what,
            "lines_per_cell": auto_lines_per_cell(m["near"], t.cell_m),
            "near_field_m": round(m["near"], 1),
            "peer": "GRASS r.horizon (benchmarks/bench_grass.py; LDEM_4 grid, ~12 min for 360 az)",
            "peer_value": grass,
        }
        out[f"horizons_{n - 1}x{n - 1}x360_4_lines{tag}_s"] = {
            "value": round(m["dense_s"], 2), "unit": "s", "target": "report (dense lines)",
            "cpu_s": round(m["dense_cpu"], 1), "lines_per_cell": 4, "terrain": what,
            "peer": "GRASS r.horizon", "peer_value": grass,
        }
        out[f"illumination_map_{n - 1}x{n - 1}_year_hourly{tag}_s"] = {
            "value": round(m["il_s"], 2), "unit": "s", "target": "< 30 s on 2 cores",
            "cpu_s": round(m["il_cpu"], 1), "epochs": int(len(times)), "terrain": what,
            "psr_area_km2": round(m["psr_km2"], 2),
        }
        out[f"site_analysis_ridge_year_hourly{tag}_s"] = {
            "value": round(m["site_s"], 2), "unit": "s",
            "target": "report (site horizon, 720 azimuths, 160 km, and 8,760 hourly epochs)",
            "cpu_s": round(m["site_cpu"], 1), "terrain": what,
            "near_field_m": round(m["near"], 1), "sun_fraction": round(m["site_sun"], 4),
        }
    out["peak_rss_mb"] = {"value": round(_peak_mb(), 0), "unit": "MB",
                          "target": "report (horizon array 1,442 MB float32)"}
    out["load_average"] = {"value": [round(v, 2) for v in load0], "unit": "1/5/15 min",
                           "target": "shared machine: wall times include other jobs"}
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
