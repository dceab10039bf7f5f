"""Brute-force horizon ray-marches with exact spherical geometry: the reference the sweep of
:func:`lupex.site.horizon.horizon_map` is tested against, and the engine of
:func:`lupex.site.horizon.site_horizon`.

- :func:`ray_horizon` -- one ray per azimuth from any point, sampling the bilinear surface every
  ``step_m``; terrain and observer are placed in 3-D on the sphere of radius 1,737.4 km
  (:data:`lupex.constants.MOON_RADIUS_M`) and the elevation is the angle above the plane normal
  to the observer's radius (exact, no parabolic drop).
- :func:`ray_horizon_crossings` -- the sweep's own terrain model (samples where the ray crosses
  grid lines, linear between them) along a ray exactly through a cell centre, every sample
  tested: the brute-force reference of the sweep's algorithm.

GRID azimuths (clockwise from grid +y); -90 where nothing was sampled.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from lupex.constants import MOON_RADIUS_M
from lupex.site.terrain import Terrain

#: Elevation (deg) returned where no terrain lies ahead within the grid.
NO_TERRAIN_DEG = -90.0


@njit(cache=True)
def _bilinear(H, i, j):
    ny, nx = H.shape
    if i < 0.0 or j < 0.0 or i > ny - 1 or j > nx - 1:
        return np.nan
    i0 = min(int(i), ny - 2)
    j0 = min(int(j), nx - 2)
    fi = i - i0
    fj = j - j0
    return ((1 - fi) * ((1 - fj) * H[i0, j0] + fj * H[i0, j0 + 1])
            + fi * ((1 - fj) * H[i0 + 1, j0] + fj * H[i0 + 1, j0 + 1]))


@njit(cache=True)
def _xyz(x, y, z, radius_m, pole):
    rho = math.hypot(x, y)
    colat = 2.0 * math.atan(0.5 * rho / radius_m)  # angle from the pole
    if pole < 0:
        lat = -0.5 * math.pi + colat
        lon = math.atan2(x, y)
    else:
        lat = 0.5 * math.pi - colat
        lon = math.atan2(x, -y)
    r = radius_m + z
    return r * math.cos(lat) * math.cos(lon), r * math.cos(lat) * math.sin(lon), r * math.sin(lat)


@njit(cache=True)
def _ray_kernel(H, x0, y0, cell_m, xo, yo, zo, az_grid_rad, d_min, d_max, step, radius_m, pole,
                out, excl):
    ox, oy, oz = _xyz(xo, yo, zo, radius_m, pole)
    on = math.sqrt(ox * ox + oy * oy + oz * oz)
    ux, uy, uz = ox / on, oy / on, oz / on
    for k in range(az_grid_rad.shape[0]):
        sa = math.sin(az_grid_rad[k])
        ca = math.cos(az_grid_rad[k])
        best = out[k]
        d = d_min
        while d <= d_max + 1e-9:
            x = xo + d * sa
            y = yo + d * ca
            z = _bilinear(H, (y0 - y) / cell_m, (x - x0) / cell_m)
            if math.isnan(z):
                if (y0 - y) / cell_m < 0 or (x - x0) / cell_m < 0 or (y0 - y) / cell_m > H.shape[0] - 1 \
                        or (x - x0) / cell_m > H.shape[1] - 1:
                    break
            elif d >= excl[int(round((y0 - y) / cell_m)), int(round((x - x0) / cell_m))]:
                # (excl: per-cell exclusion distance -- k x native pixel of the product there)
                px, py, pz = _xyz(x, y, z, radius_m, pole)
                vx, vy, vz = px - ox, py - oy, pz - oz
                el = math.degrees(math.asin((vx * ux + vy * uy + vz * uz)
                                            / math.sqrt(vx * vx + vy * vy + vz * vz)))
                if el > best:
                    best = el
            d += step
        out[k] = best


@njit(cache=True)
def _ray_crossings_kernel(H, x0, y0, cell_m, io, jo, zo, az_grid_rad, d_min, radius_m, pole, out):
    """Ray from cell (io, jo) sampled where it crosses grid lines of the major axis (exact sphere)."""
    ny, nx = H.shape
    xo = x0 + jo * cell_m
    yo = y0 - io * cell_m
    ox, oy, oz = _xyz(xo, yo, zo, radius_m, pole)
    on = math.sqrt(ox * ox + oy * oy + oz * oz)
    ux, uy, uz = ox / on, oy / on, oz / on
    for k in range(az_grid_rad.shape[0]):
        dj = math.sin(az_grid_rad[k])
        di = -math.cos(az_grid_rad[k])
        if abs(di) > abs(dj):
            step_i = 1.0 if di > 0 else -1.0
            step_j = dj / abs(di)
        else:
            step_j = 1.0 if dj > 0 else -1.0
            step_i = di / abs(dj)
        step_len = cell_m * math.sqrt(step_i * step_i + step_j * step_j)
        best = out[k]
        m0 = max(1, int(math.floor(d_min / step_len)))
        zprev = np.nan
        m = m0
        while True:
            ii = io + m * step_i
            jj = jo + m * step_j
            if ii < -1e-9 or jj < -1e-9 or ii > ny - 1 + 1e-9 or jj > nx - 1 + 1e-9:
                break
            z = _bilinear(H, min(max(ii, 0.0), ny - 1.0), min(max(jj, 0.0), nx - 1.0))
            s = m * step_len
            if s >= d_min - 1e-9:
                cand_s = s
                cand_z = z
                if not math.isnan(zprev) and (m - 1) * step_len < d_min and d_min > 0:
                    # the cut-off point, linear between the two crossings
                    g = (d_min - (m - 1) * step_len) / step_len
                    zc = zprev + g * (z - zprev)
                    for (sv, zv) in ((d_min, zc), (cand_s, cand_z)):
                        if not math.isnan(zv):
                            f = sv / s
                            px, py, pz = _xyz(xo + (jj - jo) * f * cell_m, yo - (ii - io) * f * cell_m,
                                              zv, radius_m, pole)
                            vx, vy, vz = px - ox, py - oy, pz - oz
                            el = math.degrees(math.asin((vx * ux + vy * uy + vz * uz)
                                                        / math.sqrt(vx * vx + vy * vy + vz * vz)))
                            if el > best:
                                best = el
                elif not math.isnan(z):
                    px, py, pz = _xyz(x0 + jj * cell_m, y0 - ii * cell_m, z, radius_m, pole)
                    vx, vy, vz = px - ox, py - oy, pz - oz
                    el = math.degrees(math.asin((vx * ux + vy * uy + vz * uz)
                                                / math.sqrt(vx * vx + vy * vy + vz * vz)))
                    if el > best:
                        best = el
            zprev = z
            m += 1
        out[k] = best


def ray_horizon_crossings(terrain: Terrain, i: int, j: int, height_m: float,
                          grid_az_deg: np.ndarray, near_field_m: float = 0.0) -> np.ndarray:
    """Brute-force horizon of cell (i, j): one ray per azimuth, exact sphere geometry.

    The terrain model is the one :func:`horizon_map` uses -- samples where the ray crosses the
    grid lines of its major axis, linear along those lines, linear between crossings -- but the
    ray passes exactly through the cell centre and every sample is tested (no hull, no shared
    lines, no parabolic curvature). This is the brute-force reference of the sweep's algorithm.
    """
    H = np.ascontiguousarray(terrain.heights_m, dtype=np.float64)
    z0 = float(H[int(i), int(j)]) + float(height_m)
    out = np.full(np.size(grid_az_deg), NO_TERRAIN_DEG)
    _ray_crossings_kernel(H, terrain.x0_m, terrain.y0_m, terrain.cell_m, float(i), float(j), z0,
                          np.radians(np.atleast_1d(grid_az_deg)).astype(float), float(near_field_m),
                          MOON_RADIUS_M, int(terrain.pole), out)
    return out


def ray_horizon(terrain: Terrain, i: float, j: float, height_m: float, grid_az_deg: np.ndarray,
                d_min_m: float, d_max_m: float, step_m: float,
                z_obs_m: float | None = None, k_near: float = 0.0) -> np.ndarray:
    """Brute-force horizon at fractional cell (i, j) along GRID azimuths (deg), exact sphere.

    Samples the bilinear surface every ``step_m`` from ``d_min_m`` to ``d_max_m`` (grid distance)
    or the grid edge. ``z_obs_m``: ground height of the observer (default: bilinear at (i, j)).
    ``k_near``: also skip samples closer than k_near x (native pixel of the product supplying
    that cell) -- the near-field policy applied per distance band when products are combined.
    Returns elevation angles (deg); -90 where nothing was sampled.
    """
    H = np.ascontiguousarray(terrain.heights_m, dtype=np.float64)
    xo, yo = terrain.xy(i, j)
    if z_obs_m is None:
        z_obs_m = float(_bilinear(H, float(i), float(j)))
    out = np.full(np.size(grid_az_deg), NO_TERRAIN_DEG)
    _ray_kernel(H, terrain.x0_m, terrain.y0_m, terrain.cell_m, float(xo), float(yo),
                float(z_obs_m) + float(height_m), np.radians(np.atleast_1d(grid_az_deg)).astype(float),
                float(max(d_min_m, step_m)), float(d_max_m), float(step_m), MOON_RADIUS_M,
                int(terrain.pole), out, _exclusion_grid(terrain, k_near))
    return out


def _exclusion_grid(terrain: Terrain, k_near: float) -> np.ndarray:
    px = np.asarray(terrain.product_pixel_m, dtype=float)
    src = np.asarray(terrain.source_index)
    if k_near <= 0 or px.size == 0:
        return np.zeros(terrain.shape)
    return np.where(src >= 0, k_near * px[np.clip(src, 0, px.size - 1)], 0.0)


__all__ = ["NO_TERRAIN_DEG", "ray_horizon", "ray_horizon_crossings"]
