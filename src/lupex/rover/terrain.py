"""Rover-scale terrain: real LOLA heights + labelled synthetic detail on a local grid, and the
far-field horizon of the distant terrain.

Real part: :func:`lupex.site.terrain.build_terrain` resamples the finest LOLA products in the data
directories onto a polar-stereographic grid (Delaunay-linear in the plane for LDEM_4, so no
pin-wheels near the pole). When the finest product's pixel is coarser than twice the rover grid's
cell, the seeded synthetic detail of :mod:`lupex.rover.detail` is added and named in ``source``;
with a fine real tile it is not used at all.

Near-field policy for horizons (``docs/terrain.md``, "Near-field policy"): terrain closer than
k = 2 native pixels of the product under the observer is not trusted for horizons. On LDEM_4
(≈ 7.6 km pixels) that excludes the whole local grid's real component: local horizons come from
the synthetic detail alone (it is what resolves craters and local shadows), and the far-field
horizon from LDEM_4 beyond 2 pixels (≈ 15 km) out to 150 km, computed by
:func:`lupex.site.horizon.site_horizon` (exact sphere geometry).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError
from lupex.rover.detail import DetailModel, synthetic_detail
from lupex.rover.grid import LocalGrid
from lupex.units import accepts

NEAR_FIELD_K = 2.0  # docs/terrain.md: k fixed on principle, never fitted


@dataclass(frozen=True)
class FarHorizon:
    """Far-field horizon seen from a point: elevation (deg) per grid azimuth bin (clockwise from
    grid +y), with the reach and exclusion used and the product names."""

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    min_distance_m: float
    max_distance_m: float
    products: tuple[str, ...]

    def __call__(self, grid_az_deg):
        return np.interp(np.asarray(grid_az_deg, float) % 360.0, self.azimuth_deg,
                         self.elevation_deg, period=360.0)


def _site_terrain():
    try:
        from lupex.site import terrain as site_terrain
    except ImportError as exc:  # pragma: no cover - the site package ships build_terrain
        raise InputError("lupex.site.terrain", str(exc), "the site package's terrain reader") from None
    return site_terrain


def real_grid(lat_deg: float, lon_deg: float, half_width_m: float, cell_m: float):
    """The real LOLA heights on a local grid, in the rover's convention (row i along +y):
    (heights, x0, y0, products, native pixel (m) of the product under the centre, its name).

    Via :func:`lupex.site.terrain.build_terrain`. When the product's pixel is coarser than the
    grid cell, the product cannot say anything about structure finer than its pixel, and near the
    pole a cylindrical product's rings are tens of metres apart along the ring but a pixel apart
    across it, so a direct Delaunay-linear resampling at 10 m shows along-ring noise as 70°
    "slopes" (measured on LDEM_4 at 89.45°S). The real component is therefore resampled on a grid
    of pixel/8, low-passed with a Gaussian of σ = pixel/2 (its own resolution), and interpolated
    bicubically onto the rover grid.
    """
    from scipy.ndimage import gaussian_filter, map_coordinates

    st = _site_terrain()
    prods = [p for p in st.available_products() if p.covers(lat_deg, lon_deg)]
    if not prods:
        raise InputError("rover grid site (lat_deg, lon_deg)", (lat_deg, lon_deg),
                         "a site covered by a LOLA product in the data directory (LUPEX_DATA_DIR)")
    finest = min(prods, key=lambda q: q.pixel_m)
    pixel, product = float(finest.pixel_m), finest.name
    n = int(round(half_width_m / cell_m))
    if pixel <= 2.0 * cell_m:
        t = st.build_terrain(lat_deg, lon_deg, half_width_m, cell_m, products=prods,
                             where="rover grid")
        h = np.asarray(t.heights_m, dtype=float)[::-1, :]
        x0, _ = t.xy(0, 0)
        _, y_bottom = t.xy(t.shape[0] - 1, 0)
        products = tuple(t.products)
    else:
        from lupex.site.pds import latlon_to_ps

        xc, yc = (float(v) for v in latlon_to_ps(lat_deg, lon_deg, -1 if lat_deg < 0 else 1))
        cc = pixel / 8.0
        coarse = st.build_terrain(lat_deg, lon_deg, half_width_m + 4.0 * pixel, cc,
                                  products=[finest], where="rover grid (real component)")
        hc = np.asarray(coarse.heights_m, dtype=float)
        if not np.all(np.isfinite(hc)):
            raise InputError("rover grid", "cells without LOLA data",
                             "a grid fully covered by the available products")
        hc = gaussian_filter(hc, sigma=(pixel / 2.0) / cc, mode="nearest")
        ax = np.arange(-n, n + 1) * cell_m
        x = xc + ax[None, :] + 0.0 * ax[:, None]
        y = yc + ax[:, None] + 0.0 * ax[None, :]  # row i along +y (rover convention)
        ci, cj = coarse.ij(x, y)
        h = map_coordinates(hc, [ci, cj], order=3, mode="nearest")
        x0, y_bottom = xc - n * cell_m, yc - n * cell_m
        products = (product,)
    if not np.all(np.isfinite(h)):
        raise InputError("rover grid", "cells without LOLA data",
                         "a grid fully covered by the available products")
    return h, float(x0), float(y_bottom), products, pixel, product


@accepts()
def rover_grid(lat_deg: float, lon_deg: float, half_width_m: float = 1500.0, cell_m: float = 10.0,
               seed: int = 1, detail: DetailModel | None = DetailModel()) -> LocalGrid:
    """A rover-scale :class:`LocalGrid` centred on (lat, lon).

    Real heights from the finest LOLA product available (via lupex.site); when its pixel exceeds
    2 × cell_m and ``detail`` is not None, SYNTHETIC seeded detail is added (labelled in
    ``source``; its heights also kept in ``detail_m``). ``meta`` records products and policy.
    """
    if not (cell_m > 0 and half_width_m >= 10 * cell_m):
        raise InputError("rover grid (half_width_m, cell_m)", (half_width_m, cell_m),
                         "a positive cell and a half-width of at least 10 cells")
    if 2 * half_width_m / cell_m > 2001:
        raise InputError("rover grid cells per side", 2 * half_width_m / cell_m,
                         "at most 2001 (enlarge cell_m or reduce the half-width)")
    h, x0, y0, products, pixel_m, product = real_grid(lat_deg, lon_deg, half_width_m, cell_m)
    use_detail = detail is not None and pixel_m > 2.0 * cell_m
    if use_detail:
        d, info = synthetic_detail(h.shape, cell_m, seed, detail)
        source = f"real: LOLA {product} ({pixel_m:.0f} m pixels) + {info['label']}"
    else:
        d, info = np.zeros_like(h), None
        source = f"real: LOLA {product} ({pixel_m:.0f} m pixels); no synthetic detail"
    meta = {"real_product": product, "real_pixel_m": pixel_m, "products": list(products),
            "synthetic_detail": use_detail, "detail_seed": int(seed) if use_detail else None,
            "detail_info": {k: v for k, v in (info or {}).items() if k != "crater_diameters_m"},
            "near_field_k": NEAR_FIELD_K, "center_lat_deg": lat_deg, "center_lon_deg": lon_deg}
    return LocalGrid(h + d, float(cell_m), x0, y0, source=source, detail_m=d, meta=meta)


def horizon_heights(grid: LocalGrid) -> tuple[np.ndarray, str]:
    """Heights admitted for local horizons under the near-field policy, and the policy in words.

    Real terrain inside k × its pixel of every cell is excluded; on a grid smaller than that
    (always the case for LDEM_4) only the synthetic detail remains; with a fine real tile whose
    k × pixel is below the cell size, the full heights are used.
    """
    pixel = float(grid.meta.get("real_pixel_m", grid.cell_m))
    excl = NEAR_FIELD_K * pixel
    ny, nx = grid.shape
    extent = max(ny, nx) * grid.cell_m
    if excl <= grid.cell_m:
        return grid.heights, f"local horizons from the real grid (k = {NEAR_FIELD_K:g} × {pixel:.0f} m ≤ one cell)"
    if excl >= extent:
        d = grid.detail_m if grid.detail_m is not None else np.zeros(grid.shape)
        return d, (f"real {grid.meta.get('real_product', 'terrain')} closer than "
                   f"{NEAR_FIELD_K:g} × {pixel:.0f} m = {excl:.0f} m excluded (covers the whole "
                   "local grid): local horizons from the synthetic detail only")
    # intermediate case (a product of a few tens of metres): smooth out the real part's
    # sub-exclusion structure is not attempted; use the full heights and say so
    return grid.heights, (f"local horizons from the full grid; real pixel {pixel:.0f} m, exclusion "
                          f"{excl:.0f} m smaller than the grid")


def far_horizon(lat_deg: float, lon_deg: float, observer_height_m: float = 1.0,
                reach_m: float = 150_000.0, cell_m: float = 500.0, n_az: int = 360,
                k: float = NEAR_FIELD_K) -> FarHorizon:
    """Far-field horizon from (lat, lon) by :func:`lupex.site.horizon.site_horizon` on the nested
    terrains of :func:`lupex.site.analysis.site_terrains` (``cell_m`` far grid out to
    ``reach_m``; exact sphere geometry), terrain closer than k × the native pixel under the site
    excluded (:class:`lupex.site.terrain.NearFieldPolicy`). Returned as a function of GRID
    azimuth (clockwise from grid +y), which is what the rover's sky uses.
    """
    from lupex.site.analysis import site_terrains
    from lupex.site.horizon import site_horizon
    from lupex.moon_geometry import true_to_grid_azimuth
    from lupex.site.terrain import NearFieldPolicy

    ts = site_terrains(lat_deg, lon_deg, reach_m, far_cell_m=cell_m)
    sh = site_horizon(ts, lat_deg, lon_deg, height_m=observer_height_m, n_az=n_az,
                      policy=NearFieldPolicy(k=k), reach_m=reach_m)
    grid_az = true_to_grid_azimuth(sh.azimuth_deg, lon_deg, -1 if lat_deg < 0 else 1)
    order = np.argsort(grid_az)
    return FarHorizon(np.asarray(grid_az)[order], np.asarray(sh.elevation_deg)[order],
                      float(sh.near_field_m), float(sh.reach_m),
                      tuple(sh.terrain.get("products", ())))
