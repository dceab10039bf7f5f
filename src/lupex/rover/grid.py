"""The rover's local terrain grid: heights on a polar-stereographic plane, slopes, hillshade.

A :class:`LocalGrid` is a plain height array (m) with its cell size (m) and the polar-stereographic
coordinates (m) of its first cell, so the planner works without knowing where the heights came
from. Convention: ``heights[i, j]`` at x = x0 + j·cell_m, y = y0 + i·cell_m (row i along +y).
The projection is the south-polar stereographic plane of the 1,737.4 km sphere (true scale at the
pole), the plane lupex uses for all polar terrain (see ``docs/terrain.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lupex.errors import InputError

MOON_RADIUS_M = 1_737_400.0  # LOLA reference sphere (LDEM labels)
PS_SOUTH_PROJ4 = ("+proj=stere +lat_0=-90 +lon_0=0 +k=1 +x_0=0 +y_0=0 +R=1737400 +units=m "
                  "+no_defs")


@dataclass(frozen=True)
class LocalGrid:
    """Heights (m, relative to the 1,737.4 km sphere) on a regular polar-stereographic grid.

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


def slope_deg(heights: np.ndarray, cell_m: float) -> np.ndarray:
    """Surface slope in degrees from a height grid: atan(|∇z|) with numpy central differences
    (second-order inside, first-order at the edges)."""
    gy, gx = np.gradient(np.asarray(heights, dtype=float), cell_m)
    return np.degrees(np.arctan(np.hypot(gx, gy)))


def hillshade(heights: np.ndarray, cell_m: float, azimuth_deg: float = 315.0,
              altitude_deg: float = 35.0) -> np.ndarray:
    """Lambertian hillshade in 0..1 for plots; azimuth clockwise from grid +y (Horn-like)."""
    gy, gx = np.gradient(np.asarray(heights, dtype=float), cell_m)
    az = np.radians(azimuth_deg)
    alt = np.radians(altitude_deg)
    lx, ly, lz = np.sin(az) * np.cos(alt), np.cos(az) * np.cos(alt), np.sin(alt)
    norm = np.sqrt(gx * gx + gy * gy + 1.0)
    return np.clip((-gx * lx - gy * ly + lz) / norm, 0.0, 1.0)


def ps_transformer(inverse: bool = False):
    """pyproj transformer selenographic (lon, lat deg) -> south polar stereographic (x, y m)."""
    import pyproj

    geo = pyproj.CRS.from_proj4("+proj=longlat +R=1737400 +no_defs")
    ps = pyproj.CRS.from_proj4(PS_SOUTH_PROJ4)
    if inverse:
        return pyproj.Transformer.from_crs(ps, geo, always_xy=True)
    return pyproj.Transformer.from_crs(geo, ps, always_xy=True)


def grid_azimuth_offset_deg(lat_deg: float, lon_deg: float) -> float:
    """Angle (deg) to add to a true azimuth (clockwise from local north) to get the azimuth
    clockwise from grid +y at a point, from the projection's local Jacobian (pyproj).

    For the south-polar stereographic plane this equals the east longitude (grid +y is the 0°E
    meridian direction away from the pole), which the tests check.
    """
    t = ps_transformer()
    d = 1e-4  # degrees
    x0, y0 = t.transform(lon_deg, lat_deg)
    xn, yn = t.transform(lon_deg, lat_deg + d)  # toward local north
    return float(np.degrees(np.arctan2(xn - x0, yn - y0)))
