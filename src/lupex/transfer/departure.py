"""Leaving a parking orbit for the Moon: the direct departure a launch aims at, and its plane.

:func:`direct_departure` is the DE421-targeted TLI a launch aims its lift-off time and parking
coast at; :func:`parking_plane_nodes` the two parking planes a direct transfer can leave from
(patched-conic estimate); :func:`parking_elements` how a launch's parking orbit enters the
transfer; :func:`plane_change_angle_deg` the angle between two planes of one inclination.
"""

from __future__ import annotations

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.ephemeris import to_time
from lupex.transfer.forces import ForceModel, build_ephemeris_table
from lupex.transfer.targeting import DepartureOrbit, TransferSolution, target_transfer
from lupex.units import accepts


def _target(t_tli: Time, dep: DepartureOrbit, tof_days: float, perilune_altitude_km: float,
            lunar_inclination_deg: float, raan_hint_deg: float | None,
            rtol: float) -> TransferSolution:
    """The TLI targeting of :func:`lupex.transfer.mission.plan_transfer` (same ephemeris table,
    same tolerances)."""
    table = build_ephemeris_table(t_tli, t_tli + (tof_days + 3.0) * u.day, step_s=3600.0)
    return target_transfer(ForceModel(table), t_tli, dep, tof_days, perilune_altitude_km,
                           lunar_inclination_deg, raan_hint_deg=raan_hint_deg, rtol=rtol)


@accepts(epochs=("tli_epoch",))
def direct_departure(tli_epoch, parking_altitude_km: float, parking_apogee_km: float,
                     inclination_deg: float, time_of_flight_days: float = 4.5,
                     perilune_altitude_km: float = 100.0, lunar_inclination_deg: float = 90.0,
                     raan_hint_deg: float | None = None, rtol: float = 1e-11
                     ) -> TransferSolution:
    """The direct transfer :func:`lupex.transfer.mission.plan_transfer` flies from this parking
    orbit at ``tli_epoch``: the DE421-targeted TLI node (``raan_deg``, GCRS) and argument of
    latitude (``arg_lat_deg``) of the burn point. A launch stage aims its lift-off time and
    parking coast at these, so that launch and transfer share one TLI epoch and one parking
    plane. Altitudes in km, angles in degrees (inclination to the GCRS equator; lunar inclination in MOON_ME)."""
    dep = DepartureOrbit(parking_altitude_km, max(parking_apogee_km, parking_altitude_km),
                         inclination_deg)
    return _target(to_time(tli_epoch, "tli_epoch"), dep, float(time_of_flight_days),
                   perilune_altitude_km, lunar_inclination_deg, raan_hint_deg, rtol)


def parking_elements(orbit) -> tuple[float, float, float, float]:
    """(perigee altitude km, apogee altitude km, inclination deg, RAAN deg) of a boinor Earth
    ``Orbit`` (GCRS), altitudes above boinor's Earth radius: how a launch's parking orbit enters
    the transfer (:func:`direct_departure`, :func:`lupex.transfer.mission.plan_transfer`)."""
    from boinor.bodies import Earth

    r_e = float(Earth.R.to_value(u.km))
    return (float(orbit.r_p.to_value(u.km)) - r_e, float(orbit.r_a.to_value(u.km)) - r_e,
            float(orbit.inc.to_value(u.deg)), float(orbit.raan.to_value(u.deg)))


def plane_change_angle_deg(inclination_deg: float, raan_a_deg: float, raan_b_deg: float) -> float:
    """Angle (deg) between two orbit planes of the same inclination whose nodes differ:
    cos θ = cos² i + sin² i cos ΔΩ (spherical trigonometry; Vallado 2013, §6.4.2)."""
    i = np.radians(inclination_deg)
    c = np.cos(i) ** 2 + np.sin(i) ** 2 * np.cos(np.radians(raan_a_deg - raan_b_deg))
    return float(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))))


#: Plane differences below this angle (deg) between the launch's parking orbit and the targeted
#: departure plane are not charged (the launch stage aims the node to well inside it).
PLANE_MATCH_TOLERANCE_DEG = 0.01


@accepts(epochs=("tli_epoch",))
def parking_plane_nodes(tli_epoch, parking_altitude_km: float, inclination_deg: float,
                        time_of_flight_days: float = 4.5) -> list[float]:
    """Right ascensions of the ascending node (deg) of the two parking-orbit planes from which a
    direct transfer leaving at ``tli_epoch`` reaches the Moon after ``time_of_flight_days``
    (patched-conic estimate, within ~1° of the full-model solution): for a launch-window
    computation to place the parking orbit in.
    """
    t = to_time(tli_epoch, "tli_epoch")
    table = build_ephemeris_table(t, t + (time_of_flight_days + 1.0) * u.day)
    dep = DepartureOrbit(parking_altitude_km, parking_altitude_km, inclination_deg)
    from lupex.transfer.patched_conic import patched_conic_guess

    g = patched_conic_guess(ForceModel(table), 0.0, dep, time_of_flight_days * 86400.0)
    return [float(np.degrees(x["raan"]) % 360.0) for x in g]
