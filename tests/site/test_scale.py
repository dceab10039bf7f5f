"""Regional scale: maps without the horizon cube, multi-year figures, quantised horizons.

Second implementation: the cube path (lupex.site.horizon.horizon_map, then
lupex.site.illumination.illumination_map), which evaluates every epoch in time order with the whole
horizon cube in memory. The streamed path (illumination_statistics) must give the same figures on
real LOLA terrain; multi-year figures are checked against the cube path run year by year and over
the whole period.
"""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.site.horizon import (
    HORIZON_NODATA_I16,
    dequantize_horizons,
    horizon_map,
    quantize_horizons,
)
from lupex.site.illumination import (
    YEAR_DAYS,
    illumination_map,
    illumination_statistics,
    time_grid,
)
from lupex.site.terrain import NearFieldPolicy, build_terrain

FIELDS = ("sun_fraction", "sun_any_fraction", "earth_fraction", "sun_and_earth_fraction",
          "longest_dark_hours")


@pytest.fixture(scope="module")
def grid():
    """Real LOLA terrain centred on Shackleton crater (its shadowed floor and lit rim inside the
    analysed region), 400 m cells; the analysed region has a 12 km margin of terrain around it.
    Near field: 2 x the 1.6 km pixel of the polar product (the equality tests hold for any)."""
    t = build_terrain(-89.67, 129.78, 24_000.0, 400.0)
    near = NearFieldPolicy().exclusion_m(1600.0)
    c = t.shape[0] // 2
    region = (c - 30, c + 31, c - 26, c + 27)
    return t, near, region


def _cube(t, near, region, times, step_h):
    hz = horizon_map(t, 2.0, 360, near, region=region)
    return hz, illumination_map(t.subgrid(*region), hz, times, step_h, 2.0, near)


def _same(a, b, tol=1e-9):
    for f in FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        assert np.array_equal(np.isnan(x), np.isnan(y)), f
        assert np.nanmax(np.abs(x - y)) <= tol, (f, np.nanmax(np.abs(x - y)))
    np.testing.assert_array_equal(a.psr, b.psr)
    assert a.psr_area_km2 == pytest.approx(b.psr_area_km2, rel=1e-12, abs=1e-12)


@pytest.fixture(scope="module")
def year_cube(grid):
    t, near, region = grid
    times = time_grid("2018-10-22", "2019-10-22", 6.0)
    return times, _cube(t, near, region, times, 6.0)


@pytest.mark.parametrize("sector_az", [24, 7, 360])
def test_streamed_map_equals_cube_path(grid, year_cube, sector_az):
    """One year at 6 h: every figure equals the cube path to float rounding, whatever the
    azimuth block size (7 does not divide 360: a short last block)."""
    t, near, region = grid
    times, (_, a) = year_cube
    b = illumination_statistics(t, times, 6.0, 2.0, near, region=region, sector_az=sector_az)
    assert b.psr.any() and (~b.psr).any()  # both kinds of cell are in the test region
    assert np.nanmax(a.longest_dark_hours) > 24 * 30  # dark runs span many blocks and months
    _same(a, b)


def test_multi_year_figures_against_year_by_year_cube_runs(grid):
    """Two and a half years at 12 h, in chunks of one year (tiny state budget): the period
    means and the longest darkness (across year boundaries) equal the cube path over the whole
    period; the worst year equals the minimum of cube runs over each complete year."""
    t, near, region = grid
    step = 12.0
    times = time_grid("2019-01-01", "2021-07-01", step)
    hz, whole = _cube(t, near, region, times, step)
    b = illumination_statistics(t, times, step, 2.0, near, region=region, state_mb=0.01)
    _same(whole, b)
    assert len(b.year_starts_utc) == 3
    year = np.floor((times - times[0]).to_value("day") / YEAR_DAYS + 1e-9)
    sub = t.subgrid(*region)
    years = [illumination_map(sub, hz, times[year == k], step, 2.0, near)
             for k in range(2)]  # the third year is incomplete: not a candidate
    sf = np.stack([y.sun_fraction for y in years])
    ef = np.stack([y.earth_fraction for y in years])
    np.testing.assert_allclose(b.worst_year_sun_fraction, sf.min(axis=0), atol=1e-9)
    np.testing.assert_allclose(b.worst_year_earth_fraction, ef.min(axis=0), atol=1e-9)
    lit = np.isfinite(sf[0]) & (np.abs(sf[0] - sf[1]) > 1e-6)
    assert lit.any()
    np.testing.assert_array_equal(b.worst_year_index[lit], np.argmin(sf, axis=0)[lit])
    # the period's longest darkness (joined across the one-year chunks, checked equal to the
    # whole-period cube run above) is at least the longest of the single years
    longest_years = np.maximum(years[0].longest_dark_hours, years[1].longest_dark_hours)
    assert np.all(b.longest_dark_hours >= longest_years - 1e-9)


def test_period_shorter_than_a_year_is_its_own_worst_year(grid):
    t, near, region = grid
    times = time_grid("2019-03-01", "2019-05-01", 6.0)
    b = illumination_statistics(t, times, 6.0, 2.0, near, region=region)
    np.testing.assert_allclose(b.worst_year_sun_fraction, b.sun_fraction, atol=1e-12)
    assert b.year_starts_utc == ("2019-03-01T00:00:00.000",)


def test_quantised_horizons_error_bound_and_map(grid, year_cube):
    """int16 in 0.01° steps: within 0.005° of the float32 angles (+ float32 rounding), no data
    kept; the map from the quantised cube is within the shift a 0.005° horizon error can make."""
    t, near, region = grid
    times, (hz, _) = year_cube
    hz = hz.copy()
    hz[0, 0, :] = np.nan
    q = quantize_horizons(hz)
    assert q.dtype == np.int16 and q.nbytes * 2 == hz.nbytes
    assert np.all(q[0, 0] == HORIZON_NODATA_I16)
    back = dequantize_horizons(q)
    err = np.abs(back - hz)
    assert np.all(np.isnan(back[0, 0]))
    assert np.nanmax(err) <= 0.005 + 1e-5
    assert np.nanmax(err) > 0.004  # the bound is reached, not loose
    sub = t.subgrid(*region)
    a = illumination_map(sub, hz, times, 6.0, 2.0, near)
    b = illumination_map(sub, q, times, 6.0, 2.0, near)
    assert np.isnan(b.sun_fraction[0, 0])
    # the Sun's disk is ~0.53° across: a 0.005° horizon shift moves a partial disk by < 2 %
    assert np.nanmax(np.abs(a.sun_fraction - b.sun_fraction)) < 0.005
    assert np.nanmax(np.abs(a.earth_fraction - b.earth_fraction)) < 0.01


def test_bad_input(grid):
    t, near, region = grid
    times = time_grid("2019-03-01", "2019-03-02", 6.0)
    with pytest.raises(InputError, match="sector_az"):
        illumination_statistics(t, times, 6.0, 2.0, near, sector_az=0)
    with pytest.raises(InputError, match="region"):
        illumination_statistics(t, times, 6.0, 2.0, near, region=(5, 5, 0, 3))
    with pytest.raises(InputError, match="state_mb"):
        illumination_statistics(t, times, 6.0, 2.0, near, state_mb=-1)
    for bad in (0, 10_000, 1.5, True):
        with pytest.raises(InputError, match="n_threads"):
            illumination_statistics(t, times, 6.0, 2.0, near, n_threads=bad)


def test_thread_count_reaches_the_map_kernels_and_is_restored(grid, monkeypatch):
    """n_threads holds for the horizon sweep and the map kernels alike, and the previous count
    is restored; the figures do not depend on it (each row is one thread's work)."""
    import numba

    import lupex.site.illumination as il

    t, near, region = grid
    times = time_grid("2019-03-01", "2019-03-11", 6.0)
    seen = []
    kernel = il._stream_kernel

    def spy(*args):
        seen.append(numba.get_num_threads())
        return kernel(*args)

    before = numba.get_num_threads()
    monkeypatch.setattr(il, "_stream_kernel", spy)
    one = illumination_statistics(t, times, 6.0, 2.0, near, region=region, n_threads=1)
    assert seen and set(seen) == {1}
    assert numba.get_num_threads() == before
    seen.clear()
    every = illumination_statistics(t, times, 6.0, 2.0, near, region=region)
    assert set(seen) == {before}
    _same(one, every, tol=0.0)
