"""Daily lunar launch windows from Tanegashima and the Earth-fixed <-> GCRS rotation.

Condition (coplanar direct transfer): the parking-orbit plane must contain the departure
direction of the transfer. For a direct (≈ Hohmann-like) transfer the trans-lunar injection
happens near the transfer perigee, roughly opposite the Moon's position at arrival, so the
plane must contain the Moon's geocentric direction at ``launch + time_of_flight``
(DE421 via :mod:`lupex.ephemeris`). A plane through the launch site contains a direction d
exactly when the launch heads along the horizontal projection of d (or its opposite), which
gives the required inertial azimuth at every instant; it is converted to the Earth-relative
azimuth for a parking-orbit speed of 7.8 km/s (:func:`lupex.launch.ascent.launch_azimuth...`).
The window is every instant of the day where that azimuth lies inside the range-safety sector.

Range-safety sector (ASSUMPTION, documented): 90°–195° from north. JAXA publishes no sector
figure. East bound: launches from Tanegashima fly over the Pacific east/south-east; azimuths
north of east cross the Japanese mainland. The INITIAL azimuths published for flown missions are
93° (H-IIA F36, QZS-4, JAXA release via news.mynavi.jp 29 Aug 2017), 100° (H-IIA F24, ALOS-2 to
SSO, response.jp 16 Mar 2014) and 108.5° (HTV-1 to 51.6°, JAXA countdown page, quoted on SeeSat-L
Sep 2009, "rather than 134"): launches to SSO and to the ISS start east-south-east and yaw south
later (a dog-leg; TF1 too, Spaceflight Now 7 Mar 2023). Sun-synchronous targets are flown that
way by the capacity solver (initial azimuth 100°, first-stage yaw:
lupex.launch.ascent.DOGLEG_INITIAL_AZIMUTH_DEG); a user-given azimuth is flown directly, and the
sector is widened to 195° to allow direct ascents to SSO (≈ 192°) and 51.6° (≈ 134°), which is
optimistic for those targets (a dog-leg costs performance). Lunar parking orbits (≈ 30–36°
inclination, azimuth ≈ 90–110°) and GTO lie inside the flown range.

Simplifications: the coast time in the parking orbit is not part of the condition (the TLI point
can be anywhere on the orbit); polar motion is neglected in the Earth-fixed -> GCRS rotation
(< 20 m at the surface); the Moon moves ≈ 13°/day so the tolerance in arrival time is part of the
transfer stage's design.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import erfa
import numpy as np
from astropy.time import Time

from lupex.launch import _core
from lupex.launch.ascent import _SITE_PAIR, AZIMUTH_SECTOR_DEG, TANEGASHIMA_LP2
import lupex.display as _display
from lupex.units import accepts, split_pair


@_display.result()
@dataclass(frozen=True)
class LaunchWindow:
    """One daily window: open/close (UTC astropy Time) and the launch azimuths (deg) there."""

    open: Time
    close: Time
    azimuth_open_deg: float
    azimuth_close_deg: float
    best_epoch: Time
    best_azimuth_deg: float

    @property
    def duration_s(self) -> float:
        return float((self.close - self.open).to_value("s"))

    def to_dict(self) -> dict:
        return {"open_utc": self.open.utc.isot[:19] + "Z", "close_utc": self.close.utc.isot[:19] + "Z",
                "azimuth_open_deg": round(self.azimuth_open_deg, 3),
                "azimuth_close_deg": round(self.azimuth_close_deg, 3),
                "best_utc": self.best_epoch.utc.isot[:19] + "Z",
                "best_azimuth_deg": round(self.best_azimuth_deg, 3)}


def celestial_to_terrestrial(t: Time) -> np.ndarray:
    """Matrices R (…, 3, 3) with r_ITRS = R @ r_GCRS (IAU 2006/2000A via erfa, polar motion 0).

    UT1 is taken equal to UTC (|UT1 − UTC| < 0.9 s by definition: ≤ 0.004° of Earth rotation),
    so nothing is downloaded (IERS tables do not cover future launch dates anyway)."""
    tt = t.tt
    utc = t.utc
    return erfa.c2t06a(tt.jd1, tt.jd2, utc.jd1, utc.jd2, 0.0, 0.0)


def site_gcrs(lat_deg: float, lon_deg: float, t: Time) -> np.ndarray:
    """Geocentric GCRS position (m) of a WGS-84 surface point at epochs ``t`` (shape (n, 3))."""
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    e2 = _core.F_E * (2 - _core.F_E)
    n = _core.R_E / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    r = np.array([n * math.cos(lat) * math.cos(lon), n * math.cos(lat) * math.sin(lon),
                  n * (1 - e2) * math.sin(lat)])
    R = celestial_to_terrestrial(t)
    return np.einsum("...ji,j->...i", R, r)


def _relative_azimuth(beta_i, lat_deg, v=7_800.0):
    vrot = _core.OMEGA_E * _core.R_E * math.cos(math.radians(lat_deg))
    return np.degrees(np.arctan2(v * np.sin(beta_i) - vrot, v * np.cos(beta_i))) % 360.0


@split_pair(**_SITE_PAIR)
@accepts(epochs=("t",))
def required_azimuth_deg(t: Time, time_of_flight_days: float, *,
                         site_lat_deg: float = TANEGASHIMA_LP2[0],
                         site_lon_deg: float = TANEGASHIMA_LP2[1]):
    """Earth-relative launch azimuths (deg, two branches, shape (n, 2)) putting the parking-orbit
    plane through the Moon's direction at arrival ``t + time_of_flight_days``, from the launch
    site at geodetic latitude ``site_lat_deg`` (deg north) and east longitude ``site_lon_deg``
    (deg), WGS-84 (default Tanegashima LP-2)."""
    from lupex.ephemeris import position_icrf

    t = Time(np.atleast_1d(t.utc.jd), format="jd", scale="utc")
    moon = position_icrf("moon", "earth", t + time_of_flight_days * _day())
    moon = np.atleast_2d(moon)
    if moon.shape[0] == 3 and moon.shape[-1] != 3:
        moon = moon.T
    d = moon / np.linalg.norm(moon, axis=1)[:, None]
    r = site_gcrs(site_lat_deg, site_lon_deg, t)
    u = r / np.linalg.norm(r, axis=1)[:, None]
    east = np.cross(np.array([0.0, 0.0, 1.0]), u)
    east /= np.linalg.norm(east, axis=1)[:, None]
    north = np.cross(u, east)
    de = np.sum(d * east, axis=1)
    dn = np.sum(d * north, axis=1)
    beta = np.arctan2(de, dn)
    az1 = _relative_azimuth(beta, site_lat_deg)
    az2 = _relative_azimuth(beta + math.pi, site_lat_deg)
    return np.stack([az1, az2], axis=1)


def _day():
    import astropy.units as u

    return u.day


@split_pair(**_SITE_PAIR)
@accepts(epochs=("date",))
def daily_windows(date, time_of_flight_days: float, *, site_lat_deg: float = TANEGASHIMA_LP2[0],
                  site_lon_deg: float = TANEGASHIMA_LP2[1], sector_deg=AZIMUTH_SECTOR_DEG,
                  step_s: float = 60.0, preferred_azimuth_deg: float = 90.0
                  ) -> list[LaunchWindow]:
    """Launch windows on the UTC day ``date`` (anything :func:`lupex.ephemeris.to_time` reads)
    from the launch site at geodetic latitude ``site_lat_deg`` (deg north) and east longitude
    ``site_lon_deg`` (deg), WGS-84 (default Tanegashima LP-2).

    Returns the windows in time order; ``best_*`` is the instant whose azimuth is closest to
    ``preferred_azimuth_deg`` (due east = most payload)."""
    from lupex.ephemeris import to_time

    t0 = to_time(date, "launch.date")
    day0 = Time(t0.utc.iso[:10], scale="utc")
    n = int(86400.0 / step_s) + 1
    ts = day0 + np.arange(n) * step_s * _sec()
    az = required_azimuth_deg(ts, time_of_flight_days, site_lat_deg=site_lat_deg,
                              site_lon_deg=site_lon_deg)
    lo, hi = sector_deg
    inside = (az >= lo) & (az <= hi)
    wins: list[LaunchWindow] = []
    for branch in range(2):
        ok = inside[:, branch]
        k = 0
        while k < n:
            if not ok[k]:
                k += 1
                continue
            j = k
            while j + 1 < n and ok[j + 1]:
                j += 1
            seg = az[k:j + 1, branch]
            b = int(np.argmin(np.abs(seg - preferred_azimuth_deg)))
            wins.append(LaunchWindow(ts[k], ts[j], float(az[k, branch]), float(az[j, branch]),
                                     ts[k + b], float(seg[b])))
            k = j + 1
    wins.sort(key=lambda w: w.open.jd)
    return wins


def _sec():
    import astropy.units as u

    return u.s
