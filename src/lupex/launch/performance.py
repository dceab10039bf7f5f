"""Payload performance of an H3 configuration: largest payload to a named target.

Targets (``parse_target``):

* ``leo200`` — 200 km circular parking orbit at the least inclination reachable by a due-east
  launch (≈ 30.4°, Tanegashima latitude); a single second-stage burn.
* ``sso500`` — 500 km circular sun-synchronous orbit, i = 97.4° (i from the J2 nodal-rate
  condition for 500 km: cos i = −0.0988 → 97.40°; Vallado §9.6), flown as SSO launches from
  Tanegashima are: initial azimuth 100° (east-south-east, the range constraint), first-stage
  yaw to the right from 120 s, second stage steering into the SSO plane (a dog-leg; source and
  assumptions at :data:`lupex.launch.ascent.DOGLEG_INITIAL_AZIMUTH_DEG`).
* ``gto1500`` — JAXA's "GTO ΔV = 1,500 m/s" (JAXA H3 overview; H-IIA user's manual): apogee at
  GEO altitude 35,786 km, perigee 2,700 km, inclination 20.3° (the inclination at which apogee
  circularisation plus plane change to GEO is 1,500 m/s: √(v_a² + v_geo² − 2 v_a v_geo cos i)).
  Flown as: ascent to a 200 km parking orbit, coast, second-stage restart at the equator crossing
  to a 200 × 35,786 km orbit (finite burn, simulated), long coast, third burn at apogee raising
  perigee to 2,700 km and lowering inclination to 20.3° (impulsive, rocket equation — ≈ 0.4 km/s
  at ≈ 0.6 g-budget, finite-burn loss < 0.1 % neglected).
* ``gto1800`` (not a CLI target) — the standard GTO, 250 × 35,786 km (H-IIA user's manual) at
  the inclination (≈ 27.0°) at which the apogee burn to GEO is 1,800 m/s, flown like gto1500.
* ``c3=<km²/s²>`` — escape energy C3. Two profiles: ``restart`` (default: 200 km parking orbit,
  coast, restart burn along the velocity until the C3 is reached — simulated finite burn) and
  ``direct`` (single burn from lift-off to the C3, perigee ≥ 200 km).

Capacity is the payload that leaves zero usable second-stage propellant after every burn
(``reserve_kg`` can hold back a further reserve), found by one SLSQP over payload and steering
(:func:`lupex.launch.guidance.solve_max_payload`; the burns after the parking orbit are held
back inside it) started from three payloads across the bracket (:func:`start_payloads_kg`,
:data:`AROUND_FACTORS`); the largest converged answer is kept, with BLAS/OpenMP pinned to one
thread. A solve where no start converges raises :class:`lupex.errors.SolverError`. Masses in
kg.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError, SolverError
from lupex.launch import _core
from lupex.launch.ascent import (
    DOGLEG_INITIAL_AZIMUTH_DEG,
    TANEGASHIMA_LP2,
    AscentResult,
    Target,
    orbit_elements,
)
from lupex.launch.guidance import (
    INCLINATION_TOL_DEG,
    PERIGEE_TOL_KM,
    pinned_threads,
    solve_ascent,
    solve_max_payload,
)
from lupex.launch.vehicles import G0, Vehicle, get_vehicle
import lupex.display as _display
from lupex.units import accepts

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


@_display.result()
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


def _required_dv_m_s(target: Target, later_dv_m_s: float = 0.0) -> float:
    """Rough Δv to ``target`` from Tanegashima for the starting-payload estimate (m/s): cut-off
    speed, plus later burns, minus the site's rotation speed, plus the assumed losses."""
    vrot = _core.OMEGA_E * _core.R_E * math.cos(math.radians(TANEGASHIMA_LP2[0]))
    return (_cutoff_speed_m_s(target) + later_dv_m_s - vrot * math.cos(target.inclination_rad)
            + _START_LOSSES_M_S)


def _multistart_capacity(vehicle: Vehicle, target: Target, azimuth_deg, reserve_kg, site_deg,
                         guesses, later_burns_kg=None, adaptive: bool = True,
                         dogleg: bool = False):
    """Capacity of ``vehicle`` to ``target``, multi-start.

    Each start solves the payload and steering together (:func:`solve_max_payload`) from its
    starting payload; the first start finds its steering by the multi-start fixed-payload
    optimiser, the later ones start from the first converged start's steering (a warm start in
    the steering only: their payloads start where they are told). With ``adaptive`` the
    ``guesses`` are tried in turn until one converges, then :data:`AROUND_FACTORS` times that
    answer are started too (one start below the capacity, one above); otherwise every guess is
    started. When no start converges, secant iteration on the payload around the fixed-payload
    optimiser is tried from the middle guess. Returns (best converged (payload,
    AscentSolution) or None, starts, last (payload, AscentSolution)).
    """
    starts: list[CapacityStart] = []
    best = None
    last = None
    x_steer = None

    def start(g):
        nonlocal best, last, x_steer
        ps = solve_max_payload(vehicle, target, azimuth_deg, site_deg, x0=x_steer,
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
            p, sol, ok = _nested_capacity(vehicle, target, azimuth_deg, reserve_kg, site_deg,
                                          g, later_burns_kg, dogleg)
            starts.append(CapacityStart(float(g), float(p), bool(ok), "nested"))
            last = (float(p), sol)
            if ok:
                best = (float(p), sol)
    return best, starts, last


def _nested_capacity(vehicle, target, azimuth_deg, reserve_kg, site_deg, guess_kg,
                     later_burns_kg=None, dogleg=False):
    """Secant iteration on the payload around :func:`solve_ascent` (warm-started)."""
    state = {"x": None}

    def margin(p):
        sol = solve_ascent(vehicle, p, target, azimuth_deg, site_deg, x0=state["x"],
                           dogleg=dogleg)
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


def capacity_to_orbit(vehicle: Vehicle, target: Target, azimuth_deg: float | None = None,
                      reserve_kg: float = 0.0, guess_kg: float | None = None,
                      site_deg=TANEGASHIMA_LP2, guesses=None):
    """Largest payload put on ``target`` by one second-stage burn: returns (P, solution, ok).

    Multi-start: the solve is started from three payloads across the bracket
    (:func:`start_payloads_kg`, or ``guesses``; ``guess_kg`` adds one more) and the largest
    converged payload is kept. ``ok`` is False when no start converged (P is then the last
    start's answer, not a capacity; :func:`payload_capacity` raises instead)."""
    adaptive = guesses is None
    if guesses is None:
        guesses = start_payloads_kg(vehicle, _required_dv_m_s(target))
        if guess_kg is not None:
            guesses = (float(guess_kg), *guesses)
    best, starts, last = _multistart_capacity(vehicle, target, azimuth_deg, reserve_kg,
                                              site_deg, guesses, adaptive=adaptive)
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


@accepts()
def payload_capacity(vehicle: Vehicle | str, target: str | TargetSpec, azimuth_deg: float | None
                     = None, reserve_kg: float = 0.0, site_deg=TANEGASHIMA_LP2,
                     parking_alt_km: float = PARKING_ALT_KM, guesses=None) -> Performance:
    """Largest payload of ``vehicle`` to ``target`` (see module docstring).

    Multi-start (three starting payloads across the bracket, :func:`start_payloads_kg`, or
    ``guesses``); the largest converged answer is returned. Raises :class:`SolverError` (an
    InputError: the CLI prints it and exits 2) when no start converges, and InputError when the
    target is out of the vehicle's reach."""
    v = get_vehicle(vehicle) if isinstance(vehicle, str) else vehicle
    spec = parse_target(target) if isinstance(target, str) else target
    label = target if isinstance(target, str) else (
        spec.key if spec.key != "c3" else f"c3={spec.c3_km2_s2:g}")
    if spec.key == "c3" and ideal_delta_v_m_s(v) < required_delta_v_bound_m_s(spec.c3_km2_s2,
                                                                             parking_alt_km):
        raise InputError("target", label,
                         f"an orbit {v.name} can reach (even with zero payload its ideal Δv "
                         f"{ideal_delta_v_m_s(v):,.0f} m/s is below the "
                         f"{required_delta_v_bound_m_s(spec.c3_km2_s2, parking_alt_km):,.0f} m/s "
                         "this C3 needs)")
    perf = _payload_capacity(v, spec, label, azimuth_deg, reserve_kg, site_deg, parking_alt_km,
                             guesses)
    if not perf.converged:
        tried = ", ".join(f"{s['guess_kg']:,.0f} kg -> {s['payload_kg']:,.0f} kg "
                          f"({s['method']})" for s in perf.detail["starts"])
        raise SolverError(
            "launch capacity solver", f"{v.name} to {label}",
            f"no start met the injection tolerances (perigee {PERIGEE_TOL_KM:g} km, "
            f"inclination {INCLINATION_TOL_DEG:g} deg) with the second-stage propellant used "
            f"up; starting payloads tried: {tried}")
    if perf.payload_kg <= 1.0:
        raise InputError("target", label,
                         f"an orbit {perf.vehicle} can reach (with zero payload it falls short)")
    return perf


def _payload_capacity(v, spec, label, azimuth_deg, reserve_kg, site_deg, parking_alt_km,
                      guesses):
    lat = site_deg[0]
    inc = lat if azimuth_deg is None else _inc_for(azimuth_deg, lat)
    later = None
    later_dv = 0.0
    dogleg = False
    if spec.key == "leo200":
        tg = Target.orbit(200.0, 200.0, inc, name="leo200")
        detail = {}
    elif spec.key == "sso500":
        tg = Target.orbit(500.0, 500.0, SSO500_INC_DEG, name="sso500")
        dogleg = True
        detail = {"profile": "dog-leg", "initial_azimuth_deg": (
            DOGLEG_INITIAL_AZIMUTH_DEG if azimuth_deg is None else azimuth_deg)}
    elif spec.key == "c3" and spec.profile == "direct":
        tg = Target.escape(spec.c3_km2_s2, parking_alt_km, inc)
        detail = {"profile": "direct"}
    else:  # parking orbit + restart (c3 restart, gto1500, gto1800)
        tg = Target.orbit(parking_alt_km, parking_alt_km, inc, name="parking")

        def later(y):
            return post_parking_propellant_kg(v, y, spec)["post_parking_propellant_kg"]

        vp = _cutoff_speed_m_s(tg)
        e_after = (0.5 * spec.c3_km2_s2 * 1e6 if spec.key == "c3"
                   else -_core.MU_E / (tg.perigee_radius_m + GEO_RADIUS_M))
        later_dv = math.sqrt(2.0 * (e_after + _core.MU_E / tg.perigee_radius_m)) - vp
        if spec.key in GTO_TARGETS:
            later_dv += 400.0  # apogee burn to GTO-1500 (≈ 0.4 km/s, module docstring)
        detail = {"profile": "parking orbit + restart", "parking_alt_km": parking_alt_km}
    adaptive = guesses is None
    if guesses is None:
        guesses = start_payloads_kg(v, _required_dv_m_s(tg, later_dv))
    best, starts, last = _multistart_capacity(v, tg, azimuth_deg, reserve_kg, site_deg,
                                              guesses, later, adaptive, dogleg)
    ok = best is not None
    p, sol = best if ok else last
    if later is not None:
        post = post_parking_propellant_kg(v, sol.result.final_state, spec)
        detail.update({k: round(float(x), 2) for k, x in post.items()})
        if spec.key in GTO_TARGETS:
            perigee_alt_km, dv_geo = GTO_TARGETS[spec.key]
            detail["gto_inclination_deg"] = round(gto1500_inclination_deg(perigee_alt_km,
                                                                          dv_geo), 3)
            detail["gto_perigee_alt_km"] = perigee_alt_km
            detail["gto_dv_to_geo_m_s"] = dv_geo
    detail["starts"] = [s.to_dict() for s in starts]
    return Performance(v.name, label, p, sol.result, ok, detail)


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


@accepts()
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
            y[6] = v.stage2_dead_kg + p + left
            post = post_parking_propellant_kg(v, y, spec)
            return left - post["post_parking_propellant_kg"], None

        p, _, ok = _secant_payload(margin, 5_000.0, 6_000.0, tol_kg=1.0)
        out[k, 1] = p if ok else np.nan
    return out
