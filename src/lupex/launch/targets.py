"""Payload targets of the performance model and their ideal Δv.

The named targets (``leo200``, ``sso500``, ``gto1500``, ``gto1800``, ``c3=...``; described in
:mod:`lupex.launch.performance`), their parsing (:func:`parse_target`), the GTO inclination at a
given apogee Δv (:func:`gto1500_inclination_deg`) and the rocket-equation Δv bounds used to start
the capacity solve (:func:`ideal_delta_v_m_s`, :func:`required_delta_v_bound_m_s`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lupex.errors import InputError
from lupex.launch import _core
from lupex.launch.vehicles import G0, Vehicle
from lupex.units import renamed

GEO_RADIUS_M = 42_164_137.0  # m, geostationary radius (mu/omega_sidereal^2)^(1/3)
GTO1500_PERIGEE_ALT_KM = 2_700.0  # JAXA GTO-1500 definition (H-IIA LVE papers)
#: Perigee altitude of the standard GTO (km): H-IIA's standard GTO, 250 x 35,786 km (H-IIA
#: user's manual); ``gto1800`` is that perigee with the inclination at which the apogee burn to
#: GEO is 1,800 m/s (≈ 27.0°).
GTO_STANDARD_PERIGEE_ALT_KM = 250.0
#: GTO targets: key -> (perigee altitude km, Δv to GEO m/s). ``gto1800`` is not a CLI target; it
#: is the model's standard-GTO figure set beside MHI's "more than 7.9 t to GTO" (which names no
#: GTO) in the validation table.
GTO_TARGETS = {"gto1500": (GTO1500_PERIGEE_ALT_KM, 1500.0),
               "gto1800": (GTO_STANDARD_PERIGEE_ALT_KM, 1800.0)}
PARKING_ALT_KM = 200.0
SSO500_INC_DEG = 97.40


@dataclass(frozen=True)
class TargetSpec:
    """A parsed performance target."""

    key: str  # "leo200", "sso500", "gto1500", "c3"
    c3_km2_s2: float | None = None
    profile: str = "restart"  # for c3: "restart" or "direct"


def parse_target(text: str, where: str = "--target") -> TargetSpec:
    """Parse 'leo200', 'sso500', 'gto1500', 'c3=<km2/s2>' (optionally ':direct'/':restart')."""
    if not isinstance(text, str):
        raise InputError(where, text, "leo200, sso500, gto1500 or c3=<km2/s2>")
    t = text.strip().lower()
    if t in ("leo200", "sso500", "gto1500"):
        return TargetSpec(t)
    if t.startswith("c3="):
        body = t[3:]
        profile = "restart"
        if ":" in body:
            body, profile = body.split(":", 1)
        if profile not in ("restart", "direct"):
            raise InputError(where, text, "c3=<km2/s2> optionally followed by :restart or :direct")
        try:
            c3 = float(body)
        except ValueError:
            raise InputError(where, text, "c3=<number in km2/s2>, e.g. c3=-2") from None
        if not (-60.0 < c3 <= 100.0) or not math.isfinite(c3):
            raise InputError(where, text, "a C3 between -60 (just above a 200 km orbit) and "
                             "100 km2/s2")
        return TargetSpec("c3", c3, profile)
    raise InputError(where, text, "leo200, sso500, gto1500 or c3=<km2/s2> (e.g. c3=-2)")


def ideal_delta_v_m_s(v: Vehicle, payload_kg: float = 0.0) -> float:
    """Upper bound on the vehicle's Δv (m/s): vacuum Isp, no losses, SRBs and core burning in
    series-parallel as staged, fairing dropped with the first stage (Tsiolkovsky per phase)."""
    m = v.liftoff_mass_no_payload_kg + payload_kg
    dv = 0.0
    if v.n_srb:
        mp = v.n_srb * v.srb_propellant_kg + v.stage1_mdot_kg_s * v.srb_burn_time_s
        thrust = v.n_srb * v.srb_propellant_kg * v.srb_isp_s * G0 / v.srb_burn_time_s \
            + v.n_le9 * v.le9_thrust_vac_N
        isp = thrust / (mp / v.srb_burn_time_s) / G0
        dv += isp * G0 * math.log(m / (m - mp))
        m -= mp + v.n_srb * v.srb_inert_kg
        mp1 = v.stage1_propellant_kg - v.stage1_mdot_kg_s * v.srb_burn_time_s
    else:
        mp1 = v.stage1_propellant_kg
    dv += v.le9_isp_s * G0 * math.log(m / (m - mp1))
    m -= mp1 + v.stage1_dry_kg + v.fairing_kg
    dv += v.s2_isp_s * G0 * math.log(m / (m - v.stage2_propellant_kg))
    return dv


@renamed(parking_alt_km="parking_altitude_km")
def required_delta_v_bound_m_s(c3_km2_s2: float,
                               parking_altitude_km: float = PARKING_ALT_KM) -> float:
    """Lower bound on the Δv (m/s) to reach ``c3`` from Tanegashima: perigee speed at the
    parking altitude (vis-viva), minus the site's rotation speed (410 m/s), plus 1,000 m/s of
    gravity and drag losses (a floor: flown launchers lose 1.2–2 km/s)."""
    r = _core.R_E + parking_altitude_km * 1e3
    vp = math.sqrt(c3_km2_s2 * 1e6 + 2 * _core.MU_E / r)
    return vp - 410.0 + 1_000.0


def gto1500_inclination_deg(perigee_alt_km: float = GTO1500_PERIGEE_ALT_KM,
                            dv_m_s: float = 1500.0) -> float:
    """Inclination (deg) of the GTO whose apogee Δv to GEO is ``dv_m_s``."""
    mu = _core.MU_E
    ra = GEO_RADIUS_M
    rp = _core.R_E + perigee_alt_km * 1e3
    va = math.sqrt(mu * (2 / ra - 2 / (ra + rp)))
    vg = math.sqrt(mu / ra)
    c = (va * va + vg * vg - dv_m_s**2) / (2 * va * vg)
    return math.degrees(math.acos(c))
