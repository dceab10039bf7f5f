"""GeoTIFF terrain: opening a GeoTIFF as a :class:`lupex.site.dem.DemProduct`, and writing maps.

A GeoTIFF opens (through :func:`lupex.site.pds.open_product`) when it is polar stereographic on
the LOLA sphere or a longitude/latitude grid; :func:`write_geotiff` writes a grid on the polar
stereographic plane of :mod:`lupex.moon_geometry`, so GIS tools place it on the Moon.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lupex.errors import InputError
from lupex.moon_geometry import MOON_RADIUS_M
from lupex.moon_geometry import ps_proj4 as ps_crs_proj4
from lupex.site.dem import DemProduct


def _open_geotiff(path: Path, where: str) -> DemProduct:
    """GeoTIFF via rasterio: polar stereographic (stere, lat_0=+-90, on the LOLA sphere) or lon/lat grids."""
    import rasterio
    from rasterio.errors import RasterioError

    try:
        with rasterio.open(path) as ds:
            crs = ds.crs
            tr = ds.transform
            arr = ds.read(1)
            nodata = ds.nodata
            units = (ds.units[0] or "").lower() if ds.units else ""
    except RasterioError as exc:
        raise InputError(where, str(path), "a readable GeoTIFF elevation product (this file "
                         f"is not one: {str(exc)[:120]}); remove it from the data directory or "
                         "replace it with a good copy") from None
    if abs(tr.b) > 0 or abs(tr.d) > 0 or abs(abs(tr.a) - abs(tr.e)) > 1e-9 * abs(tr.a):
        raise InputError(where, str(path), "a north-up GeoTIFF with square pixels")
    scale = 1000.0 if units in ("km", "kilometer", "kilometers") else 1.0
    proj4 = crs.to_proj4() if crs is not None else ""
    common = dict(name=path.stem.upper(), path=path, lines=arr.shape[0], samples=arr.shape[1],
                  _raw=arr, _scale_m=scale,
                  _missing=float(nodata) if nodata is not None else None)
    if "+proj=stere" in proj4 and ("lat_0=-90" in proj4 or "lat_0=90" in proj4):
        px = float(tr.a)
        return DemProduct(projection="polar_stereographic", pixel_m=px,
                          line_offset=tr.f / px - 0.5, sample_offset=-tr.c / px - 0.5,
                          pole=-1 if "lat_0=-90" in proj4 else 1, **common)
    if "+proj=longlat" in proj4 or (crs is not None and crs.is_geographic):
        res = 1.0 / float(tr.a)
        west = tr.c
        north = tr.f
        return DemProduct(projection="simple_cylindrical", pixel_m=np.pi * MOON_RADIUS_M / 180 / res,
                          res_ppd=res, line_offset=north * res - 0.5,
                          sample_offset=(180.0 - west) * res - 0.5, center_lon_deg=180.0, **common)
    raise InputError(where, proj4 or "no CRS",
                     f"a GeoTIFF in lunar polar stereographic (R={MOON_RADIUS_M:.0f}) or "
                     "longitude/latitude")


def write_geotiff(path: str | Path, values: np.ndarray, x0_m: float, y0_m: float, cell_m: float,
                  nodata: float | None = None, pole: int = -1, description: str = "") -> Path:
    """Write a north-up polar-stereographic GeoTIFF (float32) through :func:`lupex.export.write_geotiff`.

    values[i, j] is at x = x0_m + j*cell_m, y = y0_m - i*cell_m (pixel centres; row 0 at the top).
    pole = -1 writes the Moon's south polar stereographic CRS (named IAU_2015:30135 when PROJ has
    it), +1 the north polar one.
    """
    from lupex.export import write_geotiff as _write

    a = np.asarray(values, dtype=np.float32)
    x_m = x0_m + cell_m * np.arange(a.shape[1])
    y_m = y0_m - cell_m * np.arange(a.shape[0])
    crs = None if pole == -1 else ps_crs_proj4(pole)
    return Path(_write(path, a, x_m, y_m, crs=crs, nodata=nodata, description=description))
