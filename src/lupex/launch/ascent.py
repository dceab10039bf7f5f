"""Ascent simulation of an H3 configuration from Tanegashima (3-DOF point mass).

Model (see :mod:`lupex.launch._core` for the kernels): rotating oblate Earth (WGS-84 shape and
rotation, EGM96 J2 gravity), US Standard Atmosphere 1976 with a generic Mach-dependent drag
coefficient, thrust corrected for ambient pressure through the nozzle exit areas, the SRB-3
thrust-time profile, staging (SRB-3 burnout and separation, fairing jettison at 1,135 W/m², MECO,
first/second stage separation, second-stage ignition and cut-off). Steering: vertical rise, a
pitch-over ramp to ``kick_deg`` in the launch azimuth, a linear blend (same duration) into the
Earth-relative velocity direction, a zero-lift gravity turn through the first-stage flight, then closed-loop
linear-tangent steering of the second stage in the target plane (``tan θ = A + B·τ``, θ above the
local horizontal, constant yaw bias), solved by :mod:`lupex.launch.guidance`.

Frame: the *launch inertial frame* = WGS-84 Earth-fixed axes frozen at lift-off. Positions in m,
velocities in m/s, masses in kg, times in s after lift-off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError
from lupex.launch import _core
from lupex.launch.vehicles import G0, Vehicle
import lupex.display as _display
from lupex.units import accepts, split_pair

#: The launch site's deprecated pair keyword and the two keywords it became (lupex.units.split_pair)
_SITE_PAIR = {"site_deg": ("site_lat_deg", "site_lon_deg")}

#: Yoshinobu Launch Complex LP-2, Tanegashima Space Center (JAXA TNSC): 30.40°N, 130.97°E
#: (latitude consistent with H-IIA's published 30.4° due-east LEO inclination; longitude from
#: maps of the pad, not checked against a JAXA document). A pair (geodetic latitude deg north,
#: east longitude deg; WGS-84): the default ``site_lat_deg``, ``site_lon_deg`` of the launch API.
TANEGASHIMA_LP2 = (30.40, 130.97)

#: Range-safety launch-azimuth sector used for Tanegashima, degrees from north. ASSUMPTION (see
#: ``lupex.launch.windows``): flown INITIAL azimuths are 93–108.5° with a later yaw south for SSO
#: and ISS orbits; SSO capacities are flown that way (dog-leg, below), a user-given azimuth is
#: flown directly, up to 195°.
AZIMUTH_SECTOR_DEG = (90.0, 195.0)

#: Initial flight azimuth of sun-synchronous launches from Tanegashima, degrees from north. The
#: range does not let an SSO launch fly its direct ≈ 192° southward ascent: such launches leave
#: east-south-east over the Pacific and turn south in flight (a dog-leg). H-IIA F24 (ALOS-2, SSO)
#: flew an initial azimuth of 100° (response.jp, 16 Mar 2014); JAXA's HTV-1 trajectory page gave
#: 108.5° "before turning further south" for the ISS orbit, with the same practice for SSO
#: launches attributed to "range safety and protecting important fishing grounds" (SeeSat-L,
#: G. Holtkamp, 9 Sep 2009, satobs.org/seesat/Sep-2009/0043.html); H3 TF1 (the 669 km SSO of
#: TF2) was seen "making a right turn, as expected, to steer from its initial track east"
#: (Spaceflight Now, 7 Mar 2023). The model flies SSO targets with this initial azimuth and a
#: first-stage yaw (:attr:`Guidance.dogleg_yaw_rad`), the second stage steering into the target
#: plane (:mod:`lupex.launch.guidance`).
DOGLEG_INITIAL_AZIMUTH_DEG = 100.0
#: Time after lift-off at which the dog-leg yaw starts, s. ASSUMPTION (not published): after the
#: SRB-3 separation (≈ 117 s on F7), once past max-Q, when yawing the thrust off the velocity no
#: longer loads the vehicle aerodynamically; the same time for the H3-30 without boosters.
DOGLEG_START_S = 120.0

EVENT_NAMES = ("SRB-3 burnout", "SRB-3 separation", "Fairing jettison", "MECO",
               "First/second stage separation", "Second-stage ignition (SEIG)",
               "Second-stage cut-off (SECO)", "Gravity turn start", "Max-Q")


@dataclass(frozen=True)
class Target:
    """Cut-off target: orbital energy (J/kg), perigee radius (m) and inclination (rad)."""

    name: str
    energy_J_kg: float
    perigee_radius_m: float
    inclination_rad: float

    @staticmethod
    @accepts()
    def orbit(perigee_alt_km: float, apogee_alt_km: float, inclination_deg: float,
              name: str | None = None) -> "Target":
        if not (100.0 <= perigee_alt_km <= apogee_alt_km):
            raise InputError("target perigee/apogee", (perigee_alt_km, apogee_alt_km),
                             "100 km <= perigee altitude <= apogee altitude")
        if not 0.0 <= inclination_deg <= 180.0:
            raise InputError("target inclination_deg", inclination_deg, "0 to 180 degrees")
        rp = _core.R_E + perigee_alt_km * 1e3
        ra = _core.R_E + apogee_alt_km * 1e3
        return Target(name or f"{perigee_alt_km:g}x{apogee_alt_km:g} km {inclination_deg:g} deg",
                      -_core.MU_E / (rp + ra), rp, math.radians(inclination_deg))

    @staticmethod
    @accepts()
    def escape(c3_km2_s2: float, perigee_alt_km: float, inclination_deg: float) -> "Target":
        return Target(f"C3 {c3_km2_s2:g} km2/s2", 0.5 * c3_km2_s2 * 1e6,
                      _core.R_E + perigee_alt_km * 1e3, math.radians(inclination_deg))


@dataclass(frozen=True)
class Guidance:
    """Steering parameters: pitch-over and second-stage linear-tangent law (SI/rad)."""

    azimuth_rad: float
    kick_rad: float
    tan_a: float
    tan_b_per_s: float
    yaw_rad: float = 0.0
    vertical_s: float = 10.0
    kick_duration_s: float = 10.0
    tan_b2_per_s2: float = 0.0
    #: dog-leg: first-stage thrust yawed this far right of the velocity from ``dogleg_start_s``
    #: to MECO (0 = no dog-leg; see :data:`DOGLEG_INITIAL_AZIMUTH_DEG`)
    dogleg_yaw_rad: float = 0.0
    dogleg_start_s: float = DOGLEG_START_S


@_display.result()
@dataclass(frozen=True)
class AscentResult:
    """One flown ascent.

    final_state: [x, y, z, vx, vy, vz, m] at cut-off, launch inertial frame (m, m/s, kg).
    events: name -> time after lift-off (s), only events that happened.
    reached_target: True when cut-off came on the target energy before depletion.
    s2_propellant_left_kg: usable second-stage propellant left at cut-off.
    history: (n, 12) array t, x, y, z, vx, vy, vz, m, thrust N, drag N, q Pa, Mach (or None).
    """

    vehicle: str
    payload_kg: float
    target: Target
    guidance: Guidance
    final_state: np.ndarray
    cutoff_time_s: float
    events: dict
    reached_target: bool
    crashed: bool
    s2_propellant_left_kg: float
    history: np.ndarray | None

    @property
    def elements(self) -> dict:
        return orbit_elements(self.final_state)


def vehicle_array(v: Vehicle, payload_kg: float, s1_throttle: float = 1.0) -> tuple:
    """Pack a Vehicle into the kernel's parameter arrays (V, srb_t, srb_f)."""
    V = np.zeros(_core.N_V)
    V[_core.V_NSRB] = v.n_srb
    V[_core.V_SRB_ISP] = v.srb_isp_s
    V[_core.V_SRB_AE] = v.srb_exit_area_m2
    V[_core.V_SRB_TB] = v.srb_burn_time_s
    V[_core.V_SRB_SEP] = v.srb_burn_time_s + v.srb_separation_delay_s if v.n_srb else -1.0
    V[_core.V_SRB_INERT] = v.srb_inert_kg
    V[_core.V_SRB_PROP] = v.srb_propellant_kg
    V[_core.V_S1_F] = v.n_le9 * v.le9_thrust_vac_N
    V[_core.V_S1_MDOT] = v.stage1_mdot_kg_s
    V[_core.V_S1_AE] = v.n_le9 * v.le9_exit_area_m2
    V[_core.V_S1_THROTTLE] = s1_throttle
    t_meco = v.stage1_propellant_kg / (v.stage1_mdot_kg_s * s1_throttle)
    V[_core.V_T_MECO] = t_meco
    V[_core.V_S1_DRY] = v.stage1_dry_kg
    V[_core.V_T_S1SEP] = t_meco + v.stage_separation_delay_s
    V[_core.V_T_SEIG] = t_meco + v.stage2_ignition_delay_s
    V[_core.V_S2_F] = v.s2_thrust_vac_N
    V[_core.V_S2_MDOT] = v.s2_mdot_kg_s
    V[_core.V_S2_PROP] = v.stage2_propellant_kg
    V[_core.V_FAIR_KG] = v.fairing_kg
    V[_core.V_FAIR_FLUX] = v.fairing_heat_flux_W_m2
    V[_core.V_A_CORE] = v.reference_area_m2
    V[_core.V_A_SRB] = v.srb_area_m2
    V[_core.V_PAYLOAD] = payload_kg
    V[_core.V_S2_DRY] = v.stage2_dead_kg
    srb_t, srb_f = v.srb_thrust_profile()
    return V, np.ascontiguousarray(srb_t, float), np.ascontiguousarray(srb_f, float)


@split_pair(**_SITE_PAIR)
def guidance_array(g: Guidance, target: Target, *, site_lat_deg: float = TANEGASHIMA_LP2[0],
                   site_lon_deg: float = TANEGASHIMA_LP2[1], dt_atm_s: float = 0.5,
                   dt_vac_s: float = 1.0) -> np.ndarray:
    """The kernel's guidance parameter array. ``site_lat_deg``, ``site_lon_deg``: the launch
    site, geodetic latitude (deg north) and east longitude (deg) on the WGS-84 ellipsoid."""
    G = np.zeros(_core.N_G)
    G[_core.G_AZ] = g.azimuth_rad
    G[_core.G_TVERT] = g.vertical_s
    G[_core.G_KICK] = g.kick_rad
    G[_core.G_KICKDUR] = g.kick_duration_s
    G[_core.G_A] = g.tan_a
    G[_core.G_B] = g.tan_b_per_s
    G[_core.G_B2] = g.tan_b2_per_s2
    G[_core.G_YAW] = g.yaw_rad
    G[_core.G_DLYAW] = g.dogleg_yaw_rad
    G[_core.G_DLT0] = g.dogleg_start_s
    G[_core.G_ETARGET] = target.energy_J_kg
    G[_core.G_INC] = target.inclination_rad
    G[_core.G_LAT] = math.radians(site_lat_deg)
    G[_core.G_LON] = math.radians(site_lon_deg)
    G[_core.G_DT_ATM] = dt_atm_s
    G[_core.G_DT_VAC] = dt_vac_s
    return G


@split_pair(**_SITE_PAIR)
@accepts()
def simulate(vehicle: Vehicle, payload_kg: float, target: Target, guidance: Guidance, *,
             site_lat_deg: float = TANEGASHIMA_LP2[0], site_lon_deg: float = TANEGASHIMA_LP2[1],
             record: bool = True, dt_atm_s: float = 0.5, dt_vac_s: float = 1.0,
             _arrays=None) -> AscentResult:
    """Fly one ascent with fixed guidance parameters (no optimisation) from the launch site at
    geodetic latitude ``site_lat_deg`` (deg north) and east longitude ``site_lon_deg`` (deg),
    WGS-84 (default Tanegashima LP-2, :data:`TANEGASHIMA_LP2`)."""
    V, st, sf = _arrays if _arrays is not None else vehicle_array(vehicle, payload_kg)
    G = guidance_array(guidance, target, site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg,
                       dt_atm_s=dt_atm_s, dt_vac_s=dt_vac_s)
    y, t, ev, status, hist, nh = _core.fly(V, G, st, sf, record, 6000 if record else 1)
    events = {EVENT_NAMES[k]: float(ev[k]) for k in range(_core.N_E) if np.isfinite(ev[k])}
    t_seig = V[_core.V_T_SEIG]
    used = max(0.0, t - t_seig) * V[_core.V_S2_MDOT]
    left = V[_core.V_S2_PROP] - used if status != 2 else -1.0
    return AscentResult(vehicle.name, payload_kg, target, guidance, y, float(t), events,
                        status == 0, status == 2, float(left),
                        hist[:nh].copy() if record else None)


def orbit_elements(y) -> dict:
    """Osculating Keplerian elements of a launch-frame state: a (m), e, i (deg), perigee and
    apogee altitudes above the equatorial radius (km; apogee inf when unbound), energy, C3."""
    r = np.asarray(y[:3], float)
    v = np.asarray(y[3:6], float)
    mu = _core.MU_E
    rn = np.linalg.norm(r)
    en = 0.5 * v @ v - mu / rn
    h = np.cross(r, v)
    hn = np.linalg.norm(h)
    e = math.sqrt(max(0.0, 1.0 + 2.0 * en * hn * hn / mu**2))
    p = hn * hn / mu
    rp = p / (1.0 + e)
    ra = p / (1.0 - e) if e < 1.0 else math.inf
    inc = math.degrees(math.acos(max(-1.0, min(1.0, h[2] / hn))))
    fpa = math.degrees(math.asin(max(-1.0, min(1.0, (r @ v) / (rn * np.linalg.norm(v))))))
    return {
        "a_m": -mu / (2 * en) if en < 0 else math.inf,
        "e": e,
        "inclination_deg": inc,
        "perigee_alt_km": (rp - _core.R_E) / 1e3,
        "apogee_alt_km": (ra - _core.R_E) / 1e3 if math.isfinite(ra) else math.inf,
        "energy_J_kg": en,
        "c3_km2_s2": 2 * en / 1e6,
        "altitude_km": (rn - _core.R_E) / 1e3,
        "flight_path_angle_deg": fpa,
    }


@accepts()
def launch_azimuth_for_inclination(inclination_deg: float, lat_deg: float = TANEGASHIMA_LP2[0],
                                   orbit_speed_m_s: float = 7_800.0, southward: bool = True
                                   ) -> float:
    """Earth-relative launch azimuth (deg from north) reaching ``inclination_deg`` directly.

    Inertial azimuth sin β_I = cos i / cos φ (spherical trigonometry), then corrected for the
    Earth's rotation speed at the site: tan β_R = (v sin β_I − ω R cos φ) / (v cos β_I)
    (e.g. Vallado, Fundamentals of Astrodynamics, 4th ed., §6.x "launch azimuth").
    ``southward`` picks the south-easterly (descending-pass) branch used from Tanegashima.
    Inclinations below the site latitude return due east (90°), the least-inclined launch.
    """
    phi = math.radians(lat_deg)
    s = math.cos(math.radians(inclination_deg)) / math.cos(phi)
    if s >= 1.0:
        return 90.0
    s = max(-1.0, s)
    beta_i = math.asin(s)
    if southward:
        beta_i = math.pi - beta_i
    vrot = _core.OMEGA_E * _core.R_E * math.cos(phi)
    vx = orbit_speed_m_s * math.sin(beta_i) - vrot
    vy = orbit_speed_m_s * math.cos(beta_i)
    return math.degrees(math.atan2(vx, vy)) % 360.0


@accepts()
def inclination_for_azimuth(azimuth_deg: float, lat_deg: float = TANEGASHIMA_LP2[0],
                            orbit_speed_m_s: float = 7_800.0) -> float:
    """Inverse of :func:`launch_azimuth_for_inclination` (deg)."""
    phi = math.radians(lat_deg)
    b = math.radians(azimuth_deg)
    vrot = _core.OMEGA_E * _core.R_E * math.cos(phi)
    # exact inverse of the forward relation: v sin(β_I − β_R) = v_rot cos β_R
    beta_i = b + math.asin(vrot * math.cos(b) / orbit_speed_m_s)
    return math.degrees(math.acos(max(-1.0, min(1.0, math.sin(beta_i) * math.cos(phi)))))


def check_azimuth(azimuth_deg: float, where: str = "launch.azimuth_deg") -> float:
    lo, hi = AZIMUTH_SECTOR_DEG
    if not (lo <= azimuth_deg <= hi):
        raise InputError(where, azimuth_deg,
                         f"a launch azimuth inside the Tanegashima range-safety sector "
                         f"{lo:g}°–{hi:g}° from north (lupex.launch.AZIMUTH_SECTOR_DEG)")
    return azimuth_deg


def stage2_propellant_used_kg(vehicle: Vehicle, result: AscentResult) -> float:
    return vehicle.stage2_propellant_kg - result.s2_propellant_left_kg




@split_pair(**_SITE_PAIR)
def time_histories(result: AscentResult, *, site_lat_deg: float = TANEGASHIMA_LP2[0],
                   site_lon_deg: float = TANEGASHIMA_LP2[1]) -> dict:
    """Ascent time histories from a recorded result (SI units, degrees for angles).

    ``site_lat_deg``, ``site_lon_deg``: the launch site the result was flown from, geodetic
    latitude (deg north) and east longitude (deg), WGS-84; the origin of ``downrange_m``.

    Keys: time_s, altitude_m, speed_inertial_m_s, speed_relative_m_s, flight_path_angle_deg
    (Earth-relative), dynamic_pressure_Pa, acceleration_m_s2 (non-gravitational, thrust − drag
    over mass), mass_kg, downrange_m (great circle on the 6,371 km mean sphere), lat_deg,
    lon_deg (geodetic latitude, east longitude of the Earth-fixed sub-vehicle point), mach.
    """
    h = result.history
    if h is None:
        raise InputError("result.history", None, "a result simulated with record=True")
    t = h[:, 0]
    r = h[:, 1:4]
    v = h[:, 4:7]
    m = h[:, 7]
    om = _core.OMEGA_E
    c, s = np.cos(-om * t), np.sin(-om * t)
    xf = c * r[:, 0] - s * r[:, 1]
    yf = s * r[:, 0] + c * r[:, 1]
    zf = r[:, 2]
    rn = np.linalg.norm(r, axis=1)
    vrel = v + np.stack([om * r[:, 1], -om * r[:, 0], np.zeros_like(t)], axis=1)
    vr = np.linalg.norm(vrel, axis=1)
    fpa = np.degrees(np.arcsin(np.clip(np.sum(r * vrel, axis=1) / (rn * np.maximum(vr, 1e-9)),
                                       -1, 1)))
    # geodetic latitude of the sub-vehicle point (spherical-to-geodetic on the WGS-84 ellipsoid,
    # exact at the surface: tan φ_gd = tan φ_gc / (1 − e²))
    e2 = _core.F_E * (2 - _core.F_E)
    lat = np.degrees(np.arctan2(zf, (1 - e2) * np.hypot(xf, yf)))
    lon = np.degrees(np.arctan2(yf, xf))
    la0, lo0 = math.radians(site_lat_deg), math.radians(site_lon_deg)
    la, lo = np.radians(lat), np.radians(lon)
    cosd = np.sin(la0) * np.sin(la) + np.cos(la0) * np.cos(la) * np.cos(lo - lo0)
    downrange = 6_371_000.0 * np.arccos(np.clip(cosd, -1, 1))
    alt = np.array([_core.geocentric_altitude(*p) for p in r])
    return {
        "time_s": t, "altitude_m": alt, "speed_inertial_m_s": np.linalg.norm(v, axis=1),
        "speed_relative_m_s": vr, "flight_path_angle_deg": fpa, "dynamic_pressure_Pa": h[:, 10],
        "acceleration_m_s2": (h[:, 8] - h[:, 9]) / m, "mass_kg": m, "downrange_m": downrange,
        "lat_deg": lat, "lon_deg": lon, "mach": h[:, 11],
    }


def launch_frame_to_gcrs(state: np.ndarray, launch_epoch) -> tuple[np.ndarray, np.ndarray]:
    """Position (m) and velocity (m/s) in GCRS of a launch-inertial-frame state.

    The launch frame is the ITRS axes at lift-off (non-rotating), so one rotation by the
    celestial-to-terrestrial matrix at ``launch_epoch`` (astropy Time) maps it to GCRS."""
    from lupex.launch.windows import celestial_to_terrestrial

    R = celestial_to_terrestrial(launch_epoch)
    return R.T @ np.asarray(state[:3], float), R.T @ np.asarray(state[3:6], float)
