"""Slopes, aspect and safe-landing areas on a polar-stereographic terrain grid.

- :func:`slope_aspect` -- slope and aspect at grid scale (central differences, true distances:
  grid spacing divided by the projection scale factor k = 2 / (1 + |sin lat|), Snyder 1987).
- :func:`footprint_slope` -- slope of the least-squares plane over a lander footprint (a disk of
  the given diameter): the plane fit reduces to correlations with x / sum(x^2) and y / sum(y^2)
  over the disk.
- :func:`safe_area` -- cells whose footprint slope is at most the limit (Chandrayaan-3 landed with
  a 12° limit, ISRO 2023: the default of the scenario's ``landing.slope_limit_deg``).

Aspect is the TRUE azimuth (clockwise from north) of the downhill direction.
Slopes on a grid resampled from a coarser product are the product's slopes (smoothed): on LDEM_4
(7.6 km pixels) they say nothing about a 5 m lander footprint; the terrain block says which
product supplied each cell.
"""

from __future__ import annotations

import numpy as np

from lupex.errors import InputError
from lupex.moon_geometry import (
    ROWS_ALONG_MINUS_Y,
    downhill_grid_azimuth_deg,
    grid_gradient,
    grid_to_true_azimuth,
    slope_from_gradient_deg,
)
from lupex.site.terrain import Terrain


def slope_aspect(terrain: Terrain) -> tuple[np.ndarray, np.ndarray]:
    """(slope_deg, aspect_deg) per cell; aspect = true azimuth of steepest descent."""
    k = terrain.scale_factor()
    dz_dx, dz_dy = grid_gradient(terrain.heights_m, terrain.cell_m, ROWS_ALONG_MINUS_Y)
    gx, gy = dz_dx * k, dz_dy * k  # per true metre
    slope = slope_from_gradient_deg(gx, gy)
    grid_aspect = downhill_grid_azimuth_deg(gx, gy)  # clockwise from grid +y
    _, lon = terrain.cell_latlon()
    return slope, grid_to_true_azimuth(grid_aspect, lon, terrain.pole)


def footprint_slope(terrain: Terrain, diameter_m: float) -> np.ndarray:
    """Slope (deg) of the least-squares plane through the heights within a disk of ``diameter_m``.

    With fewer than 3 cells across the footprint the grid-scale slope is returned (the grid
    cannot resolve the footprint; say so where it is used).
    """
    from scipy.ndimage import correlate

    if not (np.isfinite(diameter_m) and diameter_m > 0):
        raise InputError("lander footprint diameter (m)", diameter_m, "a positive diameter in m")
    r_cells = diameter_m / 2.0 / terrain.cell_m
    if r_cells < 1.0:
        return slope_aspect(terrain)[0]
    n = int(np.floor(r_cells))
    yy, xx = np.mgrid[-n:n + 1, -n:n + 1].astype(float)
    disk = (xx * xx + yy * yy) <= r_cells * r_cells
    x_m = xx * terrain.cell_m * disk
    y_m = -yy * terrain.cell_m * disk  # +y up = row -1
    kx = x_m / np.sum(x_m * x_m)
    ky = y_m / np.sum(y_m * y_m)
    z = terrain.heights_m.astype(float)
    gx = correlate(z, kx, mode="nearest")
    gy = correlate(z, ky, mode="nearest")
    k = terrain.scale_factor()
    return np.degrees(np.arctan(np.hypot(gx, gy) * k))


def safe_area(slope_deg: np.ndarray, limit_deg: float = 12.0) -> np.ndarray:
    """Boolean mask of cells with slope <= ``limit_deg`` (default 12°, Chandrayaan-3's limit)."""
    if not (np.isfinite(limit_deg) and 0 < limit_deg < 90):
        raise InputError("slope limit (deg)", limit_deg, "an angle between 0 and 90 degrees")
    s = np.asarray(slope_deg)
    return np.isfinite(s) & (s <= limit_deg)


__all__ = ["footprint_slope", "safe_area", "slope_aspect"]
