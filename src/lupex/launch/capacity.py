"""The multi-start capacity solve: the largest payload a vehicle carries to one target orbit.

One SLSQP over payload and steering (:func:`lupex.launch.guidance.solve_max_payload`) started
from three payloads across the rocket-equation bracket (:func:`start_payloads_kg`,
:data:`BOUND_FRACTIONS`, :data:`AROUND_FACTORS`), with a secant on the payload around the
fixed-payload optimiser as fallback; the largest converged answer is kept. Masses in kg.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lupex.launch import _core
from lupex.launch.ascent import (
    _SITE_PAIR, TANEGASHIMA_LP2, AscentResult, Target, orbit_elements,
)
from lupex.launch.guidance import pinned_threads, solve_ascent, solve_max_payload
from lupex.launch.vehicles import G0, Vehicle
from lupex.launch.targets import (
    GEO_RADIUS_M, GTO_TARGETS, TargetSpec, gto1500_inclination_deg, ideal_delta_v_m_s,
)
from lupex.units import split_pair


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


#: Starting payloads of the capacity solve (:func:`start_payloads_kg`): fractions of the
#: rocket-equation bound, tried in turn until one converges ...
BOUND_FRACTIONS = (0.3, 0.6, 0.9)
#: ... then two more starts at these multiples of that first answer, one below and one above it;
#: the largest converged answer of all starts is the capacity.
AROUND_FACTORS = (0.75, 1.25)
#: Gravity, drag and steering losses assumed for the rocket-equation bound only (m/s): a round
#: figure at the low end of what flown launchers lose (1.2–2 km/s, as in
#: :func:`required_delta_v_bound_m_s`), so that the bound is optimistic.
_START_LOSSES_M_S = 1_600.0


@dataclass(frozen=True)
class CapacityStart:
    """One start of the multi-start capacity solve: the starting payload, what it converged to
    (payload_kg), whether it converged, and how (``method``: 'direct' = one SLSQP over payload
    and steering, 'nested' = secant on the payload around the fixed-payload optimiser)."""

    guess_kg: float
    payload_kg: float
    converged: bool
    method: str

    def to_dict(self) -> dict:
        return {"guess_kg": round(self.guess_kg, 1), "payload_kg": round(self.payload_kg, 1),
                "converged": bool(self.converged), "method": self.method}


def _cutoff_speed_m_s(target: Target) -> float:
    """Speed at the target perigee (vis-viva) of ``target``'s orbit (m/s)."""
    mu = _core.MU_E
    return math.sqrt(2.0 * (target.energy_J_kg + mu / target.perigee_radius_m))


def start_payloads_kg(vehicle: Vehicle, dv_m_s: float, fractions=None) -> tuple:
    """First starting payloads (kg) of the capacity solve: ``fractions`` of the payload at
    which the vehicle's ideal Δv (:func:`ideal_delta_v_m_s`, no losses) equals ``dv_m_s``
    (bisection); at least 300 kg. The bound is a rough one (it knows nothing of the second
    stage's gravity loss), so the solve starts well below it."""
    lo, hi = 0.0, 80_000.0
    if ideal_delta_v_m_s(vehicle, lo) <= dv_m_s:
        est = 1_000.0
    else:
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if ideal_delta_v_m_s(vehicle, mid) > dv_m_s:
                lo = mid
            else:
                hi = mid
        est = max(lo, 1_000.0)
    fractions = BOUND_FRACTIONS if fractions is None else fractions
    return tuple(max(300.0, round(f * est, 0)) for f in fractions)


def _required_dv_m_s(target: Target, later_dv_m_s: float = 0.0,
                     site_lat_deg: float = TANEGASHIMA_LP2[0]) -> float:
    """Rough Δv to ``target`` from a pad at geodetic latitude ``site_lat_deg`` (deg) for the
    starting-payload estimate (m/s): cut-off speed, plus later burns, minus the site's rotation
    speed, plus the assumed losses."""
    vrot = _core.OMEGA_E * _core.R_E * math.cos(math.radians(site_lat_deg))
    return (_cutoff_speed_m_s(target) + later_dv_m_s - vrot * math.cos(target.inclination_rad)
            + _START_LOSSES_M_S)


def _multistart_capacity(vehicle: Vehicle, target: Target, azimuth_deg, reserve_kg, guesses,
                         later_burns_kg=None, adaptive: bool = True, dogleg: bool = False, *,
                         site_lat_deg: float, site_lon_deg: float):
    """Capacity of ``vehicle`` to ``target``, multi-start.

    Each start solves the payload and steering together (:func:`solve_max_payload`) from its
    starting payload; the first start finds its steering by the multi-start fixed-payload
    optimiser, the later ones start from the first converged start's steering (a warm start in
    the steering only: their payloads start where they are told). With ``adaptive`` the
    ``guesses`` are tried in turn until one converges, then :data:`AROUND_FACTORS` times that
    answer are started too (one start below the capacity, one above); otherwise every guess is
    started. When no start converges, secant iteration on the payload around the fixed-payload
    optimiser is tried from the middle guess. Returns (best converged (payload,
    AscentSolution) or None, starts, last (payload, AscentSolution)). Launch site: geodetic
    latitude ``site_lat_deg`` (deg north), east longitude ``site_lon_deg`` (deg), WGS-84.
    """
    starts: list[CapacityStart] = []
    best = None
    last = None
    x_steer = None

    def start(g):
        nonlocal best, last, x_steer
        ps = solve_max_payload(vehicle, target, azimuth_deg, site_lat_deg=site_lat_deg,
                               site_lon_deg=site_lon_deg, x0=x_steer,
                               payload_guess_kg=g, reserve_kg=reserve_kg,
                               later_burns_kg=later_burns_kg, dogleg=dogleg)
        starts.append(CapacityStart(float(g), float(ps.payload_kg), bool(ps.converged),
                                    "direct"))
        last = (float(ps.payload_kg), ps.solution)
        if ps.converged:
            if x_steer is None:
                x_steer = ps.x
            if best is None or ps.payload_kg > best[0]:
                best = (float(ps.payload_kg), ps.solution)
        return ps.converged

    with pinned_threads():
        for g in guesses:
            if start(g) and adaptive:
                p1 = best[0]
                for f in AROUND_FACTORS:
                    start(round(f * p1, 0))
                break
        if best is None:
            g = sorted(guesses)[len(guesses) // 2]
            p, sol, ok = _nested_capacity(vehicle, target, azimuth_deg, reserve_kg, g,
                                          later_burns_kg, dogleg, site_lat_deg=site_lat_deg,
                                          site_lon_deg=site_lon_deg)
            starts.append(CapacityStart(float(g), float(p), bool(ok), "nested"))
            last = (float(p), sol)
            if ok:
                best = (float(p), sol)
    return best, starts, last


def _nested_capacity(vehicle, target, azimuth_deg, reserve_kg, guess_kg, later_burns_kg=None,
                     dogleg=False, *, site_lat_deg, site_lon_deg):
    """Secant iteration on the payload around :func:`solve_ascent` (warm-started)."""
    state = {"x": None}

    def margin(p):
        sol = solve_ascent(vehicle, p, target, azimuth_deg, site_lat_deg=site_lat_deg,
                           site_lon_deg=site_lon_deg, x0=state["x"], dogleg=dogleg)
        if sol.converged:
            state["x"] = sol.x
        if sol.result.reached_target:
            left = sol.result.s2_propellant_left_kg
        else:
            left = -_shortfall_kg(vehicle, sol.result, target)
        if later_burns_kg is not None:
            left -= later_burns_kg(sol.result.final_state)
        return left - reserve_kg, sol

    p, (m, sol), ok = _secant_payload(margin, guess_kg, guess_kg * 1.1)
    return p, sol, bool(ok and sol.converged and sol.result.reached_target)


@split_pair(**_SITE_PAIR)
def capacity_to_orbit(vehicle: Vehicle, target: Target, azimuth_deg: float | None = None,
                      reserve_kg: float = 0.0, guess_kg: float | None = None, *,
                      site_lat_deg: float = TANEGASHIMA_LP2[0],
                      site_lon_deg: float = TANEGASHIMA_LP2[1], guesses=None):
    """Largest payload put on ``target`` by one second-stage burn: returns (P, solution, ok).

    Multi-start: the solve is started from three payloads across the bracket
    (:func:`start_payloads_kg`, or ``guesses``; ``guess_kg`` adds one more) and the largest
    converged payload is kept. ``ok`` is False when no start converged (P is then the last
    start's answer, not a capacity; :func:`payload_capacity` raises instead). Launch site:
    geodetic latitude ``site_lat_deg`` (deg north) and east longitude ``site_lon_deg`` (deg),
    WGS-84 (default Tanegashima LP-2)."""
    adaptive = guesses is None
    if guesses is None:
        guesses = start_payloads_kg(vehicle, _required_dv_m_s(target, site_lat_deg=site_lat_deg))
        if guess_kg is not None:
            guesses = (float(guess_kg), *guesses)
    best, starts, last = _multistart_capacity(vehicle, target, azimuth_deg, reserve_kg, guesses,
                                              adaptive=adaptive, site_lat_deg=site_lat_deg,
                                              site_lon_deg=site_lon_deg)
    if best is None:
        return last[0], last[1], False
    return best[0], best[1], True


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
    else:  # GTO second burn: apogee to GEO radius
        e_target = -mu / (rp + GEO_RADIUS_M)
    yf, tb = _core.burn_prograde(y, vehicle.s2_thrust_vac_N, vehicle.s2_mdot_kg_s, e_target, 0.5)
    used = tb * vehicle.s2_mdot_kg_s
    out = {"restart_burn_s": float(tb), "restart_burn_propellant_kg": float(used)}
    if spec.key in GTO_TARGETS:
        perigee_alt_km, dv_geo = GTO_TARGETS[spec.key]
        el = orbit_elements(yf)
        a = el["a_m"]
        ra = a * (1 + el["e"])
        va = math.sqrt(mu * (2 / ra - 1 / a))
        rpt = _core.R_E + perigee_alt_km * 1e3
        va_t = math.sqrt(mu * (2 / ra - 2 / (ra + rpt)))
        di = math.radians(el["inclination_deg"] - gto1500_inclination_deg(perigee_alt_km,
                                                                          dv_geo))
        dv3 = math.sqrt(va * va + va_t * va_t - 2 * va * va_t * math.cos(di))
        m_after = yf[6]
        used3 = m_after * (1 - math.exp(-dv3 / (vehicle.s2_isp_s * G0)))
        out.update({"apogee_burn_dv_m_s": dv3, "apogee_burn_propellant_kg": used3})
        used += used3
    out["post_parking_propellant_kg"] = float(used)
    return out
