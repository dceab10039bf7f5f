"""TLI targeting: patched-conic initial guess, then differential correction in the full model.

Departure
    A tangential TLI burn at the perigee of the departure orbit (circular parking orbit for a
    ``direct`` transfer; the last perigee-raising loop for ``phasing``). Free parameters: the right
    ascension of the ascending node Ω of the departure plane (its inclination is fixed by the
    launch: the launch time within the day chooses Ω), the argument of latitude u of the burn point,
    and the burn's Δv.

Initial guess (patched conics, Earth two-body; Bate, Mueller & White 1971, *Fundamentals of
Astrodynamics*, ch. 7.3): the plane of inclination i that contains the Moon's DE421 position at the
arrival epoch; the transfer ellipse whose time from perigee to the Moon's distance equals the time
of flight (Kepler's equation through boinor's ``Orbit.time_to_anomaly``); the burn point placed
that true anomaly before the Moon's arrival direction.

Differential correction (Newton with a finite-difference Jacobian and step halving) on the
B-plane of the Moon-centred approach (Kizner 1961; Vallado 2013, *Fundamentals of Astrodynamics
and Applications*, 4th ed., §12.5): targets B·T and B·R giving the perilune radius and the
inclination in the Moon's MOON_ME_DE421 frame, and the perilune epoch (time of flight), all from
the osculating Moon-centred conic at the true closest approach of the full-model trajectory
(Earth J2 + DE421 Moon and Sun, :mod:`lupex.transfer.forces`).

The departure orbit and the initial guess live in :mod:`lupex.transfer.patched_conic`, the arrival
and its B-plane in :mod:`lupex.transfer.bplane`; their names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from astropy.time import Time, TimeDelta

from lupex.errors import InputError
from lupex.transfer.bplane import Arrival, b_plane_targets, evaluate, moon_pole_icrf
from lupex.transfer.forces import GM_MOON, MOON_RADIUS_M, ForceModel
from lupex.transfer.patched_conic import DepartureOrbit, departure_state, patched_conic_guess
from lupex.transfer.propagate import ATOL, RTOL, propagate
import lupex.display as _display
from lupex.units import accepts


@_display.result()
@dataclass(frozen=True)
class TransferSolution:
    """A converged (or best-effort) TLI solution.

    tli_epoch, tli_dv_m_s, raan_deg / arg_lat_deg (of the burn point), departure, the TLI state
    (geocentric ICRF, after the burn), the arrival, targets, iterations, residuals and convergence.
    """

    tli_epoch: Time
    tli_dv_m_s: float
    raan_deg: float
    arg_lat_deg: float
    departure: DepartureOrbit
    state_tli: np.ndarray
    arrival: Arrival
    time_of_flight_days: float
    target_perilune_altitude_km: float
    target_inclination_deg: float | None
    target_time_of_flight_days: float | None
    iterations: int
    converged: bool
    guess: dict = field(default_factory=dict)
    force: ForceModel | None = None
    t_tli_s: float = 0.0


@accepts(epochs=("tli_epoch",))
def target_transfer(
    force: ForceModel,
    tli_epoch: Time,
    departure: DepartureOrbit,
    time_of_flight_days: float | None = 4.5,
    perilune_altitude_km: float = 100.0,
    inclination_deg: float | None = 90.0,
    *,
    fixed_dv_m_s: float | None = None,
    raan_hint_deg: float | None = None,
    rtol: float = RTOL,
    atol: float = ATOL,
    max_iter: int = 25,
    tol_km: float = 0.2,
    tol_s: float = 30.0,
) -> TransferSolution:
    """Find the TLI (Ω, u, Δv) reaching the Moon at the target perilune and inclination.

    Parameters
    ----------
    force : force model whose ephemeris table covers the transfer.
    tli_epoch : epoch of the TLI burn (impulsive), UTC.
    departure : the orbit from whose perigee TLI is made.
    time_of_flight_days : TLI to perilune, days (None when ``fixed_dv_m_s`` is given: then only
        the B-plane is targeted with (Ω, u) and the time of flight is an output).
    perilune_altitude_km : above the 1,737.4 km lunar sphere. inclination_deg : in MOON_ME_DE421;
        None leaves it free (only |B| is targeted, with minimum-norm Newton steps).
    fixed_dv_m_s : keep the TLI Δv fixed (e.g. a known post-TLI orbit).
    raan_hint_deg : node of the parking orbit the launch gave: of the two candidate planes, the
        one with the closer node is tried first.

    Returns a :class:`TransferSolution`; ``converged`` False if the tolerances (``tol_km`` on
    B·T/B·R, ``tol_s`` on the perilune epoch) were not met within ``max_iter`` iterations.
    """
    if time_of_flight_days is None and fixed_dv_m_s is None:
        raise InputError("time_of_flight_days", None, "a time of flight, or a fixed TLI Δv")
    if time_of_flight_days is not None and not (2.5 <= time_of_flight_days <= 8.0):
        raise InputError("time_of_flight_days", time_of_flight_days, "2.5 .. 8 days")
    if not (10.0 < perilune_altitude_km <= 10_000.0):
        raise InputError("perilune_altitude_km", perilune_altitude_km, "10 .. 10,000 km")
    if inclination_deg is not None and not (0.0 <= inclination_deg <= 180.0):
        raise InputError("inclination_deg", inclination_deg, "0 .. 180 degrees")
    tb = force.table
    t_tli = float(tb.seconds(tli_epoch))
    tof_guess = (time_of_flight_days if time_of_flight_days is not None else 4.8) * 86400.0
    rp_target = MOON_RADIUS_M + 1e3 * perilune_altitude_km

    guesses = patched_conic_guess(force, t_tli, departure,
                                  tof_guess if time_of_flight_days is not None else None,
                                  fixed_dv_m_s)
    if raan_hint_deg is not None:
        h = np.radians(raan_hint_deg)
        guesses.sort(key=lambda g: abs(np.angle(np.exp(1j * (g["raan"] - h)))))
    if fixed_dv_m_s is not None:
        tof_guess = guesses[0]["tof_s"]
    t_max = min(t_tli + tof_guess + 2.5 * 86400.0, tb.t1_s)
    pole = moon_pole_icrf(tb.epoch(t_tli + tof_guess))
    best = None
    for g in guesses:
        try:
            sol = _correct(force, t_tli, departure, g, pole, rp_target, inclination_deg,
                           None if time_of_flight_days is None else t_tli + tof_guess, t_max,
                           rtol, atol, max_iter, tol_km, tol_s)
        except RuntimeError:
            continue
        if best is None or (sol[3], -sol[2]) > (best[3], -best[2]):
            best = sol
        if sol[3]:
            break
    if best is None:
        raise RuntimeError("TLI targeting failed from every patched-conic guess")
    x, arr, it, conv = best
    y0 = departure_state(departure, x[0], x[1], x[2])
    return TransferSolution(
        tli_epoch=tb.epoch(t_tli), tli_dv_m_s=float(x[2]), raan_deg=float(np.degrees(x[0]) % 360),
        arg_lat_deg=float(np.degrees(x[1]) % 360), departure=departure, state_tli=y0,
        arrival=arr, time_of_flight_days=(arr.t_s - t_tli) / 86400.0,
        target_perilune_altitude_km=perilune_altitude_km, target_inclination_deg=inclination_deg,
        target_time_of_flight_days=time_of_flight_days, iterations=it, converged=conv,
        guess=guesses[0], force=force, t_tli_s=t_tli,
    )


def _correct(force, t_tli, dep, g, pole, rp_target, inc_target, t_arr_target, t_max,
             rtol, atol, max_iter, tol_km, tol_s):
    free_dv = t_arr_target is not None
    x = np.array([g["raan"], g["argl"], g["dv"]], dtype=float)
    steps = np.array([1e-6, 1e-6, 1e-2])
    nvar = 3 if free_dv else 2

    def resid(xx):
        arr = evaluate(force, t_tli, departure_state(dep, *xx), t_max, pole, rtol, atol)
        if inc_target is None:
            vinf = max(arr.v_inf_m_s, 200.0)
            b_t = rp_target * np.sqrt(1 + 2 * GM_MOON / (rp_target * vinf**2))
            f = [(np.hypot(arr.b_t_km, arr.b_r_km) * 1e3 - b_t) / 1e3]
        else:
            bt_t, br_t = b_plane_targets(arr, pole, rp_target, inc_target)
            f = [(arr.b_t_km * 1e3 - bt_t) / 1e3, (arr.b_r_km * 1e3 - br_t) / 1e3]
        if free_dv:
            f.append((arr.t_s - t_arr_target) / 60.0)  # minutes
        return np.array(f), arr

    f, arr = resid(x)
    it = 0
    for it in range(1, max_iter + 1):
        if _ok(f, free_dv, tol_km, tol_s):
            return x, arr, it - 1, True
        J = np.empty((len(f), nvar))
        for j in range(nvar):
            xp = x.copy()
            xp[j] += steps[j]
            fp, _ = resid(xp)
            J[:, j] = (fp - f) / steps[j]
        # Newton step (minimum-norm when there are fewer targets than unknowns); the angles are
        # scaled so that 1e-3 rad and 1 m/s weigh alike
        w = np.array([1e3, 1e3, 1.0])[:nvar]
        dx = np.linalg.lstsq(J / w, -f, rcond=None)[0] / w
        # Limit the step: 2° in angles, 50 m/s in Δv.
        lim = np.array([np.radians(2.0), np.radians(2.0), 50.0])[:nvar]
        scale = min(1.0, float(np.min(lim / np.maximum(np.abs(dx), 1e-300))))
        dx *= scale
        lam = 1.0
        n0 = np.linalg.norm(f)
        for _ in range(8):
            xn = x.copy()
            xn[:nvar] += lam * dx
            try:
                fn, arrn = resid(xn)
            except RuntimeError:
                lam *= 0.5
                continue
            if np.linalg.norm(fn) < n0 or lam < 0.02:
                break
            lam *= 0.5
        x, f, arr = xn, fn, arrn
    return x, arr, it, _ok(f, free_dv, tol_km, tol_s)


def _ok(f, free_dv, tol_km, tol_s):
    nb = len(f) - (1 if free_dv else 0)
    good = all(abs(x) < tol_km for x in f[:nb])
    if free_dv:
        good = good and abs(f[-1]) * 60.0 < tol_s
    return bool(good)


def trajectory_samples(sol: TransferSolution, n: int = 600, extra_s: float = 0.0,
                       rtol: float = RTOL) -> tuple[np.ndarray, np.ndarray]:
    """Times (s from t_ref) and geocentric states (N, 6) from TLI to arrival (+ ``extra_s``)."""
    f = sol.force
    t1 = sol.arrival.t_s + extra_s
    # Dense near the Earth and the Moon: geometric spacing from both ends.
    u = np.linspace(0, 1, n)
    w = 0.5 - 0.5 * np.cos(np.pi * u)
    ts = sol.t_tli_s + (t1 - sol.t_tli_s) * w
    p = propagate(f, sol.t_tli_s, sol.state_tli, t1, rtol=rtol, t_eval=ts)
    return p.t_s, p.y


def epoch_plus(t: Time, seconds: float) -> Time:
    return t + TimeDelta(seconds, format="sec")
