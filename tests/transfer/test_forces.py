"""Force model: the splined DE421 table against DE421 itself, and conservation laws."""

from __future__ import annotations

import astropy.units as u
import numpy as np
import pytest
from astropy.time import TimeDelta

from lupex.ephemeris import position_icrf
from lupex.errors import InputError
from lupex.transfer import ForceModel, build_ephemeris_table, propagate
from lupex.transfer.forces import GM_EARTH, J2_EARTH, R_EARTH, accel_geocentric

from .conftest import T_TLI


def test_spline_matches_de421_between_nodes(force_2028):
    """Hourly cubic spline of the Moon/Sun vs skyfield's DE421 at half-hour offsets: < 1 m / 50 m.

    Reference: JPL DE421 (Folkner et al. 2009) evaluated directly through lupex.ephemeris.
    """
    tb = force_2028.table
    ts = 1800.0 + 3600.0 * np.arange(0, 24 * 8, 7)
    times = tb.t_ref + TimeDelta(ts, format="sec")
    moon = position_icrf("moon", "earth", times)
    sun = position_icrf("sun", "earth", times)
    assert np.max(np.linalg.norm(tb.moon(ts) - moon, axis=1)) < 1.0
    assert np.max(np.linalg.norm(tb.sun(ts) - sun, axis=1)) < 50.0


def test_spline_velocity_matches_finite_difference_of_de421(force_2028):
    tb = force_2028.table
    t = 3.3 * 86400.0
    _, v = tb.moon_state(t)
    a = position_icrf("moon", "earth", tb.epoch(t - 1.0))
    b = position_icrf("moon", "earth", tb.epoch(t + 1.0))
    assert np.linalg.norm(v - (b - a) / 2.0) < 1e-3  # m/s; the Moon moves at ~1 km/s


def test_j2_acceleration_matches_closed_form_at_equator_and_pole(force_2028):
    """J2 term: extra radial pull -3/2 J2 μ R²/r⁴ at the equator, +3 J2 μ R²/r⁴ at the pole.

    (Vallado 2013, *Fundamentals of Astrodynamics and Applications*, eq. 8-30:
    a_z = -μ z/r³ [1 - 3/2 J2 (R/r)² (5 z²/r² - 3)].)
    """
    args = force_2028.args()
    r = R_EARTH + 500e3
    eq = accel_geocentric(0.0, np.array([r, 0, 0.0]), args[0], args[1], args[2], args[3],
                          True, False, False)
    pole = accel_geocentric(0.0, np.array([0, 0, r]), args[0], args[1], args[2], args[3],
                            True, False, False)
    k = J2_EARTH * GM_EARTH * R_EARTH**2 / r**4
    assert eq[0] + GM_EARTH / r**2 == pytest.approx(-1.5 * k, rel=1e-9)
    assert pole[2] + GM_EARTH / r**2 == pytest.approx(3.0 * k, rel=1e-9)


def test_two_body_energy_and_momentum_conserved():
    """Earth point mass only: energy and angular momentum constant to 1e-8 over 3 days."""
    tb = build_ephemeris_table(T_TLI, T_TLI + 4 * u.day)
    f = ForceModel(tb, j2=False, moon=False, sun=False)
    r = R_EARTH + 200e3
    y0 = np.array([r, 0, 0, 0, np.sqrt(GM_EARTH / r) * 1.35, 900.0])
    p = propagate(f, 0.0, y0, 3 * 86400.0)
    e = [0.5 * y[3:] @ y[3:] - GM_EARTH / np.linalg.norm(y[:3]) for y in p.y]
    h = [np.cross(y[:3], y[3:]) for y in p.y]
    assert np.ptp(e) / abs(e[0]) < 1e-8
    assert np.max(np.linalg.norm(np.array(h) - h[0], axis=1)) / np.linalg.norm(h[0]) < 1e-8


def test_j2_conserves_energy_and_polar_angular_momentum():
    """With J2 (axisymmetric about z): energy incl. the J2 potential and h_z are constant."""
    tb = build_ephemeris_table(T_TLI, T_TLI + 2 * u.day)
    f = ForceModel(tb, j2=True, moon=False, sun=False)
    r = R_EARTH + 300e3
    y0 = np.array([r, 0, 0, 0, 5000.0, 5800.0])
    p = propagate(f, 0.0, y0, 86400.0)

    def energy(y):
        rn = np.linalg.norm(y[:3])
        s = y[2] / rn
        u_j2 = GM_EARTH / rn * J2_EARTH * (R_EARTH / rn) ** 2 * 0.5 * (3 * s * s - 1)
        return 0.5 * y[3:] @ y[3:] - GM_EARTH / rn + u_j2

    e = np.array([energy(y) for y in p.y])
    hz = np.array([np.cross(y[:3], y[3:])[2] for y in p.y])
    assert np.ptp(e) / abs(e[0]) < 1e-8
    assert np.ptp(hz) / abs(hz[0]) < 1e-8
    # and the node does regress (J2 is really on): h_x/h_y rotate
    h0 = np.cross(p.y[0, :3], p.y[0, 3:])
    h1 = np.cross(p.y[-1, :3], p.y[-1, 3:])
    assert np.degrees(abs(np.arctan2(h1[0], -h1[1]) - np.arctan2(h0[0], -h0[1]))) > 1.0


def test_bad_step_is_an_input_error():
    with pytest.raises(InputError, match="step_s"):
        build_ephemeris_table(T_TLI, T_TLI + 1 * u.day, step_s=-5)
