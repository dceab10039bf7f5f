"""Year-by-year figures of a site (lupex.site.years) on real LOLA terrain at the connecting ridge.

Checks that can fail: the complete years partition the period's epochs, so the year figures
average back to the period's (an identity of the bookkeeping, exact to rounding); the longest
darkness of the period is the longest of the years' (a darkness at a year's end is followed to its
end); a one-year period is reported as one year with the period's figures; and the worst year of
the site series agrees with the worst year the region statistics find in the ridge's cell (a
second implementation: streamed per-cell yearly sums on the horizon sweep; tolerance 0.02 for the
ray-march vs sweep horizons at 1.6 km, the same bound as the site-vs-map test of the Sun fraction).
"""

from __future__ import annotations

import numpy as np
import pytest

LAT, LON = -89.45, 222.69
START, STOP, STEP = "2024-01-01", "2026-01-01T12:00:00", 6.0  # two complete years and a tail


@pytest.fixture(scope="module")
def ridge(lola_dir):
    from lupex.site import analyze_site

    return analyze_site(LAT, LON, 2.0, START, STOP, STEP)


def test_years_partition_the_period_and_average_back(ridge):
    from lupex.site.years import year_of_epochs, yearly_illumination

    y = yearly_illumination(ridge)
    assert len(y.year_starts_utc) == 2 and y.years_long
    assert y.year_starts_utc[0].startswith("2024-01-01")
    year, full = year_of_epochs(ridge.times, STEP)
    assert full.tolist() == [True, True, False]  # the 12 h tail is no year
    n = np.array([np.count_nonzero(year == k) for k in (0, 1)])
    sun = np.asarray(ridge.sun_visible_fraction)[year < 2]
    earth = np.asarray(ridge.earth_visible, dtype=float)[year < 2]
    assert np.average(y.sun_fraction, weights=n) == pytest.approx(sun.mean(), abs=1e-12)
    assert np.average(y.earth_fraction, weights=n) == pytest.approx(earth.mean(), abs=1e-12)
    assert y.sun_fraction[y.worst_year] == pytest.approx(y.sun_fraction.min(), abs=0)
    assert 0.0 < y.sun_fraction.min() <= y.sun_fraction.max() <= 1.0
    # the longest darkness of the two years is the period's (the tail holds no longer one)
    assert y.longest_dark_hours.max() == pytest.approx(ridge.longest_dark_hours, abs=STEP)
    s = y.summary()
    assert s["worst_year_sun_fraction"] == pytest.approx(float(y.sun_fraction.min()), abs=1e-15)
    assert s["years"] == 2 and len(s["longest_dark_hours"]) == 2


def test_one_year_period_is_one_year_with_the_periods_figures(lola_dir):
    from lupex.site import analyze_site
    from lupex.site.years import yearly_illumination

    site = analyze_site(LAT, LON, 2.0, "2024-01-01", "2024-07-01", STEP)
    y = yearly_illumination(site)
    assert len(y.year_starts_utc) == 1 and not y.years_long
    assert y.sun_fraction[0] == pytest.approx(site.sun_fraction, abs=1e-12)
    assert y.longest_dark_hours[0] == pytest.approx(site.longest_dark_hours, abs=1e-9)


def test_worst_year_agrees_with_the_region_statistics(ridge):
    from lupex.site import NearFieldPolicy
    from lupex.site.illumination import illumination_statistics, time_grid
    from lupex.site.terrain import build_terrain
    from lupex.site.years import yearly_illumination

    t = build_terrain(LAT, LON, half_width_m=160_000.0, cell_m=1600.0)
    near = NearFieldPolicy().exclusion_m(t.cell_m)
    times = time_grid(START, STOP, STEP)
    i, j = (int(round(float(v))) for v in t.latlon_to_ij(LAT, LON))
    m = illumination_statistics(t, times, STEP, 2.0, near, region=(i, i + 1, j, j + 1))
    y = yearly_illumination(ridge)
    assert m.year_starts_utc[:2] == y.year_starts_utc
    assert float(m.worst_year_sun_fraction[0, 0]) == pytest.approx(y.sun_fraction.min(),
                                                                   abs=0.02)
