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
    _SITE_PAIR, DOGLEG_INITIAL_AZIMUTH_DEG, TANEGASHIMA_LP2, AscentResult, Target,
)
from lupex.launch.guidance import (
    INCLINATION_TOL_DEG, PERIGEE_TOL_KM, solve_ascent, solve_max_payload,
)
from lupex.launch.vehicles import Vehicle, get_vehicle
import lupex.display as _display
from lupex.units import accepts, renamed, split_pair
from lupex.launch.targets import (  # noqa: F401 - re-exported
    GEO_RADIUS_M, GTO1500_PERIGEE_ALT_KM, GTO_STANDARD_PERIGEE_ALT_KM, GTO_TARGETS, PARKING_ALT_KM,
    SSO500_INC_DEG, TargetSpec, gto1500_inclination_deg, ideal_delta_v_m_s, parse_target,
    required_delta_v_bound_m_s,
)
from lupex.launch.capacity import (  # noqa: F401 - re-exported
    AROUND_FACTORS, BOUND_FRACTIONS, CapacityStart, _cutoff_speed_m_s, _multistart_capacity,
    _required_dv_m_s, _secant_payload, capacity_to_orbit, post_parking_propellant_kg,
    start_payloads_kg,
)


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


@split_pair(**_SITE_PAIR)
@renamed(parking_alt_km="parking_altitude_km")
@accepts()
def payload_capacity(vehicle: Vehicle | str, target: str | TargetSpec, azimuth_deg: float | None
                     = None, reserve_kg: float = 0.0, *,
                     site_lat_deg: float = TANEGASHIMA_LP2[0],
                     site_lon_deg: float = TANEGASHIMA_LP2[1],
                     parking_altitude_km: float = PARKING_ALT_KM, guesses=None) -> Performance:
    """Largest payload of ``vehicle`` to ``target`` (see module docstring) from the launch site
    at geodetic latitude ``site_lat_deg`` (deg north) and east longitude ``site_lon_deg`` (deg),
    WGS-84 (default Tanegashima LP-2).

    Multi-start (three starting payloads across the bracket, :func:`start_payloads_kg`, or
    ``guesses``); the largest converged answer is returned. Raises :class:`SolverError` (an
    InputError: the CLI prints it and exits 2) when no start converges, and InputError when the
    target is out of the vehicle's reach."""
    v = get_vehicle(vehicle) if isinstance(vehicle, str) else vehicle
    spec = parse_target(target) if isinstance(target, str) else target
    label = target if isinstance(target, str) else (
        spec.key if spec.key != "c3" else f"c3={spec.c3_km2_s2:g}")
    if spec.key == "c3":
        needed = required_delta_v_bound_m_s(spec.c3_km2_s2, parking_altitude_km)
        if ideal_delta_v_m_s(v) < needed:
            raise InputError("target", label,
                             f"an orbit {v.name} can reach (even with zero payload its ideal Δv "
                             f"{ideal_delta_v_m_s(v):,.0f} m/s is below the {needed:,.0f} m/s "
                             "this C3 needs)")
    perf = _payload_capacity(v, spec, label, azimuth_deg, reserve_kg, parking_altitude_km, guesses,
                             site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg)
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


def _payload_capacity(v, spec, label, azimuth_deg, reserve_kg, parking_altitude_km, guesses, *,
                      site_lat_deg, site_lon_deg):
    inc = site_lat_deg if azimuth_deg is None else _inc_for(azimuth_deg, site_lat_deg)
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
        tg = Target.escape(spec.c3_km2_s2, parking_altitude_km, inc)
        detail = {"profile": "direct"}
    else:  # parking orbit + restart (c3 restart, gto1500, gto1800)
        tg = Target.orbit(parking_altitude_km, parking_altitude_km, inc, name="parking")

        def later(y):
            return post_parking_propellant_kg(v, y, spec)["post_parking_propellant_kg"]

        vp = _cutoff_speed_m_s(tg)
        e_after = (0.5 * spec.c3_km2_s2 * 1e6 if spec.key == "c3"
                   else -_core.MU_E / (tg.perigee_radius_m + GEO_RADIUS_M))
        later_dv = math.sqrt(2.0 * (e_after + _core.MU_E / tg.perigee_radius_m)) - vp
        if spec.key in GTO_TARGETS:
            later_dv += 400.0  # apogee burn to GTO-1500 (≈ 0.4 km/s, module docstring)
        detail = {"profile": "parking orbit + restart", "parking_altitude_km": parking_altitude_km}
    adaptive = guesses is None
    if guesses is None:
        guesses = start_payloads_kg(v, _required_dv_m_s(tg, later_dv, site_lat_deg))
    best, starts, last = _multistart_capacity(v, tg, azimuth_deg, reserve_kg, guesses, later,
                                              adaptive, dogleg, site_lat_deg=site_lat_deg,
                                              site_lon_deg=site_lon_deg)
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


@split_pair(**_SITE_PAIR)
@renamed(parking_alt_km="parking_altitude_km")
def parking_orbit_residual_curve(vehicle: Vehicle, payloads_kg, azimuth_deg=None,
                                 parking_altitude_km: float = PARKING_ALT_KM, *,
                                 site_lat_deg: float = TANEGASHIMA_LP2[0],
                                 site_lon_deg: float = TANEGASHIMA_LP2[1]):
    """Cut-off states in the parking orbit for several payloads (warm-started solves), launched
    from geodetic latitude ``site_lat_deg`` (deg north), east longitude ``site_lon_deg`` (deg)."""
    inc = site_lat_deg if azimuth_deg is None else _inc_for(azimuth_deg, site_lat_deg)
    park = Target.orbit(parking_altitude_km, parking_altitude_km, inc, name="parking")
    states = []
    x = None
    for p in payloads_kg:
        # the first payload is solved cold (multi-start), the others warm from it (cheaper; the
        # optimiser's repeatability is a few hundred kg of propellant either way)
        sol = solve_ascent(vehicle, float(p), park, azimuth_deg, site_lat_deg=site_lat_deg,
                           site_lon_deg=site_lon_deg, x0=x)
        if x is None and sol.converged:
            x = sol.x
        states.append((float(p), sol.result.final_state.copy(), sol.result.s2_propellant_left_kg,
                       sol.converged))
    return states


@split_pair(**_SITE_PAIR)
@accepts()
def payload_vs_c3(vehicle: Vehicle | str, c3_km2_s2, profile: str = "restart",
                  azimuth_deg=None, *, site_lat_deg: float = TANEGASHIMA_LP2[0],
                  site_lon_deg: float = TANEGASHIMA_LP2[1]) -> np.ndarray:
    """Payload (kg) for each C3 (km²/s²): array of shape (n, 2) [C3, payload], launched from
    geodetic latitude ``site_lat_deg`` (deg north), east longitude ``site_lon_deg`` (deg), WGS-84.

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
        inc = site_lat_deg if azimuth_deg is None else _inc_for(azimuth_deg, site_lat_deg)
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
            ps = solve_max_payload(v, tg, azimuth_deg, site_lat_deg=site_lat_deg,
                                   site_lon_deg=site_lon_deg, x0=x, payload_guess_kg=guess,
                                   polish=1 if x is not None else 3,
                                   maxiter=30 if x is not None else 80)
            if ps.converged:
                out[k, 1] = ps.payload_kg
                x = ps.x  # warm start for the next C3
                done.append((float(c3), ps.payload_kg))
            else:  # fall back on the slower nested iteration
                p, sol, ok = capacity_to_orbit(v, tg, azimuth_deg, 0.0, guess,
                                               site_lat_deg=site_lat_deg,
                                               site_lon_deg=site_lon_deg)
                out[k, 1] = p if ok else np.nan
        return out
    if profile != "restart":
        raise InputError("profile", profile, "'restart' or 'direct'")
    grid = np.array([6_000.0, 2_000.0, 10_000.0])  # 6 t first: same cold start as capacity
    states = sorted(parking_orbit_residual_curve(v, grid, azimuth_deg, site_lat_deg=site_lat_deg,
                                                 site_lon_deg=site_lon_deg), key=lambda s: s[0])
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
