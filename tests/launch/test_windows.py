"""Daily lunar launch windows: geometry checked independently of the azimuth formula."""

import math

import numpy as np
import pytest

from lupex.ephemeris import position_icrf
from lupex.launch import AZIMUTH_SECTOR_DEG, daily_windows
from lupex.launch.windows import site_gcrs

import astropy.units as u


def test_site_rotates_once_per_sidereal_day():
    from astropy.time import Time

    t = Time("2028-06-15T00:00:00", scale="utc")
    r0 = site_gcrs(30.40, 130.97, t)
    r1 = site_gcrs(30.40, 130.97, t + 86164.0905 * u.s)  # one sidereal day (IERS)
    assert np.linalg.norm(r1 - r0) < 150.0  # precession/nutation over a day: < 150 m
    assert np.linalg.norm(r0) == pytest.approx(6_372_800.0, abs=2_000.0)  # WGS-84 at 30.4°


def test_windows_plane_contains_moon_direction():
    tof = 4.5
    wins = daily_windows("2028-06-15", tof)
    assert wins, "a lunar window exists on the LUPEX baseline date"
    lo, hi = AZIMUTH_SECTOR_DEG
    for w in wins:
        assert lo <= w.best_azimuth_deg <= hi
        assert w.close >= w.open
        # independent check: build the inertial launch direction from the Earth-relative
        # azimuth (add the site's rotation velocity) and test the plane against the Moon
        t = w.best_epoch
        r = site_gcrs(30.40, 130.97, t).reshape(3)
        up = r / np.linalg.norm(r)
        east = np.cross([0, 0, 1.0], up)
        east /= np.linalg.norm(east)
        north = np.cross(up, east)
        b = math.radians(w.best_azimuth_deg)
        vrot = 7.292115e-5 * 6_378_137 * math.cos(math.radians(30.40))
        vrel = 7_800.0 * (math.cos(b) * north + math.sin(b) * east)
        # relative speed chosen so that |v_inertial| ≈ 7.8 km/s: solve the small triangle
        vin = vrel + vrot * east
        n = np.cross(r, vin)
        n /= np.linalg.norm(n)
        moon = np.asarray(position_icrf("moon", "earth", t + tof * u.day)).reshape(3)
        ang = math.degrees(math.asin(abs(n @ moon) / np.linalg.norm(moon)))
        assert ang < 0.5  # the plane contains the Moon direction to within 0.5°
