"""The Moon (or a point on it) seen from a ground station, and direct-to-Earth contact windows.

Geometry
--------
:func:`station_view` gives the azimuth, elevation and range of the Moon's centre, or of a point
on the lunar surface, from a station on the Earth, vectorised over epochs. Ephemeris: JPL DE421
(through :mod:`lupex.ephemeris`, the same kernels as every lupex stage); the lunar surface point
is placed in the MOON_ME_DE421 frame (LOLA mean-Earth frame, reference sphere 1,737.4 km) as in
:func:`lupex.ephemeris.azimuth_elevation`. The station is a WGS-84 geodetic point on the ITRS
Earth (skyfield ``wgs84.latlon``); Earth orientation is skyfield's IAU 2000A/2006 model with UT1
from skyfield's built-in tables (never a download; past their end they are extrapolated, which
moves azimuths by at most ~0.004° per second of UT1 error). Polar motion is neglected (< 20 m at
the surface). Positions are apparent (light time, aberration, gravitational deflection) and
without refraction: elevation is geometric, the radio bending at 10° elevation (~0.1°) is
inside the planning mask's margin.

Contact windows
---------------
A direct-to-Earth (DTE) contact between a lunar site and a station is possible at an epoch
when BOTH hold: the Earth is above the site's terrain horizon (from the site illumination of
:mod:`lupex.site`, e.g. ``SiteIllumination.earth_visible``) and the Moon (or the site) is above
the station's elevation mask. Each epoch of a regular grid stands for the interval
[t, t + step); fractions, passes and gaps are counted in whole steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.errors import InputError
from lupex.operations.stations import AGENCIES, GroundStation
import lupex.display as _display
from lupex.units import accepts


@_display.result(table=("times", ("azimuth_deg", "elevation_deg", "range_m")))
@dataclass(frozen=True)
class StationView:
    """Direction and distance of the target from a station, one value per epoch.

    azimuth_deg: clockwise from geodetic north, 0..360; elevation_deg: above the plane normal to
    the WGS-84 ellipsoid at the station; range_m: station-target light-path distance, m (the
    target's barycentric position at the emission time minus the station's at reception: it
    differs from the instantaneous geometric distance by up to ~40 km, the ~30 km/s orbital
    motion over the 1.3 s light time, i.e. 1e-4 or 0.001 dB of path loss). visible: elevation >= the station's elevation mask.
    """

    station: GroundStation
    times: Time
    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    range_m: np.ndarray

    @property
    def visible(self) -> np.ndarray:
        return self.elevation_deg >= self.station.elevation_mask_deg


@accepts(epochs=("times",))
def station_view(station: GroundStation, times: Time, site: tuple[float, float, float] | None = None
                 ) -> StationView:
    """Azimuth/elevation/range of the Moon's centre (``site=None``) or of a lunar surface point.

    Parameters
    ----------
    station : the ground station (WGS-84 position).
    times : astropy Time, scalar or array (UTC), inside the DE421 span.
    site : optional (latitude, east longitude, height above the 1,737.4 km sphere) of a point on
        the Moon, degrees, degrees, metres, in MOON_ME_DE421.

    Returns arrays of shape (N,) (N = 1 for a scalar time).
    """
    from skyfield.api import wgs84

    from lupex.ephemeris.core import _kernels, _sf_time

    k = _kernels()
    t = Time(np.atleast_1d(times.utc.jd1), np.atleast_1d(times.utc.jd2), format="jd", scale="utc")
    tsf = _sf_time(t, "times")
    observer = k.planets["earth"] + wgs84.latlon(station.lat_deg, station.lon_deg,
                                                 elevation_m=station.height_m)
    if site is None:
        target = k.planets["moon"]
    else:
        lat, lon, h = (float(v) for v in site)
        if not (np.isfinite(lat) and -90.0 <= lat <= 90.0):
            raise InputError("site latitude", lat, "a latitude between -90 and 90 degrees")
        if not (np.isfinite(lon) and -180.0 <= lon <= 360.0):
            raise InputError("site longitude", lon, "an east longitude between -180 and 360 degrees")
        if not (np.isfinite(h) and -20_000.0 <= h <= 20_000.0):
            raise InputError("site height", h, "a height between -20 and 20 km about the sphere")
        target = k.planets["moon"] + k.pc.build_latlon_degrees(k.frame, lat, lon, h)
    alt, az, dist = observer.at(tsf).observe(target).apparent().altaz()
    return StationView(station, t, np.atleast_1d(np.asarray(az.degrees, dtype=float)),
                       np.atleast_1d(np.asarray(alt.degrees, dtype=float)),
                       np.atleast_1d(np.asarray(dist.m, dtype=float)))


# ------------------------------------------------------------------------------------------------
# Contact windows on a regular time grid


@_display.result()
@dataclass(frozen=True)
class Pass:
    """One contact: the first epoch, the end of the last epoch's step, and the duration (h)."""

    start: Time
    stop: Time
    duration_h: float
    first_index: int
    n_steps: int

    def to_dict(self) -> dict:
        return {"start_utc": self.start.utc.isot[:19] + "Z", "stop_utc": self.stop.utc.isot[:19] + "Z",
                "duration_h": self.duration_h}


def _bool(mask, where: str) -> np.ndarray:
    m = np.asarray(mask)
    if m.ndim != 1:
        raise InputError(where, f"array of shape {m.shape}", "a 1-D series")
    if m.dtype != bool:
        raise InputError(where, f"array of dtype {m.dtype}", "a boolean series")
    return m


def dte_contact(earth_visible, station_visible) -> np.ndarray:
    """DTE contact possible: Earth above the site horizon AND target above the station mask.

    Both are boolean series on the same epochs; returns their element-wise AND.
    """
    e = _bool(earth_visible, "earth_visible")
    s = _bool(station_visible, "station_visible")
    if e.shape != s.shape:
        raise InputError("station_visible", f"{s.size} epochs", f"{e.size} epochs, as earth_visible")
    return e & s


@accepts(epochs=("times",))
def station_contacts(stations, times: Time, earth_visible, site=None) -> dict[str, np.ndarray]:
    """Per-station DTE contact series (station id -> boolean array over ``times``)."""
    return {s.id: dte_contact(earth_visible, station_view(s, times, site).visible) for s in stations}


def moon_visible(stations, times: Time, site=None) -> np.ndarray:
    """True at the epochs when ANY of ``stations`` sees the target above its elevation mask.

    The station half of the DTE rule, independent of the lunar site's terrain (a time series:
    e.g. the rover's operator's stations, AND-ed cell by cell with the Earth above the terrain
    horizon by :func:`lupex.rover.require_contact`). ``site`` as in :func:`station_view`. No
    stations: all False.
    """
    t = Time(np.atleast_1d(times.utc.jd1), np.atleast_1d(times.utc.jd2), format="jd", scale="utc")
    out = np.zeros(len(t), dtype=bool)
    for s in stations:
        out |= station_view(s, t, site).visible
    return out


def agency_union(contacts: dict[str, np.ndarray], stations, agency: str) -> np.ndarray:
    """Contact with ANY station of ``agency``: the OR of its stations' series in ``contacts``.

    Stations of the agency missing from ``contacts`` are ignored; with none, all False.
    """
    if agency not in AGENCIES:
        raise InputError("agency", agency, f"one of {', '.join(AGENCIES)}")
    series = [_bool(contacts[s.id], s.id) for s in stations if s.agency == agency and s.id in contacts]
    if not series:
        n = len(next(iter(contacts.values()))) if contacts else 0
        return np.zeros(n, dtype=bool)
    return np.logical_or.reduce(series)


def contact_fraction(mask) -> float:
    """Fraction of epochs with contact (0..1); 0 for an empty series."""
    m = _bool(mask, "mask")
    return float(m.mean()) if m.size else 0.0


def passes(times: Time, mask, step_h: float) -> list[Pass]:
    """Contiguous runs of True as passes: start = first epoch, stop = last epoch + step.

    ``times`` the regular grid the mask is sampled on (step ``step_h`` hours).
    """
    m = _bool(mask, "mask")
    if len(times) != m.size:
        raise InputError("mask", f"{m.size} epochs", f"{len(times)} epochs, as times")
    if not (np.isfinite(step_h) and step_h > 0):
        raise InputError("step_h (hours)", step_h, "a positive number of hours")
    d = np.diff(np.concatenate([[0], m.astype(np.int8), [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    out = []
    for a, b in zip(starts, ends):
        n = int(b - a)
        out.append(Pass(times[a], times[b - 1] + step_h * u.hour, n * step_h, int(a), n))
    return out


def longest_gap_hours(mask, step_h: float) -> float:
    """Longest run of epochs without contact, hours (whole steps; a series with no contact
    gives its full length)."""
    from lupex.site.illumination import longest_run

    m = _bool(mask, "mask")
    return float(longest_run(~m) * step_h)
