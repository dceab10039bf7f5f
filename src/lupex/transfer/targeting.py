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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from astropy.time import Time, TimeDelta

from lupex.ephemeris import moon_me_rotation
from lupex.errors import InputError
from lupex.transfer.forces import GM_EARTH, GM_MOON, MOON_RADIUS_M, R_EARTH, ForceModel
from lupex.transfer.propagate import ATOL, RTOL, moon_relative, osculating_moon, propagate
import lupex.display as _display
from lupex.units import accepts, convert_fields


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


@_display.result()
@dataclass(frozen=True)
class Arrival:
    """Conditions at the first perilune (Moon closest approach) of the propagated trajectory."""

    t_s: float
    epoch: Time
    state_geo: np.ndarray  # geocentric ICRF, m, m/s
    state_moon: np.ndarray  # Moon-centred ICRF, m, m/s
    perilune_altitude_km: float  # above the 1,737.4 km sphere
    inclination_deg: float  # to the MOON_ME_DE421 equator
    v_perilune_m_s: float
    v_inf_m_s: float
    b_t_km: float
    b_r_km: float
    event: str | None


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


def moon_pole_icrf(t: Time) -> np.ndarray:
    """MOON_ME_DE421 z axis expressed in ICRF (unit vector)."""
    return np.asarray(moon_me_rotation(t))[2, :]


def _bplane(rel: np.ndarray, pole: np.ndarray) -> tuple[float, float, dict]:
    """B·T, B·R (m) of the osculating Moon-centred conic; T = S × pole (normalised), R = S × T."""
    osc = osculating_moon(rel)
    h = osc["h"]
    hn = h / np.linalg.norm(h)
    e = osc["ecc"]
    if e > 1.0 + 1e-9:
        ehat = osc["e_vec"] / e
        q = np.cross(hn, ehat)
        s = ehat / e + np.sqrt(1 - 1 / e**2) * q
        b = abs(osc["sma_m"]) * np.sqrt(e * e - 1)
        bhat = np.cross(s, hn)
    else:  # bound approach: use the velocity direction and the position offset
        s = rel[3:] / np.linalg.norm(rel[3:])
        bvec = rel[:3] - (rel[:3] @ s) * s
        b = float(np.linalg.norm(bvec))
        bhat = bvec / b
    t = np.cross(s, pole)
    t /= np.linalg.norm(t)
    r = np.cross(s, t)
    return float(b * bhat @ t), float(b * bhat @ r), {"s": s, "t": t, "r": r, "osc": osc}


def evaluate(force: ForceModel, t_tli_s: float, y0: np.ndarray, t_max_s: float,
             pole: np.ndarray, rtol: float = RTOL, atol: float = ATOL) -> Arrival:
    """Propagate from TLI to the first perilune and describe the arrival."""
    p = propagate(force, t_tli_s, y0, t_max_s, rtol=rtol, atol=atol, stop_at_perilune=True,
                  perilune_within_m=1.5e8)
    if p.event in ("perilune", "moon_impact"):
        t_a = p.t_event
        y = p.y[-1]
    elif p.event == "earth_impact":
        raise RuntimeError("trajectory re-enters the Earth")
    else:  # no approach inside 150,000 km: use the closest sample
        rels = np.array([moon_relative(force, t, yy) for t, yy in zip(p.t_s, p.y)])
        k = int(np.argmin(np.linalg.norm(rels[:, :3], axis=1)))
        t_a, y = float(p.t_s[k]), p.y[k]
    rel = moon_relative(force, t_a, y)
    bt, br, aux = _bplane(rel, pole)
    osc = aux["osc"]
    hn = osc["h"] / np.linalg.norm(osc["h"])
    inc = float(np.degrees(np.arccos(np.clip(hn @ pole, -1, 1))))
    return Arrival(t_s=t_a, epoch=force.table.epoch(t_a), state_geo=y, state_moon=rel,
                   perilune_altitude_km=(float(np.linalg.norm(rel[:3])) - MOON_RADIUS_M) / 1e3,
                   inclination_deg=inc, v_perilune_m_s=float(np.linalg.norm(rel[3:])),
                   v_inf_m_s=osc["v_inf_m_s"], b_t_km=bt / 1e3, b_r_km=br / 1e3, event=p.event)


def b_plane_targets(arr: Arrival, pole: np.ndarray, rp_target: float, inc_target: float):
    """B·T*, B·R* (m) of the B-plane point giving perilune radius ``rp_target`` (m) and lunar
    inclination ``inc_target`` (deg, about the unit ICRF ``pole``) at the arrival's own v∞.

    |B| is the impact parameter of the hyperbola with that periapsis, rp √(1 + 2 GM_moon /
    (rp v∞²)); the direction of B in the plane follows from the inclination; of the two
    solutions the one closest to the current B direction is taken. The residuals of
    :func:`target_transfer` (and of the TCM correction in :mod:`lupex.transfer.dispersion`).
    """
    vinf = max(arr.v_inf_m_s, 200.0)
    b = rp_target * np.sqrt(1 + 2 * GM_MOON / (rp_target * vinf**2))
    _, _, aux = _bplane(arr.state_moon, pole)
    rz = float(aux["r"] @ pole)
    c = -np.cos(np.radians(inc_target)) / rz if abs(rz) > 1e-9 else 0.0
    c = float(np.clip(c, -1, 1))
    th = np.arccos(c)
    cur = np.arctan2(arr.b_r_km, arr.b_t_km)
    # two solutions ±th: take the one closest to the current B direction
    cands = [th, -th]
    th = min(cands, key=lambda x: abs(np.angle(np.exp(1j * (x - cur)))))
    return b * np.cos(th), b * np.sin(th)


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
