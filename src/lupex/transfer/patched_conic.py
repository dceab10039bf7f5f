"""The departure orbit of TLI and the patched-conic initial guess of the targeting.

A tangential TLI burn at the perigee of a :class:`DepartureOrbit` (:func:`departure_state`); the
guess (Earth two-body; Bate, Mueller & White 1971, *Fundamentals of Astrodynamics*, ch. 7.3) puts
the plane through the Moon's DE421 position at arrival and the burn point the transfer ellipse's
true anomaly before it (:func:`patched_conic_guess`); see :mod:`lupex.transfer.targeting`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError
from lupex.transfer.forces import GM_EARTH, R_EARTH, ForceModel
from lupex.units import convert_fields


@dataclass(frozen=True)
class DepartureOrbit:
    """Earth orbit from which TLI is made at perigee.

    perigee_altitude_km / apogee_altitude_km: above R_EARTH (6,378.1366 km); equal for a circular
    parking orbit. inclination_deg: to the ICRF equator (≈ Earth equator). raan_deg: when known
    (from the launch stage), reported beside the Ω the targeting chooses.
    """

    perigee_altitude_km: float
    apogee_altitude_km: float
    inclination_deg: float
    raan_deg: float | None = None

    def __post_init__(self):
        convert_fields(self)  # Quantities -> the unit of each field's name
        if not (100.0 <= self.perigee_altitude_km <= 100_000.0):
            raise InputError("perigee_altitude_km", self.perigee_altitude_km, "100 .. 100,000 km")
        if not (self.apogee_altitude_km >= self.perigee_altitude_km):
            raise InputError("apogee_altitude_km", self.apogee_altitude_km,
                             "an apogee altitude at least the perigee altitude")
        if not (0.0 <= self.inclination_deg <= 180.0):
            raise InputError("inclination_deg", self.inclination_deg, "0 .. 180 degrees")

    @property
    def rp_m(self) -> float:
        return R_EARTH + 1e3 * self.perigee_altitude_km

    @property
    def ra_m(self) -> float:
        return R_EARTH + 1e3 * self.apogee_altitude_km

    @property
    def v_perigee_m_s(self) -> float:
        a = 0.5 * (self.rp_m + self.ra_m)
        return float(np.sqrt(GM_EARTH * (2.0 / self.rp_m - 1.0 / a)))


def departure_state(dep: DepartureOrbit, raan: float, argl: float, dv: float) -> np.ndarray:
    """Geocentric ICRF state (m, m/s) just after a tangential burn ``dv`` at perigee.

    raan, argl in radians: node of the plane and argument of latitude of the burn point.
    """
    i = np.radians(dep.inclination_deg)
    n = np.array([np.cos(raan), np.sin(raan), 0.0])
    h = np.array([np.sin(i) * np.sin(raan), -np.sin(i) * np.cos(raan), np.cos(i)])
    m = np.cross(h, n)
    rhat = np.cos(argl) * n + np.sin(argl) * m
    vhat = np.cross(h, rhat)
    return np.concatenate([dep.rp_m * rhat, (dep.v_perigee_m_s + dv) * vhat])


def _plane_raans(inc_deg: float, rhat: np.ndarray) -> list[float]:
    """The (up to two) nodes Ω of planes of inclination ``inc`` containing direction ``rhat``."""
    i = np.radians(inc_deg)
    rho = np.hypot(rhat[0], rhat[1])
    alpha = np.arctan2(rhat[1], rhat[0])
    if np.sin(i) < 1e-9:
        return [0.0]
    k = -np.cos(i) * rhat[2] / (np.sin(i) * rho)
    k = float(np.clip(k, -1.0, 1.0))  # Moon above the inclination: the closest plane
    s = np.arcsin(k)
    return [float((alpha + s) % (2 * np.pi)), float((alpha + np.pi - s) % (2 * np.pi))]


def patched_conic_guess(force: ForceModel, t_tli_s: float, dep: DepartureOrbit,
                        tof_s: float | None, dv_m_s: float | None = None) -> list[dict]:
    """Two-body Earth guesses (one per plane containing the Moon at arrival): raan, argl, dv.

    Time from perigee to the Moon's distance equals ``tof_s`` on a tangential-burn ellipse
    (boinor ``Orbit.time_to_anomaly``); if even an ellipse with apogee at the Moon's distance is
    faster than ``tof_s``, that minimum-energy ellipse is used (the correction then fixes time).
    With ``dv_m_s`` given (fixed energy) the time of flight is found instead, by fixed-point
    iteration on the Moon's distance at arrival.
    """
    import astropy.units as u
    from boinor.bodies import Earth
    from boinor.twobody import Orbit
    from scipy.optimize import brentq

    rp = dep.rp_m
    if dv_m_s is not None:
        v = dep.v_perigee_m_s + dv_m_s
        a_f = 1.0 / (2.0 / rp - v * v / GM_EARTH)
        if a_f <= 0:
            raise InputError("fixed_dv_m_s", dv_m_s, "a Δv leaving an Earth-bound ellipse")
        ra_f = 2 * a_f - rp
        e = (ra_f - rp) / (ra_f + rp)
        orb = Orbit.from_classical(Earth, a_f * u.m, e * u.one, 0 * u.deg, 0 * u.deg,
                                   0 * u.deg, 0 * u.deg)
        half = float(orb.period.to_value(u.s)) / 2
        tof_s = half
        dm_apo = float(np.linalg.norm(force.table.moon(t_tli_s + half)))
        if abs(dm_apo - ra_f) > 0.03 * ra_f:
            # the Moon is not near the apogee then: meet it where the ellipse crosses its distance
            tof_s = 0.75 * half
            for _ in range(30):
                dm = float(np.linalg.norm(force.table.moon(t_tli_s + tof_s)))
                c = np.clip((rp * (1 + e) / min(dm, ra_f * 0.999999) - 1.0) / e, -1, 1)
                new = float(orb.time_to_anomaly(np.arccos(c) * u.rad).to_value(u.s))
                if abs(new - tof_s) < 1.0:
                    break
                tof_s = 0.5 * (tof_s + new)
    r_moon = force.table.moon(t_tli_s + tof_s)
    dm = float(np.linalg.norm(r_moon))

    def nu_at(ra):
        e = (ra - rp) / (ra + rp)
        p = rp * (1 + e)
        c = (p / min(dm, ra) - 1.0) / e
        return float(np.arccos(np.clip(c, -1.0, 1.0))), e

    def t_to(ra):
        nu, e = nu_at(ra)
        a = 0.5 * (ra + rp)
        orb = Orbit.from_classical(Earth, a * u.m, e * u.one, 0 * u.deg, 0 * u.deg, 0 * u.deg,
                                   0 * u.deg)
        return float(orb.time_to_anomaly(nu * u.rad).to_value(u.s))

    ra_min = dm * 1.0001
    if dv_m_s is not None:
        ra = ra_f
    elif t_to(ra_min) <= tof_s:
        ra = ra_min
    else:
        ra = brentq(lambda x: t_to(x) - tof_s, ra_min, 50 * dm, xtol=1.0)
    nu, _ = nu_at(ra)
    if dv_m_s is not None and abs(tof_s - half) < 1.0:
        nu = np.pi  # arrival at apogee
    a = 0.5 * (ra + rp)
    dv = float(np.sqrt(GM_EARTH * (2 / rp - 1 / a)) - dep.v_perigee_m_s)
    if dv_m_s is not None:
        dv = float(dv_m_s)
    rhat = r_moon / dm
    out = []
    for raan in _plane_raans(dep.inclination_deg, rhat):
        i = np.radians(dep.inclination_deg)
        n = np.array([np.cos(raan), np.sin(raan), 0.0])
        h = np.array([np.sin(i) * np.sin(raan), -np.sin(i) * np.cos(raan), np.cos(i)])
        m = np.cross(h, n)
        u_moon = np.arctan2(rhat @ m, rhat @ n)
        out.append({"raan": raan, "argl": float((u_moon - nu) % (2 * np.pi)), "dv": dv,
                    "apogee_km": ra / 1e3, "nu_arrival_deg": float(np.degrees(nu)),
                    "tof_s": float(tof_s)})
    return out
