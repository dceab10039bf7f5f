"""Propagation in the Earth–Moon–Sun force model of :mod:`lupex.transfer.forces`.

Two integrators run the same numba right-hand side:

- :func:`propagate` — scipy's DOP853 (Dormand & Prince 8(5,3); Hairer, Nørsett & Wanner 1993,
  *Solving ODEs I*, §II.10) with terminal/non-terminal events (perilune, Earth/Moon impact);
  used in the targeting loop.
- :func:`propagate_boinor` — boinor's Cowell propagator (``boinor.twobody.propagation.
  CowellPropagator``, its own DOP853) with the same perturbing accelerations passed as ``f``;
  a second implementation to check the first against (tests/transfer/test_propagate.py).

States are geocentric ICRF, SI (m, m/s); times are seconds from the ephemeris table's t_ref.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from lupex.errors import InputError
from lupex.transfer.forces import (
    GM_MOON,
    MOON_RADIUS_M,
    R_EARTH,
    ForceModel,
    _eval_pv,
    rhs_geocentric,
)

#: Default tolerances: relative 1e-11, absolute 1e-4 (m and m/s).
RTOL = 1e-11
ATOL = 1e-4


@dataclass(frozen=True)
class Propagation:
    """Result of one propagation.

    t_s: output times (s from t_ref); y: states (N, 6) SI geocentric ICRF; sol: dense output
    (callable t -> state) or None; t_event: time of the terminal event or None; event: its name.
    """

    t_s: np.ndarray
    y: np.ndarray
    sol: object
    t_event: float | None
    event: str | None
    nfev: int


def moon_relative(force: ForceModel, t_s: float, y: np.ndarray) -> np.ndarray:
    """Moon-centred ICRF state (m, m/s) from a geocentric state at t_s."""
    tb = force.table
    rm, vm = _eval_pv(tb.moon_c, tb.t0_s, tb.step_s, float(t_s))
    return np.concatenate([y[:3] - rm, y[3:] - vm])


def propagate(
    force: ForceModel,
    t0_s: float,
    y0: np.ndarray,
    t1_s: float,
    *,
    rtol: float = RTOL,
    atol: float = ATOL,
    stop_at_perilune: bool = False,
    perilune_within_m: float = 1.0e8,
    dense: bool = False,
    t_eval: np.ndarray | None = None,
) -> Propagation:
    """Integrate from (t0_s, y0) to t1_s with DOP853.

    stop_at_perilune: stop at the first closest approach to the Moon (d/dt |r - r_moon| = 0,
    from negative to positive) that happens within ``perilune_within_m`` of the Moon's centre.
    The integration also stops on impact with the Earth (r < R_earth) or the Moon (centre distance
    < 0.5 × lunar radius; a trajectory reaching the surface is reported by the caller).
    """
    y0 = np.asarray(y0, dtype=float)
    if y0.shape != (6,) or not np.all(np.isfinite(y0)):
        raise InputError("y0", y0, "a finite 6-vector state (m, m/s)")
    tb = force.table
    if not (tb.t0_s <= t0_s <= tb.t1_s and tb.t0_s <= t1_s <= tb.t1_s):
        raise InputError("propagation span", (t0_s, t1_s),
                         f"times inside the ephemeris table span [{tb.t0_s}, {tb.t1_s}] s")
    args = force.args()

    def fun(t, y):
        return rhs_geocentric(t, y, *args)

    events = []
    names = []

    def earth_impact(t, y):
        return y[0] ** 2 + y[1] ** 2 + y[2] ** 2 - R_EARTH**2

    earth_impact.terminal = True
    earth_impact.direction = -1
    events.append(earth_impact)
    names.append("earth_impact")

    def moon_impact(t, y):
        rm, _ = _eval_pv(tb.moon_c, tb.t0_s, tb.step_s, t)
        d = y[:3] - rm
        return d @ d - (0.5 * MOON_RADIUS_M) ** 2

    moon_impact.terminal = True
    moon_impact.direction = -1
    events.append(moon_impact)
    names.append("moon_impact")

    if stop_at_perilune:
        lim2 = perilune_within_m**2

        def perilune(t, y):
            rm, vm = _eval_pv(tb.moon_c, tb.t0_s, tb.step_s, t)
            d = y[:3] - rm
            if d @ d > lim2:
                return -1.0  # outside the zone: treat as approaching
            return d @ (y[3:] - vm)

        perilune.terminal = True
        perilune.direction = 1
        events.append(perilune)
        names.append("perilune")

    res = solve_ivp(fun, (t0_s, t1_s), y0, method="DOP853", rtol=rtol, atol=atol,
                    events=events, dense_output=dense, t_eval=t_eval)
    if res.status == -1:
        raise RuntimeError(f"propagation failed: {res.message}")
    t_event = None
    event = None
    if res.status == 1:
        for name, te in zip(names, res.t_events):
            if len(te):
                t_event, event = float(te[0]), name
                break
    return Propagation(t_s=res.t, y=res.y.T, sol=res.sol, t_event=t_event, event=event,
                       nfev=int(res.nfev))


def propagate_boinor(force: ForceModel, t0_s: float, y0: np.ndarray, t1_s: float,
                     rtol: float = RTOL) -> np.ndarray:
    """Same problem through boinor's Cowell propagator; returns the final state (m, m/s).

    boinor integrates the two-body term itself (in km, km/s) and adds ``f``'s perturbation;
    here ``f`` returns the full derivative from :func:`rhs_geocentric` (converted to km).
    """
    import astropy.units as u
    from boinor.bodies import Earth
    from boinor.twobody import Orbit
    from boinor.twobody.propagation import CowellPropagator

    args = force.args()

    def f(t0, u_, k):
        y = u_ * 1e3
        return rhs_geocentric(t0_s + t0, y, *args) / 1e3

    orb = Orbit.from_vectors(Earth, y0[:3] * u.m, y0[3:] * u.m / u.s,
                             epoch=force.table.epoch(t0_s))
    out = orb.propagate((t1_s - t0_s) * u.s, method=CowellPropagator(rtol=rtol, f=f))
    r = out.r.to_value(u.m)
    v = out.v.to_value(u.m / u.s)
    return np.concatenate([r, v])


def osculating_moon(rel: np.ndarray) -> dict:
    """Moon-centred osculating conic from a Moon-relative ICRF state (m, m/s).

    Returns rp_m, ra_m (inf for hyperbolas), ecc, sma_m, energy (m²/s²), v_inf_m_s (0 if bound),
    h (angular-momentum vector, ICRF).
    """
    r = rel[:3]
    v = rel[3:]
    rn = np.linalg.norm(r)
    energy = 0.5 * v @ v - GM_MOON / rn
    h = np.cross(r, v)
    evec = np.cross(v, h) / GM_MOON - r / rn
    e = float(np.linalg.norm(evec))
    p = h @ h / GM_MOON
    rp = p / (1 + e)
    if e < 1:
        ra = p / (1 - e)
        a = -GM_MOON / (2 * energy)
        vinf = 0.0
    else:
        ra = np.inf
        a = -GM_MOON / (2 * energy) if energy != 0 else np.inf
        vinf = float(np.sqrt(max(2 * energy, 0.0)))
    return {"rp_m": float(rp), "ra_m": float(ra), "ecc": e, "sma_m": float(a),
            "energy": float(energy), "v_inf_m_s": vinf, "h": h, "e_vec": evec}
