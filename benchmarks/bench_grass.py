"""Issue 5 peer benchmark: lupex horizon maps against GRASS GIS ``r.horizon``, in one run.

Target (issue 5, Done when): horizons for 1000 x 1000 cells at 360 azimuths in under 10 s on
2 cores, against GRASS r.horizon on the same DEM and azimuths — at least 20x faster with a
difference under 0.1°; peak memory reported.

Set-up (see benchmarks/peers/grass_horizon.py for how r.horizon is driven and why):
- DEM: LDEM_4 (real LOLA, 4 px/deg) resampled by ``lupex.site.terrain.build_terrain`` to a
  polar-stereographic grid centred on the south pole, 400 m cells, 1000 x 1000 (400 km square).
  The SAME heights are written as a GeoTIFF for GRASS (labelled Moon-sphere Mercator so
  r.horizon's azimuths are grid azimuths; heights/lengths scaled so its Earth-curvature term
  becomes the Moon's).
- Observer at 0 m above the ground (GRASS 8.2 r.horizon has no observer height).
- Reach: the whole grid for both (lupex has no distance cut; GRASS maxdistance = grid diagonal).
- lupex: ``horizon_map`` at 360 azimuths, default options (no near-field exclusion, so the
  automatic line density is lines_per_cell=4; also timed with 1 line per cell), numba threads
  = all cores, in a child process (peak RSS of that process).
- GRASS: r.horizon at 12 of the same azimuths (every 30°), single-threaded (r.horizon has no
  threads); its 360-azimuth time is EXTRAPOLATED linearly (x 30) and labelled so. Peak RSS of
  r.horizon from os.wait4.
- Difference: lupex minus GRASS at the 12 common azimuths, over the inner cells (150 km from
  every grid edge, so both have the full 150 km reach), median / 95th percentile / max of
  |difference|; also over the cells where excluding the 2-cell near field changes lupex's horizon
  by < 0.01° (the horizon is set by distant terrain, where the two samplings should agree), and
  both against a brute-force ray-march of the bilinear surface (lupex.site.horizon.ray_horizon,
  20 m steps) on a random sample of inner cells; and the same comparison on the grid
  Gaussian-smoothed (sigma 4 km) to separate the algorithms from the cell-scale roughness of
  the resampled LDEM_4 grid.
- Sampling-rule check: on the central 300 x 300 cells, at 11 azimuths free of sampling ties,
  r.horizon against a re-expression of its documented sampling rule
  (peers.grass_horizon.nearest_cell_reference), against lupex, and all against the brute force.
Timings are taken on a shared 2-core machine: wall times are inflated by other jobs; CPU times
(user + sys of the measured call only) are reported beside them and the speed ratio is given for
both.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from peers import grass_horizon as gh  # noqa: E402

N = 1000
CELL_M = 400.0
N_AZ = 360
GRASS_STEP_DEG = 30.0  # 12 azimuths
MARGIN_M = 150_000.0
NEAR_FIELD_CHECK_M = 2 * CELL_M
TARGET_S = 10.0
SMOOTH_SIGMA_M = 4000.0


def _terrain():
    from lupex.site.terrain import build_terrain

    t = build_terrain(-90.0, 0.0, (N // 2) * CELL_M, CELL_M)
    return t.subgrid(0, N, 0, N)


def _lupex_child(heights_npy: Path, work: Path, n_az: int, near_field_m: float,
                 lines_per_cell: int, keep_every: int, tag: str) -> tuple[dict, np.ndarray]:
    spec = {"heights_npy": str(heights_npy), "cell_m": CELL_M, "n_az": n_az, "height_m": 0.0,
            "near_field_m": near_field_m, "lines_per_cell": lines_per_cell,
            "keep_every": keep_every, "out_npy": str(work / f"lupex_{tag}.npy"),
            "result_json": str(work / f"lupex_{tag}.json")}
    (work / f"spec_{tag}.json").write_text(json.dumps(spec))
    subprocess.run([sys.executable, str(HERE / "peers" / "lupex_horizon_child.py"),
                    str(work / f"spec_{tag}.json")], check=True)
    return json.loads(Path(spec["result_json"]).read_text()), np.load(spec["out_npy"])


def _stats(d: np.ndarray) -> dict:
    a = np.abs(d[np.isfinite(d)])
    if a.size == 0:
        return {"n": 0}
    return {"n": int(a.size), "median_deg": round(float(np.median(a)), 4),
            "p95_deg": round(float(np.percentile(a, 95)), 4),
            "p99_deg": round(float(np.percentile(a, 99)), 4),
            "max_deg": round(float(a.max()), 3), "mean_signed_deg": round(float(d[np.isfinite(d)].mean()), 4)}


def _near_field_bound(H: np.ndarray, cells: int = 2) -> np.ndarray:
    """Highest elevation angle (deg) from each cell to any cell within ``cells`` cells, any
    direction (flat-plane geometry): an upper bound on what a near-field sample can give."""
    n0, n1 = H.shape
    Hp = np.pad(H.astype(np.float64), cells, mode="edge")
    bound = np.full(H.shape, -90.0)
    for di in range(-cells, cells + 1):
        for dj in range(-cells, cells + 1):
            if di == 0 and dj == 0:
                continue
            zn = Hp[cells + di:cells + di + n0, cells + dj:cells + dj + n1]
            ang = np.degrees(np.arctan((zn - H) / (CELL_M * math.hypot(di, dj))))
            bound = np.maximum(bound, ang)
    return bound


def _far_determined(H, Lg, Lg_nf, G) -> np.ndarray:
    """Cell-azimuths whose horizon is set by terrain beyond 2 cells in BOTH programs: excluding
    lupex's 2-cell near field changes nothing (< 0.01°) and that far horizon is > 0.2° above
    anything a sample within 2 cells could give (so GRASS's nearest-neighbour near-field
    samples cannot set it either)."""
    bound = _near_field_bound(H, 2)
    return (np.abs(Lg - Lg_nf) < 0.01) & (Lg_nf > bound[None] + 0.2) & (G > -89.9)


def _brute_sample(terrain, cells, grid_az) -> np.ndarray:
    from lupex.site.horizon import ray_horizon

    diag = math.hypot(*np.shape(terrain.heights_m)) * CELL_M
    out = np.empty((len(cells), len(grid_az)))
    for n, (i, j) in enumerate(cells):
        out[n] = ray_horizon(terrain, float(i), float(j), 0.0, np.asarray(grid_az, float),
                             10.0, diag, 20.0)
    return out


def _sampling_rule_check(terrain) -> dict:
    """Is the GRASS-lupex difference r.horizon's sampling rule and nothing else? On the central
    300 x 300 cells (120 km) of the same grid, at 11 azimuths that put no sample exactly half-way
    between two cells (grid az 83°, 53°, ...: r.horizon's GRASS angle 7° + 30° k; at multiples
    of 30° every odd step is such a tie, which r.horizon breaks by its floating-point noise), compare
    r.horizon with :func:`peers.grass_horizon.nearest_cell_reference` (its documented rule:
    nearest cell to each point of a ray stepped one cell at a time, distance to that cell's
    centre), with lupex, and all three with the bilinear brute-force march."""
    from lupex.site.horizon import horizon_map

    sub = terrain.subgrid(350, 650, 350, 650)
    Hs = np.asarray(sub.heights_m, dtype=np.float64)
    g = gh.run_r_horizon(Hs, CELL_M, start_deg=7.0, step_deg=30.0, n_az=11, maxdistance_m=None,
                         moon_curvature=True, label="mercator")
    gaz = np.asarray(g.grid_az_deg)
    rng = np.random.default_rng(7)
    cells = rng.integers(0, Hs.shape[0], size=(2000, 2))
    ci, cj = cells[:, 0], cells[:, 1]
    G = g.horizons_deg[:, ci, cj].T
    ref = gh.nearest_cell_reference(Hs, CELL_M, cells, gaz)
    L = horizon_map(sub, 0.0, N_AZ)
    Lk = np.stack([L[ci, cj, int(round(a * N_AZ / 360.0)) % N_AZ] for a in gaz], axis=1)
    ok = (G > -89.9) & (ref > -89.9) & (Lk > -89.9)
    brute = _brute_sample(sub, cells[:150], gaz)
    okb = ok[:150]
    return {
        "grid": "central 300 x 300 cells (120 km) of the benchmark grid; 2,000 random cells, "
                "11 tie-free azimuths (grid az " + ", ".join(f"{a:g}" for a in gaz) + ")",
        "grass_minus_nearest_cell_rule": _stats(np.where(ok, G - ref, np.nan)),
        "lupex_minus_grass": _stats(np.where(ok, Lk - G, np.nan)),
        "brute_force_150_cells": {
            "grass_minus_brute": _stats(np.where(okb, G[:150] - brute, np.nan)),
            "nearest_cell_rule_minus_brute": _stats(np.where(okb, ref[:150] - brute, np.nan)),
            "lupex_minus_brute": _stats(np.where(okb, Lk[:150] - brute, np.nan)),
        },
        "rule": "benchmarks/peers/grass_horizon.py nearest_cell_reference (written from "
                "r.horizon's documented behaviour; 0.5° cut-off and lunar curvature as driven)",
    }


def run() -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench_grass_"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> dict:
    figures: dict = {}
    target_t = f"< {TARGET_S:g} s on 2 cores; >= 20x faster than GRASS r.horizon"
    target_d = "< 0.1° (issue 5)"
    t_build = time.perf_counter()
    terrain = _terrain()
    t_build = time.perf_counter() - t_build
    H = np.asarray(terrain.heights_m, dtype=np.float32)
    hnpy = work / "heights.npy"
    np.save(hnpy, H)
    keep = int(round(GRASS_STEP_DEG * N_AZ / 360.0))  # every 30th of 360 -> grid az 0, 30, ...

    lup, L12 = _lupex_child(hnpy, work, N_AZ, 0.0, 4, keep, "main")
    lup1, L12_q1 = _lupex_child(hnpy, work, N_AZ, 0.0, 1, keep, "q1")
    _, L12_nf = _lupex_child(hnpy, work, 12, NEAR_FIELD_CHECK_M, 4, 1, "nf")
    lupex_az = np.arange(0, 360, GRASS_STEP_DEG)

    common = {
        "dem": "LDEM_4 (LOLA 4 px/deg) resampled by lupex.site.terrain.build_terrain to "
               f"{N}x{N} polar-stereographic cells of {CELL_M:.0f} m around the south pole; "
               "same heights exported to GeoTIFF for GRASS",
        "observer_height_m": 0.0,
        "reach": "whole grid (GRASS maxdistance = grid diagonal)",
        "terrain_build_s": round(t_build, 1),
        "machine_note": "shared 2-core machine under load from other jobs: wall times inflated; "
                        "CPU times given beside them",
    }
    figures["lupex_horizon_map_360az_wall"] = {
        "value": round(lup["wall_s"], 2), "unit": "s", "target": target_t,
        "cpu_s": round(lup["cpu_s"], 2), "numba_threads": lup["numba_threads"],
        "options": "lines_per_cell=4 (automatic at near_field_m=0), near_field_m=0, height_m=0", **common,
    }
    figures["lupex_horizon_map_360az_lines_per_cell_1_wall"] = {
        "value": round(lup1["wall_s"], 2), "unit": "s", "target": target_t,
        "cpu_s": round(lup1["cpu_s"], 2), "numba_threads": lup1["numba_threads"],
        "options": "lines_per_cell=1 (fast setting), near_field_m=0, height_m=0",
    }
    figures["lupex_peak_rss"] = {
        "value": round(lup["maxrss_mb"], 1), "unit": "MB", "target": "reported (issue 5)",
        "output_array_mb": round(lup["output_mb"], 1),
        "rss_before_call_mb": round(lup["maxrss_before_call_mb"], 1),
        "note": "peak RSS of the child process (Python + numba + terrain + float32 output "
                f"{N}x{N}x{N_AZ})",
    }

    version = gh.grass_version()
    if version is None:
        for name, tgt in (("grass_r_horizon_360az_extrapolated_wall", "peer"),
                          ("speedup_vs_grass", ">= 20x"),
                          ("difference_vs_grass_inner", target_d)):
            figures[name] = {"value": None, "unit": "", "target": tgt,
                             "peer": "GRASS GIS r.horizon", "peer_value": None,
                             "note": gh.INSTALL_HINT}
        figures["lupex_horizon_map_360az_wall"].update(peer="GRASS GIS r.horizon",
                                                        peer_value=None, note=gh.INSTALL_HINT)
        return figures

    g = gh.run_r_horizon(H, CELL_M, start_deg=0.0, step_deg=GRASS_STEP_DEG,
                         n_az=int(360 / GRASS_STEP_DEG), maxdistance_m=None,
                         moon_curvature=True, label="mercator")
    n_g = g.horizons_deg.shape[0]
    scale = N_AZ / n_g
    g_wall = g.timing["wall_s"] * scale
    g_cpu = (g.timing["user_s"] + g.timing["sys_s"]) * scale
    peer = f"{version} r.horizon (12 azimuths measured, x{scale:g} extrapolated to 360)"

    # align: GRASS map k is CCW-from-grid-east angle a -> lupex grid azimuth (90 - a) mod 360
    idx = [int(round(az / GRASS_STEP_DEG)) % len(lupex_az) for az in g.grid_az_deg]
    Lg = np.stack([L12[:, :, k] for k in idx])
    Lg_q1 = np.stack([L12_q1[:, :, k] for k in idx])
    Lg_nf = np.stack([L12_nf[:, :, k] for k in idx])
    G = g.horizons_deg
    m = int(MARGIN_M / CELL_M)
    inner = (slice(None), slice(m, N - m), slice(m, N - m))
    valid = (G > -89.9) & (Lg > -89.9)
    d = np.where(valid, Lg - G, np.nan)
    far = np.abs(Lg - Lg_nf) < 0.01
    far2 = _far_determined(H, Lg, Lg_nf, G)
    st_far2 = _stats(np.where(far2, d, np.nan)[inner])
    st_far2_obl = _stats(np.where(far2, d, np.nan)[inner][~np.isclose(
        np.asarray(g.grid_az_deg) % 90.0, 0.0)])
    st_inner = _stats(d[inner])
    st_all = _stats(d)
    st_far = _stats(np.where(far, d, np.nan)[inner])
    st_q1 = _stats(np.where(valid, Lg_q1 - G, np.nan)[inner])
    axis = np.isclose(np.asarray(g.grid_az_deg) % 90.0, 0.0)
    st_axis = _stats(d[inner][axis])
    st_diag = _stats(d[inner][~axis])

    rng = np.random.default_rng(20261124)
    cells = rng.integers(m, N - m, size=(150, 2))
    brute = _brute_sample(terrain, cells, g.grid_az_deg)
    ci, cj = cells[:, 0], cells[:, 1]
    st_lb = _stats(Lg[:, ci, cj].T - brute)
    st_gb = _stats(G[:, ci, cj].T - brute)

    # Same comparison on the same grid low-passed (Gaussian sigma 4 km, about half an LDEM_4
    # pixel): removes the cell-scale roughness that LDEM_4's 7.6 km data cannot carry (the
    # resampled grid's slopes at 400 m reach 50°), so the two ALGORITHMS are compared.
    from scipy.ndimage import gaussian_filter

    Hs = gaussian_filter(H.astype(np.float64), SMOOTH_SIGMA_M / CELL_M, mode="nearest")
    np.save(work / "heights_smooth.npy", Hs.astype(np.float32))
    _, S12 = _lupex_child(work / "heights_smooth.npy", work, 12, 0.0, 4, 1, "s")
    _, S12_nf = _lupex_child(work / "heights_smooth.npy", work, 12, NEAR_FIELD_CHECK_M, 4, 1,
                             "snf")
    gs = gh.run_r_horizon(Hs, CELL_M, start_deg=0.0, step_deg=GRASS_STEP_DEG,
                          n_az=int(360 / GRASS_STEP_DEG), maxdistance_m=None)
    Sg = np.stack([S12[:, :, k] for k in idx])
    Sg_nf = np.stack([S12_nf[:, :, k] for k in idx])
    Gs = gs.horizons_deg
    ds = np.where((Gs > -89.9) & (Sg > -89.9), Sg - Gs, np.nan)
    fars = _far_determined(Hs, Sg, Sg_nf, Gs)
    smooth = {
        "dem": f"the same grid, Gaussian-smoothed sigma = {SMOOTH_SIGMA_M / 1000:g} km "
               "(same smoothed heights to both programs)",
        "inner_cells_150km_margin": _stats(ds[inner]),
        "grid_axis_azimuths_0_90_180_270": _stats(ds[inner][axis]),
        "oblique_azimuths": _stats(ds[inner][~axis]),
        "where_set_by_terrain_beyond_2_cells_in_both": dict(
            _stats(np.where(fars, ds, np.nan)[inner]),
            fraction_of_cell_azimuths=round(float(fars[inner].mean()), 3)),
    }

    figures["grass_r_horizon_360az_extrapolated_wall"] = {
        "value": round(g_wall, 1), "unit": "s", "target": "peer (EXTRAPOLATED from 12 azimuths)",
        "peer": peer, "peer_value": round(g_wall, 1),
        "measured_12az_wall_s": round(g.timing["wall_s"], 2),
        "measured_12az_cpu_s": round(g.timing["user_s"] + g.timing["sys_s"], 2),
        "extrapolated_360az_cpu_s": round(g_cpu, 1),
        "options": g.options, "grass_session_total_s": round(g.total_wall_s, 1),
    }
    figures["lupex_horizon_map_360az_wall"].update(peer=peer, peer_value=round(g_wall, 1))
    figures["speedup_vs_grass"] = {
        "value": round(g_wall / lup["wall_s"], 1), "unit": "x (wall)", "target": ">= 20x",
        "peer": peer, "peer_value": round(g_wall, 1),
        "speedup_cpu_time": round(g_cpu / lup["cpu_s"], 1),
        "speedup_wall_lines_per_cell_1": round(g_wall / lup1["wall_s"], 1),
        "speedup_cpu_lines_per_cell_1": round(g_cpu / lup1["cpu_s"], 1),
        "note": "GRASS is single-threaded; lupex uses all cores (2). CPU-time ratio is the "
                "load-independent one.",
    }
    figures["grass_peak_rss"] = {
        "value": round(g.timing["maxrss_kb"] / 1024.0, 1), "unit": "MB",
        "target": "reported (issue 5)", "peer": peer,
        "peer_value": round(g.timing["maxrss_kb"] / 1024.0, 1),
        "note": "os.wait4 ru_maxrss of the r.horizon process (one map in memory at a time)",
    }
    figures["difference_vs_grass_inner"] = {
        "value": st_inner.get("p95_deg"), "unit": "deg (95th percentile of |lupex - GRASS|)",
        "target": target_d, "peer": peer, "peer_value": None,
        "inner_cells_150km_margin": st_inner, "whole_grid": st_all,
        "grid_axis_azimuths_0_90_180_270": st_axis, "oblique_azimuths": st_diag,
        "where_near_field_irrelevant": dict(st_far, fraction_of_cell_azimuths=round(
            float(far[inner].mean()), 3)),
        "where_set_by_terrain_beyond_2_cells_in_both": dict(
            st_far2, fraction_of_cell_azimuths=round(float(far2[inner].mean()), 3),
            oblique_azimuths=st_far2_obl),
        "lupex_lines_per_cell_1_vs_grass_inner": st_q1,
        "smoothed_dem": smooth,
        "brute_force_sample": {"cells": len(cells), "lupex_minus_brute": st_lb,
                               "grass_minus_brute": st_gb,
                               "reference": "lupex.site.horizon.ray_horizon, bilinear surface "
                                            "every 20 m from 10 m to the grid edge, exact sphere"},
        "sampling_rule_check": _sampling_rule_check(terrain),
        "explanation": "The tail is near-field sampling: wherever the horizon is set by the "
                       "first samples (downslope and cross-slope directions, and everywhere on "
                       "this resampled grid, rough at the cell scale) GRASS takes whole adjacent "
                       "cells along a stepped ray (up to 45° off the ray; +1.9° on a 5.7° plane, "
                       "tests/site/test_grass_peer.py), lupex interpolates where the ray crosses "
                       "grid lines. Along grid axes the two samplings coincide (difference 0); "
                       "where the horizon is set by terrain beyond 2 cells in both they agree to "
                       "~0.01° median, and on the smoothed grid to < 0.1° at the 99th percentile. "
                       "Curvature is lunar in both (GRASS via the documented scaling); GRASS's "
                       "0.5° search cut-off (TANMINANGLE) misses low horizons of observers near "
                       "the grid's highest point. sampling_rule_check: r.horizon's rule "
                       "re-expressed (nearest cell per ray step) reproduces r.horizon to 0.000° "
                       "at the 99th percentile and sits as far from the bilinear brute force as "
                       "r.horizon does, while lupex is within ~0.2° (p95) of it: the difference "
                       "to GRASS is GRASS's sampling, and a < 0.1° agreement would need lupex to "
                       "adopt it.",
    }
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, default=str))
