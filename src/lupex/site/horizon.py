"""Horizon elevation angles on a polar-stereographic terrain grid.

Two computations:

- :func:`horizon_map` -- the horizon of every cell of a grid at N grid azimuths (default 360), by a
  sweep per azimuth (numba, azimuths in parallel with ``prange``). Along each of the parallel
  lines of one azimuth the terrain is sampled where the line crosses grid columns (or rows),
  linearly between the two cells of that column; an upper convex hull of the samples ahead of the
  observer (transformed for curvature, below) gives each observer's horizon as the tangent from
  the observer to the hull (found by walking from the previous observer's tangent vertex), so a
  line of n samples costs about O(n) instead of O(n^2). Each cell takes the horizons of
  the points where the two lines bracketing it cross its column (observer on the line, at the
  line's interpolated ground height), weighted by distance; ``lines_per_cell`` sets the line
  spacing (by default from the near-field distance, :func:`auto_lines_per_cell`). The near-field
  cut-off point rides on the hull as its nearest vertex, so each step costs two hull pushes and
  one tangent walk. Cost: O(N_az x N_cells x lines_per_cell); measured on 2 cores for
  1001 x 1001 cells x 360 azimuths (benchmarks/bench_site.py): ~9 s at 1 line per cell, ~22 s
  at 4; ns per cell and azimuth beside the limit estimate in benchmarks/bench_scale.py. The
  kernel is in :mod:`lupex.site._sweep` (per azimuth) and :mod:`lupex.site._hull` (hulls, the
  finite-reach line sweep).
- Finite reach (used by :func:`lupex.site.illumination.illumination_statistics` with ``reach_m``
  and the tiles of :mod:`lupex.site.tiles`): each observer sees only the samples within the reach
  along its line, a window sliding along the line. The window is split at fixed blocks of its own
  length into a suffix of one block (a hull grown by pushing nearer samples) and a prefix of the
  next (a hull built once per block and shrunk by undoing its pushes from a log), so a line still
  costs O(n); the horizon is the steepest tangent to either hull or to the near-field cut-off
  point, so it depends only on the samples in the window. The lines are then anchored to the
  whole grid (a block of it, with a halo >= the reach, gives the same values).
- :func:`quantize_horizons` / :func:`dequantize_horizons` -- a kept horizon cube as int16 in
  0.01° steps (error <= 0.005°), half the memory of float32.
- :func:`site_horizon` -- one site, brute-force ray-march with fine steps and exact spherical
  geometry (3-D positions of observer and terrain on the 1,737.4 km sphere), over one terrain or
  several nested ones (finest near the site), by the ray-marches of :mod:`lupex.site.raymarch`
  (:func:`ray_horizon`, :func:`ray_horizon_crossings`), also the independent references the
  map kernel is tested against (tests/site/test_horizon.py).

Curvature: a target at distance d appears lower by d^2 / (2R) (R = 1,737.4 km). With
w(s) = z(s) - s^2/(2R) along a line, the tangent of the elevation angle from an observer at s0 is
(w(s) - w(s0)) / (s - s0) + s0 / R, so the maximum over targets is a planar convex-hull problem on
w (exact for the parabolic drop). Against exact spherical geometry the sweep's planar model
(grid distances, which the projection stretches by 0.2 % at 150 km from the pole; horizontal
distance not scaled by (R + z)/R) differs by < 0.02° (tests/site/test_horizon.py).
Near-field policy in maps: one exclusion distance for every cell (k x the native pixel of the
product under the site); :func:`site_horizon` applies it per product band.

Near-field policy: terrain closer than ``near_field_m`` to the observer is excluded (see
:class:`lupex.site.terrain.NearFieldPolicy`). Reach: everything on the grid beyond the near field;
callers make the grid reach >= 150 km beyond the cells they analyse.

Azimuth conventions (pinned by tests/site/test_horizon.py::test_azimuth_convention_grid and
::test_site_horizon_true_azimuth):
- :func:`horizon_map` uses GRID azimuths: clockwise from grid +y (from the south pole, +y points to
  longitude 0 and +x to 90°E), azimuth k at k * 360/N degrees. Convert with
  :func:`lupex.site.terrain.grid_to_true_azimuth` (true = grid - lon near the south pole).
- :func:`site_horizon` returns TRUE azimuths (clockwise from local north, east = 90°), like
  :func:`lupex.ephemeris.azimuth_elevation`.
Elevation angles are in degrees above the local horizontal plane (normal of the sphere at the
observer); "no terrain in that direction inside the grid" is -90.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.constants import MOON_RADIUS_M
from lupex.errors import InputError
from lupex.moon_geometry import grid_to_true_azimuth, true_to_grid_azimuth
from lupex.site._sweep import _horizon_block, _sweep_grids
from lupex.site.raymarch import (NO_TERRAIN_DEG, _exclusion_grid, ray_horizon,
                                 ray_horizon_crossings)
from lupex.site.terrain import Terrain
import lupex.display as _display
from lupex.units import accepts


def grid_azimuths(n_az: int = 360) -> np.ndarray:
    """The azimuths (deg) of :func:`horizon_map`: k * 360 / n_az, k = 0..n_az-1."""
    return np.arange(n_az) * (360.0 / n_az)


def auto_lines_per_cell(near_field_m: float, cell_m: float) -> int:
    """Default sweep lines per cell for :func:`horizon_map`: 1 when the near field spans
    >= 32 cells, 2 for >= 16 cells, else 4 (accuracy table in :func:`horizon_map`: the 99th
    percentile of the difference to a ray through the cell centre stays <= 0.03° for a near
    field of 4 cells or more, <= 0.05° from 2 cells; on the 1 km test tile with its 15-cell
    near field, 4 lines give 0.029°, 2 lines 0.060°, 1 line 0.14°)."""
    n = float(near_field_m) / float(cell_m)
    return 1 if n >= 32.0 else (2 if n >= 16.0 else 4)


@accepts()
def horizon_map(terrain: Terrain, height_m: float = 2.0, n_az: int = 360,
                near_field_m: float = 0.0, lines_per_cell: int | None = None,
                region: tuple[int, int, int, int] | None = None,
                n_threads: int | None = None) -> np.ndarray:
    """Horizon elevation angles (deg) of every cell of ``terrain`` at ``n_az`` GRID azimuths.

    Parameters
    ----------
    terrain : the grid (every cell is an observer; terrain beyond the grid is not seen).
    height_m : observer height above the ground, m (>= 0; 2 m and 10 m are the published cases).
    n_az : number of azimuths, evenly spaced from grid azimuth 0 (clockwise from grid +y).
    near_field_m : terrain closer than this along the ray is excluded (near-field policy), m.
    lines_per_cell : sweep lines per cell width (>= 1), or None (default) for
        :func:`auto_lines_per_cell` (4, 2 or 1 as the near field spans < 16, 16-32, >= 32 cells).
        Each cell takes the distance-weighted horizon of the two lines bracketing it (observers
        < 1/lines_per_cell cell off the cell centre, on the line at its interpolated ground
        height -- exact on a tilted plane). The error of that lateral interpolation falls with
        both the line density and the near-field distance (the nearest terrain seen). Measured
        against :func:`ray_horizon_crossings` (one ray through the cell centre, same terrain
        model), LDEM_4 at 400 m around the connecting ridge (grid of benchmarks/bench_site.py),
        80 random cells x 360 azimuths, |difference| 99th percentile / max, deg:

        ============  ==============  ==============  ==============
        near field    1 line/cell     2 lines/cell    4 lines/cell
        ============  ==============  ==============  ==============
        0-1 cell      0.29 / 1.37     0.16 / 0.67     0.079 / 0.50
        2 cells       0.21 / 1.14     0.10 / 0.67     0.047 / 0.50
        4 cells       0.13 / 0.83     0.058 / 0.42    0.027 / 0.24
        8 cells       0.075 / 0.30    0.033 / 0.18    0.017 / 0.10
        16 cells      0.049 / 0.30    0.021 / 0.10    0.012 / 0.04
        38 cells      0.023 / 0.16    0.011 / 0.07    0.006 / 0.03
        ============  ==============  ==============  ==============

        (medians 0.001-0.003°; the 38-cell row is the 2 x 7.58 km policy for LDEM_4 of the
        benchmark, 60 cells). Steep terrain just beyond the near field raises these (1 km test
        tile, 15-cell near field, Shackleton's inner wall: 1/2/4 lines give 0.14/0.060/0.029°). Cost grows about linearly with the lines
        (benchmarks/bench_site.py). Cells within the near-field distance of the grid edge can
        differ from the ray in whether any terrain is seen at all (the lines pass up to
        1/lines_per_cell cell off the centre; where a line has no sample the cell's own height
        is used and the near-field cut-off is off by < 1 cell); callers keep analysed cells
        well inside the grid.
    region : (i0, i1, j0, j1) -- compute only observers in rows i0..i1-1, columns j0..j1-1 (the
        whole grid still provides terrain); default the whole grid.
    n_threads : numba threads (default: numba's default, all cores).

    Returns float32 array (rows, cols, n_az) over the region (a view of an azimuth-major array;
    4 bytes per cell and azimuth: 1.44 GB for 1001 x 1001 x 360, most of the ~1.6 GB peak RSS);
    NaN where the cell has no data; -90 where no terrain lies ahead within the grid.
    """
    _check_height(height_m)
    if not (isinstance(n_az, (int, np.integer)) and 4 <= n_az <= 7200):
        raise InputError("number of azimuths (n_az)", n_az, "an integer between 4 and 7200")
    if not (np.isfinite(near_field_m) and near_field_m >= 0):
        raise InputError("near_field_m", near_field_m, "a distance of 0 m or more")
    if lines_per_cell is None:
        lines_per_cell = auto_lines_per_cell(near_field_m, terrain.cell_m)
    if not (isinstance(lines_per_cell, (int, np.integer)) and 1 <= lines_per_cell <= 64):
        raise InputError("lines_per_cell", lines_per_cell, "an integer from 1 to 64 (or None: automatic)")
    ny, nx = terrain.shape
    i0, i1, j0, j1 = region if region is not None else (0, ny, 0, nx)
    if not (0 <= i0 < i1 <= ny and 0 <= j0 < j1 <= nx):
        raise InputError("region (i0, i1, j0, j1)", region, f"a non-empty box inside the grid {ny} x {nx}")
    grids = _sweep_grids(terrain)
    out = _horizon_block(grids, float(terrain.cell_m), grid_azimuths(n_az), height_m,
                         near_field_m, int(lines_per_cell), (i0, i1, j0, j1), n_threads)
    # (n_az, rows, cols) in memory -- contiguous per azimuth for the sweep and for
    # illumination_map -- returned as a (rows, cols, n_az) view
    return np.moveaxis(out, 0, -1)


#: Quantum of :func:`quantize_horizons`, degrees (int16 steps).
HORIZON_QUANTUM_DEG = 0.01
#: int16 code of a cell without data in :func:`quantize_horizons`.
HORIZON_NODATA_I16 = -32768


def quantize_horizons(horizons: np.ndarray) -> np.ndarray:
    """Horizon angles (deg) stored as int16 in steps of 0.01° (half the memory of float32).

    Rounded to the nearest step, so the stored angle is within 0.005° of the input (horizons lie
    in [-90, 90], i.e. codes -9000..9000); NaN (no data) is stored as -32768. Inverse:
    :func:`dequantize_horizons`.
    """
    h = np.asarray(horizons)
    q = np.rint(np.nan_to_num(h, nan=0.0) / HORIZON_QUANTUM_DEG)
    q = np.clip(q, -9000, 9000).astype(np.int16)
    q[np.isnan(h)] = HORIZON_NODATA_I16
    return q


def dequantize_horizons(q: np.ndarray) -> np.ndarray:
    """float32 degrees from :func:`quantize_horizons` codes (NaN where no data)."""
    q = np.asarray(q)
    out = q.astype(np.float32) * np.float32(HORIZON_QUANTUM_DEG)
    out[q == HORIZON_NODATA_I16] = np.nan
    return out


def _check_height(height_m):
    if not (np.isfinite(height_m) and height_m >= 0):
        raise InputError("observer height above ground (height_m)", height_m,
                         "a height of 0 m or more")


@_display.result(headline=("lat_deg", "lon_deg", "height_m"), table=("azimuth_deg", ("elevation_deg",)))
@dataclass(frozen=True)
class SiteHorizon:
    """The horizon of one site.

    azimuth_deg: TRUE azimuths, clockwise from local north (0..360, evenly spaced).
    elevation_deg: horizon elevation angle at each azimuth, deg above the local horizontal.
    lat_deg, lon_deg, ground_m, height_m: the site, its terrain height and the observer height.
    near_field_m: excluded near field; reach_m: farthest terrain considered.
    terrain: JSON-ready description (products, grid cells, distance bands, policy).
    """

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    lat_deg: float
    lon_deg: float
    ground_m: float
    height_m: float
    near_field_m: float
    reach_m: float
    terrain: dict

    def at(self, true_az_deg) -> np.ndarray:
        """Horizon elevation (deg) at any true azimuth, linear between samples (periodic)."""
        az = np.asarray(true_az_deg, dtype=float) % 360.0
        a = np.concatenate([self.azimuth_deg, [360.0]])
        e = np.concatenate([self.elevation_deg, self.elevation_deg[:1]])
        return np.interp(az, a, e)


@accepts()
def site_horizon(terrains: Terrain | list[Terrain], lat_deg: float, lon_deg: float,
                 height_m: float = 2.0, n_az: int = 360, near_field_m: float | None = None,
                 policy=None, reach_m: float | None = None, step_fraction: float = 0.25,
                 ) -> SiteHorizon:
    """Horizon of one site by ray-marching nested terrains (finest first), exact sphere geometry.

    Parameters
    ----------
    terrains : a Terrain or a list ordered finest first; terrain k is used from where terrain k-1
        stops (its half-width less two cells) out to its own edge.
    lat_deg, lon_deg : site, degrees (east longitude).
    height_m : observer height above ground, m.
    n_az : number of TRUE azimuths (clockwise from north) from 0.
    near_field_m : explicit exclusion distance, m; default from ``policy``
        (:class:`~lupex.site.terrain.NearFieldPolicy`, k = 2) and the native pixel of the product
        under the site in the finest terrain.
    reach_m : farthest distance considered (default: the coarsest grid's edge).
    step_fraction : ray step as a fraction of each terrain's cell.
    """
    from lupex.site.terrain import NearFieldPolicy

    _check_height(height_m)
    ts = [terrains] if isinstance(terrains, Terrain) else list(terrains)
    if not ts:
        raise InputError("terrains", terrains, "at least one Terrain")
    if not ts[0].contains(lat_deg, lon_deg, margin_cells=1.0):
        raise InputError("site (lat_deg, lon_deg)", (lat_deg, lon_deg),
                         "a point inside the terrain grid (site off the DEM)")
    pol = policy or NearFieldPolicy()
    pixel = ts[0].pixel_of_source_at(lat_deg, lon_deg)
    if near_field_m is None:
        near_field_m = pol.exclusion_m(pixel)
        policy_text = pol.describe(pixel)
        if len(ts) > 1 or len(set(ts[0].product_pixel_m)) > 1:
            policy_text += ("; beyond it, terrain from a coarser product is used only farther "
                            f"than {pol.k:g} x its own pixel")
        k_band = float(pol.k)
    else:
        policy_text = f"terrain closer than {near_field_m:.0f} m excluded (explicit)"
        k_band = 0.0
    ground = float(ts[0].height_at(lat_deg, lon_deg))
    if not np.isfinite(ground):
        raise InputError("site (lat_deg, lon_deg)", (lat_deg, lon_deg), "a point with terrain data")
    true_az = np.arange(n_az) * (360.0 / n_az)
    grid_az = true_to_grid_azimuth(true_az, lon_deg, ts[0].pole)
    elev = np.full(n_az, NO_TERRAIN_DEG)
    d_start = float(near_field_m)
    bands = []
    for k, t in enumerate(ts):
        i, j = t.latlon_to_ij(lat_deg, lon_deg)
        ny, nx = t.shape
        edge = min(float(i), float(j), ny - 1 - float(i), nx - 1 - float(j)) * t.cell_m
        d_end = edge if k == len(ts) - 1 else edge - 2 * t.cell_m
        if reach_m is not None:
            d_end = min(d_end, reach_m)
        if d_end <= d_start:
            continue
        step = t.cell_m * step_fraction
        e = ray_horizon(t, float(i), float(j), height_m, grid_az, d_start, d_end, step,
                        z_obs_m=ground, k_near=k_band)
        elev = np.maximum(elev, e)
        bands.append({"product_grid_cell_m": t.cell_m, "from_km": d_start / 1e3, "to_km": d_end / 1e3,
                      "products": t.describe()["products"],
                      "product_ranges": _product_ranges(t, float(i), float(j), d_start, d_end,
                                                        k_band)})
        d_start = d_end
    desc = ts[-1].describe()
    used = _used_products_finest_first(ts)
    desc["files"] = [f for t in ts for f in t.describe()["files"]]
    desc["files"] = [f for k, f in enumerate(desc["files"])
                     if f["product"] not in {g["product"] for g in desc["files"][:k]}]
    desc.update({"near_field_policy": policy_text, "near_field_m": float(near_field_m),
                 "near_field_pixel_m": pixel, "distance_bands": bands,
                 "reach_km": d_start / 1e3, "curvature": f"exact sphere R = {MOON_RADIUS_M / 1e3:g} km",
                 "products": [n for n, _ in used], "product_pixel_m": [p for _, p in used]})
    return SiteHorizon(true_az, elev, float(lat_deg), float(lon_deg), ground, float(height_m),
                       float(near_field_m), d_start, desc)


def _used_products_finest_first(ts: list[Terrain]) -> list[tuple[str, float]]:
    """(name, native pixel m) of the products the terrains use, finest first."""
    px: dict[str, float] = {}
    for t in ts:
        d = t.describe()
        px.update(zip(d["products"], d["product_pixel_m"]))
    return sorted(px.items(), key=lambda kv: (kv[1], kv[0]))


def _product_ranges(t: Terrain, i: float, j: float, d_from_m: float, d_to_m: float,
                    k_near: float = 0.0) -> list[dict]:
    """Which product supplies the cells of ``t`` at grid distances d_from_m..d_to_m of (i, j)
    that the horizon uses (cells closer than ``k_near`` x their own product's pixel are excluded,
    as :func:`ray_horizon` does): one entry per product, finest first, with the nearest and
    farthest such cell (km) and the share of the band's used cells it supplies. Each cell comes from the finest product with data
    there (:func:`lupex.site.terrain.build_terrain`), so a finer product's range lies inside the
    coarser ones' where it covers the ground."""
    ny, nx = t.shape
    ii, jj = np.ogrid[:ny, :nx]
    d = np.hypot(ii - i, jj - j) * t.cell_m
    inside = (d >= d_from_m) & (d <= d_to_m)
    src = np.asarray(t.source_index)
    inside &= d >= _exclusion_grid(t, k_near)
    n = int(np.count_nonzero(inside & (src >= 0)))
    out = []
    for k in sorted(set(int(v) for v in np.unique(src[inside])) - {-1}):
        m = inside & (src == k)
        out.append({"product": t.products[k], "pixel_m": float(t.product_pixel_m[k]),
                    "from_km": round(float(d[m].min()) / 1e3, 3),
                    "to_km": round(float(d[m].max()) / 1e3, 3),
                    "cell_share": round(float(np.count_nonzero(m)) / max(n, 1), 6)})
    return out


def map_horizon_true(horizons: np.ndarray, terrain: Terrain, i: int, j: int,
                     true_az_deg) -> np.ndarray:
    """Horizon of map cell (i, j) at TRUE azimuths (deg), from a :func:`horizon_map` result."""
    n_az = horizons.shape[2]
    _, lon = terrain.ij_to_latlon(i, j)
    g = true_to_grid_azimuth(true_az_deg, lon, terrain.pole)
    a = np.concatenate([grid_azimuths(n_az), [360.0]])
    e = np.concatenate([horizons[i, j], horizons[i, j, :1]])
    return np.interp(np.asarray(g) % 360.0, a, e)


__all__ = ["HORIZON_NODATA_I16", "HORIZON_QUANTUM_DEG", "SiteHorizon", "auto_lines_per_cell",
           "dequantize_horizons", "grid_azimuths", "horizon_map", "map_horizon_true",
           "quantize_horizons", "ray_horizon",
           "ray_horizon_crossings",
           "site_horizon", "grid_to_true_azimuth", "true_to_grid_azimuth"]
