"""Run GRASS GIS ``r.horizon`` on a lupex terrain grid, in a throw-away GRASS location.

Used by ``benchmarks/bench_grass.py`` (the issue-5 peer benchmark) and
``tests/site/test_grass_peer.py``. Nothing here is part of the lupex package.

What r.horizon does (GRASS 8.2, ``raster/r.horizon/main.c``; pinned by the tests):

* **Azimuths.** The output angle of map ``<base>_<aaa>`` is counter-clockwise from east
  (``-c`` switches to compass). In a projected location "east" is *geographic* east at each
  cell: r.horizon steps 1e-4 rad in latitude/longitude, projects back and marches along that
  direction. On a south-polar-stereographic grid that is grid east rotated by the cell's
  longitude, so one r.horizon map covers a different grid azimuth in every cell (that is why two
  blocks due grid north and due grid east come back at odd angles). A location without a
  projection (XY) is refused ("Can't get projection info of current location").
  To compare in GRID azimuths on the SAME grid we label the grid, for GRASS only, with a Moon-
  sphere Mercator CRS centred on the equator: Mercator is conformal with zero meridian
  convergence, so geographic east is grid east in every cell and the r.horizon angle is CCW from
  grid east, i.e. lupex grid azimuth (clockwise from grid +y) = 90° - r.horizon angle.
  r.horizon measures distances in map units (Euclidean in the plane), so the CRS label changes
  nothing else: same heights, same cells, same spacing.
* **Curvature.** r.horizon lowers a target at distance L by L^2 / (2 R) with R = 6,371 km
  (``#define EARTHRADIUS 6371000.``, no option). For the Moon (R = 1,737.4 km) we scale the
  problem so that GRASS's own formula yields the lunar one: heights x a and horizontal lengths x b
  with b^2 / a = R_earth / R_moon make GRASS compute tan' = (a / b) tan(true lunar angle) exactly
  (same parabolic drop as lupex). We take b = 4, a = b^2 R_moon / R_earth = 4.363 (so the
  Mercator plane stays well inside its +-pi R_moon domain) and convert back
  with tan = tan' b / a. ``moon_curvature=False`` exports the plain grid (Earth curvature).
* **Search cut-off.** r.horizon stops a ray at (z_max - z_obs) / tan(0.5°) (``TANMINANGLE``)
  or at ``maxdistance``; with the scaling the 0.5° becomes atan(tan(0.5°) b / a) = 0.46° in
  lunar terms. Horizons lower than that, set by terrain beyond the cut-off, are missed by design.
* **Sampling.** Nearest-neighbour cell heights along a ray stepped ``distance`` x cell size,
  starting at the first cell other than the observer's (no near-field exclusion); the distance
  used is the one to the sampled cell's centre. Indices are rounded by a C cast of position +
  0.5 (truncation toward zero past the west/south edges). :func:`nearest_cell_reference`
  re-expresses this rule and reproduces r.horizon to 0.000° at the 99th percentile on real
  terrain (tests/site/test_grass_peer.py), which shows the lupex-GRASS difference is this rule.
* **Observer height.** GRASS 8.2's r.horizon has no observer-height option: comparisons are at
  0 m above the ground (lupex ``height_m=0``).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

R_MOON_M = 1_737_400.0  # lupex.site.pds.MOON_RADIUS_M (IAU/LOLA reference sphere)
R_EARTH_GRASS_M = 6_371_000.0  # r.horizon main.c: #define EARTHRADIUS 6371000.
TANMINANGLE = 0.008727  # r.horizon main.c: tan of the 0.5° search cut-off
INSTALL_HINT = "peer not installed: apt-get install grass-core"

# b = horizontal scale, a = vertical scale; b^2 / a = R_earth / R_moon
MOON_B = 4.0
MOON_A = MOON_B**2 * R_MOON_M / R_EARTH_GRASS_M

MOON_MERCATOR = "+proj=merc +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m +no_defs"
MOON_SOUTH_POLAR = "+proj=stere +lat_0=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m +no_defs"

_WRAPPER = r'''
import json, os, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[2:])
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t0
json.dump({"wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
           "maxrss_kb": ru.ru_maxrss, "status": status}, open(sys.argv[1], "w"))
sys.exit(1 if status else 0)
'''

_SCRIPT = r'''#!/bin/bash
set -e
r.in.gdal -o input="$DEM_TIF" output=dem --quiet --overwrite
g.region raster=dem
"$PYEXE" "$WORK/wrapper.py" "$WORK/timing.json" r.horizon $HFLAGS elevation=dem output=hor \
    start=$START step=$STEP end=$END maxdistance=$MAXD distance=$DISTC --quiet --overwrite
for m in $(g.list type=raster pattern='hor_*'); do
    r.out.bin -f input=$m output="$WORK/out/$m.bin" null=-9999 bytes=4 order=native --quiet
done
'''


def grass_executable() -> str | None:
    """Path of the ``grass`` launcher, or None when GRASS GIS is not installed."""
    return shutil.which("grass")


def grass_version() -> str | None:
    exe = grass_executable()
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    for line in (out.stdout + "\n" + out.stderr).splitlines():  # 8.2 prints it on stderr
        if line.startswith("GRASS GIS"):
            return line.strip()
    return "GRASS GIS (version not reported)" if out.returncode == 0 else None


@dataclass
class GrassHorizon:
    """Result of one r.horizon run.

    horizons_deg: (n_az, ny, nx) float64, elevation angles in degrees of the LUNAR problem (after
        undoing the curvature scaling), -90 where the first step leaves the grid, NaN for no data.
    grass_az_deg: the r.horizon angles (CCW from grid east with the Mercator label).
    grid_az_deg: the same directions as lupex grid azimuths (clockwise from grid +y), or None
        when the polar-stereographic label was used (azimuths are then geographic, per cell).
    timing: r.horizon alone: wall_s, user_s, sys_s, maxrss_kb (os.wait4 of the child).
    total_wall_s: the whole GRASS session (start-up, import, r.horizon, export).
    """

    horizons_deg: np.ndarray
    grass_az_deg: np.ndarray
    grid_az_deg: np.ndarray | None
    timing: dict
    total_wall_s: float
    options: dict = field(default_factory=dict)


def write_geotiff(path: Path, heights: np.ndarray, cell_m: float, crs: str,
                  x_centre_m: float = 0.0, y_centre_m: float = 0.0) -> None:
    """Write ``heights`` (row 0 = top) as a Float32 GeoTIFF with square cells of ``cell_m``."""
    import rasterio
    from affine import Affine

    ny, nx = heights.shape
    west = x_centre_m - nx * cell_m / 2.0
    north = y_centre_m + ny * cell_m / 2.0
    data = np.where(np.isfinite(heights), heights, -1e30).astype(np.float32)
    with rasterio.open(path, "w", driver="GTiff", height=ny, width=nx, count=1, dtype="float32",
                       crs=crs, transform=Affine.translation(west, north) @ Affine.scale(cell_m, -cell_m),
                       nodata=-1e30) as dst:
        dst.write(data, 1)


def run_r_horizon(heights_m: np.ndarray, cell_m: float, start_deg: float = 0.0,
                  step_deg: float = 30.0, n_az: int = 12, maxdistance_m: float | None = None,
                  distance_coeff: float = 1.0, moon_curvature: bool = True,
                  label: str = "mercator", polar_centre_xy_m: tuple[float, float] = (0.0, 0.0),
                  workdir: str | Path | None = None, keep: bool = False,
                  timeout_s: float = 3600.0) -> GrassHorizon:
    """Horizon maps of ``heights_m`` by GRASS r.horizon (degrees output, CCW azimuths).

    heights_m: (ny, nx) heights (m), row 0 at the top, square cells of ``cell_m`` metres.
    start_deg, step_deg, n_az: r.horizon angles start + k*step (CCW from east), k < n_az.
    maxdistance_m: r.horizon ``maxdistance`` in real metres (None: the grid diagonal, i.e. the
        whole grid, like lupex.site.horizon.horizon_map).
    distance_coeff: r.horizon ``distance`` (ray step in cells, 0.5-1.5; default 1.0).
    moon_curvature: scale the grid so r.horizon's Earth-curvature term becomes the Moon's.
    label: "mercator" (grid azimuths, see the module docstring) or "polar" (the true south-polar
        stereographic CRS, centre of the grid at ``polar_centre_xy_m``; azimuths geographic).
    """
    exe = grass_executable()
    if exe is None:
        raise FileNotFoundError(INSTALL_HINT)
    H = np.asarray(heights_m, dtype=np.float64)
    ny, nx = H.shape
    a, b = (MOON_A, MOON_B) if moon_curvature else (1.0, 1.0)
    if maxdistance_m is None:
        maxdistance_m = math.hypot(nx, ny) * cell_m * 1.01
    tmp = Path(tempfile.mkdtemp(prefix="lupex_grass_", dir=workdir))
    try:
        (tmp / "out").mkdir()
        tif = tmp / "dem.tif"
        if label == "mercator":
            write_geotiff(tif, H * a, cell_m * b, MOON_MERCATOR)
        elif label == "polar":
            if moon_curvature:
                raise ValueError("the polar label keeps real coordinates: use moon_curvature=False")
            write_geotiff(tif, H, cell_m, MOON_SOUTH_POLAR, *polar_centre_xy_m)
        else:
            raise ValueError(f"label must be 'mercator' or 'polar', not {label!r}")
        (tmp / "wrapper.py").write_text(_WRAPPER)
        script = tmp / "job.sh"
        script.write_text(_SCRIPT)
        script.chmod(0o755)
        end = start_deg + step_deg * n_az
        if end > 360.0 + 1e-9:
            raise ValueError("start + step * n_az must not exceed 360° (r.horizon's end)")
        env = dict(os.environ, DEM_TIF=str(tif), WORK=str(tmp), PYEXE=sys.executable,
                   HFLAGS="-d", START=f"{start_deg:g}", STEP=f"{step_deg:g}",
                   END=repr(min(360.0, start_deg + step_deg * (n_az + 0.5))),
                   MAXD=f"{maxdistance_m * b:.3f}", DISTC=f"{distance_coeff:g}")
        t0 = time.perf_counter()
        proc = subprocess.run([exe, "--tmp-location", str(tif), "--exec", str(script)],
                              capture_output=True, text=True, env=env, timeout=timeout_s,
                              cwd=tmp)
        total = time.perf_counter() - t0
        if proc.returncode != 0 or not (tmp / "timing.json").exists():
            raise RuntimeError(f"GRASS r.horizon failed (exit {proc.returncode}):\n"
                               f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        timing = json.loads((tmp / "timing.json").read_text())
        files = sorted((tmp / "out").glob("hor_*.bin"))
        angles = np.array([float(f.stem.split("_", 1)[1]) for f in files])
        order = np.argsort(angles)
        out = np.empty((len(files), ny, nx))
        for k, idx in enumerate(order):
            raw = np.fromfile(files[idx], dtype=np.float32)
            if raw.size != ny * nx:
                raise RuntimeError(f"{files[idx].name}: {raw.size} values, expected {ny * nx}")
            v = raw.reshape(ny, nx).astype(np.float64)
            bad = v == -9999.0
            t = np.tan(np.radians(v)) * (b / a)
            v = np.degrees(np.arctan(t))
            v[raw.reshape(ny, nx) <= -89.9999] = -90.0
            v[bad] = np.nan
            out[k] = v
        gaz = angles[order]
        grid_az = (90.0 - gaz) % 360.0 if label == "mercator" else None
        opts = {"start": start_deg, "step": step_deg, "n_az": int(len(files)),
                "maxdistance_m": maxdistance_m, "distance": distance_coeff,
                "moon_curvature_scaling": {"horizontal_b": b, "vertical_a": a} if moon_curvature
                else None, "label": label, "flags": "-d"}
        return GrassHorizon(out, gaz, grid_az, timing, total, opts)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def grid_az_to_grass(grid_az_deg):
    """lupex grid azimuth (clockwise from grid +y) -> r.horizon angle (CCW from grid east)."""
    return (90.0 - np.asarray(grid_az_deg)) % 360.0


def nearest_cell_reference(heights_m: np.ndarray, cell_m: float, cells, grid_az_deg,
                           radius_m: float = R_MOON_M, tan_min: float = TANMINANGLE * MOON_B / MOON_A,
                           distance_coeff: float = 1.0) -> np.ndarray:
    """r.horizon's SAMPLING rule, re-expressed here to explain the GRASS-lupex difference (not a
    copy of its code; written from its documented behaviour, see the module docstring).

    For each observer cell (i, j) (row 0 at the top) and grid azimuth (clockwise from grid +y):
    step ``distance_coeff`` cells along the ray from the observer's centre, take the height of
    the NEAREST cell to each point (r.horizon's index rounding), its distance to that cell's centre, the
    lunar drop L^2 / (2 R), and keep the steepest tangent; stop when the sight line passes the
    grid's highest point or beyond (z_max - z_obs) / ``tan_min`` (r.horizon's 0.5° cut-off in
    its scaled coordinates: tan(0.5°) b / a in lunar terms). Observer at 0 m. Returns degrees
    (n_cells, n_az); -90 where no sample exists. r.horizon's 100-cell block skipping (an
    exact shortcut for non-negative horizons) is not reproduced.
    """
    H = np.asarray(heights_m, dtype=np.float64)
    ny, nx = H.shape
    zmax = float(np.nanmax(H))
    az = np.radians(np.asarray(grid_az_deg, dtype=float))
    n_steps = int(math.ceil(math.hypot(ny, nx) / distance_coeff)) + 1
    s = np.arange(1, n_steps + 1) * distance_coeff
    out = np.full((len(cells), len(az)), -90.0)
    for n, (i, j) in enumerate(cells):
        z0 = H[i, j]
        max_len_cells = (zmax - z0) / tan_min / cell_m
        for k, a in enumerate(az):
            # r.horizon indexes columns from the west and rows from the SOUTH, and rounds by
            # a C cast of (position + 0.5): truncation toward zero, so positions down to -1.5
            # cells past the west/south edges still read the edge cell
            col = np.trunc(j + s * math.sin(a) + 0.5).astype(np.int64)
            row_s = np.trunc((ny - 1 - i) + s * math.cos(a) + 0.5).astype(np.int64)
            inside = (col >= 0) & (col < nx) & (row_s >= 0) & (row_s < ny)
            row = ny - 1 - row_s
            if not inside.all():
                stop = int(np.argmin(inside))
                col, row = col[:stop], row[:stop]
            if col.size == 0:
                continue
            L = np.hypot(col - j, row - i) * cell_m
            ok = L > 0
            t = (H[row[ok], col[ok]] - z0 - L[ok] ** 2 / (2 * radius_m)) / L[ok]
            Lk = L[ok]
            if Lk.size == 0:
                continue
            # the running maximum decides where r.horizon stops: the sight line at the running
            # best tangent reaches z_max, or the cut-off length
            best = np.maximum.accumulate(t)
            before = np.concatenate(([-np.inf], best[:-1]))  # r.horizon tests the line it had
            with np.errstate(invalid="ignore"):
                line = z0 + Lk ** 2 / (2 * radius_m) + Lk * before
            stop_at = np.nonzero((line >= zmax) | (Lk >= max_len_cells * cell_m))[0]
            last = stop_at[0] + 1 if stop_at.size else t.size
            out[n, k] = math.degrees(math.atan(best[last - 1]))
    return out
