"""Illumination: disk geometry, time grids, and the published connecting-ridge figures.

Reference: Gläser, P., et al. (2014), Illumination conditions at the lunar south pole using high
resolution Digital Terrain Models from LOLA, Icarus 243:78-90. Connecting ridge between
Shackleton and de Gerlache (89.45°S, 222.69°E): lit 92.27 % of the time at 2 m and 95.65 % at
10 m above ground over 2018-10-22 .. 2019-10-22, longest continuous darkness 3-5 days.
Reference values and tolerances: rows ``illumination.*`` of src/lupex/data/validation.toml.
"""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import EphemerisRangeError, InputError
from lupex.site.analysis import analyze_region, analyze_site, site_terrains
from lupex.site.illumination import disk_fraction, longest_run, time_grid
from lupex.site.terrain import NearFieldPolicy
from lupex.validation import reference

from tests.reference import check_reference, check_references

LAT, LON = -89.45, 222.69
START, STOP = "2018-10-22", "2019-10-22"


def test_disk_fraction_geometry():
    r = 0.265
    assert disk_fraction(0.0, r) == pytest.approx(0.5)
    assert disk_fraction(r, r) == pytest.approx(1.0) and disk_fraction(-r, r) == pytest.approx(0.0)
    # circular segment of height r/2: area fraction (2pi/3 - sqrt(3)/2) / (2pi) ~ 0.1955 hidden
    assert reference("illumination.disk_fraction_half_radius").reference_value == pytest.approx(
        1 - (np.pi / 3 - np.sqrt(3) / 4) / np.pi, abs=1e-15)
    check_reference("illumination.disk_fraction_half_radius", disk_fraction(r / 2, r))
    # symmetry: f(d) + f(-d) = 1
    d = np.linspace(-0.3, 0.3, 13)
    np.testing.assert_allclose(disk_fraction(d, r) + disk_fraction(-d, r), 1.0)


def test_longest_run_and_time_grid():
    assert longest_run(np.array([0, 1, 1, 0, 1, 1, 1, 0], bool)) == 3
    assert longest_run(np.zeros(5, bool)) == 0
    t = time_grid(START, STOP, 1.0)
    assert len(t) == 8760  # 365 days, hourly
    with pytest.raises(InputError, match="after start"):
        time_grid(STOP, START, 1.0)
    with pytest.raises(InputError, match="positive"):
        time_grid(START, STOP, 0.0)
    with pytest.raises(EphemerisRangeError):
        time_grid("2049-06-01", "2052-01-01", 24.0)


@pytest.fixture(scope="module")
def terrains(lola_dir):
    """The 1.6 km south-polar layer (LDEM_256_SPS_1600M, shipped in the package) with LDEM_4
    beyond it, chosen by name so that the recorded figures do not depend on finer products a
    user may have fetched."""
    from lupex.site.terrain import available_products

    by = {p.name: p for p in available_products()}
    return site_terrains(LAT, LON, products=[by["LDEM_256_SPS_1600M"], by["LDEM_4"]])


@pytest.fixture(scope="module")
def ridge(terrains):
    return {h: analyze_site(LAT, LON, h, START, STOP, 1.0, terrains=terrains) for h in (2.0, 10.0)}


def test_connecting_ridge_against_glaser_2014(ridge, terrains):
    """On the 1.6 km south-polar layer (LDEM_256_SPS_1600M), LDEM_4 beyond it.

    Gläser et al. used 20 m and finer LOLA DEMs. On the 1.6 km layer the near-field policy
    (k = 2) excludes terrain closer than 3.2 km; the result rests on the horizon beyond it.
    Measured (this code): 2 m: 92.41 % (published 92.27 %), 10 m: 92.59 % (95.65 %), longest
    darkness 49 h at both heights (published 3-5 days).

    Tolerance of the 2 m figure, re-derived for this grid (row illumination.ridge_sun_fraction_2m,
    0.01, was 0.03 on LDEM_4): what the grid resolves beyond the excluded near field is the horizon
    of terrain at tens of km -- for this site the terrain that sets the horizon lies at a median
    40-60 km (horizon recomputed with the reach cut at 5-160 km: median azimuth reaches its final
    elevation between 40 and 60 km). The layer's height error, 44 m median against the official
    LDEM_16 (src/lupex/data/lola_polar/README.md), seen from 40 km is 0.063°; the Sun fraction
    here changes by 0.135 per degree of horizon shift (whole horizon shifted by +-0.1°: 0.9095 ..
    0.9365), so 0.063° is 0.009, rounded up to 0.01.

    The 10 m Sun fraction and the longest darkness remain known disagreements (strict expected
    failures): the published 3.4-point gain from 2 m to 10 m and the 3-5 day longest night come
    from relief of tens of metres within a few km, inside the 3.2 km the policy excludes and
    below what a 1.6 km grid contains; the model gains ~0.2 point and its longest night is 49 h.
    """
    assert ridge[2.0].horizon.terrain["products"][0] == "LDEM_256_SPS_1600M"
    assert ridge[2.0].horizon.near_field_m == pytest.approx(2 * 1600.0)
    s2, s10 = ridge[2.0].sun_fraction, ridge[10.0].sun_fraction
    assert s10 >= s2  # a higher observer never sees less
    for h in (2.0, 10.0):
        assert ridge[h].longest_dark_hours <= 6 * 24  # and not beyond the published 5 days + 1
    check_references({
        "illumination.ridge_sun_fraction_2m": s2,
        "illumination.ridge_sun_fraction_10m": s10,
        "illumination.ridge_longest_dark_2m": ridge[2.0].longest_dark_hours,
        "illumination.ridge_longest_dark_10m": ridge[10.0].longest_dark_hours,
    })


def test_near_field_policy_changes_the_answer(terrains):
    """On the 1.6 km layer, its surface sampled on a 100 m grid within 20 km of the observer:
    without the near-field exclusion the smoothed ridge the observer stands on hides the Sun for
    about half the year (0.54, the independent reference calculation of
    tests/site/test_layering.py); k = 0.5 lies between; from k = 1 on, the answer is the far
    field's (~0.93), and k = 2 and 3 agree."""
    from lupex.site.terrain import build_terrain

    from lupex.site.terrain import available_products

    by = {p.name: p for p in available_products()}
    near = build_terrain(LAT, LON, 20_000.0, 100.0, [by["LDEM_256_SPS_1600M"], by["LDEM_4"]])
    ts = [near] + list(terrains)
    res = {k: analyze_site(LAT, LON, 2.0, START, "2019-04-22", 2.0, policy=NearFieldPolicy(k),
                           terrains=ts).sun_fraction for k in (0.0, 0.5, 2.0, 3.0)}
    assert res[0.0] < res[2.0] - 0.3  # far from the published 92 % and from the far-field answer
    assert res[0.0] < res[0.5] < res[2.0]
    assert abs(res[3.0] - res[2.0]) < 0.02


def test_earth_visibility_is_plausible(ridge):
    """At 89.45°S the Earth is within ~7° of the horizon (libration): visible about half the time
    over a year from a site with a low horizon; the joint figure cannot exceed either one."""
    r = ridge[2.0]
    assert 0.3 < r.earth_fraction < 0.7
    assert r.sun_and_earth_fraction <= min(r.sun_fraction, r.earth_fraction) + 1e-12
    assert np.all(np.abs(r.earth_elevation_deg) < 8.5)


def test_map_agrees_with_site(ridge):
    """The region map (sweep horizons, shared Sun directions) at the site's cell agrees with the
    site series (ray-marched horizon, topocentric ephemeris) to 2 percentage points."""
    reg = analyze_region(LAT, LON, 2000.0, 400.0, 2.0, START, STOP, 6.0)
    c = reg.maps.sun_fraction.shape[0] // 2
    assert reg.maps.sun_fraction[c, c] == pytest.approx(ridge[2.0].sun_fraction, abs=0.02)
    assert reg.maps.earth_fraction[c, c] == pytest.approx(ridge[2.0].earth_fraction, abs=0.03)
    assert reg.maps.psr_area_km2 >= 0.0


def test_map_kernel_masks_cells_without_data():
    """Cells with no terrain data (NaN heights, hence NaN horizons) come out NaN and leave their
    neighbours unchanged (the vectorised kernel zeroes them in its inner loop and masks them)."""
    from lupex.site.illumination import illumination_map

    reg = analyze_region(LAT, LON, 2000.0, 400.0, 2.0, START, STOP, 24.0)
    hz = np.array(reg.horizons, copy=True)
    hz[2, 3, :] = np.nan
    times = time_grid(START, STOP, 24.0)
    a = illumination_map(reg.terrain, reg.horizons, times, 24.0, 2.0, reg.near_field_m)
    b = illumination_map(reg.terrain, hz, times, 24.0, 2.0, reg.near_field_m)
    assert np.isnan(b.sun_fraction[2, 3]) and np.isnan(b.earth_fraction[2, 3])
    assert not b.psr[2, 3]
    keep = np.ones(a.sun_fraction.shape, bool)
    keep[2, 3] = False
    np.testing.assert_array_equal(a.sun_fraction[keep], b.sun_fraction[keep])
    np.testing.assert_array_equal(a.longest_dark_hours[keep], b.longest_dark_hours[keep])


def test_bad_input():
    with pytest.raises(InputError, match="height"):
        analyze_site(LAT, LON, -1.0)
    with pytest.raises(InputError, match="polar latitude"):
        analyze_site(-45.0, 10.0, 2.0, START, "2018-10-23")
    with pytest.raises(EphemerisRangeError):
        analyze_site(LAT, LON, 2.0, "2055-01-01", "2056-01-01")
