"""GeoTIFF export: reopens with rasterio with the Moon polar stereographic CRS and the right transform.

References
- Snyder, J. P. (1987), Map Projections — A Working Manual, USGS Professional Paper 1395,
  polar stereographic on the sphere, eqs. (21-1), (21-3), (21-4) … south polar aspect:
  rho = 2 R k0 tan(pi/4 + phi/2), x = rho sin(lambda - lambda0), y = rho cos(lambda - lambda0).
- PROJ's database entry IAU_2015:30135 "Moon (2015) - Sphere / Ocentric / South Polar"
  (IAU WGCCRE 2015, Archinal et al. 2018), an independent definition of the same CRS.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import rasterio
from affine import Affine
from pyproj import CRS, Transformer

from lupex.errors import InputError
from lupex.export import (
    MOON_NORTH_POLAR_STEREO_PROJ,
    MOON_SOUTH_POLAR_STEREO_PROJ,
    moon_polar_stereographic_crs,
    write_geotiff,
)

R_MOON = 1_737_400.0


def snyder_south_polar_xy(lat_deg, lon_deg, r=R_MOON, k0=1.0):
    """Snyder (1987) eq. 21-33/21-30..21-32, south polar aspect, lon0 = 0."""
    phi = math.radians(lat_deg)
    lam = math.radians(lon_deg)
    rho = 2.0 * r * k0 * math.tan(math.pi / 4.0 + phi / 2.0)
    return rho * math.sin(lam), rho * math.cos(lam)


def assert_same_projection(crs, ref, south=True):
    """Same x, y [m] for the same selenographic lat/lon, within 1 mm, over a polar cap."""
    lat = np.linspace(-89.99, -80.0, 25) * (1 if south else -1)
    lon = np.linspace(0.0, 359.0, 37)
    lat, lon = (a.ravel() for a in np.meshgrid(lat, lon))
    xy = [
        Transformer.from_crs(c.geodetic_crs, c, always_xy=True).transform(lon, lat)
        for c in (crs, ref)
    ]
    np.testing.assert_allclose(xy[0][0], xy[1][0], atol=1e-3, rtol=0)
    np.testing.assert_allclose(xy[0][1], xy[1][1], atol=1e-3, rtol=0)
    # and both agree with Snyder's formula
    if south:
        sx, sy = np.vectorize(snyder_south_polar_xy)(lat, lon)
        np.testing.assert_allclose(xy[0][0], sx, atol=1e-3, rtol=0)
        np.testing.assert_allclose(xy[0][1], sy, atol=1e-3, rtol=0)


def synthetic_map(nrows=81, ncols=101):
    """A synthetic test surface (not terrain): a smooth ramp with a bump, float32."""
    yy, xx = np.mgrid[0:nrows, 0:ncols]
    return (0.01 * xx + 0.02 * yy + np.exp(-((xx - 40) ** 2 + (yy - 30) ** 2) / 50.0)).astype(
        np.float32
    )


def test_reopens_with_moon_crs_and_transform(tmp_path):
    arr = synthetic_map()
    nrows, ncols = arr.shape
    dx = 20.0
    # cell centres around the connecting ridge (89.45 S, 222.69 E), rows north-up (y decreasing)
    xc, yc = snyder_south_polar_xy(-89.45, 222.69)
    x = xc + dx * (np.arange(ncols) - ncols // 2)
    y = yc - dx * (np.arange(nrows) - nrows // 2)
    p = write_geotiff(
        tmp_path / "map.tif", arr, x, y, description="synthetic test map [m]", units="m"
    )
    with rasterio.open(p) as ds:
        crs = CRS.from_wkt(ds.crs.to_wkt())
        assert crs.ellipsoid.semi_major_metre == pytest.approx(R_MOON)
        assert crs.ellipsoid.semi_minor_metre == pytest.approx(R_MOON)
        # GDAL stores it as polar stereographic (variant A or B): compare the mapping itself with
        # the PROJ string and with PROJ's IAU_2015:30135 over the south polar cap, to 1 mm
        assert_same_projection(crs, CRS.from_proj4(MOON_SOUTH_POLAR_STEREO_PROJ))
        assert_same_projection(crs, CRS.from_user_input("IAU_2015:30135"))
        # corner = first centre minus half a cell
        expected = Affine(dx, 0, x[0] - dx / 2, 0, -dx, y[0] + dx / 2)
        assert ds.transform.almost_equals(expected, precision=1e-6)
        assert (ds.width, ds.height, ds.count) == (ncols, nrows, 1)
        np.testing.assert_array_equal(ds.read(1), arr)
        assert ds.descriptions[0] == "synthetic test map [m]"
        assert ds.units[0] == "m"
        assert ds.tags()["DESCRIPTION"] == "synthetic test map [m]"
        # the centre cell is where Snyder's formula puts 89.45 S, 222.69 E ...
        r, c = ds.index(xc, yc)
        assert (r, c) == (nrows // 2, ncols // 2)
        # ... and the file's CRS maps that cell centre back to the same selenographic point
        cx, cy = ds.xy(r, c)
        to_geo = Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True)
        lon, lat = to_geo.transform(cx, cy)
        assert lat == pytest.approx(-89.45, abs=1e-9)
        assert (lon % 360.0) == pytest.approx(222.69, abs=1e-7)


def test_south_to_north_rows_are_flipped_north_up(tmp_path):
    arr = synthetic_map(20, 30)
    x = 1000.0 + 5.0 * np.arange(30)
    y = -2000.0 + 5.0 * np.arange(20)  # increasing: row 0 is the southernmost
    p = write_geotiff(tmp_path / "flip.tif", arr, x, y)
    with rasterio.open(p) as ds:
        assert ds.transform.e < 0
        data = ds.read(1)
        for i, j in [(0, 0), (19, 29), (7, 11)]:
            r, c = ds.index(x[j], y[i])
            assert data[r, c] == arr[i, j]


def test_mask_nan_nodata_and_transform_argument(tmp_path):
    mask = np.zeros((10, 12), dtype=bool)
    mask[2:5, 3:9] = True
    t = Affine(40.0, 0, -240.0, 0, -40.0, 200.0)
    p = write_geotiff(tmp_path / "psr.tif", mask, transform=t, description="PSR mask (synthetic)")
    with rasterio.open(p) as ds:
        assert ds.dtypes[0] == "uint8"
        assert ds.transform == t
        assert ds.read(1).sum() == mask.sum()
    f = np.ones((10, 12))
    f[0, 0] = np.nan
    p = write_geotiff(tmp_path / "nan.tif", f, transform=tuple(t)[:6])
    with rasterio.open(p) as ds:
        assert math.isnan(ds.nodata)
        assert ds.read(1, masked=True).mask.sum() == 1


@pytest.mark.filterwarnings("ignore:You will likely lose important projection information")
def test_crs_helpers_match_the_proj_strings():
    south = moon_polar_stereographic_crs()
    north = moon_polar_stereographic_crs(south=False)
    assert south.to_dict() == CRS.from_proj4(MOON_SOUTH_POLAR_STEREO_PROJ).to_dict()
    assert north.to_dict() == CRS.from_proj4(MOON_NORTH_POLAR_STEREO_PROJ).to_dict()
    assert_same_projection(south, CRS.from_proj4(MOON_SOUTH_POLAR_STEREO_PROJ))
    assert_same_projection(north, CRS.from_user_input("IAU_2015:30130"), south=False)


@pytest.mark.parametrize(
    "kwargs, where",
    [
        ({"x_m": np.arange(12.0), "y_m": np.array([0, 1, 2, 4, 5, 6, 7, 8, 9, 10.0])}, "y_m"),
        ({"x_m": np.arange(12.0), "y_m": np.arange(9.0)}, "x_m/y_m"),
        ({"x_m": np.arange(12.0)}, "x_m/y_m"),
        ({}, "x_m/y_m"),
        (
            {"x_m": np.arange(12.0), "y_m": np.arange(10.0), "transform": Affine.identity()},
            "transform",
        ),
        ({"transform": (1, 2)}, "transform"),
        ({"transform": Affine.identity(), "crs": "not a crs"}, "crs"),
    ],
)
def test_bad_input_names_the_field(tmp_path, kwargs, where):
    with pytest.raises(InputError) as e:
        write_geotiff(tmp_path / "bad.tif", np.zeros((10, 12)), **kwargs)
    assert e.value.where == where


def test_bad_nodata_and_shape(tmp_path):
    with pytest.raises(InputError) as e:
        write_geotiff(tmp_path / "b.tif", np.zeros((4, 4), np.uint8), transform=Affine.identity(),
                      nodata=-1)
    assert e.value.where == "nodata"
    with pytest.raises(InputError) as e:
        write_geotiff(tmp_path / "b.tif", np.zeros(4), transform=Affine.identity())
    assert e.value.where == "array"
    assert not (tmp_path / "b.tif").exists()
