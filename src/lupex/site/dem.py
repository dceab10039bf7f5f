"""An opened LOLA elevation grid (:class:`DemProduct`): its projection, pixel geometry and heights.

Grid and projection conventions (simple cylindrical and polar stereographic, as the LOLA GDR
labels define them) are described in :mod:`lupex.site.pds`, which opens products.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lupex.moon_geometry import MOON_RADIUS_M, latlon_to_ps, ps_to_latlon


@dataclass(frozen=True)
class DemProduct:
    """A LOLA elevation grid (memory-mapped), its projection and its pixel size.

    name: product id (e.g. ``"LDEM_4"``); path: the data file.
    projection: ``"simple_cylindrical"`` or ``"polar_stereographic"``.
    pixel_m: nominal pixel size, m (MAP_SCALE; for cylindrical products the size along a meridian).
    Cylindrical: ``res_ppd`` (pixels per degree), ``line_offset``, ``sample_offset``,
    ``center_lon_deg``. Polar: ``line_offset``, ``sample_offset``, ``pole`` (-1 south, +1 north).
    ``heights_m`` is a view (memmap) of DN; use :meth:`window` to read heights in metres.
    """

    name: str
    path: Path
    projection: str
    pixel_m: float
    lines: int
    samples: int
    line_offset: float
    sample_offset: float
    res_ppd: float = float("nan")
    center_lon_deg: float = 0.0
    pole: int = -1
    radius_m: float = MOON_RADIUS_M
    _raw: np.ndarray = field(default=None, repr=False, compare=False)
    _scale_m: float = 1.0
    _missing: float | None = None
    checksum: str = "no published checksum"  # or "verified" (sha256 of a published product)

    # --- reading ---------------------------------------------------------------------------
    def window(self, row0: int, row1: int, col0: int, col1: int) -> np.ndarray:
        """Heights (m, float32, NaN = no data) of rows row0..row1-1, cols col0..col1-1 (clipped)."""
        row0, row1 = max(0, row0), min(self.lines, row1)
        col0, col1 = max(0, col0), min(self.samples, col1)
        a = np.asarray(self._raw[row0:row1, col0:col1])
        out = a.astype(np.float32) * np.float32(self._scale_m)
        bad = ~np.isfinite(out)
        if self._missing is not None:
            bad |= a == self._missing
        if np.issubdtype(a.dtype, np.floating):
            bad |= np.abs(a) > 1e30  # LOLA float products mark no data with -3.4028227e+38
        out[bad] = np.nan
        return out

    def read(self) -> np.ndarray:
        """The whole grid in metres (float32). Only for small products such as LDEM_4."""
        return self.window(0, self.lines, 0, self.samples)

    # --- geometry ---------------------------------------------------------------------------
    def latlon_to_pixel(self, lat_deg, lon_deg):
        """(row, col) fractional 0-based pixel coordinates (pixel centres at integers)."""
        lat = np.asarray(lat_deg, dtype=float)
        lon = np.asarray(lon_deg, dtype=float)
        if self.projection == "simple_cylindrical":
            row = self.line_offset - lat * self.res_ppd
            dl = (lon - self.center_lon_deg + 180.0) % 360.0 - 180.0
            col = self.sample_offset + dl * self.res_ppd
            return row, col
        x, y = latlon_to_ps(lat, lon, pole=self.pole)
        return self.xy_to_pixel(x, y)

    def pixel_to_latlon(self, row, col):
        """Selenographic (lat, lon east 0..360), degrees, of fractional pixel coordinates."""
        row = np.asarray(row, dtype=float)
        col = np.asarray(col, dtype=float)
        if self.projection == "simple_cylindrical":
            lat = (self.line_offset - row) / self.res_ppd
            lon = (self.center_lon_deg + (col - self.sample_offset) / self.res_ppd) % 360.0
            return lat, lon
        x, y = self.pixel_to_xy(row, col)
        return ps_to_latlon(x, y, pole=self.pole)

    def xy_to_pixel(self, x, y):
        """Polar products: (row, col) of polar-stereographic (x, y) in m."""
        self._need_polar()
        return self.line_offset - np.asarray(y) / self.pixel_m, self.sample_offset + np.asarray(
            x) / self.pixel_m

    def pixel_to_xy(self, row, col):
        """Polar products: polar-stereographic (x, y) in m of fractional pixel (row, col)."""
        self._need_polar()
        return (np.asarray(col) - self.sample_offset) * self.pixel_m, (
            self.line_offset - np.asarray(row)) * self.pixel_m

    def _need_polar(self):
        if self.projection != "polar_stereographic":
            raise ValueError(f"{self.name} is not a polar-stereographic product")

    def covers(self, lat_deg: float, lon_deg: float) -> bool:
        """True if the point falls inside the grid (pixel centres +- 0.5) with data there."""
        r, c = self.latlon_to_pixel(lat_deg, lon_deg)
        r, c = float(r), float(c)
        if self.projection == "simple_cylindrical":
            inside = -0.5 <= r <= self.lines - 0.5
        else:
            inside = (-0.5 <= r <= self.lines - 0.5) and (-0.5 <= c <= self.samples - 0.5)
        if not inside:
            return False
        ri = int(np.clip(round(r), 0, self.lines - 1))
        ci = int(np.clip(round(c), 0, self.samples - 1)) % self.samples
        return bool(np.isfinite(self.window(ri, ri + 1, ci, ci + 1)).all())

    def polar_extent_m(self) -> float:
        """Polar products: half-width of the grid, m (distance from pole to the grid's edge)."""
        self._need_polar()
        return min(self.line_offset + 0.5, self.lines - 0.5 - self.line_offset,
                   self.sample_offset + 0.5, self.samples - 0.5 - self.sample_offset) * self.pixel_m
