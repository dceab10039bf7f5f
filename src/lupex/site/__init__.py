"""Landing-site analysis on real LOLA terrain: horizons, Sun and Earth visibility, PSRs, slopes.

Public API
----------
Terrain I/O (:mod:`lupex.site.pds`, :mod:`lupex.site.terrain`, :mod:`lupex.site.fetch`):
- :func:`open_product` -- a LOLA PDS3 .IMG/.LBL or GeoTIFF product (memory-mapped), with
  lat/lon <-> pixel for simple-cylindrical and polar-stereographic grids (sphere 1,737.4 km).
- :func:`available_products` -- every product in the data directories (``lupex.paths``).
- :func:`build_terrain` -> :class:`Terrain` -- products combined (finest first) on a local
  polar-stereographic grid, interpolated in that plane (never in lat/lon near the pole).
- :class:`NearFieldPolicy` -- terrain closer than k x native pixel (k = 2) is excluded.
- :func:`fetch_product`, :data:`PRODUCTS` -- cached, checksummed download from the PDS node.
Horizons (:mod:`lupex.site.horizon`):
- :func:`horizon_map` -- horizons of every cell at N GRID azimuths (sweep, numba, parallel).
- :func:`site_horizon` -> :class:`SiteHorizon` -- one site, TRUE azimuths, ray-march on nested
  terrains with exact sphere geometry.
Illumination (:mod:`lupex.site.illumination`, :mod:`lupex.site.analysis`):
- :func:`analyze_site` -> :class:`SiteIllumination` -- Sun disk fraction, Earth visibility,
  joint availability, longest darkness of a site over a period.
- :func:`analyze_region` -> :class:`RegionAnalysis` -- the same as maps, plus PSR mask and area.
- :func:`illumination_statistics` -> :class:`IlluminationMap` -- the same maps without holding
  the horizon cube (memory grows with the grid only), over any period in DE421, with multi-year
  figures (worst year, longest darkness over the period);
  :func:`lupex.site.tiles.tiled_illumination_map` -- the same in tiles with a halo of the horizon
  reach, here or on a dask cluster (``lupex[cluster]``).
Slopes and ranking (:mod:`lupex.site.slope`, :mod:`lupex.site.ranking`):
- :func:`slope_aspect`, :func:`footprint_slope`, :func:`safe_area`, :func:`rank_sites`.
Plots are in :mod:`lupex.site.plots` (never imported by the physics modules).

Azimuths: site results use true azimuths (clockwise from north); map horizons use grid azimuths
(clockwise from grid +y; near the south pole true = grid - east longitude).
"""

from lupex.site.analysis import RegionAnalysis, analyze_region, analyze_site, site_terrains
from lupex.site.fetch import PRODUCTS, fetch_product, find_product
from lupex.site.horizon import (
    SiteHorizon,
    grid_azimuths,
    horizon_map,
    ray_horizon,
    ray_horizon_crossings,
    site_horizon,
)
from lupex.site.illumination import (
    IlluminationMap,
    SiteIllumination,
    disk_fraction,
    illumination_map,
    illumination_statistics,
    site_illumination,
    time_grid,
)
from lupex.site.pds import DemProduct, open_product, parse_label, write_geotiff
from lupex.site.ranking import rank_sites
from lupex.site.slope import footprint_slope, safe_area, slope_aspect
from lupex.site.terrain import (
    NearFieldPolicy,
    Terrain,
    available_products,
    build_terrain,
    grid_to_true_azimuth,
    true_to_grid_azimuth,
)

__all__ = [
    "PRODUCTS", "DemProduct", "IlluminationMap", "NearFieldPolicy", "RegionAnalysis",
    "SiteHorizon", "SiteIllumination", "Terrain", "analyze_region", "analyze_site",
    "available_products", "build_terrain", "disk_fraction", "fetch_product", "find_product",
    "footprint_slope", "grid_azimuths", "grid_to_true_azimuth", "horizon_map",
    "illumination_map", "illumination_statistics", "open_product", "parse_label", "rank_sites", "ray_horizon",
    "ray_horizon_crossings", "safe_area", "site_horizon", "site_illumination", "site_terrains",
    "slope_aspect", "time_grid", "true_to_grid_azimuth", "write_geotiff",
]
