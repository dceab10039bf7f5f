"""Rover-scale terrain: the landing stage's real LOLA terrain + labelled synthetic detail on a
local grid, and the far-field horizon of the distant terrain.

Real part: the terrain the landing stage maps around the site (:func:`landing_terrain`: a
:func:`lupex.site.terrain.build_terrain` grid centred on the site at the landing map cell, the
same call the landing stage's region analysis makes), interpolated onto the rover grid by a
cubic spline. So the rover's real heights and the landing stage's ground height and slope come
from the same samples of the same products. When the finest product's pixel is coarser than
twice the rover grid's cell, the seeded synthetic detail of :mod:`lupex.rover.detail` is added
and named in ``source``; with a fine real tile (pixel ≤ 2 cells) the real component is built at
the rover's own cell from the same products and the detail is not used at all.

Near-field policy for horizons (``docs/terrain.md``, "Near-field policy";
:class:`lupex.site.near_field.NearFieldPolicy`, the landing stage's ``[landing] near_field_k``):
terrain closer than k native pixels of the product under the observer is not trusted for
horizons. On LDEM_4 (≈ 7.6 km pixels) and k = 2 that excludes the whole local grid's real
component: local horizons come from the synthetic detail alone (it is what resolves craters and
local shadows), and the far-field horizon from LDEM_4 beyond 2 pixels (≈ 15 km) out to the
reach, computed by :func:`lupex.site.horizon.site_horizon` on the landing stage's nested
terrains (exact sphere geometry).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError
from lupex.rover.detail import DetailModel, synthetic_detail
from lupex.rover.grid import LocalGrid
from lupex.units import accepts

#: Defaults of the landing stage's region map ([landing] region_half_width_km, map_cell_m) and
#: horizon reach ([landing] horizon_reach_km), used when the rover runs without the landing stage.
LANDING_REGION_HALF_WIDTH_M = 10_000.0
LANDING_MAP_CELL_M = 400.0


@dataclass(frozen=True)
class FarHorizon:
    """Far-field horizon seen from a point: elevation (deg) per grid azimuth bin (clockwise from
    grid +y), with the reach and exclusion used, the product names and the policy in words."""

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    min_distance_m: float
    max_distance_m: float
    products: tuple[str, ...]
    policy: str = ""

    def __call__(self, grid_az_deg):
        return np.interp(np.asarray(grid_az_deg, float) % 360.0, self.azimuth_deg,
                         self.elevation_deg, period=360.0)


def _policy(near_field):
    from lupex.site.near_field import NearFieldPolicy

    if near_field is None:
        return NearFieldPolicy()
    if isinstance(near_field, NearFieldPolicy):
        return near_field
    k = float(near_field)
    if not (np.isfinite(k) and k >= 0):
        raise InputError("near-field factor k", near_field, "a number of 0 or more")
    return NearFieldPolicy(k)


def landing_terrain(lat_deg: float, lon_deg: float,
                    half_width_m: float = LANDING_REGION_HALF_WIDTH_M,
                    cell_m: float = LANDING_MAP_CELL_M):
    """The real terrain the landing stage maps around a site, built the way it builds it:
    :func:`lupex.site.terrain.build_terrain` centred on the site (every available product, finest
    first per cell) at the landing map cell. The landing stage builds the same grid with the
    horizon reach added to the half-width and keeps the central ``half_width_m``: the cells are
    the same points, so the heights agree (tests/scenario/stages/test_landing_handoff.py)."""
    from lupex.site.terrain import build_terrain

    return build_terrain(float(lat_deg), float(lon_deg) % 360.0, half_width_m, cell_m,
                         where="rover grid")


def real_grid(lat_deg: float, lon_deg: float, half_width_m: float, cell_m: float, terrain=None):
    """The real LOLA heights on a local grid, in the rover's convention (row i along +y):
    (heights, x0, y0, products, native pixel (m) of the product under the centre, its name,
    words naming where the heights came from).

    terrain: the landing stage's :class:`lupex.site.Terrain` (default :func:`landing_terrain`
    with the landing defaults). When the finest product's pixel is coarser than 2 × ``cell_m``,
    the heights are the cubic-spline interpolation (scipy ``map_coordinates``, order 3) of that
    terrain at the rover cells: smooth, adding no structure finer than the terrain's own cell
    (the products are low-passed along their parallels by ``build_terrain``). With a finer real
    tile the landing map's cell would discard its detail, so the rover grid is built at its own
    cell from the same products (:func:`lupex.site.terrain.build_terrain`). A rover grid reaching
    within 4 cells of the landing terrain's edge is served by the same grid built wider
    (:func:`landing_terrain`, same centre and cell: the same heights where they overlap).
    """
    from scipy.ndimage import map_coordinates

    from lupex.site import terrain as st
    from lupex.site.pds import latlon_to_ps

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
        words = f"LOLA at the rover's {cell_m:g} m cell (build_terrain)"
    else:
        pole = -1 if lat_deg < 0 else 1
        xc, yc = (float(v) for v in latlon_to_ps(lat_deg, lon_deg, pole))
        if terrain is None:
            terrain = landing_terrain(lat_deg, lon_deg)
        words = f"landing-stage terrain, {terrain.cell_m:g} m cells, cubic spline"
        ax = np.arange(-n, n + 1) * cell_m
        x = xc + ax[None, :] + 0.0 * ax[:, None]
        y = yc + ax[:, None] + 0.0 * ax[None, :]  # row i along +y (rover convention)
        ci, cj = terrain.ij(x, y)
        ny_t, nx_t = terrain.shape
        if ci.min() < 4 or cj.min() < 4 or ci.max() > ny_t - 5 or cj.max() > nx_t - 5:
            # a rover grid reaching within 4 cells of the landing map's edge (where the spline's
            # end conditions matter): the same grid (centre and cell) built 8 cells wider, so
            # the shared cells keep their heights
            terrain = landing_terrain(lat_deg, lon_deg, half_width_m + 8.0 * terrain.cell_m,
                                      terrain.cell_m)
            words += f", widened to {half_width_m / 1e3 + 8.0 * terrain.cell_m / 1e3:g} km"
            ci, cj = terrain.ij(x, y)
        hz = np.asarray(terrain.heights_m, dtype=float)
        if not np.all(np.isfinite(hz)):
            raise InputError("rover grid", "cells without LOLA data",
                             "a grid fully covered by the available products")
        h = map_coordinates(hz, [ci, cj], order=3, mode="nearest")
        x0, y_bottom = xc - n * cell_m, yc - n * cell_m
        products = tuple(terrain.describe()["products"]) or (product,)
    if not np.all(np.isfinite(h)):
        raise InputError("rover grid", "cells without LOLA data",
                         "a grid fully covered by the available products")
    return h, float(x0), float(y_bottom), products, pixel, product, words


@accepts()
def rover_grid(lat_deg: float, lon_deg: float, half_width_m: float = 1500.0, cell_m: float = 10.0,
               seed: int = 1, detail: DetailModel | None = DetailModel(), terrain=None,
               near_field=None) -> LocalGrid:
    """A rover-scale :class:`LocalGrid` centred on (lat, lon).

    Real heights from the landing stage's terrain (``terrain``, default :func:`landing_terrain`;
    see :func:`real_grid`); when the finest product's pixel exceeds 2 × cell_m and ``detail`` is
    not None, SYNTHETIC seeded detail is added (labelled in ``source``; its heights also kept in
    ``detail_m``). ``near_field``: the near-field policy (a
    :class:`lupex.site.near_field.NearFieldPolicy` or its k; default k = 2), recorded in ``meta``
    with the products for :func:`horizon_heights`.
    """
    if not (cell_m > 0 and half_width_m >= 10 * cell_m):
        raise InputError("rover grid (half_width_m, cell_m)", (half_width_m, cell_m),
                         "a positive cell and a half-width of at least 10 cells")
    if 2 * half_width_m / cell_m > 2001:
        raise InputError("rover grid cells per side", 2 * half_width_m / cell_m,
                         "at most 2001 (enlarge cell_m or reduce the half-width)")
    pol = _policy(near_field)
    h, x0, y0, products, pixel_m, product, words = real_grid(lat_deg, lon_deg, half_width_m,
                                                             cell_m, terrain)
    use_detail = detail is not None and pixel_m > 2.0 * cell_m
    if use_detail:
        d, info = synthetic_detail(h.shape, cell_m, seed, detail)
        source = f"real: LOLA {product} ({pixel_m:.0f} m pixels; {words}) + {info['label']}"
    else:
        d, info = np.zeros_like(h), None
        source = f"real: LOLA {product} ({pixel_m:.0f} m pixels; {words}); no synthetic detail"
    meta = {"real_product": product, "real_pixel_m": pixel_m, "products": list(products),
            "real_terrain": words,
            "synthetic_detail": use_detail, "detail_seed": int(seed) if use_detail else None,
            "detail_info": {k: v for k, v in (info or {}).items() if k != "crater_diameters_m"},
            "near_field_k": float(pol.k), "center_lat_deg": lat_deg, "center_lon_deg": lon_deg}
    return LocalGrid(h + d, float(cell_m), x0, y0, source=source, detail_m=d, meta=meta)


def horizon_heights(grid: LocalGrid, near_field=None) -> tuple[np.ndarray, str]:
    """Heights admitted for local horizons under the near-field policy, and the policy in words.

    near_field: :class:`lupex.site.near_field.NearFieldPolicy` or its k (default: the k recorded in
    ``grid.meta`` by :func:`rover_grid`, else 2). Real terrain inside k × its pixel of every cell
    is excluded; on a grid smaller than that (always the case for LDEM_4 with k = 2) only the
    synthetic detail remains; with k × pixel at most one cell (a fine real tile, or k = 0) the
    full heights are used.
    """
    pol = _policy(grid.meta.get("near_field_k") if near_field is None else near_field)
    k = float(pol.k)
    pixel = float(grid.meta.get("real_pixel_m", grid.cell_m))
    excl = pol.exclusion_m(pixel)
    ny, nx = grid.shape
    extent = max(ny, nx) * grid.cell_m
    if excl <= grid.cell_m:
        return grid.heights, (f"local horizons from the real grid (k = {k:g} × {pixel:.0f} m "
                              "≤ one cell)")
    if excl >= extent:
        d = grid.detail_m if grid.detail_m is not None else np.zeros(grid.shape)
        return d, (f"real {grid.meta.get('real_product', 'terrain')} closer than "
                   f"{k:g} × {pixel:.0f} m = {excl:.0f} m excluded (covers the whole "
                   "local grid): local horizons from the synthetic detail only")
    # intermediate case (a product of a few tens of metres): removing the real part's
    # sub-exclusion structure is not attempted; use the full heights and say so
    return grid.heights, (f"local horizons from the full grid; real pixel {pixel:.0f} m, exclusion "
                          f"{excl:.0f} m smaller than the grid")


def far_horizon(lat_deg: float, lon_deg: float, observer_height_m: float = 1.0,
                reach_m: float = 150_000.0, cell_m: float = 500.0, n_az: int = 360,
                near_field=None, terrains=None) -> FarHorizon:
    """Far-field horizon from (lat, lon) by :func:`lupex.site.horizon.site_horizon` (exact
    sphere geometry) on ``terrains``: the landing stage's nested terrains, default
    :func:`lupex.site.analysis.site_terrains` (``cell_m`` far grid out to ``reach_m``), the
    function the landing stage calls. Terrain closer than k × the native pixel under the site is
    excluded (``near_field``: :class:`lupex.site.near_field.NearFieldPolicy` or its k, default 2;
    the landing stage hands over its own). Terrain farther than ``reach_m`` (or the terrains'
    edge) is not seen. Returned as a function of GRID azimuth (clockwise from grid +y), which is
    what the rover's sky uses.
    """
    from lupex.moon_geometry import true_to_grid_azimuth
    from lupex.site.analysis import site_terrains
    from lupex.site.horizon import site_horizon

    pol = _policy(near_field)
    ts = list(terrains) if terrains is not None else site_terrains(lat_deg, lon_deg, reach_m,
                                                                    far_cell_m=cell_m)
    sh = site_horizon(ts, lat_deg, lon_deg, height_m=observer_height_m, n_az=n_az,
                      policy=pol, reach_m=reach_m)
    grid_az = true_to_grid_azimuth(sh.azimuth_deg, lon_deg, -1 if lat_deg < 0 else 1)
    order = np.argsort(grid_az)
    return FarHorizon(np.asarray(grid_az)[order], np.asarray(sh.elevation_deg)[order],
                      float(sh.near_field_m), float(sh.reach_m),
                      tuple(sh.terrain.get("products", ())),
                      str(sh.terrain.get("near_field_policy", "")))
