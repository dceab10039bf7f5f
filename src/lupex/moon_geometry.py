"""Moon surface geometry shared by every package: the polar-stereographic plane, azimuths on it,
terrain grids and their slopes, and the visible fraction of a disc above a horizon.

Projection
    Polar stereographic on the LOLA reference sphere (radius :data:`lupex.constants.MOON_RADIUS_M`),
    true scale at the pole, ``lon_0 = 0``: PROJ ``+proj=stere +lat_0=±90 +lon_0=0 +k=1 +R=…``
    (:func:`ps_proj4`). In the south, longitude 0 points along +y and 90°E along +x; in the
    north, 0°E along −y and 90°E along +x (LOLA DSMAP_POLAR.CAT, PDS Geosciences Node). Forward
    and inverse formulas: Snyder (1987) eqs. 21-33 to 21-41 with k0 = 1 on a sphere
    (:func:`latlon_to_ps`, :func:`ps_to_latlon`); point scale factor k = 2 / (1 + |sin lat|)
    (Snyder eq. 21-4, :func:`ps_scale_factor`).
Azimuths
    True azimuth: clockwise from local north. Grid azimuth: clockwise from grid +y. In the south
    grid = true + lon, in the north grid = true − lon + 180° (:func:`true_to_grid_azimuth`).
Grid row convention
    A terrain grid is a 2-D height array on the plane with square cells of ``cell_m`` metres.
    Its columns always run along +x. Its rows run along +y (:data:`ROWS_ALONG_PLUS_Y`; the
    rover's :class:`lupex.rover.grid.LocalGrid`, ``heights[i, j]`` at y0 + i·cell) or along −y
    (:data:`ROWS_ALONG_MINUS_Y`; image order as in the LOLA products, the site's
    :class:`lupex.site.terrain.Terrain`). :func:`grid_gradient` is the one place that turns the
    row direction into dz/dx, dz/dy on the plane; slopes and aspects are computed from those.
Disc above a horizon
    Visible fraction of a disc of angular radius r whose centre is at elevation e above a
    locally straight horizon at h: with x = (e − h)/r clipped to [−1, 1], the hidden fraction is
    the circular-segment area (acos x − x √(1 − x²))/π (:func:`disc_visible_fraction`).

Units: metres, degrees (latitude, east longitude 0..360, azimuths), dimensionless fractions.

References
----------
.. [1] Snyder, J. P. (1987), *Map Projections — A Working Manual*, USGS Professional Paper 1395,
   ch. 21 (polar stereographic).
.. [2] Neumann, G. A. (2011), LRO LOLA RDR/GDR Software Interface Specification, and the PDS
   catalog file DSMAP_POLAR.CAT of LRO-L-LOLA-4-GDR-V1.0.
"""

from __future__ import annotations

import numpy as np

from lupex.constants import MOON_RADIUS_M, SUN_ANGULAR_RADIUS_DEG

#: Grid rows run along +y (row i at y0 + i·cell_m): the rover's local grids.
ROWS_ALONG_PLUS_Y = 1
#: Grid rows run along −y (image order, first row northernmost in the south): LOLA products and
#: the site's terrain grids.
ROWS_ALONG_MINUS_Y = -1


# ------------------------------------------------------------------------------------------------
# Projection


def ps_proj4(pole: int = -1) -> str:
    """PROJ string of the LOLA polar-stereographic projection (south pole by default)."""
    return (f"+proj=stere +lat_0={90 * pole} +lon_0=0 +k=1 +x_0=0 +y_0=0 +R={MOON_RADIUS_M:.0f} "
            "+units=m +no_defs")


#: PROJ string of the south polar-stereographic plane.
PS_SOUTH_PROJ4 = ps_proj4(-1)
#: PROJ string of selenographic longitude/latitude on the same sphere.
MOON_LONGLAT_PROJ4 = f"+proj=longlat +R={MOON_RADIUS_M:.0f} +no_defs"


def latlon_to_ps(lat_deg, lon_deg, pole: int = -1):
    """Polar-stereographic (x, y), m, of selenographic lat/lon (deg); same formulas as PROJ stere.

    South: rho = 2R tan(pi/4 + lat/2), x = rho sin(lon), y = rho cos(lon) (DSMAP_POLAR.CAT; Snyder
    1987 eq. 21-33 with k0 = 1). Verified against pyproj in the site tests.
    """
    lat = np.radians(np.asarray(lat_deg, dtype=float))
    lon = np.radians(np.asarray(lon_deg, dtype=float))
    if pole < 0:
        rho = 2.0 * MOON_RADIUS_M * np.tan(np.pi / 4 + lat / 2)
        return rho * np.sin(lon), rho * np.cos(lon)
    rho = 2.0 * MOON_RADIUS_M * np.tan(np.pi / 4 - lat / 2)
    return rho * np.sin(lon), -rho * np.cos(lon)


def ps_to_latlon(x, y, pole: int = -1):
    """Inverse of :func:`latlon_to_ps`: (lat, lon east 0..360) in degrees."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    rho = np.hypot(x, y)
    if pole < 0:
        lat = -90.0 + np.degrees(2.0 * np.arctan(0.5 * rho / MOON_RADIUS_M))
        lon = np.degrees(np.arctan2(x, y)) % 360.0
    else:
        lat = 90.0 - np.degrees(2.0 * np.arctan(0.5 * rho / MOON_RADIUS_M))
        lon = np.degrees(np.arctan2(x, -y)) % 360.0
    return lat, lon


def ps_scale_factor(lat_deg, pole: int = -1):
    """Point scale factor k of the polar stereographic projection (k = 1 at the pole).

    k = 2 / (1 + |sin lat|) (Snyder 1987, eq. 21-4 with k0 = 1): grid distances are k times
    true distances on the sphere.
    """
    return 2.0 / (1.0 + np.abs(np.sin(np.radians(np.asarray(lat_deg, dtype=float)))))


def ps_transformer(inverse: bool = False):
    """pyproj transformer selenographic (lon, lat deg) -> south polar stereographic (x, y m)."""
    import pyproj

    geo = pyproj.CRS.from_proj4(MOON_LONGLAT_PROJ4)
    ps = pyproj.CRS.from_proj4(PS_SOUTH_PROJ4)
    if inverse:
        return pyproj.Transformer.from_crs(ps, geo, always_xy=True)
    return pyproj.Transformer.from_crs(geo, ps, always_xy=True)


# ------------------------------------------------------------------------------------------------
# Azimuths


def true_to_grid_azimuth(true_az_deg, lon_deg, pole: int = -1):
    """Grid azimuth (clockwise from grid +y) of a true azimuth (clockwise from north) at ``lon``.

    South polar stereographic with lon_0 = 0: true north at longitude lon points along grid
    direction (sin lon, cos lon), so grid = true + lon. (North pole: grid = true - lon + 180.)
    """
    if pole < 0:
        return (np.asarray(true_az_deg) + np.asarray(lon_deg)) % 360.0
    return (np.asarray(true_az_deg) - np.asarray(lon_deg) + 180.0) % 360.0


def grid_to_true_azimuth(grid_az_deg, lon_deg, pole: int = -1):
    """Inverse of :func:`true_to_grid_azimuth`."""
    if pole < 0:
        return (np.asarray(grid_az_deg) - np.asarray(lon_deg)) % 360.0
    return (np.asarray(grid_az_deg) + np.asarray(lon_deg) - 180.0) % 360.0


def grid_azimuth_offset_deg(lat_deg: float, lon_deg: float) -> float:
    """Angle (deg, 0..360) to add to a true azimuth (clockwise from local north) to get the
    azimuth clockwise from grid +y at a point: :func:`true_to_grid_azimuth` of 0° on the plane of
    the point's pole (the east longitude in the south; the tests check it against the
    projection's Jacobian from pyproj)."""
    return float(true_to_grid_azimuth(0.0, lon_deg, -1 if lat_deg < 0 else 1))


# ------------------------------------------------------------------------------------------------
# Grids and slopes


def grid_gradient(heights, cell_m: float, rows: int = ROWS_ALONG_MINUS_Y):
    """(dz/dx, dz/dy) on the plane (m per grid metre) of a height grid with square cells.

    rows: :data:`ROWS_ALONG_PLUS_Y` or :data:`ROWS_ALONG_MINUS_Y` (see the module docstring).
    numpy central differences: second order inside, first order at the edges.
    """
    d_rows, d_cols = np.gradient(np.asarray(heights, dtype=float), cell_m)
    return d_cols, (d_rows if rows > 0 else -d_rows)


def slope_from_gradient_deg(dz_dx, dz_dy):
    """Slope angle (deg) of a surface with gradient (dz/dx, dz/dy) per true metre: atan |∇z|."""
    return np.degrees(np.arctan(np.hypot(dz_dx, dz_dy)))


def downhill_grid_azimuth_deg(dz_dx, dz_dy):
    """Grid azimuth (deg, clockwise from grid +y, 0..360) of the steepest descent."""
    return np.degrees(np.arctan2(-dz_dx, -dz_dy)) % 360.0


def slope_deg(heights, cell_m: float, scale_factor=1.0):
    """Slope (deg) of every cell of a height grid; ``scale_factor``: the projection's point
    scale factor k (scalar or per cell; grid metres are k true metres), 1 for a local grid."""
    gx, gy = grid_gradient(heights, cell_m, ROWS_ALONG_PLUS_Y)
    return slope_from_gradient_deg(gx * scale_factor, gy * scale_factor)


# ------------------------------------------------------------------------------------------------
# Disc above a horizon


def disc_visible_fraction(elevation_deg, horizon_deg=0.0, radius_deg=SUN_ANGULAR_RADIUS_DEG):
    """Fraction (0..1) of a disc of angular radius ``radius_deg`` (default: the Sun at 1 au)
    whose centre is at ``elevation_deg`` above a straight horizon at ``horizon_deg`` (vectorised).

    With x = (elevation − horizon)/radius clipped to [−1, 1], the hidden fraction is the circular
    segment (acos x − x √(1 − x²))/π. Exact for a locally straight horizon line.
    """
    x = np.clip((np.asarray(elevation_deg, float) - np.asarray(horizon_deg, float)) / radius_deg,
                -1.0, 1.0)
    return 1.0 - (np.arccos(x) - x * np.sqrt(1.0 - x * x)) / np.pi


__all__ = [
    "MOON_LONGLAT_PROJ4",
    "MOON_RADIUS_M",
    "PS_SOUTH_PROJ4",
    "ROWS_ALONG_MINUS_Y",
    "ROWS_ALONG_PLUS_Y",
    "disc_visible_fraction",
    "downhill_grid_azimuth_deg",
    "grid_azimuth_offset_deg",
    "grid_gradient",
    "grid_to_true_azimuth",
    "latlon_to_ps",
    "ps_proj4",
    "ps_scale_factor",
    "ps_to_latlon",
    "ps_transformer",
    "slope_deg",
    "slope_from_gradient_deg",
    "true_to_grid_azimuth",
]
