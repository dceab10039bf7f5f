"""Terrain I/O: PDS3 label parsing, LOLA grid geometry, GeoTIFF, polar stereographic formulas.

References: LDEM_4 label and /work/shared/data/lola/README.md (Neumann 2011, LOLA RDR/GDR SIS);
DSMAP_POLAR.CAT (LOLA polar stereographic: lon 0 up, 90°E right, R = 1737.4 km); PROJ stere.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupex.errors import InputError
from lupex.site.pds import (
    latlon_to_ps,
    open_product,
    parse_label,
    ps_crs_proj4,
    ps_to_latlon,
    write_geotiff,
)

from tests.reference import check_reference


def test_ldem4_label_and_values(ldem4):
    # README: 1440 x 720 int16, 0.5 m per DN, heights -8,878.5 .. +10,504 m (checked there).
    assert (ldem4.lines, ldem4.samples) == (720, 1440)
    assert ldem4.projection == "simple_cylindrical"
    assert ldem4.res_ppd == 4.0 and ldem4.pixel_m == pytest.approx(7580.84)
    h = ldem4.read()
    assert np.nanmin(h) == pytest.approx(-8878.5)
    assert np.nanmax(h) == pytest.approx(10504.0)
    # README: the ring of lines nearest the south pole spans -2,166 m .. +1,671 m
    assert h[-1].min() == pytest.approx(-2166, abs=1) and h[-1].max() == pytest.approx(1671, abs=1)


def test_ldem4_pixel_geometry(ldem4):
    # README: pixel centres at 89.875°N ... 89.875°S; first sample at 0.125°E.
    lat, lon = ldem4.pixel_to_latlon(0, 0)
    assert (float(lat), float(lon)) == pytest.approx((89.875, 0.125))
    lat, lon = ldem4.pixel_to_latlon(719, 1439)
    assert (float(lat), float(lon)) == pytest.approx((-89.875, 359.875))
    # Malapert massif (≈ 86°S, 0°E) stands ≈ 4.5 km high (README)
    r, c = ldem4.latlon_to_pixel(-86.0, 0.0)
    block = ldem4.window(int(r) - 2, int(r) + 3, int(c) - 3, int(c) + 3)
    check_reference("site.malapert_height", np.nanmax(block))


@given(st.floats(-89.8, 89.8), st.floats(0.0, 359.99))
@settings(max_examples=60, deadline=None)
def test_cylindrical_roundtrip(lat, lon):
    from lupex.paths import find_data_file

    p = open_product(find_data_file("lola/LDEM_4.IMG"))
    r, c = p.latlon_to_pixel(lat, lon)
    la, lo = p.pixel_to_latlon(r, c)
    assert float(la) == pytest.approx(lat, abs=1e-9)
    assert (float(lo) - lon + 180) % 360 - 180 == pytest.approx(0, abs=1e-9)


@given(st.floats(-89.999, -60.0), st.floats(0.0, 359.99))
@settings(max_examples=60, deadline=None)
def test_polar_stereographic_matches_proj(lat, lon):
    from pyproj import CRS, Transformer

    tr = Transformer.from_crs(CRS.from_proj4("+proj=longlat +R=1737400 +no_defs"),
                              CRS.from_proj4(ps_crs_proj4(-1)), always_xy=True)
    x, y = latlon_to_ps(lat, lon)
    xp, yp = tr.transform(lon, lat)
    assert float(x) == pytest.approx(xp, abs=1e-4) and float(y) == pytest.approx(yp, abs=1e-4)
    la, lo = ps_to_latlon(x, y)
    assert float(la) == pytest.approx(lat, abs=1e-9)
    assert (float(lo) - lon + 180) % 360 - 180 == pytest.approx(0, abs=1e-7)


def test_polar_orientation_as_dsmap_polar():
    # DSMAP_POLAR.CAT: in the south, longitude 0 extends straight up, 90°E to the right.
    x, y = latlon_to_ps(-89.0, 0.0)
    assert x == pytest.approx(0, abs=1e-6) and y > 0
    x, y = latlon_to_ps(-89.0, 90.0)
    assert x > 0 and y == pytest.approx(0, abs=1e-6)


SYN_LABEL = """PDS_VERSION_ID = PDS3
/* SYNTHETIC test product, not LOLA data */
RECORD_TYPE = FIXED_LENGTH
RECORD_BYTES = 80
FILE_RECORDS = 40
^IMAGE = "SYN_POLAR.IMG"
PRODUCT_ID = "SYN_POLAR"
OBJECT = IMAGE
  LINES = 40
  LINE_SAMPLES = 40
  SAMPLE_TYPE = LSB_INTEGER
  SAMPLE_BITS = 16
  UNIT = METER
  SCALING_FACTOR = 0.5
  OFFSET = 1737400.
  MISSING_CONSTANT = -32768
  DESCRIPTION = "a multi-line
     description"
END_OBJECT = IMAGE
OBJECT = IMAGE_MAP_PROJECTION
  MAP_PROJECTION_TYPE = "POLAR STEREOGRAPHIC"
  A_AXIS_RADIUS = 1737.4 <KM>
  CENTER_LATITUDE = -90.0 <DEG>
  CENTER_LONGITUDE = 0.0 <DEG>
  MAP_SCALE = 100.0 <METERS/PIXEL>
  LINE_PROJECTION_OFFSET = 19.5 <PIXEL>
  SAMPLE_PROJECTION_OFFSET = 19.5 <PIXEL>
END_OBJECT = IMAGE_MAP_PROJECTION
END
"""


def write_synthetic_polar(tmp_path, dn):
    (tmp_path / "SYN_POLAR.LBL").write_text(SYN_LABEL)
    dn.astype("<i2").tofile(tmp_path / "SYN_POLAR.IMG")
    return tmp_path / "SYN_POLAR.IMG"


def test_synthetic_polar_product(tmp_path):
    """A SYNTHETIC polar product: geometry from the label, scaling, missing constant."""
    dn = np.arange(1600, dtype=np.int16).reshape(40, 40)
    dn[0, 0] = -32768
    p = open_product(write_synthetic_polar(tmp_path, dn))
    assert p.projection == "polar_stereographic" and p.pixel_m == 100.0
    w = p.window(0, 2, 0, 2)
    assert np.isnan(w[0, 0]) and w[1, 1] == 0.5 * 41
    # the pole is between the four central pixels (offset 19.5): x = y = 0
    x, y = p.pixel_to_xy(19.5, 19.5)
    assert (float(x), float(y)) == (0.0, 0.0)
    # one pixel to the right of the centre is towards 90°E
    lat, lon = p.pixel_to_latlon(19.5, 20.5)
    assert float(lon) == pytest.approx(90.0) and float(lat) > -90.0
    assert p.polar_extent_m() == pytest.approx(2000.0)


def test_label_parser_structures():
    lab = parse_label(SYN_LABEL)
    assert lab["IMAGE"]["DESCRIPTION"] == "a multi-line description"
    assert lab["IMAGE_MAP_PROJECTION"]["MAP_SCALE"] == 100.0
    assert lab["^IMAGE"] == "SYN_POLAR.IMG"


def test_truncated_or_missing_files(tmp_path):
    dn = np.zeros((40, 40), dtype=np.int16)
    img = write_synthetic_polar(tmp_path, dn)
    img.write_bytes(img.read_bytes()[:100])
    with pytest.raises(InputError, match="truncated"):
        open_product(img)
    with pytest.raises(InputError, match="existing"):
        open_product(tmp_path / "nope.IMG")


def test_geotiff_roundtrip(tmp_path):
    """write_geotiff -> open_product keeps values and the polar-stereographic geometry."""
    vals = np.arange(12, dtype=np.float32).reshape(3, 4)
    path = write_geotiff(tmp_path / "t.tif", vals, x0_m=1000.0, y0_m=5000.0, cell_m=250.0)
    p = open_product(path)
    assert p.projection == "polar_stereographic" and p.pixel_m == 250.0
    np.testing.assert_array_equal(p.read(), vals)
    x, y = p.pixel_to_xy(2, 3)
    assert (float(x), float(y)) == pytest.approx((1750.0, 4500.0))
