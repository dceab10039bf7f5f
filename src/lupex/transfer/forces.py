"""Force model for Earth–Moon transfers: Earth with J2, Moon and Sun as DE421 point masses.

The equations of motion are written in the geocentric ICRF frame (non-inertial: the Earth is
accelerated by the Moon and Sun), so each third body contributes its direct term minus the
indirect term acting on the Earth (Battin 1999, *An Introduction to the Mathematics and Methods of
Astrodynamics*, rev. ed., §8.2; Montenbruck & Gill 2000, *Satellite Orbits*, eq. 3.37).

Earth oblateness: zonal J2 term (Montenbruck & Gill 2000, eq. 3.30 with n=2), with the Earth's
rotation axis taken as ICRF z. The true pole of date differs from ICRF z by the precession since
J2000 (about 0.39° in 2028); for a transfer that leaves the Earth within an hour this changes the
J2 acceleration by < 1 % of itself and is neglected (documented approximation).

For speed the Moon and Sun geocentric positions are sampled once from JPL DE421 (through
:func:`lupex.ephemeris.position_icrf`) on a uniform grid and represented by a cubic spline whose
piecewise coefficients are evaluated in a numba kernel. With a 1-hour step the interpolation error
of the Moon's position is below a metre (tested against DE421 itself in tests/transfer).

Constants (SI; defined and cited in :mod:`lupex.constants`, the values boinor.bodies publishes):
GM_EARTH, R_EARTH and J2_EARTH (IERS Conventions 2010, table 1.1), GM_MOON (DE-series value),
GM_SUN (IAU 2009 system of astronomical constants), MOON_RADIUS_M (LOLA reference sphere).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from astropy.time import Time, TimeDelta
from numba import njit
from scipy.interpolate import CubicSpline

from lupex.constants import GM_EARTH, GM_MOON, GM_SUN, MOON_RADIUS_M  # noqa: F401 - re-exported
from lupex.constants import J2_EARTH_IERS as J2_EARTH
from lupex.constants import R_EARTH_IERS_M as R_EARTH
from lupex.ephemeris import position_icrf
from lupex.errors import InputError


@dataclass(frozen=True)
class EphemerisTable:
    """Moon and Sun geocentric ICRF positions, sampled from DE421 and splined.

    t_ref: epoch of t = 0 (astropy Time). step_s: grid step, s. t0_s/t1_s: covered span in
    seconds from t_ref. moon_c / sun_c: spline coefficients, shape (4, n_intervals, 3), m.
    """

    t_ref: Time
    step_s: float
    t0_s: float
    t1_s: float
    moon_c: np.ndarray
    sun_c: np.ndarray

    def moon(self, t_s) -> np.ndarray:
        """Geocentric Moon position(s), m, at seconds from t_ref (scalar or array)."""
        return _eval_array(self.moon_c, self.t0_s, self.step_s, np.atleast_1d(t_s)).squeeze()

    def sun(self, t_s) -> np.ndarray:
        """Geocentric Sun position(s), m, at seconds from t_ref."""
        return _eval_array(self.sun_c, self.t0_s, self.step_s, np.atleast_1d(t_s)).squeeze()

    def moon_state(self, t_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Geocentric Moon position (m) and velocity (m/s) from the spline."""
        return _eval_pv(self.moon_c, self.t0_s, self.step_s, float(t_s))

    def epoch(self, t_s) -> Time:
        """astropy Time for seconds from t_ref."""
        return self.t_ref + TimeDelta(np.asarray(t_s, dtype=float), format="sec")

    def seconds(self, t: Time) -> float | np.ndarray:
        """Seconds from t_ref for an astropy Time."""
        return (t - self.t_ref).to_value("s")


def build_ephemeris_table(
    t_start: Time, t_stop: Time, step_s: float = 3600.0, t_ref: Time | None = None
) -> EphemerisTable:
    """Sample DE421 Moon and Sun geocentric positions over [t_start, t_stop] (+1 day margins).

    t_ref defaults to t_start. Raises EphemerisRangeError outside the kernels' span.
    """
    if not np.isfinite(step_s) or step_s <= 0 or step_s > 6 * 3600:
        raise InputError("step_s", step_s, "a sampling step between 0 and 21,600 s")
    t_ref = t_start if t_ref is None else t_ref
    a = (t_start - t_ref).to_value("s") - 86400.0
    b = (t_stop - t_ref).to_value("s") + 86400.0
    if b <= a:
        raise InputError("t_stop", t_stop.isot, "an epoch after t_start")
    n = int(np.ceil((b - a) / step_s)) + 1
    ts = a + step_s * np.arange(n)
    times = t_ref + TimeDelta(ts, format="sec")
    moon = position_icrf("moon", "earth", times)
    sun = position_icrf("sun", "earth", times)
    cm = CubicSpline(ts, moon, axis=0).c.copy()
    cs = CubicSpline(ts, sun, axis=0).c.copy()
    return EphemerisTable(t_ref=t_ref, step_s=float(step_s), t0_s=float(ts[0]),
                          t1_s=float(ts[-1]), moon_c=np.ascontiguousarray(cm),
                          sun_c=np.ascontiguousarray(cs))


@njit(cache=True, inline="always")
def _segment(c, t0, h, t):
    """Index of the cubic segment holding ``t`` (clamped to the table) and the offset into it, s."""
    k = int((t - t0) // h)
    n = c.shape[1]
    if k < 0:
        k = 0
    elif k > n - 1:
        k = n - 1
    return k, t - (t0 + k * h)


@njit(cache=True)
def _eval(c, t0, h, t):
    k, x = _segment(c, t0, h, t)
    out = np.empty(3)
    for j in range(3):
        out[j] = ((c[0, k, j] * x + c[1, k, j]) * x + c[2, k, j]) * x + c[3, k, j]
    return out


@njit(cache=True)
def _eval_pv(c, t0, h, t):
    k, x = _segment(c, t0, h, t)
    p = np.empty(3)
    v = np.empty(3)
    for j in range(3):
        p[j] = ((c[0, k, j] * x + c[1, k, j]) * x + c[2, k, j]) * x + c[3, k, j]
        v[j] = (3.0 * c[0, k, j] * x + 2.0 * c[1, k, j]) * x + c[2, k, j]
    return p, v


@njit(cache=True)
def _eval_array(c, t0, h, ts):
    out = np.empty((ts.shape[0], 3))
    for i in range(ts.shape[0]):
        out[i] = _eval(c, t0, h, ts[i])
    return out


@njit(cache=True)
def accel_geocentric(t, r, moon_c, sun_c, t0, h, j2_on, moon_on, sun_on):
    """Acceleration (m/s²) of a spacecraft at geocentric ICRF position r (m) at t (s from t_ref)."""
    x, y, z = r[0], r[1], r[2]
    r2 = x * x + y * y + z * z
    rn = np.sqrt(r2)
    a = -GM_EARTH / (r2 * rn) * r
    if j2_on:
        f = 1.5 * J2_EARTH * GM_EARTH * R_EARTH * R_EARTH / (r2 * r2 * rn)
        zz = 5.0 * z * z / r2
        a[0] += f * x * (zz - 1.0)
        a[1] += f * y * (zz - 1.0)
        a[2] += f * z * (zz - 3.0)
    if moon_on:
        rm = _eval(moon_c, t0, h, t)
        d = rm - r
        dn = np.sqrt(d[0] ** 2 + d[1] ** 2 + d[2] ** 2)
        rmn = np.sqrt(rm[0] ** 2 + rm[1] ** 2 + rm[2] ** 2)
        a += GM_MOON * (d / dn**3 - rm / rmn**3)
    if sun_on:
        rs = _eval(sun_c, t0, h, t)
        d = rs - r
        dn = np.sqrt(d[0] ** 2 + d[1] ** 2 + d[2] ** 2)
        rsn = np.sqrt(rs[0] ** 2 + rs[1] ** 2 + rs[2] ** 2)
        a += GM_SUN * (d / dn**3 - rs / rsn**3)
    return a


@njit(cache=True)
def rhs_geocentric(t, y, moon_c, sun_c, t0, h, j2_on, moon_on, sun_on):
    """State derivative [v, a] for y = [r (m), v (m/s)] in geocentric ICRF."""
    out = np.empty(6)
    out[:3] = y[3:]
    out[3:] = accel_geocentric(t, y[:3], moon_c, sun_c, t0, h, j2_on, moon_on, sun_on)
    return out


@dataclass(frozen=True)
class ForceModel:
    """Which terms are on, and the ephemeris table they use. Call ``rhs(t, y)`` (SI, geocentric)."""

    table: EphemerisTable
    j2: bool = True
    moon: bool = True
    sun: bool = True

    def rhs(self, t: float, y: np.ndarray) -> np.ndarray:
        tb = self.table
        return rhs_geocentric(t, y, tb.moon_c, tb.sun_c, tb.t0_s, tb.step_s,
                              self.j2, self.moon, self.sun)

    def args(self) -> tuple:
        tb = self.table
        return (tb.moon_c, tb.sun_c, tb.t0_s, tb.step_s, self.j2, self.moon, self.sun)
