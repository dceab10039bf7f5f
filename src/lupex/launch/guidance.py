"""Closed-loop ascent guidance: choose the steering that reaches a target orbit with the least
propellant, and solve for the largest payload.

For a given payload, ``solve_ascent`` optimises the pitch-over angle and the second-stage
linear-tangent law (``tan θ = A + B·τ``) and a yaw bias with scipy's SLSQP: maximise the mass at
cut-off subject to perigee radius (|Δ| < 1 km → constraint scaled in km) and inclination
(|Δ| < 0.01°) at the cut-off, where cut-off happens on the target orbital energy (so the
semi-major axis / C3 is met by construction to the integrator's precision). A flight that runs
out of second-stage propellant first violates an energy constraint. The launch azimuth is the
direct-ascent azimuth for the target inclination (or the user's, inside the range-safety sector);
a dog-leg ascent (``dogleg=True``: sun-synchronous targets from Tanegashima) starts at
:data:`lupex.launch.ascent.DOGLEG_INITIAL_AZIMUTH_DEG` and optimises a first-stage yaw angle
(thrust yawed right of the velocity from :data:`lupex.launch.ascent.DOGLEG_START_S` to MECO)
besides the other parameters, with a wider second-stage yaw bias.
"""

from __future__ import annotations

import functools
import math
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from lupex.constants import G0_M_S2
from lupex.errors import InputError
from lupex.launch import _core
from lupex.launch.ascent import (
    DOGLEG_INITIAL_AZIMUTH_DEG,
    TANEGASHIMA_LP2,
    _SITE_PAIR,
    AscentResult,
    Guidance,
    Target,
    guidance_array,
    launch_azimuth_for_inclination,
    simulate,
    vehicle_array,
)
from lupex.launch.vehicles import Vehicle
import lupex.display as _display
from lupex.units import accepts, split_pair

#: Tolerances the solved ascent must meet: perigee within 1 km, inclination within 0.01°.
PERIGEE_TOL_KM = 1.0
INCLINATION_TOL_DEG = 0.01

_X0 = np.array([3.0, 0.6, -0.15, 0.0])  # kick deg, A, B per 100 s, yaw deg


@_display.result()
@dataclass(frozen=True)
class AscentSolution:
    """A solved ascent: the flight, whether it met the target within tolerance, the optimiser's
    parameter vector (for warm starts) and the number of simulated flights."""

    result: AscentResult
    converged: bool
    x: tuple
    n_flights: int
    perigee_error_km: float
    inclination_error_deg: float


@contextmanager
def pinned_threads():
    """Run a solve with BLAS/OpenMP limited to one thread (threadpoolctl), so that its answer
    does not depend on how many threads the machine or a worker pool allows (a reduction summed
    in another order changes SLSQP's path by rounding)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        yield
        return
    with threadpool_limits(limits=1):
        yield


def _single_threaded(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with pinned_threads():
            return fn(*args, **kwargs)
    return wrapper


#: Starting first-stage yaw (deg) of a dog-leg ascent, and its bounds.
_DOGLEG_YAW0_DEG = 20.0
_DOGLEG_YAW_BOUNDS_DEG = (0.0, 60.0)
#: Second-stage yaw-bias bounds (deg) of a dog-leg ascent: the second stage finishes the turn
#: into the target plane (±5° otherwise).
_DOGLEG_S2_YAW_BOUNDS_DEG = (-25.0, 25.0)


def _guidance_from_x(x, az_rad) -> Guidance:
    """Guidance from the optimiser's vector (kick deg, A, B per 100 s, yaw deg[, dog-leg yaw
    deg])."""
    dl = math.radians(x[4]) if len(x) > 4 else 0.0
    return Guidance(az_rad, math.radians(x[0]), x[1], x[2] / 100.0, math.radians(x[3]),
                    dogleg_yaw_rad=dl)


def _azimuth(target, azimuth_deg, site_lat_deg, dogleg):
    if azimuth_deg is not None:
        return azimuth_deg
    if dogleg:
        return DOGLEG_INITIAL_AZIMUTH_DEG
    return launch_azimuth_for_inclination(math.degrees(target.inclination_rad), site_lat_deg)


def _with_dogleg(x, dogleg):
    """Optimiser vector with (dogleg) or without the dog-leg yaw element."""
    x = tuple(float(v) for v in x)
    if dogleg and len(x) == 4:
        return (*x, _DOGLEG_YAW0_DEG)
    if not dogleg and len(x) > 4:
        return x[:4]
    return x


def _errors(y, target: Target):
    """(perigee error km, inclination error deg, energy shortfall MJ/kg) of a cut-off state."""
    r = y[:3]
    v = y[3:6]
    mu = _core.MU_E
    rn = math.sqrt(r @ r)
    en = 0.5 * (v @ v) - mu / rn
    h = np.cross(r, v)
    hn = math.sqrt(h @ h)
    e = math.sqrt(max(0.0, 1.0 + 2.0 * en * hn * hn / mu**2))
    rp = hn * hn / mu / (1.0 + e)
    inc = math.acos(max(-1.0, min(1.0, h[2] / hn)))
    return ((rp - target.perigee_radius_m) / 1e3, math.degrees(inc - target.inclination_rad),
            (target.energy_J_kg - en) / 1e6)


@split_pair(**_SITE_PAIR)
def initial_kick_deg(vehicle, payload_kg, target, azimuth_deg, *,
                     site_lat_deg: float = TANEGASHIMA_LP2[0],
                     site_lon_deg: float = TANEGASHIMA_LP2[1], arrays=None,
                     meco_fpa_deg: float = 20.0) -> float:
    """Pitch-over angle (deg) whose gravity turn reaches MECO at ``meco_fpa_deg`` flight-path
    angle — a starting point for the optimiser (scan of first-stage flights, 1° steps). Launch
    site: geodetic latitude ``site_lat_deg`` (deg north) and east longitude ``site_lon_deg``
    (deg), WGS-84."""
    arrays = arrays if arrays is not None else vehicle_array(vehicle, payload_kg)
    V = arrays[0]
    best, best_err = 3.0, math.inf
    for kick in np.arange(1.0, 35.0, 1.0):
        g = Guidance(math.radians(azimuth_deg), math.radians(kick), 0.3, -0.001)
        r = simulate(vehicle, payload_kg, target, g, site_lat_deg=site_lat_deg,
                     site_lon_deg=site_lon_deg, record=True, _arrays=arrays)
        h = r.history
        if "MECO" not in r.events:
            break
        i = int(np.searchsorted(h[:, 0], V[_core.V_T_MECO]))
        y = h[min(i, len(h) - 1), 1:8]
        rr, vv = y[:3], y[3:6]
        fpa = math.degrees(math.asin(rr @ vv / (np.linalg.norm(rr) * np.linalg.norm(vv))))
        err = abs(fpa - meco_fpa_deg)
        if err < best_err:
            best, best_err = float(kick), err
        if fpa < meco_fpa_deg - 10.0:
            break
    return best


@split_pair(**_SITE_PAIR)
@_single_threaded
@accepts()
def solve_ascent(vehicle: Vehicle, payload_kg: float, target: Target, azimuth_deg: float | None
                 = None, *, site_lat_deg: float = TANEGASHIMA_LP2[0],
                 site_lon_deg: float = TANEGASHIMA_LP2[1], x0=None, maxiter: int = 60,
                 record: bool = False, attempts: int = 3, polish: int = 3,
                 dogleg: bool = False) -> AscentSolution:
    """Optimal ascent of ``vehicle`` with ``payload_kg`` to ``target`` (see module docstring).

    Without ``x0`` the problem is started from three points (pitch-over angle from the scan,
    flat / medium / lofted second-stage pitch laws — the problem has several
    local optima, e.g. ≈ 2 t of propellant apart on the TF2 case) and the best converged
    solution is kept; with ``x0`` (warm start) from that point. Repeatability of the optimum:
    a few hundred kg of propellant (see report / tests).

    ``dogleg``: fly the first stage from :data:`lupex.launch.ascent.DOGLEG_INITIAL_AZIMUTH_DEG`
    (unless ``azimuth_deg`` is given) and optimise a first-stage yaw too (the sun-synchronous
    ascent from Tanegashima).

    ``site_lat_deg``, ``site_lon_deg``: the launch site, geodetic latitude (deg north) and east
    longitude (deg) on the WGS-84 ellipsoid (default Tanegashima LP-2)."""
    if x0 is not None:
        return _solve_single(vehicle, payload_kg, target, azimuth_deg, _with_dogleg(x0, dogleg),
                             maxiter, record, attempts, polish, dogleg,
                             site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg)
    azimuth_deg = _azimuth(target, azimuth_deg, site_lat_deg, dogleg)
    kick = initial_kick_deg(vehicle, payload_kg, target, azimuth_deg, site_lat_deg=site_lat_deg,
                            site_lon_deg=site_lon_deg)
    best = None
    starts = [(kick, 0.3, -0.07), (kick, 0.6, -0.15), (kick, 1.2, -0.35)]
    for k, a, b in starts:
        sol = _solve_single(vehicle, payload_kg, target, azimuth_deg,
                            _with_dogleg((k, a, b, 0.0), dogleg), maxiter, False, 1, polish,
                            dogleg, site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg)
        score = (sol.converged, sol.result.reached_target, sol.result.final_state[6])
        if best is None or score > best[0]:
            best = (score, sol)
    sol = best[1]
    if not sol.converged:  # fall back on the perturbed restarts
        sol = _solve_single(vehicle, payload_kg, target, azimuth_deg,
                            _with_dogleg((kick, 0.6, -0.15, 0.0), dogleg), maxiter, False,
                            attempts, polish, dogleg, site_lat_deg=site_lat_deg,
                            site_lon_deg=site_lon_deg)
    if record:
        result = simulate(vehicle, payload_kg, target,
                          _guidance_from_x(sol.x, math.radians(azimuth_deg)),
                          site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg, record=True)
        sol = AscentSolution(result, sol.converged, sol.x, sol.n_flights, sol.perigee_error_km,
                             sol.inclination_error_deg)
    return sol


def _solve_single(vehicle, payload_kg, target, azimuth_deg, x0, maxiter, record, attempts,
                  polish, dogleg=False, *, site_lat_deg, site_lon_deg) -> AscentSolution:
    if payload_kg < 0:
        raise InputError("payload_kg", payload_kg, "a non-negative mass in kg")
    azimuth_deg = _azimuth(target, azimuth_deg, site_lat_deg, dogleg)
    az = math.radians(azimuth_deg)
    arrays = vehicle_array(vehicle, payload_kg)
    V, st, sf = arrays
    G = guidance_array(_guidance_from_x(_X0, az), target, site_lat_deg=site_lat_deg,
                       site_lon_deg=site_lon_deg)
    cache: dict = {}
    count = [0]

    def run(x):
        key = tuple(np.round(x, 12))
        if key in cache:
            return cache[key]
        G[_core.G_KICK] = math.radians(x[0])
        G[_core.G_A] = x[1]
        G[_core.G_B] = x[2] / 100.0
        G[_core.G_YAW] = math.radians(x[3])
        G[_core.G_DLYAW] = math.radians(x[4]) if dogleg else 0.0
        y, t, ev, status, hist, nh = _core.fly(V, G, st, sf, False, 1)
        count[0] += 1
        if status == 2:
            out = (0.0, (1e3, 1e3, 1e2))
        else:
            out = (y[6] / 1e4, _errors(y, target))
        if len(cache) > 500:
            cache.clear()
        cache[key] = out
        return out

    cons = [
        {"type": "eq", "fun": lambda x: np.array(run(x)[1][:2]) * np.array([0.1, 1.0])},
        {"type": "ineq", "fun": lambda x: -run(x)[1][2]},
    ]
    bounds = [(0.3, 35.0), (-1.5, 3.0), (-2.0, 1.0), (-5.0, 5.0)]
    if dogleg:
        bounds[3] = _DOGLEG_S2_YAW_BOUNDS_DEG
        bounds.append(_DOGLEG_YAW_BOUNDS_DEG)
    if x0 is None:
        x0 = _X0.copy()
        x0[0] = initial_kick_deg(vehicle, payload_kg, target, azimuth_deg,
                                 site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg,
                                 arrays=arrays)
        x0 = _with_dogleg(x0, dogleg)
    x = np.array(x0, float)
    x_start = x.copy()
    best = None
    for attempt in range(attempts):
        res = minimize(lambda x: -run(x)[0], x, method="SLSQP", bounds=bounds, constraints=cons,
                       options={"maxiter": maxiter, "ftol": 1e-9, "eps": 1e-6})
        dp, di, de = run(res.x)[1]
        ok = abs(dp) < PERIGEE_TOL_KM and abs(di) < INCLINATION_TOL_DEG and de <= 1e-6
        best = (res.x, ok, dp, di)
        if ok:
            break
        # restart from a perturbed point (different loft) when SLSQP stalls
        x = x_start.copy()
        x[:2] += np.array([-1.0 * (attempt + 1), 0.2 * (attempt + 1)])
    xb, ok, dp, di = best
    # SLSQP often stops early on this problem (finite-difference gradients of a flown
    # trajectory); restarting it from its own answer recovers up to ~2 t of propellant on the
    # TF2 case. Polish until the gain is below 0.5 kg (at most ``polish`` restarts).
    for _ in range(polish if ok else 0):
        res = minimize(lambda x: -run(x)[0], xb, method="SLSQP", bounds=bounds,
                       constraints=cons, options={"maxiter": maxiter, "ftol": 1e-9, "eps": 1e-6})
        dp2, di2, de2 = run(res.x)[1]
        ok2 = abs(dp2) < PERIGEE_TOL_KM and abs(di2) < INCLINATION_TOL_DEG and de2 <= 1e-6
        gain = (run(res.x)[0] - run(xb)[0]) * 1e4
        if not ok2 or gain <= 0.0:
            break
        xb, dp, di = res.x, dp2, di2
        if gain < 0.5:
            break
    result = simulate(vehicle, payload_kg, target, _guidance_from_x(xb, az),
                      site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg, record=record,
                      _arrays=arrays)
    return AscentSolution(result, ok, tuple(float(v) for v in xb), count[0], dp, di)


@_display.result()
@dataclass(frozen=True)
class PayloadSolution:
    """Largest payload for a one-burn target: payload_kg, the ascent flown with it, converged."""

    payload_kg: float
    solution: AscentSolution
    converged: bool
    x: tuple


@split_pair(**_SITE_PAIR)
@_single_threaded
@accepts()
def solve_max_payload(vehicle: Vehicle, target: Target, azimuth_deg: float | None = None, *,
                      site_lat_deg: float = TANEGASHIMA_LP2[0],
                      site_lon_deg: float = TANEGASHIMA_LP2[1], x0=None,
                      payload_guess_kg: float = 5_000.0,
                      reserve_kg: float = 0.0, maxiter: int = 80, polish: int = 3,
                      later_burns_kg=None, dogleg: bool = False) -> PayloadSolution:
    """Maximise the payload directly: one SLSQP over (payload, kick, A, B, yaw) with the
    constraints propellant left ≥ reserve, perigee and inclination on target, energy reached.

    ``later_burns_kg``: optional function of the cut-off state [x, y, z, vx, vy, vz, m] giving
    the second-stage propellant (kg) of the burns flown after this cut-off (restart burns from a
    parking orbit, :func:`lupex.launch.capacity.post_parking_propellant_kg`); it is held back
    from the propellant left, so the payload is the largest that completes every burn.

    Much faster than nested payload iteration (one optimisation instead of one per payload
    iterate); the result is checked with :func:`solve_ascent` at the found payload.
    ``dogleg``, ``site_lat_deg``, ``site_lon_deg`` (geodetic, deg): as in :func:`solve_ascent`."""
    azimuth_deg = _azimuth(target, azimuth_deg, site_lat_deg, dogleg)
    az = math.radians(azimuth_deg)
    V, st, sf = vehicle_array(vehicle, payload_guess_kg)
    G = guidance_array(_guidance_from_x(_X0, az), target, site_lat_deg=site_lat_deg,
                       site_lon_deg=site_lon_deg)
    isp_g0 = vehicle.s2_isp_s * G0_M_S2
    s2_prop = V[_core.V_S2_PROP]
    mdot2 = V[_core.V_S2_MDOT]
    t_seig = V[_core.V_T_SEIG]
    cache: dict = {}

    def run(z):
        key = tuple(np.round(z, 12))
        if key in cache:
            return cache[key]
        V[_core.V_PAYLOAD] = z[0] * 1e3
        G[_core.G_KICK] = math.radians(z[1])
        G[_core.G_A] = z[2]
        G[_core.G_B] = z[3] / 100.0
        G[_core.G_YAW] = math.radians(z[4])
        G[_core.G_DLYAW] = math.radians(z[5]) if dogleg else 0.0
        y, t, ev, status, hist, nh = _core.fly(V, G, st, sf, False, 1)
        if status == 2:
            out = (-10.0, (1e3, 1e3, 1e2))
        else:
            errs = _errors(y, target)
            if status == 0:
                left = s2_prop - (t - t_seig) * mdot2
                if later_burns_kg is not None:
                    left -= later_burns_kg(y)
            else:  # propellant short: rocket-equation estimate of the missing propellant
                vn = math.sqrt(y[3:6] @ y[3:6])
                dv = max(0.0, errs[2] * 1e6 / max(vn, 1.0))
                left = -y[6] * (math.exp(dv / isp_g0) - 1.0)
                if later_burns_kg is not None:
                    left -= later_burns_kg(y)
            out = ((left - reserve_kg) / 1e3, errs)
        if len(cache) > 500:
            cache.clear()
        cache[key] = out
        return out

    cons = [
        {"type": "eq", "fun": lambda z: np.array(run(z)[1][:2]) * np.array([0.1, 1.0])},
        {"type": "ineq", "fun": lambda z: run(z)[0]},
    ]
    if x0 is None:  # start from the multi-start fixed-payload optimum at the guessed payload
        x0 = solve_ascent(vehicle, payload_guess_kg, target, azimuth_deg,
                          site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg,
                          dogleg=dogleg).x
    z0 = np.concatenate([[payload_guess_kg / 1e3], np.asarray(_with_dogleg(x0, dogleg), float)])
    # Feasibility restoration of the start. From a starting payload far above the capacity the
    # flight runs out of propellant long before the target (or falls back), and SLSQP cannot
    # start there (its constraint Jacobian is singular). Lower the starting payload by the
    # propellant missing (rocket-equation estimate; payload and missing propellant trade about
    # one for one at cut-off) or, after a fall-back, by a fifth, until the flight with the
    # starting steering ends within 1 t of propellant of the target.
    for _ in range(20):
        l0, e0 = run(z0)
        crashed = e0[0] >= 1e3
        if not crashed and l0 > -1.0:
            break
        z0[0] = 0.8 * z0[0] if crashed else max(0.0, z0[0] + l0)
    bounds = [(0.0, 60.0), (0.3, 35.0), (-1.5, 3.0), (-2.0, 1.0), (-5.0, 5.0)]
    if dogleg:
        bounds[4] = _DOGLEG_S2_YAW_BOUNDS_DEG
        bounds.append(_DOGLEG_YAW_BOUNDS_DEG)
    res = minimize(lambda z: -z[0], z0, method="SLSQP", bounds=bounds, constraints=cons,
                   options={"maxiter": maxiter, "ftol": 1e-7, "eps": 1e-6})
    z = res.x
    recoveries = 2
    for _ in range(polish + recoveries):  # restart SLSQP from its own answer (see solve_ascent)
        l0, e0 = run(z)
        ok0 = abs(e0[0]) < PERIGEE_TOL_KM and abs(e0[1]) < INCLINATION_TOL_DEG and l0 > -0.025
        if not ok0 and recoveries == 0:
            break
        res = minimize(lambda z: -z[0], z, method="SLSQP", bounds=bounds, constraints=cons,
                       options={"maxiter": maxiter, "ftol": 1e-7, "eps": 1e-6})
        l1, e1 = run(res.x)
        ok1 = abs(e1[0]) < PERIGEE_TOL_KM and abs(e1[1]) < INCLINATION_TOL_DEG and l1 > -0.025
        if not ok0:
            # SLSQP stopped (iteration limit) short of the constraints: restart it from there
            recoveries -= 1
            z = res.x
            continue
        gain = (res.x[0] - z[0]) * 1e3
        if not ok1 or gain <= 0.0:
            break
        z = res.x
        if gain < 0.5:
            break
    payload = float(z[0] * 1e3)
    # the flight at the optimum, checked against the tolerances
    left, (dp, di, de) = run(z)
    result = simulate(vehicle, payload, target, _guidance_from_x(z[1:], az),
                      site_lat_deg=site_lat_deg, site_lon_deg=site_lon_deg, record=False,
                      _arrays=vehicle_array(vehicle, payload))
    ok = (abs(dp) < PERIGEE_TOL_KM and abs(di) < INCLINATION_TOL_DEG and de <= 1e-5
          and abs(left * 1e3) < 25.0)
    sol = AscentSolution(result, bool(ok), tuple(float(v) for v in z[1:]), len(cache), dp, di)
    return PayloadSolution(payload, sol, bool(ok), tuple(float(v) for v in z[1:]))
