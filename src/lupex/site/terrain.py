"""A local polar-stereographic terrain grid built from one or several LOLA products.

Why polar stereographic: the simple-cylindrical grids have no sample inside their last ring of
lines (3.8 km from the pole for LDEM_4) and bilinear interpolation in latitude/longitude there
makes pin-wheel artefacts (docs/terrain.md). Every product is therefore resampled into
one plane — PROJ ``+proj=stere +lat_0=-90 +lon_0=0 +k=1`` on the LOLA reference sphere (the LOLA
polar projection, :mod:`lupex.moon_geometry`) — and interpolated in that plane:

- polar-stereographic products: bilinear in their own (identical) plane, after block-averaging
  when the grid cell is more than twice their pixel;
- cylindrical products: first every row is low-passed along its parallel over one along-meridian
  pixel (a centred box of 1/cos(lat) pixels = 7,580.8 m for LDEM_4, circular in longitude;
  :func:`lupex.site.resample._lowpass_parallels`), so the product is used at its true resolution
  in both directions; then the pixel centres are projected to the plane and interpolated
  linearly on triangles there (each quad of neighbouring pixel centres split in two, corners
  projected to the plane); inside the innermost ring of pixel centres, where there is no sample,
  the harmonic (Poisson-integral) extension of that (low-passed) ring -- smooth, no pin-wheels.

  Why the low-pass: near the pole LDEM_4's pixel centres along a parallel are only 17-660 m apart
  (89.9°-85°S) while its rows are 7.6 km apart, and neighbouring pixels along a parallel differ by
  the product's gridding noise (tens to a couple of hundred metres). Triangulated raw, that noise
  became steep slivers. Measured on LDEM_4 (tests/site/test_terrain_smoothing.py), before -> after:
  400 m grid within 60 km of the south pole, slope p50 7.3° -> 5.7°, p95 19.3° -> 14.9°, max
  45.1° -> 26.6° (the product's own 7.58 km-baseline slopes there: p50 6.8°, p95 18.3°, steepest
  along a meridian 25.9°); inside 89.9°S p95 34.4° -> 17.0°; 10 m grid 3 km around the
  connecting ridge (89.45°S, 222.69°E) max 74.2° -> 13.9°. Cost: heights at the original pixel
  centres move by a median of 37-50 m (p95 170-230 m) at 62°-87°S, well inside the product's
  one-pixel height change along a meridian (median 250-400 m); the Malapert peak (4,729.5 m)
  comes out 112 m lower. Simple-cylindrical products only (1/cos(lat) > 1); polar-stereographic
  products are not filtered.

Several products combine: every cell takes the finest product that has data there
(``source_index``), so a fine polar tile near the site and LDEM_4 for distant horizons make one
grid. The near-field policy (:class:`NearFieldPolicy`, :mod:`lupex.site.near_field`) is stored
with the grid. The resampling itself lives in :mod:`lupex.site.resample`.

Grid convention: ``heights_m[i, j]`` is at x = x0_m + j*cell_m, y = y0_m - i*cell_m (row 0 at the
top, +y up = towards longitude 0 from the south pole, +x = towards 90°E; rows along −y,
:data:`lupex.moon_geometry.ROWS_ALONG_MINUS_Y`).
Grid azimuth (used by :mod:`lupex.site.horizon` maps) is clockwise from grid +y; at a point of
east longitude lon near the south pole, grid azimuth = true azimuth + lon (true north points
along grid azimuth lon) — see :func:`true_to_grid_azimuth`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lupex.errors import InputError
from lupex.moon_geometry import (  # noqa: F401 - azimuth helpers re-exported (public names)
    MOON_RADIUS_M,
    grid_to_true_azimuth,
    latlon_to_ps,
    ps_scale_factor,
    ps_to_latlon,
    true_to_grid_azimuth,
)
from lupex.site.near_field import NearFieldPolicy  # noqa: F401 - re-exported
from lupex.site.pds import DemProduct, open_product
from lupex.site.resample import (  # noqa: F401 - parallel_window_px re-exported
    _sample_cylindrical, _sample_polar, parallel_window_px,
)
import lupex.display as _display
from lupex.units import accepts


@_display.result()
@dataclass(frozen=True)
class Terrain:
    """Heights on a regular polar-stereographic grid (see module docstring for conventions).

    heights_m: (ny, nx) float32 heights above the 1,737.4 km sphere (NaN = no data).
    x0_m, y0_m: grid coordinates of the centre of cell [0, 0], m. cell_m: cell size, m.
    products: names of the products used, finest first; product_pixel_m: their native pixels.
    source_index: (ny, nx) int8 index into ``products`` of the product supplying each cell.
    pole: -1 (south) or +1 (north).
    """

    heights_m: np.ndarray
    x0_m: float
    y0_m: float
    cell_m: float
    products: tuple[str, ...]
    product_pixel_m: tuple[float, ...]
    source_index: np.ndarray = field(repr=False)
    pole: int = -1
    product_files: tuple[dict, ...] = ()  # per product: path and checksum status

    @property
    def shape(self) -> tuple[int, int]:
        return self.heights_m.shape

    # -- coordinates -------------------------------------------------------------------------
    def xy(self, i, j):
        """Grid (x, y), m, of fractional cell indices (row i, column j)."""
        return self.x0_m + np.asarray(j) * self.cell_m, self.y0_m - np.asarray(i) * self.cell_m

    def ij(self, x, y):
        """Fractional (row, col) of grid coordinates (x, y) in m."""
        return (self.y0_m - np.asarray(y)) / self.cell_m, (np.asarray(x) - self.x0_m) / self.cell_m

    def latlon_to_ij(self, lat_deg, lon_deg):
        x, y = latlon_to_ps(lat_deg, lon_deg, self.pole)
        return self.ij(x, y)

    def ij_to_latlon(self, i, j):
        x, y = self.xy(i, j)
        return ps_to_latlon(x, y, self.pole)

    def cell_latlon(self) -> tuple[np.ndarray, np.ndarray]:
        """(lat, lon) of every cell centre, degrees, arrays of shape (ny, nx)."""
        ny, nx = self.shape
        jj, ii = np.meshgrid(np.arange(nx), np.arange(ny))
        return self.ij_to_latlon(ii, jj)

    def contains(self, lat_deg: float, lon_deg: float, margin_cells: float = 1.0) -> bool:
        i, j = self.latlon_to_ij(lat_deg, lon_deg)
        ny, nx = self.shape
        return bool(margin_cells <= i <= ny - 1 - margin_cells and margin_cells <= j <= nx - 1 - margin_cells)

    def height_at(self, lat_deg, lon_deg) -> np.ndarray:
        """Terrain height (m) at lat/lon, bilinear in the grid plane (NaN outside)."""
        from scipy.ndimage import map_coordinates

        i, j = self.latlon_to_ij(lat_deg, lon_deg)
        h = map_coordinates(self.heights_m, [np.atleast_1d(i), np.atleast_1d(j)], order=1,
                            mode="constant", cval=np.nan)
        return h if np.ndim(lat_deg) else float(h[0])

    def pixel_of_source_at(self, lat_deg: float, lon_deg: float) -> float:
        """Native pixel size (m) of the product supplying the cell nearest to (lat, lon)."""
        i, j = self.latlon_to_ij(lat_deg, lon_deg)
        ny, nx = self.shape
        i = int(np.clip(round(float(i)), 0, ny - 1))
        j = int(np.clip(round(float(j)), 0, nx - 1))
        return self.product_pixel_m[int(self.source_index[i, j])]

    def scale_factor(self) -> np.ndarray:
        """Projection scale factor k per cell (grid length = k x true length)."""
        lat, _ = self.cell_latlon()
        return ps_scale_factor(lat, self.pole)

    def subgrid(self, i0: int, i1: int, j0: int, j1: int) -> "Terrain":
        """Cells [i0:i1, j0:j1] as a Terrain."""
        x0, y0 = self.xy(i0, j0)
        return Terrain(self.heights_m[i0:i1, j0:j1], float(x0), float(y0), self.cell_m, self.products,
                       self.product_pixel_m, self.source_index[i0:i1, j0:j1], self.pole,
                       self.product_files)

    def describe(self) -> dict:
        """JSON-ready description: products, resolutions, grid size and projection."""
        used = sorted(set(int(v) for v in np.unique(self.source_index)) - {-1})
        return {
            "projection": f"polar stereographic, sphere R = {MOON_RADIUS_M:.0f} m, "
                          f"{'south' if self.pole < 0 else 'north'} pole, true scale at the pole",
            "products": [self.products[k] for k in used],
            "files": [self.product_files[k] for k in used] if self.product_files else [],
            "product_pixel_m": [self.product_pixel_m[k] for k in used],
            "grid_cell_m": self.cell_m,
            "grid_shape": list(self.shape),
            "grid_half_width_km": self.cell_m * (self.shape[1] - 1) / 2 / 1000.0,
        }


# ------------------------------------------------------------------------------------------------


def product_folders(data_dir: Path) -> list[Path]:
    """Folders of a data directory that may hold terrain products, in a fixed order.

    Every immediate subfolder (``lola/``, ``lola_polar/``, ``metre/`` and any other), sorted by
    name, not hidden (a fetch stages its downloads under hidden names). ``scenarios/`` of the
    package data holds no grids and is skipped by the file filter of :func:`available_products`.
    """
    d = Path(data_dir)
    if not d.is_dir():
        return []
    return [p for p in sorted(d.iterdir()) if p.is_dir() and not p.name.startswith(".")]


def available_products(data_dirs: list[Path] | None = None) -> list[DemProduct]:
    """Every LOLA product (``*.IMG`` with a label, ``*.tif``) found, finest first.

    ``data_dirs``: folders to scan for product files (each used as it is). Default: every product
    folder (:func:`product_folders`) of every data directory (:func:`lupex.paths.data_dirs`:
    ``LUPEX_DATA_DIR``, the data directory beside a checkout, the fetch cache, then the products
    embedded in the package), so finer products from a data directory or the cache layer above
    the embedded ones. A product found in several places is taken from the first (most specific)
    place. Nothing assumes a fixed file list: whatever is present is opened.
    """
    from lupex.paths import data_dirs as _dirs

    if data_dirs is not None:
        dirs = [Path(d) for d in data_dirs]
    else:
        dirs = [f for d in _dirs() for f in product_folders(d)]
    seen, out = set(), []
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            if p.name.startswith(".") or p.suffix.lower() not in (".img", ".tif", ".tiff"):
                continue
            if p.stem.upper() in seen:
                continue
            # a broken product is an error naming the file, never skipped for another copy
            prod = open_product(p)
            seen.add(p.stem.upper())
            out.append(prod)
    out.sort(key=lambda q: q.pixel_m)
    return out


@accepts()
def build_terrain(lat_deg: float, lon_deg: float, half_width_m: float, cell_m: float,
                  products: list[DemProduct] | None = None, where: str = "site") -> Terrain:
    """Resample the available products onto a square polar-stereographic grid centred on a site.

    Parameters
    ----------
    lat_deg, lon_deg : site (selenographic, east longitude), degrees; |lat| >= 60.
    half_width_m : half the grid's side, m (the site is at the centre cell). For horizons this
        must include the reach (>= 150 km) beyond the region analysed.
    cell_m : grid cell, m.
    products : products to combine (default: every product in the data directories); each cell
        takes the finest product with data there. Simple-cylindrical products are low-passed along
        their parallels over one along-meridian pixel first (module docstring: near the pole their
        raw along-parallel samples carry gridding noise as 45-74° slivers).

    Raises InputError if the site is not covered by any product, or the grid is unreasonable.
    """
    if not np.isfinite(lat_deg) or abs(lat_deg) > 90 or abs(lat_deg) < 60:
        raise InputError(f"{where} latitude (deg)", lat_deg,
                         "a polar latitude between 60° and 90° (north or south): the terrain grid is "
                         "polar stereographic")
    if not np.isfinite(lon_deg):
        raise InputError(f"{where} longitude (deg)", lon_deg, "a finite east longitude")
    if not (cell_m > 0 and half_width_m >= cell_m):
        raise InputError("terrain grid (half_width_m, cell_m)", (half_width_m, cell_m),
                         "a positive cell size no larger than the half-width")
    n = int(round(half_width_m / cell_m))
    if 2 * n + 1 > 6001:
        raise InputError("terrain grid size (cells per side)", 2 * n + 1,
                         "at most 6001 cells per side (enlarge cell_m or reduce the half-width)")
    pole = -1 if lat_deg < 0 else 1
    if products is None:
        products = available_products()
    if not products:
        raise InputError("LOLA terrain", "no products found",
                         "a data directory with lola/LDEM_4.IMG or lola_polar/"
                         "LDEM_256_SPS_1600M.tif (set LUPEX_DATA_DIR, or `lupex data fetch`)")
    products = sorted(products, key=lambda q: q.pixel_m)
    xc, yc = latlon_to_ps(lat_deg, lon_deg, pole)
    xc, yc = float(xc), float(yc)
    ax = np.arange(-n, n + 1) * cell_m
    X, Y = np.meshgrid(xc + ax, yc - ax)
    heights = np.full(X.shape, np.nan, dtype=np.float32)
    src = np.full(X.shape, -1, dtype=np.int8)
    for k, prod in enumerate(products):
        todo = np.isnan(heights)
        if not todo.any():
            break
        if prod.projection == "polar_stereographic":
            if prod.pole != pole:
                continue
            vals = _sample_polar(prod, X, Y, cell_m)
        else:
            vals = _sample_cylindrical(prod, X, Y, pole, cell_m)
        fill = todo & np.isfinite(vals)
        heights[fill] = vals[fill]
        src[fill] = k
    t = Terrain(heights, xc - n * cell_m, yc + n * cell_m, float(cell_m),
                tuple(p.name for p in products), tuple(float(p.pixel_m) for p in products), src, pole,
                tuple({"product": p.name, "path": str(p.path), "checksum": p.checksum}
                      for p in products))
    if not np.isfinite(heights[n, n]):
        raise InputError(f"{where} (lat_deg, lon_deg)", (lat_deg, lon_deg),
                         f"a site covered by a LOLA product (available: {', '.join(t.products)})")
    return t
