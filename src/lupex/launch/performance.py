"""Payload performance of an H3 configuration: largest payload to a named target.

Targets (``parse_target``):

* ``leo200`` — 200 km circular parking orbit at the least inclination reachable by a due-east
  launch (≈ 30.4°, Tanegashima latitude); a single second-stage burn.
* ``sso500`` — 500 km circular sun-synchronous orbit, i = 97.4° (i from the J2 nodal-rate
  condition for 500 km: cos i = −0.0988 → 97.40°; Vallado §9.6).
* ``gto1500`` — JAXA's "GTO ΔV = 1,500 m/s" (JAXA H3 overview; H-IIA user's manual): apogee at
  GEO altitude 35,786 km, perigee 2,700 km, inclination 20.3° (the inclination at which apogee
  circularisation plus plane change to GEO is 1,500 m/s: √(v_a² + v_geo² − 2 v_a v_geo cos i)).
  Flown as: ascent to a 200 km parking orbit, coast, second-stage restart at the equator crossing
  to a 200 × 35,786 km orbit (finite burn, simulated), long coast, third burn at apogee raising
  perigee to 2,700 km and lowering inclination to 20.3° (impulsive, rocket equation — ≈ 0.4 km/s
  at ≈ 0.6 g-budget, finite-burn loss < 0.1 % neglected).
* ``c3=<km²/s²>`` — escape energy C3. Two profiles: ``restart`` (default: 200 km parking orbit,
  coast, restart burn along the velocity until the C3 is reached — simulated finite burn) and
  ``direct`` (single burn from lift-off to the C3, perigee ≥ 200 km).

Capacity is the payload that leaves zero usable second-stage propellant (``reserve_kg`` can hold
back a flight-performance reserve), found by secant iteration on the payload with warm-started
guidance. Masses in kg.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError
from lupex.launch import _core
from lupex.launch.ascent import TANEGASHIMA_LP2, AscentResult, Target, orbit_elements
from lupex.launch.guidance import solve_ascent, solve_max_payload
from lupex.launch.vehicles import G0, Vehicle, get_vehicle

GEO_RADIUS_M = 42_164_137.0  # m, geostationary radius (mu/omega_sidereal^2)^(1/3)
GTO1500_PERIGEE_ALT_KM = 2_700.0  # JAXA GTO-1500 definition (issue 3 brief; H-IIA LVE papers)
PARKING_ALT_KM = 200.0
SSO500_INC_DEG = 97.40


@dataclass(frozen=True)
class TargetSpec:
    """A parsed performance target."""

    key: str  # "leo200", "sso500", "gto1500", "c3"
    c3_km2_s2: float | None = None
    profile: str = "restart"  # for c3: "restart" or "direct"


@dataclass(frozen=True)
class Performance:
    """Result of a capacity computation.

    payload_kg: largest payload; ascent: the ascent to the first cut-off at that payload;
    post_burns_kg: propellant for burns after the parking orbit; converged: target met within
    tolerance (perigee 1 km, inclination 0.01°, propellant 5 kg).
    """

    vehicle: str
    target: str
    payload_kg: float
    ascent: AscentResult
    converged: bool
    detail: dict

    def to_dict(self) -> dict:
        el = self.ascent.elements
        return {
            "vehicle": self.vehicle,
            "target": self.target,
            "payload_kg": round(self.payload_kg, 1),
            "converged": bool(self.converged),
            "first_cutoff_orbit": {
                "perigee_alt_km": round(float(el["perigee_alt_km"]), 3),
                "apogee_alt_km": (round(float(el["apogee_alt_km"]), 3)
                                  if math.isfinite(el["apogee_alt_km"]) else None),
                "inclination_deg": round(float(el["inclination_deg"]), 4),
            },
            "events_s": {k: round(v, 1) for k, v in self.ascent.events.items()},
            **self.detail,
        }


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


def required_delta_v_bound_m_s(c3_km2_s2: float, parking_alt_km: float = PARKING_ALT_KM) -> float:
    """Lower bound on the Δv (m/s) to reach ``c3`` from Tanegashima: perigee speed at the
    parking altitude (vis-viva), minus the site's rotation speed (410 m/s), plus 1,000 m/s of
    gravity and drag losses (a floor: flown launchers lose 1.2–2 km/s)."""
    r = _core.R_E + parking_alt_km * 1e3
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


def _secant_payload(margin, p0: float, p1: float, tol_kg: float = 5.0, maxit: int = 12):
    """Root of margin(P) (kg of propellant to spare) by secant iteration; returns (P, info)."""
    m0 = margin(p0)
    m1 = margin(p1)
    for _ in range(maxit):
        if abs(m1[0]) < tol_kg:
            return p1, m1, True
        if m1[0] == m0[0]:
            break
        p2 = p1 - m1[0] * (p1 - p0) / (m1[0] - m0[0])
        p2 = max(0.0, min(p2, 60_000.0))
        p0, m0 = p1, m1
        p1, m1 = p2, margin(p2)
    return p1, m1, abs(m1[0]) < tol_kg


def capacity_to_orbit(vehicle: Vehicle, target: Target, azimuth_deg: float | None = None,
                      reserve_kg: float = 0.0, guess_kg: float = 5_000.0,
                      site_deg=TANEGASHIMA_LP2):
    """Largest payload put on ``target`` by one second-stage burn (returns (P, solution, ok)).

    First one SLSQP over payload and steering (:func:`solve_max_payload`); if that does not meet
    the tolerances, secant iteration on the payload with the fixed-payload solver."""
    ps = solve_max_payload(vehicle, target, azimuth_deg, site_deg, payload_guess_kg=guess_kg,
                           reserve_kg=reserve_kg)
    if ps.converged:
        return ps.payload_kg, ps.solution, True
    state = {"x": None}

    def margin(p):
        sol = solve_ascent(vehicle, p, target, azimuth_deg, site_deg, x0=state["x"])
        if sol.converged:
            state["x"] = sol.x
        left = sol.result.s2_propellant_left_kg if sol.result.reached_target else \
            -_shortfall_kg(vehicle, sol.result, target)
        return left - reserve_kg, sol

    p, (m, sol), ok = _secant_payload(margin, guess_kg, guess_kg * 1.1)
    return p, sol, ok and sol.converged


def _shortfall_kg(vehicle: Vehicle, res: AscentResult, target: Target) -> float:
    """Propellant the stage lacked (estimated by the rocket equation on the energy deficit)."""
    el = orbit_elements(res.final_state)
    v = float(np.linalg.norm(res.final_state[3:6]))
    dv = max(0.0, (target.energy_J_kg - el["energy_J_kg"]) / max(v, 1.0))
    m = res.final_state[6]
    return m * (math.exp(dv / (vehicle.s2_isp_s * G0)) - 1.0) + 1.0


def post_parking_propellant_kg(vehicle: Vehicle, state: np.ndarray, spec: TargetSpec) -> dict:
    """Propellant for the burns after the parking orbit, from cut-off ``state`` (mass included).

    The restart burn is a simulated finite burn along the velocity (J2 gravity, 0.5 s RK4 steps)."""
    mu = _core.MU_E
    y = np.array(state, float)
    rp = float(np.linalg.norm(y[:3]))
    if spec.key == "c3":
        e_target = 0.5 * spec.c3_km2_s2 * 1e6
    else:  # gto1500 second burn: apogee to GEO radius
        e_target = -mu / (rp + GEO_RADIUS_M)
    yf, tb = _core.burn_prograde(y, vehicle.s2_thrust_vac_N, vehicle.s2_mdot_kg_s, e_target, 0.5)
    used = tb * vehicle.s2_mdot_kg_s
    out = {"restart_burn_s": float(tb), "restart_burn_propellant_kg": float(used)}
    if spec.key == "gto1500":
        el = orbit_elements(yf)
        a = el["a_m"]
        ra = a * (1 + el["e"])
        va = math.sqrt(mu * (2 / ra - 1 / a))
        rpt = _core.R_E + GTO1500_PERIGEE_ALT_KM * 1e3
        va_t = math.sqrt(mu * (2 / ra - 2 / (ra + rpt)))
        di = math.radians(el["inclination_deg"] - gto1500_inclination_deg())
        dv3 = math.sqrt(va * va + va_t * va_t - 2 * va * va_t * math.cos(di))
        m_after = yf[6]
        used3 = m_after * (1 - math.exp(-dv3 / (vehicle.s2_isp_s * G0)))
        out.update({"apogee_burn_dv_m_s": dv3, "apogee_burn_propellant_kg": used3})
        used += used3
    out["post_parking_propellant_kg"] = float(used)
    return out


def payload_capacity(vehicle: Vehicle | str, target: str | TargetSpec, azimuth_deg: float | None
                     = None, reserve_kg: float = 0.0, site_deg=TANEGASHIMA_LP2,
                     parking_alt_km: float = PARKING_ALT_KM) -> Performance:
    """Largest payload of ``vehicle`` to ``target`` (see module docstring)."""
    v = get_vehicle(vehicle) if isinstance(vehicle, str) else vehicle
    spec = parse_target(target) if isinstance(target, str) else target
    if spec.key == "c3" and ideal_delta_v_m_s(v) < required_delta_v_bound_m_s(spec.c3_km2_s2,
                                                                             parking_alt_km):
        raise InputError("target", target if isinstance(target, str) else f"c3={spec.c3_km2_s2}",
                         f"an orbit {v.name} can reach (even with zero payload its ideal Δv "
                         f"{ideal_delta_v_m_s(v):,.0f} m/s is below the "
                         f"{required_delta_v_bound_m_s(spec.c3_km2_s2, parking_alt_km):,.0f} m/s "
                         "this C3 needs)")
    perf = _payload_capacity(v, spec if not isinstance(target, str) else target, azimuth_deg,
                             reserve_kg, site_deg, parking_alt_km)
    if perf.payload_kg <= 1.0:
        raise InputError("target", target if isinstance(target, str) else perf.target,
                         f"an orbit {perf.vehicle} can reach (with zero payload it falls short)")
    return perf


def _payload_capacity(vehicle, target, azimuth_deg, reserve_kg, site_deg, parking_alt_km):
    v = get_vehicle(vehicle) if isinstance(vehicle, str) else vehicle
    spec = parse_target(target) if isinstance(target, str) else target
    label = target if isinstance(target, str) else (
        spec.key if spec.key != "c3" else f"c3={spec.c3_km2_s2:g}")
    lat = site_deg[0]
    if spec.key == "leo200":
        tg = Target.orbit(200.0, 200.0, lat if azimuth_deg is None else
                          _inc_for(azimuth_deg, lat), name="leo200")
        p, sol, ok = capacity_to_orbit(v, tg, azimuth_deg, reserve_kg, 12_000.0, site_deg)
        return Performance(v.name, label, p, sol.result, bool(ok), {})
    if spec.key == "sso500":
        if azimuth_deg is None:
            azimuth_deg = None
        tg = Target.orbit(500.0, 500.0, SSO500_INC_DEG, name="sso500")
        p, sol, ok = capacity_to_orbit(v, tg, azimuth_deg, reserve_kg, 4_000.0, site_deg)
        return Performance(v.name, label, p, sol.result, bool(ok), {})
    if spec.key == "c3" and spec.profile == "direct":
        inc = lat if azimuth_deg is None else _inc_for(azimuth_deg, lat)
        tg = Target.escape(spec.c3_km2_s2, parking_alt_km, inc)
        p, sol, ok = capacity_to_orbit(v, tg, azimuth_deg, reserve_kg, 4_000.0, site_deg)
        return Performance(v.name, label, p, sol.result, bool(ok), {"profile": "direct"})
    # parking orbit + restart (c3 restart, gto1500)
    inc = lat if azimuth_deg is None else _inc_for(azimuth_deg, lat)
    park = Target.orbit(parking_alt_km, parking_alt_km, inc, name="parking")
    state = {"x": None, "sol": None, "post": None}

    def margin(p):
        sol = solve_ascent(v, p, park, azimuth_deg, site_deg, x0=state["x"])
        if sol.converged:
            state["x"] = sol.x
        state["sol"] = sol
        left = sol.result.s2_propellant_left_kg
        post = post_parking_propellant_kg(v, sol.result.final_state, spec)
        state["post"] = post
        return left - post["post_parking_propellant_kg"] - reserve_kg, sol

    p, (m, sol), ok = _secant_payload(margin, 6_000.0, 6_500.0)
    detail = {"profile": "parking orbit + restart", "parking_alt_km": parking_alt_km,
              **{k: round(float(x), 2) for k, x in state["post"].items()}}
    if spec.key == "gto1500":
        detail["gto_inclination_deg"] = round(gto1500_inclination_deg(), 3)
        detail["gto_perigee_alt_km"] = GTO1500_PERIGEE_ALT_KM
    return Performance(v.name, label, p, sol.result, bool(ok and sol.converged), detail)


def _inc_for(azimuth_deg, lat):
    from lupex.launch.ascent import inclination_for_azimuth

    return inclination_for_azimuth(azimuth_deg, lat)


def parking_orbit_residual_curve(vehicle: Vehicle, payloads_kg, azimuth_deg=None,
                                 parking_alt_km: float = PARKING_ALT_KM,
                                 site_deg=TANEGASHIMA_LP2):
    """Cut-off states in the parking orbit for several payloads (warm-started solves)."""
    inc = site_deg[0] if azimuth_deg is None else _inc_for(azimuth_deg, site_deg[0])
    park = Target.orbit(parking_alt_km, parking_alt_km, inc, name="parking")
    states = []
    x = None
    for p in payloads_kg:
        # the first payload is solved cold (multi-start), the others warm from it (cheaper; the
        # optimiser's repeatability is a few hundred kg of propellant either way)
        sol = solve_ascent(vehicle, float(p), park, azimuth_deg, site_deg, x0=x)
        if x is None and sol.converged:
            x = sol.x
        states.append((float(p), sol.result.final_state.copy(), sol.result.s2_propellant_left_kg,
                       sol.converged))
    return states


def payload_vs_c3(vehicle: Vehicle | str, c3_km2_s2, profile: str = "restart",
                  azimuth_deg=None, site_deg=TANEGASHIMA_LP2) -> np.ndarray:
    """Payload (kg) for each C3 (km²/s²): array of shape (n, 2) [C3, payload].

    ``restart``: the parking-orbit ascent is solved for a few payloads (warm-started); the
    propellant left in the parking orbit is interpolated linearly in payload between them (it is
    linear to < 1 kg over the range) and the restart burn is simulated for each C3 and payload
    iterate. ``direct``: one warm-started SLSQP over payload and steering per C3
    (:func:`lupex.launch.guidance.solve_max_payload`).
    """
    v = get_vehicle(vehicle) if isinstance(vehicle, str) else vehicle
    c3s = np.atleast_1d(np.asarray(c3_km2_s2, float))
    out = np.empty((c3s.size, 2))
    out[:, 0] = c3s
    if profile == "direct":
        inc = site_deg[0] if azimuth_deg is None else _inc_for(azimuth_deg, site_deg[0])
        x = None
        done: list[tuple[float, float]] = []
        for k, c3 in enumerate(c3s):
            tg = Target.escape(float(c3), PARKING_ALT_KM, inc)
            # payload guess: linear extrapolation of the solved points (dP/dC3 ≈ −150 kg per
            # km²/s² for H3-24 before two points exist)
            if len(done) >= 2:
                (c0, p0), (c1, p1) = done[-2], done[-1]
                guess = p1 + (p1 - p0) / (c1 - c0) * (c3 - c1)
            elif done:
                guess = done[-1][1] - 150.0 * (c3 - done[-1][0])
            else:
                guess = 5_000.0
            ps = solve_max_payload(v, tg, azimuth_deg, site_deg, x0=x, payload_guess_kg=guess,
                                   polish=1 if x is not None else 3,
                                   maxiter=30 if x is not None else 80)
            if ps.converged:
                out[k, 1] = ps.payload_kg
                x = ps.x  # warm start for the next C3
                done.append((float(c3), ps.payload_kg))
            else:  # fall back on the slower nested iteration
                p, sol, ok = capacity_to_orbit(v, tg, azimuth_deg, 0.0, guess, site_deg)
                out[k, 1] = p if ok else np.nan
        return out
    if profile != "restart":
        raise InputError("profile", profile, "'restart' or 'direct'")
    grid = np.array([6_000.0, 2_000.0, 10_000.0])  # 6 t first: same cold start as capacity
    states = sorted(parking_orbit_residual_curve(v, grid, azimuth_deg, site_deg=site_deg),
                    key=lambda s: s[0])
    ps = np.array([s[0] for s in states])
    lefts = np.array([s[2] for s in states])
    y_ref = states[1][1].copy()
    for k, c3 in enumerate(c3s):
        spec = TargetSpec("c3", float(c3))

        def margin(p):
            left = float(np.interp(p, ps, lefts, left=np.nan, right=np.nan))
            if not np.isfinite(left):  # linear extrapolation outside the solved grid
                sl = (lefts[-1] - lefts[0]) / (ps[-1] - ps[0])
                left = lefts[0] + sl * (p - ps[0])
            y = y_ref.copy()
            y[6] = v.stage2_dry_kg + p + left
            post = post_parking_propellant_kg(v, y, spec)
            return left - post["post_parking_propellant_kg"], None

        p, _, ok = _secant_payload(margin, 5_000.0, 6_000.0, tol_kg=1.0)
        out[k, 1] = p if ok else np.nan
    return out
