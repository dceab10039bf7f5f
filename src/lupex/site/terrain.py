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
  :func:`_lowpass_parallels`), so the product is used at its true resolution in both directions;
  then the pixel centres are projected to the plane and interpolated linearly on triangles there
  (each quad of neighbouring pixel centres split in two, corners projected to the plane); inside
  the innermost ring of pixel centres, where there is no sample, the harmonic (Poisson-integral)
  extension of that (low-passed) ring -- smooth, no pin-wheels.

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
grid. The near-field policy (:class:`NearFieldPolicy`) is stored with the grid.

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
from lupex.site.pds import DemProduct, open_product
import lupex.display as _display
from lupex.units import accepts


@dataclass(frozen=True)
class NearFieldPolicy:
    """Which terrain close to an observer is trusted for horizons.

    Terrain closer than ``k`` x (pixel size of the product that supplies the observer's cell) is
    excluded: a coarse grid smears ridges, so an observer on a real ridge crest sits on a smooth
    flank of the model whose nearby "slope" blocks the Sun (docs/terrain.md, "Near-field policy"). k = 2 is fixed
    on principle (the smallest distance at which two independent samples separate the observer
    from the terrain it looks at), never fitted to a reference. ``k = 0`` disables the exclusion.
    """

    k: float = 2.0

    def exclusion_m(self, pixel_m: float) -> float:
        return float(self.k) * float(pixel_m)

    def describe(self, pixel_m: float) -> str:
        if self.k == 0:
            return "none: all terrain from the first grid step outwards"
        return (f"terrain closer than {self.k:g} x {pixel_m:.0f} m = {self.exclusion_m(pixel_m):.0f} m "
                "(k x native pixel of the product under the observer) excluded")


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


def _sample_polar(prod: DemProduct, x: np.ndarray, y: np.ndarray, cell_m: float) -> np.ndarray:
    """Heights of a polar product at grid points (bilinear; block mean first if much finer)."""
    from scipy.ndimage import map_coordinates

    f = max(1, int(cell_m // (2 * prod.pixel_m)))  # block factor keeps ~2 samples per cell
    r, c = prod.xy_to_pixel(x, y)
    r0 = int(np.floor(np.nanmin(r))) - 2 * f
    r1 = int(np.ceil(np.nanmax(r))) + 2 * f + 1
    c0 = int(np.floor(np.nanmin(c))) - 2 * f
    c1 = int(np.ceil(np.nanmax(c))) + 2 * f + 1
    r0c, c0c = max(0, r0), max(0, c0)
    r1c, c1c = min(prod.lines, r1), min(prod.samples, c1)
    out = np.full(x.shape, np.nan, dtype=np.float32)
    if r1c <= r0c or c1c <= c0c:
        return out
    if f == 1:
        win = prod.window(r0c, r1c, c0c, c1c)
        rr, cc = r - r0c, c - c0c
    else:
        nr, nc = (r1c - r0c) // f, (c1c - c0c) // f
        win = np.empty((nr, nc), dtype=np.float32)
        step = max(1, 4096 // f)
        for b in range(0, nr, step):
            e = min(nr, b + step)
            blk = prod.window(r0c + b * f, r0c + e * f, c0c, c0c + nc * f)
            win[b:e] = blk.reshape(e - b, f, nc, f).mean(axis=(1, 3))
        # block k covers pixels k*f .. k*f+f-1, centre at k*f + (f-1)/2
        rr = (r - r0c - (f - 1) / 2) / f
        cc = (c - c0c - (f - 1) / 2) / f
    vals = map_coordinates(win, [rr.ravel(), cc.ravel()], order=1, mode="constant", cval=np.nan)
    return vals.reshape(x.shape).astype(np.float32)


def parallel_window_px(lat_deg) -> np.ndarray:
    """Width (in pixels, fractional) of the along-parallel low-pass of a cylindrical product.

    A simple-cylindrical pixel is 1/res_ppd degree on both axes, so its along-parallel spacing is
    cos(lat) times its along-meridian spacing; the window spans one along-meridian spacing
    (1 / cos lat pixels, e.g. 14.3 at 86°S, 57.3 at 89°S, 458 at 89.875°S), capped at 1 (no
    smoothing) where the two spacings are equal.
    """
    c = np.cos(np.radians(np.asarray(lat_deg, dtype=float)))
    with np.errstate(divide="ignore"):
        w = np.where(c > 0, 1.0 / np.maximum(c, 1e-12), np.inf)
    return np.maximum(w, 1.0)


def _box_weights(w: float) -> np.ndarray:
    """Centred box of width ``w`` pixels (fractional) as weights on whole pixels, sum 1.

    Pixel k (offset from the centre) covers [k - 1/2, k + 1/2]; its weight is the overlap with
    [-w/2, w/2] divided by w. w = 1 gives [1] (identity); w = 3 a plain 3-pixel mean; w = 2 the
    weights (1/4, 1/2, 1/4).
    """
    half = 0.5 * w
    k_max = int(np.ceil(half - 0.5 - 1e-12))
    k = np.arange(-k_max, k_max + 1, dtype=float)
    wt = np.clip(np.minimum(k + 0.5, half) - np.maximum(k - 0.5, -half), 0.0, None)
    return wt / wt.sum()


def _lowpass_parallels(win: np.ndarray, lat_deg: np.ndarray, wrap: bool) -> np.ndarray:
    """Average each row of a simple-cylindrical window along its parallel over one along-meridian
    pixel (7,580.8 m for LDEM_4): a centred box of :func:`parallel_window_px` pixels, circular in
    longitude when the product is global (``wrap``), NaN-aware.

    Why: near the pole LDEM_4's pixels along a parallel are only 17-660 m apart (89.9°-85°S) but
    rows are 7.6 km apart, and neighbouring pixels along a parallel differ by a p95 of 58-215 m
    (1° bands from 89.9° to 85°S, measured; the gridding noise of the product).
    Triangulated as they are, those samples become steep slivers: on a 400 m grid within 5° of
    the pole, slopes p50 6-17°, p95 17-34°, up to 45° (by 0.5°-1° latitude bands; up to 74° at
    10 m cells) -- slopes a 7.6 km product cannot carry. After the box the along-parallel
    resolution matches the along-meridian one (the product's true resolution in both
    directions). A box of exactly one along-meridian pixel (fractional end weights, see
    :func:`_box_weights`) rather than ceil(1/cos lat) whole pixels: no over-smoothing at low
    latitudes (identity at the equator, (1/4, 1/2, 1/4) at 60°). Figures before/after in the
    module docstring.
    """
    out = np.array(win, dtype=np.float64, copy=True)
    widths = parallel_window_px(lat_deg)
    ns = win.shape[1]
    for i, w in enumerate(widths):
        if not w > 1.0 + 1e-9:
            continue
        row = out[i]
        good = np.isfinite(row)
        if not good.any():
            continue
        if w >= ns and wrap:  # window longer than the whole ring (not reached by LDEM_4: 458 px)
            out[i] = np.nanmean(row)
            continue
        out[i] = _box_mean(row, good, float(min(w, 2 * ns + 1)), wrap)
    return out.astype(np.float32)


def _box_mean(row: np.ndarray, good: np.ndarray, w: float, wrap: bool) -> np.ndarray:
    """Centred box mean of width ``w`` pixels (fractional; the weights of :func:`_box_weights`)
    along a 1-D row, O(n) whatever w, via the piecewise-linear cumulative integral of the
    piecewise-constant row. NaN (``~good``) pixels carry no weight; a window with less than half
    its weight on data gives NaN. ``wrap``: circular (global product), else edge values repeat."""
    n = row.size
    half = 0.5 * w
    pad = int(np.ceil(half)) + 1
    vals = np.where(good, row, 0.0)
    wts = good.astype(float)
    if wrap:
        idx = np.arange(-pad, n + pad) % n
    else:
        idx = np.clip(np.arange(-pad, n + pad), 0, n - 1)
    edges = np.arange(n + 2 * pad + 1) - 0.5 - pad  # pixel j covers [j - 1/2, j + 1/2]
    cv = np.concatenate([[0.0], np.cumsum(vals[idx])])
    cw = np.concatenate([[0.0], np.cumsum(wts[idx])])
    k = np.arange(n, dtype=float)
    num = np.interp(k + half, edges, cv) - np.interp(k - half, edges, cv)
    den = np.interp(k + half, edges, cw) - np.interp(k - half, edges, cw)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0.5 * w, num / den, np.nan)


def _sample_cylindrical(prod: DemProduct, x: np.ndarray, y: np.ndarray, pole: int,
                        cell_m: float) -> np.ndarray:
    """Heights of a cylindrical product at grid points: linear on triangles in the polar plane."""

    lat, _ = ps_to_latlon(x, y, pole)
    margin = 3.0 / prod.res_ppd
    if pole < 0:
        lat_hi = float(np.nanmax(lat)) + margin
        rows = np.arange(prod.lines)
        rlat = (prod.line_offset - rows) / prod.res_ppd
        rows = rows[rlat <= lat_hi]
    else:
        lat_lo = float(np.nanmin(lat)) - margin
        rows = np.arange(prod.lines)
        rlat = (prod.line_offset - rows) / prod.res_ppd
        rows = rows[rlat >= lat_lo]
    if rows.size == 0:
        return np.full(x.shape, np.nan, dtype=np.float32)
    f = max(1, int(cell_m // (2 * prod.pixel_m)))
    r0, r1 = int(rows.min()), int(rows.max()) + 1
    win = prod.window(r0, r1, 0, prod.samples)
    # Treat the product at its true resolution along the parallels too (see _lowpass_parallels).
    win_lat = (prod.line_offset - np.arange(r0, r1)) / prod.res_ppd
    win = _lowpass_parallels(win, win_lat, wrap=prod.samples == int(round(360.0 * prod.res_ppd)))
    if f > 1:  # average blocks of f x f pixels (rows near the pole are short anyway)
        nr, nc = (r1 - r0) // f, prod.samples // f
        win = win[: nr * f, : nc * f].reshape(nr, f, nc, f).mean(axis=(1, 3))
        rr = r0 + np.arange(nr) * f + (f - 1) / 2
        cc = np.arange(nc) * f + (f - 1) / 2
    else:
        rr = np.arange(r0, r1, dtype=float)
        cc = np.arange(prod.samples, dtype=float)
    C, R = np.meshgrid(cc, rr)
    plat, plon = prod.pixel_to_latlon(R, C)
    px, py = latlon_to_ps(plat, plon, pole)
    nr, nc = win.shape
    # Structured triangulation in the polar plane: each quad of neighbouring pixel centres (two
    # rings, two meridians) is split along its diagonal into two triangles whose corners are
    # projected to the plane; a point is located by its (row, col) and interpolated linearly
    # (barycentric) in the plane -- a TIN, located in O(1), never bilinear in lat/lon.
    glat, glon = ps_to_latlon(x, y, pole)
    r, c = prod.latlon_to_pixel(glat, glon)
    ra = (np.asarray(r) - r0 - (f - 1) / 2) / f
    ca = ((np.asarray(c) - (f - 1) / 2) / f) % nc
    out = np.full(x.shape, np.nan, dtype=np.float32)
    ok = (ra >= 0) & (ra <= nr - 1)
    i0 = np.clip(np.floor(ra[ok]).astype(np.int64), 0, max(nr - 2, 0))
    k0 = np.floor(ca[ok]).astype(np.int64) % nc
    i1 = np.minimum(i0 + 1, nr - 1)
    k1 = (k0 + 1) % nc
    qx, qy = x[ok], y[ok]

    def bary(a, b, cidx):
        ax_, ay_ = px[a], py[a]
        bx_, by_ = px[b], py[b]
        cx_, cy_ = px[cidx], py[cidx]
        det = (by_ - cy_) * (ax_ - cx_) + (cx_ - bx_) * (ay_ - cy_)
        det = np.where(det == 0, np.nan, det)
        l1 = ((by_ - cy_) * (qx - cx_) + (cx_ - bx_) * (qy - cy_)) / det
        l2 = ((cy_ - ay_) * (qx - cx_) + (ax_ - cx_) * (qy - cy_)) / det
        return l1, l2, 1.0 - l1 - l2

    a, d, b1, b2 = (i0, k0), (i1, k1), (i1, k0), (i0, k1)
    l1, l2, l3 = bary(a, b1, d)
    second = (l1 < -1e-9) | (l2 < -1e-9) | (l3 < -1e-9) | ~np.isfinite(l1)
    m1, m2, m3 = bary(a, b2, d)
    v1 = l1 * win[a] + l2 * win[b1] + l3 * win[d]
    v2 = m1 * win[a] + m2 * win[b2] + m3 * win[d]
    out[ok] = np.where(second, v2, v1).astype(np.float32)
    # Inside the innermost ring of pixel centres there is no sample; its points are co-circular,
    # so any triangulation of the cap is "Delaunay" and links far sides of the ring with long thin
    # triangles (a pin-wheel again). Use the harmonic (Poisson-integral) extension of the ring
    # instead: smooth, bounded by the ring's values, exact for the ring's Fourier modes.
    ring_row = rr.size - 1 if pole < 0 else 0
    ring_lat = float(plat[ring_row, 0])
    rho_ring = float(np.hypot(*latlon_to_ps(ring_lat, 0.0, pole)))
    rho = np.hypot(x, y)
    inside = rho < rho_ring
    ring = win[ring_row]
    if inside.any() and np.all(np.isfinite(ring)):
        lon_ring = np.radians(plon[ring_row])
        coef = np.fft.rfft(ring) / ring.size
        lam = np.arctan2(x[inside], y[inside]) if pole < 0 else np.arctan2(x[inside], -y[inside])
        ratio = rho[inside] / rho_ring
        val = np.full(lam.shape, coef[0].real)
        n_modes = coef.size - 1 if ring.size % 2 else coef.size - 2
        phase0 = lon_ring[0]
        for n in range(1, n_modes + 1):
            val += 2 * (ratio ** n) * np.real(coef[n] * np.exp(1j * n * (lam - phase0)))
        out[inside] = val.astype(np.float32)
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
