"""lupex.constants agrees with the libraries that publish the same values, and the packages use
it (one definition per constant), and lupex.moon_geometry's conventions hold."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from lupex import constants as C
from lupex import moon_geometry as G

SRC = Path(__file__).resolve().parents[1] / "src" / "lupex"


def test_constants_agree_with_astropy_and_boinor():
    from astropy import constants as ac
    from astropy import units as u
    from boinor.bodies import Earth, Moon, Sun

    assert C.G0_M_S2 == pytest.approx(ac.g0.value, rel=1e-15)
    assert C.GM_EARTH == pytest.approx(Earth.k.to_value("m3/s2"), rel=1e-15)
    assert C.R_EARTH_IERS_M == pytest.approx(Earth.R.to_value("m"), rel=1e-15)
    assert C.J2_EARTH_IERS == pytest.approx(Earth.J2.value, rel=1e-15)
    assert C.GM_MOON == pytest.approx(Moon.k.to_value("m3/s2"), rel=1e-15)
    assert C.MOON_RADIUS_M == pytest.approx(Moon.R.to_value("m"), rel=1e-15)
    assert C.GM_SUN == pytest.approx(Sun.k.to_value("m3/s2"), rel=1e-15)
    assert C.SUN_RADIUS_M == pytest.approx(ac.R_sun.value, rel=1e-15)
    assert C.AU_M == pytest.approx(u.au.to(u.m), rel=1e-15)
    # the solar disc's angular radius at 1 au, to the 4 decimals the constant carries
    assert C.SUN_ANGULAR_RADIUS_DEG == pytest.approx(
        math.degrees(math.asin(C.SUN_RADIUS_M / C.AU_M)), abs=2e-4)
    assert C.OMEGA_EARTH_DEG_S == pytest.approx(math.degrees(C.OMEGA_EARTH_RAD_S), rel=1e-15)


@pytest.mark.parametrize("pattern", [
    r"1737[._]?4(00)?(e3)?\b|1_737_400",  # Moon radius
    r"9\.80665",  # standard gravity
    r"3\.986004418|398600\.4418|398_?600_?441_?800",  # Earth GM
    r"7\.292115|0\.2507",  # Earth rotation rate
])
def test_each_constant_is_written_once_in_the_code(pattern):
    hits = [f"{p.relative_to(SRC)}:{n}" for p in sorted(SRC.rglob("*.py"))
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(pattern, line)]
    assert len(hits) == 1 and hits[0].startswith("constants.py:"), hits


def test_polar_stereographic_round_trip_and_pyproj():
    lat = np.array([-89.9, -85.0, -80.0])
    lon = np.array([0.0, 123.4, 301.0])
    x, y = G.latlon_to_ps(lat, lon)
    la, lo = G.ps_to_latlon(x, y)
    np.testing.assert_allclose(la, lat, atol=1e-10)
    np.testing.assert_allclose(lo, lon, atol=1e-9)
    xp, yp = G.ps_transformer().transform(lon, lat)
    np.testing.assert_allclose(x, xp, atol=1e-6)
    np.testing.assert_allclose(y, yp, atol=1e-6)


def test_grid_azimuth_offset_matches_the_projection_jacobian():
    t = G.ps_transformer()
    for lat, lon in ((-85.0, 0.0), (-89.45, 222.69), (-87.0, 45.0), (-80.0, 359.9)):
        x0, y0 = t.transform(lon, lat)
        xn, yn = t.transform(lon, lat + 1e-4)  # a step towards local north
        measured = math.degrees(math.atan2(xn - x0, yn - y0))
        off = G.grid_azimuth_offset_deg(lat, lon)
        assert (off - measured + 180.0) % 360.0 - 180.0 == pytest.approx(0.0, abs=1e-6)


def test_row_convention_and_slope():
    # a plane rising 0.1 m per metre towards +y
    y = np.arange(5.0)[:, None] * np.ones((1, 4))
    up_rows = 0.1 * y  # rows along +y
    gx, gy = G.grid_gradient(up_rows, 1.0, G.ROWS_ALONG_PLUS_Y)
    np.testing.assert_allclose(gy, 0.1)
    gx, gy = G.grid_gradient(up_rows[::-1], 1.0, G.ROWS_ALONG_MINUS_Y)
    np.testing.assert_allclose(gy, 0.1)
    np.testing.assert_allclose(G.slope_deg(up_rows, 1.0), math.degrees(math.atan(0.1)))
    np.testing.assert_allclose(G.downhill_grid_azimuth_deg(gx, gy), 180.0)


def test_disc_fraction():
    assert float(G.disc_visible_fraction(0.0, 0.0, 0.25)) == pytest.approx(0.5)
    assert float(G.disc_visible_fraction(1.0, 0.0, 0.25)) == pytest.approx(1.0)
    assert float(G.disc_visible_fraction(-1.0, 0.0, 0.25)) == pytest.approx(0.0)
