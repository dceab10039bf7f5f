"""Navigation error at lunar arrival -> touchdown offset (open loop), for dispersed transfers.

Part of :mod:`lupex.transfer.dispersion` (model 2 of its three):

2. **Navigation error at arrival → landing offset (open loop).** The drawn position/velocity
   errors (radial, along-track, cross-track of the Moon-relative arrival state at perilune) give
   the *true* approach conic; LOI and the lowering burns are assumed performed at its perilune
   along its velocity, so the lunar orbit inherits (a) the true plane and (b) a phase error
   δu = δω − n_c δt_p, where δω is the in-plane rotation of the perilune direction and δt_p the
   shift of the perilune passage time (osculating hyperbola, Kepler's equation), n_c the mean
   motion of the final circular orbit. With the descent flown at the nominal epochs, the
   touchdown point moves from the projection of the site on the nominal plane to the projection
   on the true plane, rotated along track by δu. The offset (ICRF at the landing epoch, plane
   fixed in ICRF as in :func:`lupex.transfer.next_site_pass`) is expressed in the site's local
   east/north (MOON_ME_DE421, :func:`lupex.ephemeris.enu_basis`). Not modelled: orbit
   re-determination in lunar orbit and trims before descent (they would shrink the offset: this
   is an open-loop upper bound for the given arrival knowledge), the lunar gravity field, and
   powered-descent guidance errors (the descent is assumed to fly its own ground distance).
"""

from __future__ import annotations

import numpy as np

from lupex.transfer.tcm import DispersionNominal


def _time_of_perilune(rel: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """(seconds from the state to perilune passage, unit perilune direction, unit normal)."""
    from lupex.transfer.forces import GM_MOON

    r, v = rel[:3], rel[3:]
    rn = np.linalg.norm(r)
    h = np.cross(r, v)
    hn = h / np.linalg.norm(h)
    evec = np.cross(v, h) / GM_MOON - r / rn
    e = float(np.linalg.norm(evec))
    phat = evec / e
    nu = float(np.arctan2(np.cross(phat, r / rn) @ hn, phat @ (r / rn)))
    energy = 0.5 * v @ v - GM_MOON / rn
    a = -GM_MOON / (2 * energy)
    if e > 1.0:
        H = 2.0 * np.arctanh(np.sqrt((e - 1) / (e + 1)) * np.tan(nu / 2))
        M = e * np.sinh(H) - H
        n = np.sqrt(GM_MOON / (-a) ** 3)
    else:
        E = 2.0 * np.arctan(np.sqrt((1 - e) / (1 + e)) * np.tan(nu / 2))
        M = E - e * np.sin(E)
        n = np.sqrt(GM_MOON / a**3)
    return float(-M / n), phat, hn


def _rtn(rel: np.ndarray) -> np.ndarray:
    r = rel[:3] / np.linalg.norm(rel[:3])
    n = np.cross(rel[:3], rel[3:])
    n /= np.linalg.norm(n)
    t = np.cross(n, r)
    return np.vstack([r, t, n])  # rows: R, T, N in ICRF


def _project(s: np.ndarray, hn: np.ndarray) -> np.ndarray:
    p = s - (s @ hn) * hn
    return p / np.linalg.norm(p)


def _rotate(x: np.ndarray, k: np.ndarray, ang: float) -> np.ndarray:
    """Rodrigues rotation of x about unit axis k by ang (rad)."""
    return (x * np.cos(ang) + np.cross(k, x) * np.sin(ang) + k * (k @ x) * (1 - np.cos(ang)))


def landing_offset(nom: DispersionNominal, dr_rtn, dv_rtn) -> tuple[float, float, float, float]:
    """(east, north, cross-range, down-range) touchdown offset (m) from an arrival nav error."""
    from lupex.ephemeris import enu_basis, moon_me_rotation
    from lupex.transfer.forces import GM_MOON, MOON_RADIUS_M
    from lupex.transfer.lunar_orbit import site_icrf_directions

    plan = nom.plan
    rel = np.asarray(plan.solution.arrival.state_moon, dtype=float)
    axes = _rtn(rel)
    rel_t = rel + np.concatenate([np.asarray(dr_rtn, float) @ axes,
                                  np.asarray(dv_rtn, float) @ axes])
    tp0, p0, h0 = _time_of_perilune(rel)
    tp1, p1, h1 = _time_of_perilune(rel_t)
    rc = MOON_RADIUS_M + 1e3 * plan.circular_altitude_km
    n_c = np.sqrt(GM_MOON / rc**3)
    # in-plane rotation of the perilune direction (about the true normal), minus the phase lag
    p0_in = _project(p0, h1)
    d_omega = float(np.arctan2(np.cross(p0_in, p1) @ h1, p0_in @ p1))
    du = d_omega - n_c * (tp1 - tp0)
    tb = nom.force.table
    t_land = float(tb.seconds(plan.landing_epoch))
    s = site_icrf_directions(plan.landing_site[0], plan.landing_site[1], tb.t_ref,
                             np.array([t_land - 60.0, t_land, t_land + 60.0]))[1]
    l0 = _project(s, h0)
    l1 = _rotate(_project(s, h1), h1, du)
    d = MOON_RADIUS_M * (l1 - l0)
    along = np.cross(h0, l0)
    down = float(d @ along)
    cross = float(d @ h0)
    rot = np.asarray(moon_me_rotation(plan.landing_epoch))
    enu = enu_basis(plan.landing_site[0], plan.landing_site[1])
    d_me = rot @ d
    return float(enu[0] @ d_me), float(enu[1] @ d_me), cross, down


__all__ = ["landing_offset"]
