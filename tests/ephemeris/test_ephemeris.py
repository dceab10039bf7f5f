"""The ephemeris layer against independent references.

References
----------
- Moon's equator inclined 1.543° to the ecliptic (Cassini's laws): the sub-solar latitude stays
  within about ±1.54° (Explanatory Supplement to the Astronomical Almanac, 3rd ed., 2013, §10;
  Archinal et al. 2011); physical libration (~0.03°), the ME–PA offset (78.56", MOON_080317.tf)
  and the Moon's orbital parallax of the Sun (~0.013°) add up to 0.05°.
- Optical libration in latitude reaches ±6.68° (Meeus, Astronomical Algorithms, 2nd ed., ch. 53),
  so the Earth's elevation seen from the south pole swings about ±6.7°; the observer's 1,737 km
  offset from the Moon's centre adds up to 0.26° of parallax, and in 2028-2030 the sub-Earth
  latitude itself reaches ±6.86° (second method below), beyond the ±6.68° figure.
- Second method: astropy's built-in ERFA ephemeris (not DE421) + the IAU WGCCRE rotation model of
  the Moon (Archinal et al. 2011, see iau_moon.py) agree with lupex's DE421 + PA kernel path to
  better than 0.05°.

Reference values and tolerances are rows of src/lupex/data/validation.toml (``ephemeris.*``).
"""

import datetime as dt

import astropy.units as u
import numpy as np
import pytest
from astropy.constants import c
from astropy.coordinates import get_body_barycentric, solar_system_ephemeris
from astropy.time import Time

from lupex import ephemeris as E
from lupex.errors import EphemerisRangeError, InputError

from tests.reference import check_reference

from .iau_moon import rotation_icrf_to_iau_moon

HOURLY_2028_2030 = Time("2028-01-01", scale="utc") + np.arange(0, 3 * 365 * 24, 3) * u.hour


def test_subsolar_latitude_bounded_by_lunar_obliquity():
    lat, _ = E.subpoint("sun", HOURLY_2028_2030)
    check_reference("ephemeris.subsolar_latitude_max", np.max(np.abs(lat)))
    # ... and actually reaches the bound on both sides within three years (not a constant).
    assert lat.max() > 1.50 and lat.min() < -1.50


def test_earth_elevation_at_south_pole_swings_with_libration():
    ae = E.azimuth_elevation("earth", -90.0, 0.0, 0.0, HOURLY_2028_2030)
    check_reference("ephemeris.earth_elevation_max_south_pole", ae.elevation_deg.max())
    check_reference("ephemeris.earth_elevation_min_south_pole", ae.elevation_deg.min())
    # Earth distance within the Moon's orbital range (perigee 356,400 km .. apogee 406,700 km).
    assert 350e6 < ae.distance_m.min() and ae.distance_m.max() < 410e6


def test_sun_direction_matches_astropy_builtin_and_iau_rotation():
    t = Time("2028-01-01", scale="utc") + np.linspace(0.0, 3 * 365.0, 150) * u.day
    with solar_system_ephemeris.set("builtin"):
        moon = get_body_barycentric("moon", t).xyz.to_value(u.m).T
        sun0 = get_body_barycentric("sun", t).xyz.to_value(u.m).T
        light_time_s = np.linalg.norm(sun0 - moon, axis=1) / c.value
        sun = get_body_barycentric("sun", t - light_time_s * u.s).xyz.to_value(u.m).T
    rot = rotation_icrf_to_iau_moon(t.tdb.jd - 2451545.0)
    ref = np.einsum("nij,nj->ni", rot, sun - moon)
    ref /= np.linalg.norm(ref, axis=1)[:, None]
    ours, dist = E.direction_moon_me("sun", t)
    sep_deg = np.degrees(np.arccos(np.clip(np.sum(ref * ours, axis=1), -1.0, 1.0)))
    check_reference("ephemeris.sun_direction_vs_iau_rotation", sep_deg.max())
    ref_dist = np.linalg.norm(sun - moon, axis=1)
    check_reference("ephemeris.sun_distance_vs_builtin", np.max(np.abs(dist / ref_dist - 1.0)))


def test_azimuth_elevation_consistent_with_direction_vectors():
    """A site's topocentric Sun elevation equals the angle of the Sun over its local horizon
    computed from the Moon-centred direction (Sun parallax over 1,737 km is < 0.0007°)."""
    t = Time("2028-03-01", scale="utc") + np.arange(0, 30 * 24, 6) * u.hour
    lat, lon = -89.45, 222.69
    ae = E.azimuth_elevation("sun", lat, lon, 2.0, t)
    vec, _ = E.direction_moon_me("sun", t)
    east, north, up = E.enu_basis(lat, lon)
    el = np.degrees(np.arcsin(vec @ up))
    az = np.degrees(np.arctan2(vec @ east, vec @ north)) % 360
    assert np.max(np.abs(el - ae.elevation_deg)) < 0.001
    assert np.max(np.abs((az - ae.azimuth_deg + 180) % 360 - 180)) < 0.01


def test_sun_circles_the_pole_once_per_synodic_month():
    """At the pole the Sun's azimuth turns 360° per synodic month, 29.53 days (Meeus ch. 49)."""
    t = Time("2028-01-01", scale="utc") + np.arange(0, 60 * 24) * u.hour
    ae = E.azimuth_elevation("sun", -89.9, 0.0, 0.0, t)
    turns = np.sum(np.diff(np.unwrap(np.radians(ae.azimuth_deg)))) / (2 * np.pi)
    check_reference("ephemeris.sun_azimuth_turns_60_days", abs(turns))


@pytest.mark.parametrize("value", ["1850-01-01", "2051-06-01", dt.date(2060, 1, 1)])
def test_dates_outside_the_kernels_are_a_clear_error(value):
    with pytest.raises(EphemerisRangeError) as info:
        E.to_time(value, "launch.date")
    msg = str(info.value)
    assert "launch.date" in msg and "1900-01-02" in msg and "2050-12-31" in msg


def test_array_with_one_bad_epoch_is_rejected():
    t = Time(["2028-01-01", "2055-01-01"], scale="utc")
    with pytest.raises(EphemerisRangeError):
        E.azimuth_elevation("sun", -89.0, 0.0, 0.0, t)


def test_unreadable_epoch_names_the_field():
    with pytest.raises(InputError, match="mission.start"):
        E.to_time("next tuesday", "mission.start")


@pytest.mark.parametrize(
    "lat,lon,h", [(-91.0, 0.0, 0.0), (0.0, float("nan"), 0.0), (-89.0, 0.0, -1.0)]
)
def test_bad_site_is_rejected(lat, lon, h):
    with pytest.raises(InputError):
        E.azimuth_elevation("sun", lat, lon, h, Time("2028-01-01"))


def test_no_network_access(monkeypatch):
    """Loading the kernels must never open a socket (they ship inside PyPI packages)."""
    import socket

    def refuse(*a, **k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    E.core._kernels.cache_clear()
    ae = E.azimuth_elevation("sun", -89.45, 222.69, 2.0, Time("2028-01-01T12:00:00"))
    assert -2.0 < float(ae.elevation_deg) < 2.0
