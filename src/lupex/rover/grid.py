"""The rover's local terrain grid: heights on a polar-stereographic plane, slopes, hillshade.

A :class:`LocalGrid` is a plain height array (m) with its cell size (m) and the polar-stereographic
coordinates (m) of its first cell, so the planner works without knowing where the heights came
from. Convention: ``heights[i, j]`` at x = x0 + j·cell_m, y = y0 + i·cell_m (row i along +y).
The projection is the south-polar stereographic plane of the LOLA reference sphere (true scale at
the pole), the plane lupex uses for all polar terrain (:mod:`lupex.moon_geometry`, which also
holds the projection, azimuth and slope helpers re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lupex.errors import InputError
import lupex.display as _display
from lupex.moon_geometry import (  # noqa: F401 - re-exported public names
    MOON_RADIUS_M,
    PS_SOUTH_PROJ4,
    ROWS_ALONG_PLUS_Y,
    grid_azimuth_offset_deg,
    grid_gradient,
    ps_transformer,
    slope_deg,
)


@_display.result()
@dataclass(frozen=True)
class LocalGrid:
    """Heights (m, relative to the LOLA reference sphere) on a regular polar-stereographic grid
    (rows along +y: :data:`lupex.moon_geometry.ROWS_ALONG_PLUS_Y`).

    heights: (ny, nx) float64. cell_m: cell size (m). x0_m, y0_m: grid coordinates of cell
    (0, 0) centre. source: words naming the real product and any synthetic detail (and seed).
    detail_m: the synthetic small-scale component included in ``heights`` (zeros when none).
    """

    heights: np.ndarray
    cell_m: float
    x0_m: float = 0.0
    y0_m: float = 0.0
    source: str = "unnamed"
    detail_m: np.ndarray | None = field(default=None, compare=False)
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        h = np.asarray(self.heights, dtype=float)
        if h.ndim != 2 or min(h.shape) < 3:
            raise InputError("LocalGrid.heights", getattr(h, "shape", h),
                             "a 2-D array of at least 3 × 3 cells")
        if not np.all(np.isfinite(h)):
            raise InputError("LocalGrid.heights", "non-finite values", "finite heights in metres")
        if not (np.isfinite(self.cell_m) and self.cell_m > 0):
            raise InputError("LocalGrid.cell_m", self.cell_m, "a positive cell size in metres")
        object.__setattr__(self, "heights", h)

    @property
    def shape(self) -> tuple[int, int]:
        return self.heights.shape

    def xy(self, i, j):
        """Polar-stereographic coordinates (m) of cell centres."""
        return self.x0_m + np.asarray(j) * self.cell_m, self.y0_m + np.asarray(i) * self.cell_m

    def index(self, x_m, y_m) -> tuple[int, int]:
        """Nearest cell (i, j) of a point in grid coordinates; InputError if outside."""
        j = int(round((x_m - self.x0_m) / self.cell_m))
        i = int(round((y_m - self.y0_m) / self.cell_m))
        ny, nx = self.shape
        if not (0 <= i < ny and 0 <= j < nx):
            raise InputError("point (x_m, y_m)", (x_m, y_m), "a point inside the local grid")
        return i, j

    def slope_deg(self) -> np.ndarray:
        """Slope (degrees) of every cell: central differences (one-sided at the edges)."""
        return slope_deg(self.heights, self.cell_m)


def hillshade(heights: np.ndarray, cell_m: float, azimuth_deg: float = 315.0,
              altitude_deg: float = 35.0) -> np.ndarray:
    """Lambertian hillshade in 0..1 for plots; azimuth clockwise from grid +y (Horn-like)."""
    gx, gy = grid_gradient(heights, cell_m, ROWS_ALONG_PLUS_Y)
    az = np.radians(azimuth_deg)
    alt = np.radians(altitude_deg)
    lx, ly, lz = np.sin(az) * np.cos(alt), np.cos(az) * np.cos(alt), np.sin(alt)
    norm = np.sqrt(gx * gx + gy * gy + 1.0)
    return np.clip((-gx * lx - gy * ly + lz) / norm, 0.0, 1.0)
