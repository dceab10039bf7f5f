"""Resampling LOLA products into the local polar-stereographic plane of a terrain grid.

Polar-stereographic products: bilinear in their own plane, block-averaged first when the grid cell
is more than twice their pixel (:func:`_sample_polar`). Simple-cylindrical products: every row
low-passed along its parallel over one along-meridian pixel (:func:`_lowpass_parallels`), pixel
centres projected to the plane and interpolated linearly on triangles, the harmonic extension of
the innermost ring inside it (:func:`_sample_cylindrical`). Why, and what it changes, measured
on LDEM_4: :mod:`lupex.site.terrain`.
"""

from __future__ import annotations

import numpy as np

from lupex.moon_geometry import latlon_to_ps, ps_to_latlon
from lupex.site.pds import DemProduct


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
