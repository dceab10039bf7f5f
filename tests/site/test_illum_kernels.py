"""The map kernels' per-cell arithmetic against its numpy reference.

- The disc's visible fraction computed inside the kernels (series asin, vectorisable) against
  :func:`lupex.moon_geometry.disc_visible_fraction` (numpy arccos): the circular segment, exact
  for a straight horizon. Tolerance 2e-7: the stated error bound of the series (5e-7 rad) / pi.
- The fast path for small elevations (no square root) against the general path on the same
  data: the same figures.
- The bound that selects the fast path never admits a direction with |s.u| > 1/2.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numba import njit

from lupex.moon_geometry import disc_visible_fraction
from lupex.site._illum_kernels import (_asin_deg, _asin_small_deg, _disc_fraction, _map_kernel,
                                       small_elevations)


@njit(cache=False)
def _fractions(el, hh, inv_r):
    out = np.empty(el.shape[0])
    for k in range(el.shape[0]):
        out[k] = _disc_fraction(el[k], hh[k], inv_r)
    return out


@njit(cache=False)
def _asins(x):
    out = np.empty((2, x.shape[0]))
    for k in range(x.shape[0]):
        out[0, k] = _asin_deg(x[k])
        out[1, k] = _asin_small_deg(x[k])
    return out


def test_disc_fraction_matches_the_circular_segment():
    r = 0.2666  # the Sun's angular radius at 1 au, deg
    el = np.linspace(-0.4, 0.4, 20001)
    hh = np.zeros_like(el)
    got = _fractions(el, hh, 1.0 / r)
    want = disc_visible_fraction(el, hh, r)
    np.testing.assert_allclose(got, want, rtol=0, atol=3e-9)
    # the ends are exact: hidden is 0, any part showing is > 0, all of it showing is 1
    assert np.all(got[el <= -r] == 0.0) and np.all(got[el >= r] == 1.0)
    assert np.all(got[(el > -r) & (el < r)] > 0.0)
    assert np.all(np.diff(got) >= -1e-12)  # monotonic in elevation


@settings(max_examples=200, deadline=None)
@given(st.floats(-3.0, 3.0), st.floats(-3.0, 3.0), st.floats(0.2, 0.3))
def test_disc_fraction_property(el, hh, r):
    f = _fractions(np.array([el]), np.array([hh]), 1.0 / r)[0]
    assert 0.0 <= f <= 1.0
    assert abs(f - float(disc_visible_fraction(el, hh, r))) <= 3e-9
    assert (f > 0.0) == ((el - hh) * (1.0 / r) > -1.0)  # the kernel's own arithmetic


def test_series_asin_is_the_small_branch_of_the_general_one():
    x = np.linspace(-0.5, 0.5, 4001)
    a = _asins(x)
    np.testing.assert_allclose(a[0], np.degrees(np.arcsin(x)), rtol=0, atol=1.4e-7)
    y = np.linspace(-1.0, 1.0, 4001)
    np.testing.assert_allclose(_asins(y)[0], np.degrees(np.arcsin(y)), rtol=0, atol=1.4e-7)
    np.testing.assert_allclose(a[1], a[0], rtol=1e-14, atol=1e-15)


def _unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 60.0), st.floats(0.0, 60.0), st.integers(0, 2**31))
def test_the_fast_path_bound_admits_no_large_elevation(colat_deg, body_el_deg, seed):
    rng = np.random.default_rng(seed)
    th = np.radians(rng.uniform(0, colat_deg, 50))
    ph = rng.uniform(0, 2 * np.pi, 50)
    up = np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), -np.cos(th)], -1)
    el = np.radians(rng.uniform(-body_el_deg, body_el_deg, 30))
    az = rng.uniform(0, 2 * np.pi, 30)
    s = np.stack([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)], -1)
    if small_elevations(up.reshape(5, 10, 3), s, s[::-1]):
        assert np.max(np.abs(up @ s.T)) <= 0.5


def test_fast_path_gives_the_figures_of_the_general_path():
    """Synthetic horizons (a unit test of the arithmetic, not a terrain result)."""
    rng = np.random.default_rng(7)
    ny, nx, n_az, nt = 6, 37, 36, 400
    th = np.radians(rng.uniform(0, 3, (ny, nx)))
    ph = rng.uniform(0, 2 * np.pi, (ny, nx))
    up = np.ascontiguousarray(np.stack([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph),
                                        -np.cos(th)], -1))
    hz = rng.uniform(-1.5, 2.0, (n_az, ny, nx)).astype(np.float32)
    hz[:, 2, 5] = np.nan
    nodata = np.isnan(hz[0])
    el = np.radians(rng.uniform(-1.6, 1.6, nt))
    az = rng.uniform(0, 2 * np.pi, nt)
    su = np.stack([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)], -1)
    eu = _unit(su + rng.normal(0, 0.05, su.shape))
    sk = rng.integers(0, n_az, nt)
    sw = rng.uniform(0, 1, nt)
    ek = rng.integers(0, n_az, nt)
    ew = rng.uniform(0, 1, nt)
    sr = np.full(nt, 0.2666)
    assert small_elevations(up, su, eu)
    fast = _map_kernel(hz, 1.0, nodata, up, su, sk, sw, sr, eu, ek, ew, n_az, True)
    slow = _map_kernel(hz, 1.0, nodata, up, su, sk, sw, sr, eu, ek, ew, n_az, False)
    for a, b in zip(fast, slow):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-13)
    # the arithmetic is not vacuous: some cells partly lit, some dark runs, Earth both ways
    assert 0.0 < np.nanmin(fast[0]) < np.nanmax(fast[0]) < 1.0
    assert fast[4].max() > 0 and 0 < fast[2].max() and fast[2].min() < nt
    assert np.isnan(fast[0][2, 5]) and not np.isnan(fast[0][2, 4])
