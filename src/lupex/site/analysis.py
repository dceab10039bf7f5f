"""High-level site analysis: terrain stack for a site, site illumination, region maps.

These functions compose :mod:`lupex.site.terrain`, :mod:`lupex.site.horizon` and
:mod:`lupex.site.illumination` with the project's defaults:
- reach 160 km (>= 150 km, as in Mazarico et al. 2011, Icarus 211:1066, and Gläser et al. 2014);
- near-field policy k = 2 (:class:`~lupex.site.terrain.NearFieldPolicy`);
- site horizons at 720 true azimuths (0.5°), map horizons at 360 grid azimuths.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lupex.errors import InputError
from lupex.site.horizon import SiteHorizon, horizon_map, site_horizon
from lupex.site.illumination import (
    IlluminationMap,
    SiteIllumination,
    illumination_map,
    site_illumination,
    time_grid,
)
from lupex.site.terrain import NearFieldPolicy, Terrain, available_products, build_terrain
import lupex.display as _display
from lupex.units import accepts

#: Default horizon reach, m (published polar illumination studies use 150-300 km).
DEFAULT_REACH_M = 160_000.0


def _check_site(lat_deg, lon_deg, height_m, where="site"):
    if not (np.isfinite(lat_deg) and -90 <= lat_deg <= 90):
        raise InputError(f"{where} latitude (lat_deg)", lat_deg, "a latitude between -90 and 90°")
    if not (np.isfinite(lon_deg) and -180 <= lon_deg <= 360):
        raise InputError(f"{where} longitude (lon_deg)", lon_deg,
                         "an east longitude between -180 and 360°")
    if not (np.isfinite(height_m) and 0 <= height_m <= 1000):
        raise InputError("observer height above ground (height_m)", height_m,
                         "a height from 0 to 1000 m (a mast or a tower)")


@lru_cache(maxsize=8)
def _cached_terrain(lat, lon, half_width_m, cell_m, product_paths):
    from lupex.site.pds import open_product

    prods = [open_product(p) for p in product_paths] if product_paths else None
    return build_terrain(lat, lon, half_width_m, cell_m, prods)


@accepts()
def site_terrains(lat_deg: float, lon_deg: float, reach_m: float = DEFAULT_REACH_M,
                  products=None, far_cell_m: float = 500.0, near_half_width_m: float = 20_000.0,
                  ) -> list[Terrain]:
    """Nested terrains for a site horizon, finest first.

    - far grid: ``far_cell_m`` cells out to ``reach_m`` (+2 cells), every product combined;
    - near grid (only when a product finer than half the far cell covers the site): cells of that
      product's pixel (at least 5 m), ``near_half_width_m`` around the site (<= 2000 cells).
    """
    prods = list(products) if products is not None else available_products()
    paths = tuple(str(p.path) for p in prods)
    lat_r, lon_r = round(float(lat_deg), 6), round(float(lon_deg) % 360.0, 6)
    far = _cached_terrain(lat_r, lon_r, reach_m + 2 * far_cell_m, far_cell_m, paths)
    out = [far]
    fine = [p for p in prods if p.pixel_m < far_cell_m / 2 and p.covers(lat_deg, lon_deg)]
    if fine:
        px = max(5.0, min(p.pixel_m for p in fine))
        hw = min(near_half_width_m, 1000 * px)
        out.insert(0, _cached_terrain(lat_r, lon_r, hw, px, paths))
    return out


def _check_period(start, stop) -> None:
    """The analysis period is required: polar illumination depends on the season."""
    for name, value in (("start", start), ("stop", stop)):
        if value is None:
            raise InputError(name, value, "a UTC epoch (astropy Time, ISO 8601 string or "
                             "datetime); the analysis period has no default because polar "
                             "illumination depends on the season")


@accepts(epochs=("start", "stop"))
def analyze_site(lat_deg: float, lon_deg: float, height_m: float = 2.0,
                 start=None, stop=None, step_h: float = 1.0,
                 policy: NearFieldPolicy | None = None, near_field_m: float | None = None,
                 terrains: list[Terrain] | None = None, n_az: int = 720,
                 reach_m: float = DEFAULT_REACH_M) -> SiteIllumination:
    """Horizon and Sun/Earth visibility of one site over a period.

    Parameters
    ----------
    lat_deg, lon_deg : site, degrees (selenographic, east longitude).
    height_m : observer height above the ground, m (>= 0).
    start, stop, step_h : period (UTC; astropy Time, ISO string or datetime) and step in hours.
        The period is required: illumination at the pole depends on the season, so there is no
        default (the result's ``times`` state the period analysed).
    Every angle, length and duration may also be an astropy Quantity (:mod:`lupex.units`).
    policy / near_field_m : near-field policy (default k = 2) or an explicit exclusion, m.
    terrains : nested terrains (default :func:`site_terrains`).
    Raises InputError for a site off the DEM, a negative height, or epochs outside DE421.
    """
    _check_site(lat_deg, lon_deg, height_m)
    _check_period(start, stop)
    times = time_grid(start, stop, step_h)
    ts = terrains if terrains is not None else site_terrains(lat_deg, lon_deg, reach_m)
    hz = site_horizon(ts, lat_deg, lon_deg, height_m, n_az=n_az, near_field_m=near_field_m,
                      policy=policy, reach_m=reach_m)
    return site_illumination(hz, times, step_h)


@_display.result()
@dataclass(frozen=True)
class RegionAnalysis:
    """Maps of a square region around a site (cells of ``terrain``) and the horizons behind them
    (None from :func:`region_statistics`, which keeps no horizon cube)."""

    terrain: Terrain
    maps: IlluminationMap
    horizons: np.ndarray | None
    region: tuple[int, int, int, int]
    near_field_m: float
    policy: str


@accepts(epochs=("start", "stop"))
def analyze_region(lat_deg: float, lon_deg: float, half_width_m: float = 10_000.0,
                   cell_m: float = 400.0, height_m: float = 2.0, start=None,
                   stop=None, step_h: float = 1.0, reach_m: float = DEFAULT_REACH_M,
                   policy: NearFieldPolicy | None = None, n_az: int = 360,
                   lines_per_cell: int | None = None, products=None) -> RegionAnalysis:
    """Illumination/Earth/PSR maps of the square region of half-width ``half_width_m``.

    The horizon grid extends ``reach_m`` beyond the region; horizons are computed for the whole
    grid by the sweep and the maps are cut to the region. The period ``start`` .. ``stop`` is
    required (no default, as for :func:`analyze_site`).
    """
    times, t, region, near, pol, pixel = _region_setup(
        lat_deg, lon_deg, half_width_m, cell_m, height_m, start, stop, step_h, reach_m, policy,
        products)
    sub = t.subgrid(*region)
    hz = horizon_map(t, height_m, n_az, near, lines_per_cell=lines_per_cell, region=region)
    maps = illumination_map(sub, hz, times, step_h, height_m, near)
    return RegionAnalysis(sub, maps, hz, region, near, pol.describe(pixel))


def _region_setup(lat_deg, lon_deg, half_width_m, cell_m, height_m, start, stop, step_h, reach_m,
                  policy, products):
    """The checks and inputs shared by :func:`analyze_region` and :func:`region_statistics`:
    (epochs, horizon grid reaching ``reach_m`` beyond the region, region (i0, i1, j0, j1) of
    that grid, near-field exclusion m, policy, native pixel m under the site)."""
    _check_period(start, stop)
    _check_site(lat_deg, lon_deg, height_m)
    if not (half_width_m >= cell_m > 0):
        raise InputError("region (half_width_m, cell_m)", (half_width_m, cell_m),
                         "a positive cell no larger than the region half-width")
    times = time_grid(start, stop, step_h)
    pol = policy or NearFieldPolicy()
    prods = list(products) if products is not None else available_products()
    paths = tuple(str(p.path) for p in prods)
    t = _cached_terrain(round(float(lat_deg), 6), round(float(lon_deg) % 360, 6),
                        half_width_m + reach_m, cell_m, paths)
    pixel = t.pixel_of_source_at(lat_deg, lon_deg)
    n = int(round(half_width_m / cell_m))
    c = t.shape[0] // 2
    return times, t, (c - n, c + n + 1, c - n, c + n + 1), pol.exclusion_m(pixel), pol, pixel


#: Largest overview grid, cells per side (the overview's cell is the native pixel of the finest
#: product covering the whole cap, coarsened when that would exceed this).
OVERVIEW_MAX_CELLS = 801


def overview_cell_m(to_lat_deg: float = -80.0, products=None) -> float:
    """Cell (m) of a polar overview: the native pixel of the finest product that covers the pole
    and the cap's edge at every 30° of longitude (1,600 m with the shipped 1.6 km south-polar
    layer), coarsened to at most :data:`OVERVIEW_MAX_CELLS` cells per side across the cap."""
    from lupex.moon_geometry import latlon_to_ps

    prods = list(products) if products is not None else available_products()
    pole = -1 if to_lat_deg < 0 else 1
    pts = [(90.0 * pole, 0.0)] + [(to_lat_deg, lon) for lon in range(0, 360, 30)]
    cover = [p for p in prods if all(p.covers(la, lo) for la, lo in pts)]
    if not cover:
        raise InputError("polar overview (to_lat_deg)", to_lat_deg,
                         "a cap covered by a terrain product (see `lupex data list`)")
    px = min(p.pixel_m for p in cover)
    half = float(abs(latlon_to_ps(to_lat_deg, 0.0, pole)[1]))
    return max(px, 2.0 * half / (OVERVIEW_MAX_CELLS - 1))


def polar_overview(to_lat_deg: float = -80.0, height_m: float = 2.0, start=None,
                   stop=None, step_h: float = 12.0, policy: NearFieldPolicy | None = None,
                   n_az: int = 90, reach_m: float = DEFAULT_REACH_M, products=None
                   ) -> RegionAnalysis:
    """Mean Sun visibility and PSRs of the whole polar cap out to ``to_lat_deg`` (e.g. -80).

    A square region centred on the pole, half-width the cap's polar-stereographic radius, on the
    cell of :func:`overview_cell_m` (the native 1.6 km grid of the shipped south-polar layer);
    horizons at ``n_az`` grid azimuths with one sweep line per cell, terrain ``reach_m`` beyond
    the cap. Cells outside the cap are NaN in the maps (and never PSR). Coarser than a site's
    analysis on purpose (a whole cap): fewer azimuths (the horizon is interpolated between them)
    and a longer time step, so cells lit only briefly may come out as PSR.
    """
    from lupex.moon_geometry import latlon_to_ps

    if not (np.isfinite(to_lat_deg) and 60.0 <= abs(to_lat_deg) < 89.0):
        raise InputError("polar overview (to_lat_deg)", to_lat_deg,
                         "a latitude from 60° to 89° (north or south)")
    pole = -1 if to_lat_deg < 0 else 1
    prods = list(products) if products is not None else available_products()
    cell = overview_cell_m(to_lat_deg, prods)
    half = float(abs(latlon_to_ps(to_lat_deg, 0.0, pole)[1]))
    half = cell * np.ceil(half / cell)
    reg = analyze_region(90.0 * pole, 0.0, half, cell, height_m, start, stop, step_h, reach_m,
                         policy or NearFieldPolicy(), n_az=n_az, lines_per_cell=1, products=prods)
    lat, _ = reg.terrain.cell_latlon()
    outside = np.abs(lat) < abs(to_lat_deg)
    m = reg.maps
    fields = {}
    for name in ("sun_fraction", "sun_any_fraction", "earth_fraction", "sun_and_earth_fraction",
                 "longest_dark_hours"):
        a = np.array(getattr(m, name), dtype=float, copy=True)
        a[outside] = np.nan
        fields[name] = a
    psr = np.asarray(m.psr) & ~outside
    from lupex.moon_geometry import ps_scale_factor

    area = float(np.sum((cell / ps_scale_factor(lat[psr], pole)) ** 2)) / 1e6
    from dataclasses import replace

    maps = replace(m, psr=psr, psr_area_km2=area, **fields)
    return replace(reg, maps=maps)


def region_statistics(lat_deg: float, lon_deg: float, half_width_m: float = 10_000.0,
                      cell_m: float = 400.0, height_m: float = 2.0, start=None,
                      stop=None, step_h: float = 1.0, reach_m: float = DEFAULT_REACH_M,
                      policy: NearFieldPolicy | None = None, n_az: int = 360,
                      lines_per_cell: int | None = None, products=None, scheduler=None,
                      tile_cells: int = 256, progress=None) -> RegionAnalysis:
    """The maps of :func:`analyze_region` over any period (multi-year figures included) without
    holding the horizon cube (:func:`lupex.site.illumination.illumination_statistics`), or, with
    ``scheduler`` (a dask scheduler address or Client), in tiles on a cluster
    (:func:`lupex.site.tiles.tiled_illumination_map`, horizons limited to ``reach_m``).
    ``horizons`` of the result is None (no cube is kept)."""
    from lupex.site.illumination import illumination_statistics
    from lupex.site.tiles import tiled_illumination_map

    times, t, region, near, pol, pixel = _region_setup(
        lat_deg, lon_deg, half_width_m, cell_m, height_m, start, stop, step_h, reach_m, policy,
        products)
    if scheduler is None:
        maps = illumination_statistics(t, times, step_h, height_m, near, region=region, n_az=n_az,
                                       lines_per_cell=lines_per_cell)
    else:
        maps = tiled_illumination_map(t, times, step_h, height_m, near, reach_m, region=region,
                                      tile_cells=tile_cells, scheduler=scheduler, n_az=n_az,
                                      lines_per_cell=lines_per_cell, progress=progress)
    return RegionAnalysis(maps.terrain, maps, None, region, near, pol.describe(pixel))


__all__ = ["DEFAULT_REACH_M", "OVERVIEW_MAX_CELLS", "RegionAnalysis", "SiteHorizon",
           "analyze_region", "analyze_site", "overview_cell_m", "polar_overview",
           "region_statistics", "site_terrains"]
