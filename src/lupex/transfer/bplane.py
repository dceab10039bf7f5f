"""Arrival at the Moon and its B-plane: the quantities TLI targeting corrects.

:func:`evaluate` propagates from TLI in the full model to the first perilune and describes the
:class:`Arrival`; :func:`b_plane_targets` gives the B·T and B·R (Kizner 1961; Vallado 2013,
*Fundamentals of Astrodynamics and Applications*, 4th ed., §12.5) of the osculating Moon-centred
conic that stand for a perilune radius and an inclination in the MOON_ME_DE421 frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from astropy.time import Time

from lupex.ephemeris import moon_me_rotation
from lupex.transfer.forces import GM_MOON, MOON_RADIUS_M, ForceModel
from lupex.transfer.propagate import ATOL, RTOL, moon_relative, osculating_moon, propagate
import lupex.display as _display


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
