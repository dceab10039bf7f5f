"""Sun and Earth visibility against the terrain horizon: site time series and maps.

Sun: the visible fraction of the solar disk above a locally straight horizon,
f = 1 - (acos(d) - d sqrt(1 - d^2)) / pi with d = (elevation - horizon) / r_sun clipped to [-1, 1]
(area of a circular segment, :func:`lupex.moon_geometry.disc_visible_fraction`), r_sun = asin(R_sun / distance), R_sun = 695,700 km (IAU 2015
Resolution B3 nominal solar radius) -- about 0.265°, the 0.53° disk.
Earth: visible (direct-to-Earth contact possible) when the centre of the Earth is above the horizon.

Figures (all over the sampled epochs, equally weighted):
- ``sun_fraction``: mean visible fraction of the solar disk (the "illumination" of Gläser et al.
  2014 and Mazarico et al. 2011 is the fraction of time lit, counting partial disks by the visible
  fraction);
- ``sun_any_fraction``: fraction of epochs with any part of the disk visible;
- ``earth_fraction``: fraction of epochs with the Earth's centre above the horizon;
- ``sun_and_earth_fraction``: mean of (visible Sun fraction) x (Earth visible);
- ``longest_dark_hours``: longest run of consecutive epochs with no part of the Sun visible,
  x step (an interval with the Sun fully hidden);
- PSR (maps): cells where no part of the Sun is visible at any epoch of the period. A one-year
  period finds the cells dark for that year; permanent shadow proper needs the 18.6-year cycle
  (pass a longer period).

Ephemeris: :func:`lupex.ephemeris.azimuth_elevation` for a site (topocentric, light-time corrected);
:func:`lupex.ephemeris.direction_moon_me` for maps (one Sun direction set for all cells; the
parallax across a polar map is < 0.0002° for the Sun, < 0.05° for the Earth).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import astropy.units as u
import numpy as np
from astropy.time import Time
from numba import njit, prange

from lupex.constants import MOON_RADIUS_M, SUN_RADIUS_M
from lupex.errors import InputError
from lupex.moon_geometry import disc_visible_fraction, true_to_grid_azimuth
from lupex.site.horizon import SiteHorizon, grid_azimuths
from lupex.site.terrain import Terrain
import lupex.display as _display
from lupex.units import accepts


#: Most epochs in one illumination series (bounds memory and time).
MAX_EPOCHS = 2_000_000


@accepts(epochs=("start", "stop"))
def time_grid(start, stop, step_h: float) -> Time:
    """Epochs from ``start`` to ``stop`` (inclusive of start, exclusive of stop) every ``step_h`` h.

    Raises InputError for stop <= start, a non-positive step, more than 2,000,000 epochs, or
    (EphemerisRangeError) epochs outside DE421.
    """
    from lupex.ephemeris import to_time

    t0 = to_time(start, "start")
    t1 = to_time(stop, "stop")
    if not (np.isfinite(step_h) and step_h > 0):
        raise InputError("step_h (hours)", step_h, "a positive number of hours")
    span_h = (t1 - t0).to_value("hour")
    if span_h <= 0:
        raise InputError("stop", t1.isot, f"an epoch after start ({t0.isot})")
    n = int(math.ceil(span_h / step_h - 1e-9))
    if n > MAX_EPOCHS:
        raise InputError("step_h (hours)", step_h,
                         f"a step giving at most {MAX_EPOCHS:,} epochs ({n} asked)")
    return t0 + np.arange(n) * step_h / 24.0 * u.day


def disk_fraction(elev_minus_horizon_deg, radius_deg):
    """Visible fraction of a disk of angular radius ``radius_deg`` whose centre is
    ``elev_minus_horizon_deg`` above a straight horizon (vectorised): the public name of
    :func:`lupex.moon_geometry.disc_visible_fraction` with the horizon at 0."""
    return disc_visible_fraction(elev_minus_horizon_deg, 0.0, radius_deg)


def longest_run(mask: np.ndarray) -> int:
    """Length of the longest run of True in a 1-D boolean array."""
    m = np.asarray(mask, dtype=bool)
    if not m.any():
        return 0
    padded = np.concatenate([[False], m, [False]])
    d = np.diff(padded.astype(np.int8))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return int((ends - starts).max())


@_display.result(headline=("sun_fraction", "earth_fraction", "sun_and_earth_fraction", "longest_dark_hours", "times"),
                 table=("times", ("sun_azimuth_deg", "sun_elevation_deg", "sun_horizon_deg",
                                  "sun_visible_fraction", "earth_azimuth_deg", "earth_elevation_deg",
                                  "earth_horizon_deg", "earth_visible")))
@dataclass(frozen=True)
class SiteIllumination:
    """Illumination and Earth visibility time series of one site (see module docstring)."""

    times: Time
    step_h: float
    sun_azimuth_deg: np.ndarray
    sun_elevation_deg: np.ndarray
    sun_horizon_deg: np.ndarray
    sun_visible_fraction: np.ndarray
    earth_azimuth_deg: np.ndarray
    earth_elevation_deg: np.ndarray
    earth_horizon_deg: np.ndarray
    earth_visible: np.ndarray
    horizon: SiteHorizon

    @property
    def sun_fraction(self) -> float:
        return float(np.mean(self.sun_visible_fraction))

    @property
    def sun_any_fraction(self) -> float:
        return float(np.mean(self.sun_visible_fraction > 0))

    @property
    def earth_fraction(self) -> float:
        return float(np.mean(self.earth_visible))

    @property
    def sun_and_earth_fraction(self) -> float:
        return float(np.mean(self.sun_visible_fraction * self.earth_visible))

    @property
    def longest_dark_hours(self) -> float:
        return longest_run(self.sun_visible_fraction <= 0.0) * self.step_h

    def summary(self) -> dict:
        return {
            "lat_deg": self.horizon.lat_deg,
            "lon_deg": self.horizon.lon_deg,
            "ground_height_m": self.horizon.ground_m,
            "observer_height_m": self.horizon.height_m,
            "start_utc": self.times[0].isot,
            "stop_utc": (self.times[-1] + self.step_h / 24.0 * u.day).isot,
            "step_h": self.step_h,
            "n_epochs": int(len(self.times)),
            "sun_fraction": self.sun_fraction,
            "sun_any_fraction": self.sun_any_fraction,
            "earth_fraction": self.earth_fraction,
            "sun_and_earth_fraction": self.sun_and_earth_fraction,
            "longest_dark_hours": self.longest_dark_hours,
        }


@accepts(epochs=("times",))
def site_illumination(horizon: SiteHorizon, times: Time, step_h: float) -> SiteIllumination:
    """Sun and Earth visibility time series of a site from its horizon and the DE421 ephemeris.

    ``horizon`` from :func:`lupex.site.horizon.site_horizon` (true azimuths); ``times`` the epochs
    (e.g. :func:`time_grid`), ``step_h`` their spacing (for longest darkness).
    """
    from lupex.ephemeris import azimuth_elevation

    h_obs = horizon.ground_m + horizon.height_m
    if h_obs < -20_000:
        raise InputError("site height", h_obs, "a height above -20 km")
    sun = azimuth_elevation("sun", horizon.lat_deg, horizon.lon_deg, max(h_obs, 0.0), times) \
        if h_obs >= 0 else _azel_any_height("sun", horizon, h_obs, times)
    earth = azimuth_elevation("earth", horizon.lat_deg, horizon.lon_deg, max(h_obs, 0.0), times) \
        if h_obs >= 0 else _azel_any_height("earth", horizon, h_obs, times)
    sun_h = horizon.at(sun.azimuth_deg)
    r_sun = np.degrees(np.arcsin(SUN_RADIUS_M / np.asarray(sun.distance_m)))
    frac = disc_visible_fraction(sun.elevation_deg, sun_h, r_sun)
    earth_h = horizon.at(earth.azimuth_deg)
    return SiteIllumination(times, float(step_h), np.asarray(sun.azimuth_deg),
                            np.asarray(sun.elevation_deg), sun_h, frac,
                            np.asarray(earth.azimuth_deg), np.asarray(earth.elevation_deg),
                            earth_h, np.asarray(earth.elevation_deg) > earth_h, horizon)


def _azel_any_height(body, horizon, h_obs, times):
    """Azimuth/elevation for a site below the reference sphere (terrain height < 0).

    lupex.ephemeris.azimuth_elevation refuses negative heights (user input check); a terrain
    point below the reference sphere is legitimate, so compute from the Moon-centred direction
    and the site's position (m), in the site's ENU frame.
    """
    from lupex.ephemeris import AzEl, direction_moon_me, enu_basis

    u, d = direction_moon_me(body, times)
    u = np.atleast_2d(u)
    basis = enu_basis(horizon.lat_deg, horizon.lon_deg)
    r_site = (MOON_RADIUS_M + h_obs) * basis[2]
    v = u * np.atleast_1d(d)[:, None] - r_site[None, :]
    e, n, up = (v @ basis.T).T
    dist = np.sqrt(e * e + n * n + up * up)
    return AzEl(np.degrees(np.arctan2(e, n)) % 360.0, np.degrees(np.arcsin(up / dist)), dist)


# ------------------------------------------------------------------------------------------------
# Maps


_LUT_N = 4096


def _disk_lut() -> np.ndarray:
    """The disc's visible fraction sampled on d = -1 .. 1 (d in units of the disk radius),
    _LUT_N + 1 points."""
    return disc_visible_fraction(np.linspace(-1.0, 1.0, _LUT_N + 1), 0.0, 1.0)


@njit(cache=True, inline="always")
def _asin_deg(x):
    """asin(x) in degrees, branch-free (vectorisable): |x| <= 1/2 directly, otherwise by
    asin x = pi/2 - 2 asin(sqrt((1 - x)/2)); Taylor series to y^13 on |y| <= 1/2, error
    < 5e-7 rad (3e-5°, 1e-4 of the solar disk's radius)."""
    ax = abs(x)
    big = ax > 0.5
    y = math.sqrt(0.5 * (1.0 - ax)) if big else ax
    y2 = y * y
    p = y * (1.0 + y2 * (1.0 / 6.0 + y2 * (3.0 / 40.0 + y2 * (5.0 / 112.0 + y2 * (
        35.0 / 1152.0 + y2 * (63.0 / 2816.0 + y2 * (231.0 / 13312.0)))))))
    r = 1.5707963267948966 - 2.0 * p if big else p
    return math.copysign(r, x) * 57.29577951308232


@njit(cache=True, parallel=True, fastmath={"reassoc", "contract", "arcp", "nsz", "afn"})
def _map_kernel(hz, up, sun_u, sun_k, sun_w, sun_r, earth_u, earth_k, earth_w, n_az, lut):
    # hz: (n_az, ny, nx) azimuth-major; rows in parallel, times outer, cells inner (contiguous,
    # branch-free so that LLVM vectorises the inner loops; the fast-math flags exclude
    # "nnan"/"ninf", so the NaN test below is kept: no-data cells are zeroed, masked at the end)
    ny, nx = hz.shape[1], hz.shape[2]
    nt = sun_u.shape[0]
    nl = lut.shape[0] - 1
    sun_sum = np.zeros((ny, nx))
    sun_any = np.zeros((ny, nx), dtype=np.int32)
    earth_n = np.zeros((ny, nx), dtype=np.int32)
    joint = np.zeros((ny, nx))
    dark = np.zeros((ny, nx), dtype=np.int32)
    for i in prange(ny):
        run = np.zeros(nx, dtype=np.int32)
        best = np.zeros(nx, dtype=np.int32)
        ss = np.zeros(nx)
        jj = np.zeros(nx)
        na_ = np.zeros(nx, dtype=np.int32)
        ne_ = np.zeros(nx, dtype=np.int32)
        ux = np.empty(nx)
        uy = np.empty(nx)
        uz = np.empty(nx)
        hrow = np.empty((4, nx), dtype=np.float32)
        for j in range(nx):
            ux[j] = up[i, j, 0]
            uy[j] = up[i, j, 1]
            uz[j] = up[i, j, 2]
        for t in range(nt):
            k = sun_k[t]
            k1 = k + 1 if k + 1 < n_az else 0
            w = sun_w[t]
            ke = earth_k[t]
            ke1 = ke + 1 if ke + 1 < n_az else 0
            we = earth_w[t]
            s0, s1, s2 = sun_u[t, 0], sun_u[t, 1], sun_u[t, 2]
            e0, e1, e2 = earth_u[t, 0], earth_u[t, 1], earth_u[t, 2]
            scale = 0.5 * nl / sun_r[t]
            half = 0.5 * nl
            top = nl - 1e-9
            for j in range(nx):
                # NaN horizons (no data) are replaced by 0 here and masked at the end
                a0 = hz[k, i, j]
                a1 = hz[k1, i, j]
                b0 = hz[ke, i, j]
                b1 = hz[ke1, i, j]
                hrow[0, j] = a0 if a0 == a0 else 0.0
                hrow[1, j] = a1 if a1 == a1 else 0.0
                hrow[2, j] = b0 if b0 == b0 else 0.0
                hrow[3, j] = b1 if b1 == b1 else 0.0
            for j in range(nx):
                el_s = _asin_deg(s0 * ux[j] + s1 * uy[j] + s2 * uz[j])
                el_e = _asin_deg(e0 * ux[j] + e1 * uy[j] + e2 * uz[j])
                hh = hrow[0, j] + w * (hrow[1, j] - hrow[0, j])
                # disk fraction from the table (linear), d = (el - horizon) / r in [-1, 1]
                u = (el_s - hh) * scale + half
                u = min(max(u, 0.0), top)
                iu = int(u)
                f = lut[iu] + (u - iu) * (lut[iu + 1] - lut[iu])
                he = hrow[2, j] + we * (hrow[3, j] - hrow[2, j])
                ev = 1 if el_e > he else 0
                lit = 1 if f > 0.0 else 0
                ss[j] += f
                na_[j] += lit
                ne_[j] += ev
                jj[j] += f * ev
                r = (run[j] + 1) * (1 - lit)
                run[j] = r
                best[j] = max(best[j], r)
        for j in range(nx):
            if math.isnan(hz[0, i, j]):
                sun_sum[i, j] = np.nan
                joint[i, j] = np.nan
            else:
                sun_sum[i, j] = ss[j] / nt
                joint[i, j] = jj[j] / nt
            sun_any[i, j] = na_[j]
            earth_n[i, j] = ne_[j]
            dark[i, j] = best[j]
    return sun_sum, sun_any, earth_n, joint, dark


def _grid_az_index(u: np.ndarray, n_az: int, pole: int):
    """Grid azimuth bin and weight of Moon-fixed unit vectors, seen in the pole's tangent frame.

    South pole: grid +y is ME +X (towards longitude 0), grid +x is ME +Y, so the grid azimuth
    (clockwise from +y) is atan2(u_Y, u_X). North pole: +y is ME -X: atan2(u_Y, -u_X).
    Across a polar map the cell's own grid azimuth of a distant body differs from this by a
    second-order term (colatitude x body elevation, < 0.2° within 5° of the pole).
    """
    if pole < 0:
        az = np.degrees(np.arctan2(u[:, 1], u[:, 0])) % 360.0
    else:
        az = np.degrees(np.arctan2(u[:, 1], -u[:, 0])) % 360.0
    pos = az / (360.0 / n_az)
    k = np.floor(pos).astype(np.int64) % n_az
    return k, (pos - np.floor(pos))


@_display.result()
@dataclass(frozen=True)
class IlluminationMap:
    """Map figures over a period (see module docstring). Arrays (ny, nx) on ``terrain``'s grid.

    sun_fraction, sun_and_earth_fraction: mean fractions; sun_any_fraction, earth_fraction: time
    fractions; longest_dark_hours; psr: bool mask (no Sun at any epoch); psr_area_km2 (true area,
    projection scale factor removed); height_m, near_field_m: the observer height and near field.
    """

    terrain: Terrain
    sun_fraction: np.ndarray
    sun_any_fraction: np.ndarray
    earth_fraction: np.ndarray
    sun_and_earth_fraction: np.ndarray
    longest_dark_hours: np.ndarray
    psr: np.ndarray
    psr_area_km2: float
    height_m: float
    near_field_m: float
    n_epochs: int
    step_h: float


@accepts(epochs=("times",))
def illumination_map(terrain: Terrain, horizons: np.ndarray, times: Time, step_h: float,
                     height_m: float, near_field_m: float) -> IlluminationMap:
    """Illumination, Earth visibility, longest darkness and PSR of every cell of ``terrain``.

    ``horizons`` from :func:`lupex.site.horizon.horizon_map` on the same grid (GRID azimuths).
    One Sun/Earth direction set (:func:`lupex.ephemeris.direction_moon_me`) serves every cell;
    each cell's elevation uses its own local vertical.
    """
    from lupex.ephemeris import direction_moon_me

    ny, nx, n_az = horizons.shape
    if (ny, nx) != terrain.shape:
        raise InputError("horizons shape", horizons.shape, f"the terrain grid {terrain.shape} x n_az")
    lat, lon = terrain.cell_latlon()
    la, lo = np.radians(lat), np.radians(lon)
    up = np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)
    su, sd = direction_moon_me("sun", times)
    eu, _ = direction_moon_me("earth", times)
    su, eu = np.atleast_2d(su), np.atleast_2d(eu)
    sk, sw = _grid_az_index(su, n_az, terrain.pole)
    ek, ew = _grid_az_index(eu, n_az, terrain.pole)
    sr = np.degrees(np.arcsin(SUN_RADIUS_M / np.atleast_1d(sd)))
    hz_azmajor = np.ascontiguousarray(np.moveaxis(horizons, -1, 0), dtype=np.float32)
    s_sum, s_any, e_n, joint, dark = _map_kernel(hz_azmajor, np.ascontiguousarray(up), su, sk, sw,
                                                 sr, eu, ek, ew, n_az, _disk_lut())
    nt = su.shape[0]
    valid = np.isfinite(s_sum)
    psr = (s_any == 0) & valid
    k = terrain.scale_factor()
    area = float(np.sum((terrain.cell_m / k[psr]) ** 2) / 1e6)
    return IlluminationMap(terrain, s_sum, np.where(valid, s_any / nt, np.nan),
                           np.where(valid, e_n / nt, np.nan), joint,
                           np.where(valid, dark * float(step_h), np.nan), psr, area,
                           float(height_m), float(near_field_m), nt, float(step_h))


def distance_to_mask_km(terrain: Terrain, mask: np.ndarray, lat_deg: float, lon_deg: float
                        ) -> float | None:
    """True distance (km) from a point to the nearest True cell of ``mask`` (None if none)."""
    if not mask.any():
        return None
    from lupex.moon_geometry import ps_scale_factor

    i, j = terrain.latlon_to_ij(lat_deg, lon_deg)
    ii, jj = np.nonzero(mask)
    d = np.hypot(ii - float(i), jj - float(j)).min() * terrain.cell_m
    return float(d / ps_scale_factor(lat_deg, terrain.pole) / 1000.0)


__all__ = ["IlluminationMap", "SiteIllumination", "SUN_RADIUS_M", "disk_fraction",
           "distance_to_mask_km", "illumination_map", "longest_run", "site_illumination",
           "time_grid", "grid_azimuths", "true_to_grid_azimuth"]
