"""Sun and Earth visibility of one site against its horizon, over a period (DE421): the time
series behind :func:`lupex.site.analysis.analyze_site`.

The model (visible fraction of the solar disc above a locally straight horizon, the Earth's
centre for direct-to-Earth contact) and its sources are described in
:mod:`lupex.site.illumination`, which re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.constants import MOON_RADIUS_M, SUN_RADIUS_M
from lupex.errors import InputError
from lupex.moon_geometry import disc_visible_fraction
from lupex.site.horizon import SiteHorizon
import lupex.display as _display
from lupex.units import accepts


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


__all__ = ["SiteIllumination", "disk_fraction", "longest_run", "site_illumination"]
