"""Moon visibility from ground stations and direct-to-Earth contact windows.

* The Moon's elevation/azimuth from lupex (skyfield topocentric, apparent) is checked against an
  independent hand calculation: DE421 read directly with jplephem (Earth and Moon segments about
  the Earth-Moon barycentre), the station's ITRS vector from ERFA gd2gc (WGS-84), and the
  celestial-to-terrestrial matrix of ERFA c2t06a (IAU 2006/2000A, UT1 = UTC, no polar motion),
  geometric (no light time or aberration). Expected differences: annual aberration <= 20.5"
  (0.006°), UT1 - UTC <= 0.9 s of Earth rotation (0.004°), light time 1.3 s (< 0.001°);
  tolerance 0.05° (task requirement).
* Contact logic on a named synthetic boolean series (unit test only), and on the real baseline
  site (89.45°S, 222.69°E, Gläser et al. 2014) with lupex's site illumination on LOLA terrain.
"""

from __future__ import annotations

from pathlib import Path

import astropy.units as u
import erfa
import numpy as np
import pytest
from astropy.time import Time

from lupex.errors import InputError
from lupex.operations.stations import load_stations
from lupex.operations.visibility import (
    agency_union,
    contact_fraction,
    dte_contact,
    longest_gap_hours,
    moon_visible,
    passes,
    station_contacts,
    station_view,
)

EPOCHS = Time(["2028-06-15T00:00:00", "2028-09-01T06:30:00", "2029-01-10T17:00:00"], scale="utc")
CHECK_STATIONS = ("DSS-43", "MDSS", "DSA-3", "IDSN32")


def _hand_moon_azel(station, t: Time):
    """Geometric topocentric azimuth/elevation of the Moon's centre, degrees (see module doc)."""
    import skyfield_data
    from jplephem.spk import SPK

    bsp = Path(skyfield_data.get_skyfield_data_path()) / "de421.bsp"
    tdb = t.tdb
    with SPK.open(str(bsp)) as kernel:
        moon = kernel[3, 301].compute(tdb.jd1, tdb.jd2) - kernel[3, 399].compute(tdb.jd1, tdb.jd2)
    moon_gcrs = np.asarray(moon).T * 1e3  # (N, 3) m
    c2t = erfa.c2t06a(t.tt.jd1, t.tt.jd2, t.utc.jd1, t.utc.jd2, 0.0, 0.0)  # r_ITRS = c2t @ r_GCRS
    moon_itrs = np.einsum("nij,nj->ni", c2t, moon_gcrs)
    lat, lon = np.radians(station.lat_deg), np.radians(station.lon_deg)
    r_sta = erfa.gd2gc(1, lon, lat, station.height_m)
    v = moon_itrs - r_sta
    east = np.array([-np.sin(lon), np.cos(lon), 0.0])
    north = np.array([-np.sin(lat) * np.cos(lon), -np.sin(lat) * np.sin(lon), np.cos(lat)])
    up = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    e, n, u = v @ east, v @ north, v @ up
    el = np.degrees(np.arctan2(u, np.hypot(e, n)))
    az = np.degrees(np.arctan2(e, n)) % 360.0
    return az, el, np.linalg.norm(v, axis=1)


@pytest.mark.parametrize("sid", CHECK_STATIONS)
def test_moon_elevation_against_independent_hand_geometry(sid):
    st = next(s for s in load_stations() if s.id == sid)
    view = station_view(st, EPOCHS)
    az, el, rng = _hand_moon_azel(st, EPOCHS)
    assert view.elevation_deg.shape == (3,)
    np.testing.assert_allclose(view.elevation_deg, el, atol=0.05)
    # azimuth: compare on the circle, scaled by cos(elevation) (an arc on the sky)
    daz = (view.azimuth_deg - az + 180.0) % 360.0 - 180.0
    assert np.all(np.abs(daz * np.cos(np.radians(el))) < 0.05)
    # light-time range (barycentric light path: the Moon's position 1.3 s earlier, carried by the
    # Earth-Moon system's ~30 km/s orbital motion) vs the geometric range: <= ~40 km (1e-4,
    # 0.001 dB of path loss)
    np.testing.assert_allclose(view.range_m, rng, atol=4.5e4)
    assert np.all((3.5e8 < view.range_m) & (view.range_m < 4.1e8))


def test_lunar_site_view_is_close_to_the_moon_centre():
    """The baseline site is ~1,737 km from the centre: seen from the Earth at ~3.9e5 km that is
    at most asin(1737/356000) ~ 0.28° away, and the range differs by less than 1,738 km."""
    st = next(s for s in load_stations() if s.id == "DSS-43")
    centre = station_view(st, EPOCHS)
    site = station_view(st, EPOCHS, site=(-89.45, 222.69, 0.0))
    assert np.all(np.abs(site.elevation_deg - centre.elevation_deg) < 0.3)
    assert np.all(np.abs(site.range_m - centre.range_m) < 1.74e6)
    with pytest.raises(InputError, match="site latitude"):
        station_view(st, EPOCHS, site=(-95.0, 0.0, 0.0))


# Synthetic series (unit test only): 12 hourly epochs.
SYNTH_EARTH = np.array([1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1], bool)
SYNTH_A = np.array([0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0], bool)  # a station "A1" of agency ESA
SYNTH_B = np.array([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1], bool)  # a station "A2" of agency ESA


def test_synthetic_and_logic_union_passes_and_gap():
    from lupex.operations.stations import GroundStation

    def gs(i):
        return GroundStation(i, i, "ESA", 0.0, 0.0, 0.0, 35.0, ("X",), 10.0, "active", "synthetic",
                             "synthetic")

    times = Time("2028-06-15T00:00:00") + np.arange(12) * u.hour
    a = dte_contact(SYNTH_EARTH, SYNTH_A)
    b = dte_contact(SYNTH_EARTH, SYNTH_B)
    np.testing.assert_array_equal(a, [0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0])
    np.testing.assert_array_equal(b, [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1])
    esa = agency_union({"A1": a, "A2": b}, [gs("A1"), gs("A2")], "ESA")
    np.testing.assert_array_equal(esa, [0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1])
    assert contact_fraction(esa) == pytest.approx(7 / 12)
    assert not agency_union({"A1": a}, [gs("A1")], "NASA").any()
    ps = passes(times, esa, 1.0)
    assert [(p.first_index, p.n_steps) for p in ps] == [(1, 3), (7, 2), (10, 2)]
    assert [p.duration_h for p in ps] == pytest.approx([3.0, 2.0, 2.0])
    assert (ps[0].stop - ps[0].start).to_value("hour") == pytest.approx(3.0)
    assert ps[-1].to_dict()["stop_utc"] == "2028-06-15T12:00:00Z"
    assert longest_gap_hours(esa, 1.0) == pytest.approx(3.0)
    assert longest_gap_hours(np.zeros(5, bool), 2.0) == pytest.approx(10.0)
    assert passes(times, np.zeros(12, bool), 1.0) == []
    with pytest.raises(InputError, match="boolean"):
        dte_contact(SYNTH_EARTH.astype(int), SYNTH_A)
    with pytest.raises(InputError, match="epochs"):
        dte_contact(SYNTH_EARTH, SYNTH_A[:5])


# Real short period on the baseline site: the Earth sets behind the terrain at 2028-06-24 ~20 h
# UTC (lupex site illumination, LDEM_4 far-field horizon), so the period holds both states.
BASE_LAT, BASE_LON = -89.45, 222.69
REAL_START, REAL_STOP = "2028-06-23T00:00:00", "2028-06-27T00:00:00"


@pytest.fixture(scope="module")
def baseline_site(lola_dir):
    from lupex.site.analysis import analyze_site

    return analyze_site(BASE_LAT, BASE_LON, 2.0, REAL_START, REAL_STOP, 1.0)


def test_real_baseline_site_contacts(baseline_site):
    ill = baseline_site
    assert len(ill.times) == 96
    assert 0.2 < ill.earth_fraction < 0.8  # the Earth sets during the period
    st = [s for s in load_stations() if s.status == "active"]
    contacts = station_contacts(st, ill.times, ill.earth_visible, site=(BASE_LAT, BASE_LON, 0.0))
    fractions = {}
    for agency in ("JAXA", "ISRO", "NASA", "ESA"):
        u = agency_union(contacts, st, agency)
        # AND logic: never contact with the Earth below the site horizon
        assert not np.any(u & ~ill.earth_visible)
        # a station alone sees the Moon for at most ~ 2/3 of a day; one complex cannot cover
        # every hour of the Earth-visible time
        fractions[agency] = contact_fraction(u)
        assert 0.0 < fractions[agency] <= ill.earth_fraction
        ps = passes(ill.times, u, 1.0)
        assert sum(p.duration_h for p in ps) == pytest.approx(fractions[agency] * 96.0)
        for p in ps:
            assert 0.0 < p.duration_h <= 24.0 or agency in ("NASA", "ESA")
        assert longest_gap_hours(u, 1.0) >= longest_gap_hours(ill.earth_visible, 1.0)
    # three DSN (or ESA) complexes ~120° apart in longitude cover every Earth-visible hour
    # apart from mask gaps; a single-complex agency covers far less
    assert fractions["NASA"] > 0.9 * ill.earth_fraction
    assert fractions["JAXA"] < 0.8 * ill.earth_fraction
    all_union = np.logical_or.reduce(list(contacts.values()))
    assert contact_fraction(all_union) >= max(fractions.values())


def test_moon_visible_is_the_union_of_the_stations_masks():
    st = [s for s in load_stations() if s.id in ("MDSS", "DSS-63")]
    times = Time("2028-07-10T00:00:00") + np.arange(48) * u.hour
    any_ = moon_visible(st, times, site=(BASE_LAT, BASE_LON, 0.0))
    views = [station_view(s, times, (BASE_LAT, BASE_LON, 0.0)).visible for s in st]
    np.testing.assert_array_equal(any_, views[0] | views[1])
    # one complex loses the Moon for part of each day; Misasa and Madrid are ~130° apart in
    # longitude, so together they see it longer than either alone
    assert 0.2 < views[0].mean() < 0.8 and any_.mean() > max(v.mean() for v in views)
    assert not moon_visible([], times).any()
