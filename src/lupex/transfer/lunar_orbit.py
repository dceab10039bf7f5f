"""Lunar orbit insertion (impulsive and finite burn), lowering to a circular orbit, and the wait
until the landing site passes under the orbit.

Models
------
- Impulsive burns at perilune/apolune on Moon-centred conics (vis-viva; Vallado 2013, §6.3).
- Finite LOI burn: Moon-centred two-body motion plus thrust opposite the velocity with constant
  thrust F and mass flow F / (Isp g0) (Tsiolkovsky; Wertz & Larson 1999, *SMAD* 3rd ed., §17.3),
  centred on the perilune of the approach hyperbola and cut off when the osculating apolune drops
  to the capture target. Reports the resulting capture orbit, the Δv (Isp g0 ln m0/m1) and the
  gravity (finite-burn) loss against the impulsive burn. The Earth's and Sun's pull during the
  burn (minutes) is neglected.
- Lowering: at most two perilune burns (lower the apolune, then circularise at the new perilune).
- Site pass: the orbit plane is held fixed in ICRF (two-body; the secular drift of low lunar
  polar orbits by the mascons and the Earth is not modelled) while the Moon turns under it
  (MOON_ME_DE421 orientation from :func:`lupex.ephemeris.moon_me_rotation`); the landing pass is
  the first after ``earliest`` at which the spacecraft passes closest to the site.

g0: standard gravity (:data:`lupex.constants.G0_M_S2`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from astropy.time import Time, TimeDelta
from scipy.integrate import solve_ivp
from scipy.interpolate import CubicSpline

from lupex.ephemeris import moon_me_rotation
from lupex.errors import InputError
from lupex.constants import G0_M_S2 as G0  # standard gravity, m/s² (re-exported name)
from lupex.transfer.forces import GM_MOON, MOON_RADIUS_M
import lupex.display as _display


@dataclass(frozen=True)
class Burn:
    """One manoeuvre: name, epoch, Δv (m/s), duration (s, 0 for impulsive), masses before/after
    (kg), and the orbit after it (perilune × apolune altitudes, km)."""

    name: str
    epoch: Time
    dv_m_s: float
    duration_s: float
    mass_before_kg: float
    mass_after_kg: float
    orbit_after_km: tuple[float, float]
    gravity_loss_m_s: float = 0.0


def vis_viva(r: float, a: float, mu: float = GM_MOON) -> float:
    """Speed (m/s) at radius r (m) on an orbit of semi-major axis a (m); a<0 for hyperbolas."""
    return float(np.sqrt(mu * (2.0 / r - 1.0 / a)))


def mass_after(m0: float, dv: float, isp_s: float) -> float:
    """Tsiolkovsky: mass after a burn of Δv (m/s) with specific impulse isp_s (s)."""
    return float(m0 * np.exp(-dv / (isp_s * G0)))


def impulsive_loi(v_perilune_m_s: float, perilune_altitude_km: float,
                  capture_apolune_altitude_km: float) -> float:
    """Δv (m/s) at perilune from the approach speed to the capture ellipse."""
    rp = MOON_RADIUS_M + 1e3 * perilune_altitude_km
    ra = MOON_RADIUS_M + 1e3 * capture_apolune_altitude_km
    if ra < rp:
        raise InputError("capture_apolune_altitude_km", capture_apolune_altitude_km,
                         "an apolune altitude at least the perilune altitude")
    return float(v_perilune_m_s - vis_viva(rp, 0.5 * (rp + ra)))


def lowering_burns(perilune_altitude_km: float, apolune_altitude_km: float,
                   circular_altitude_km: float) -> list[tuple[str, float, tuple[float, float]]]:
    """Burns (name, Δv m/s, orbit after (km, km)) from an ellipse to a circular orbit.

    Burn 1 at perilune lowers the apolune to the circular altitude (or to the perilune altitude if
    lower); burn 2 circularises at the new perilune when needed.
    """
    rp = MOON_RADIUS_M + 1e3 * perilune_altitude_km
    ra = MOON_RADIUS_M + 1e3 * apolune_altitude_km
    rc = MOON_RADIUS_M + 1e3 * circular_altitude_km
    out = []
    a0 = 0.5 * (rp + ra)
    if abs(rc - rp) < 5e3:  # perilune already at the circular altitude (within 5 km)
        out.append(("Circularisation (perilune burn)", vis_viva(rp, a0) - vis_viva(rp, rp),
                    (perilune_altitude_km, perilune_altitude_km)))
    elif rc <= rp:
        a1 = 0.5 * (rp + rc)
        out.append(("Apolune lowering (perilune burn)", vis_viva(rp, a0) - vis_viva(rp, a1),
                    (circular_altitude_km, perilune_altitude_km)))
        if rc < rp - 1.0:
            out.append(("Circularisation", vis_viva(rc, a1) - vis_viva(rc, rc),
                        (circular_altitude_km, circular_altitude_km)))
    else:  # perilune below the target circle: raise it at apolune first, then circularise
        a1 = 0.5 * (rc + ra)
        out.append(("Perilune raising (apolune burn)", vis_viva(ra, a1) - vis_viva(ra, a0),
                    (circular_altitude_km, apolune_altitude_km)))
        out.append(("Circularisation", vis_viva(rc, a1) - vis_viva(rc, rc),
                    (circular_altitude_km, circular_altitude_km)))
    return [(n, abs(float(dv)), orb) for n, dv, orb in out]


@_display.result()
@dataclass(frozen=True)
class FiniteBurnResult:
    """Finite LOI: burn start epoch offset from perilune (s), duration (s), Δv (m/s), gravity loss
    (m/s, against the impulsive Δv), mass after (kg), and the capture orbit (km, km)."""

    start_offset_s: float
    duration_s: float
    dv_m_s: float
    impulsive_dv_m_s: float
    gravity_loss_m_s: float
    mass_after_kg: float
    perilune_altitude_km: float
    apolune_altitude_km: float


def _osc_alts(r, v):
    rn = np.linalg.norm(r)
    en = 0.5 * v @ v - GM_MOON / rn
    h = np.cross(r, v)
    e = np.linalg.norm(np.cross(v, h) / GM_MOON - r / rn)
    p = h @ h / GM_MOON
    rp = p / (1 + e)
    ra = p / (1 - e) if e < 1 else np.inf
    return (rp - MOON_RADIUS_M) / 1e3, (ra - MOON_RADIUS_M) / 1e3, en


def finite_loi(state_perilune: np.ndarray, mass_kg: float, thrust_n: float, isp_s: float,
               capture_apolune_altitude_km: float) -> FiniteBurnResult:
    """Finite retrograde LOI burn centred on perilune (Moon-centred two-body plus thrust).

    state_perilune: Moon-centred state (m, m/s) at perilune of the approach. Returns the capture
    orbit reached when the osculating apolune first falls to the capture target.
    """
    for name, val in (("mass_kg", mass_kg), ("thrust_n", thrust_n), ("isp_s", isp_s)):
        if not (np.isfinite(val) and val > 0):
            raise InputError(name, val, "a positive finite number")
    ve = isp_s * G0
    rp = np.linalg.norm(state_perilune[:3])
    vp = np.linalg.norm(state_perilune[3:])
    hp, _, _ = _osc_alts(state_perilune[:3], state_perilune[3:])
    dv_imp = impulsive_loi(vp, (rp - MOON_RADIUS_M) / 1e3, capture_apolune_altitude_km)
    t_burn = mass_kg * ve / thrust_n * (1 - np.exp(-dv_imp / ve))
    ra_t = MOON_RADIUS_M + 1e3 * capture_apolune_altitude_km

    def coast(t, y):
        r = y[:3]
        return np.concatenate([y[3:], -GM_MOON * r / np.linalg.norm(r) ** 3])

    # back-propagate (no thrust) half the burn to the ignition point
    back = solve_ivp(coast, (0, -0.5 * t_burn), state_perilune, method="DOP853", rtol=1e-11,
                     atol=1e-6)
    y0 = np.concatenate([back.y[:, -1], [mass_kg]])

    def powered(t, y):
        r, v, m = y[:3], y[3:6], y[6]
        a = -GM_MOON * r / np.linalg.norm(r) ** 3 - thrust_n / m * v / np.linalg.norm(v)
        return np.concatenate([v, a, [-thrust_n / ve]])

    # stop when the osculating energy reaches the capture ellipse energy (apolune = target)
    def done(t, y):
        r, v = y[:3], y[3:6]
        rn = np.linalg.norm(r)
        en = 0.5 * v @ v - GM_MOON / rn
        # target energy of the ellipse with the current perilune... use apolune directly
        _, ra, _ = _osc_alts(r, v)
        return (ra if np.isfinite(ra) else 1e12) - (ra_t - MOON_RADIUS_M) / 1e3

    done.terminal = True
    done.direction = -1
    sol = solve_ivp(powered, (0, 3 * t_burn + 600), y0, method="DOP853", rtol=1e-10, atol=1e-6,
                    events=done)
    if sol.status != 1:
        raise RuntimeError("finite LOI burn did not reach the capture orbit (thrust too low?)")
    yf = sol.y[:, -1]
    dur = float(sol.t[-1])
    dv = ve * np.log(mass_kg / yf[6])
    hp_f, ha_f, _ = _osc_alts(yf[:3], yf[3:6])
    return FiniteBurnResult(start_offset_s=-0.5 * t_burn, duration_s=dur, dv_m_s=float(dv),
                            impulsive_dv_m_s=float(dv_imp), gravity_loss_m_s=float(dv - dv_imp),
                            mass_after_kg=float(yf[6]), perilune_altitude_km=float(hp_f),
                            apolune_altitude_km=float(ha_f))


def site_icrf_directions(lat_deg: float, lon_deg: float, t_ref: Time, ts_s: np.ndarray,
                         step_s: float = 3600.0) -> np.ndarray:
    """Unit vectors (N, 3) in ICRF from the Moon's centre to a site, at seconds ``ts_s`` from t_ref.

    The MOON_ME rotation is sampled hourly and splined (the Moon turns 0.55° an hour).
    """
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    s_me = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    a, b = float(np.min(ts_s)) - step_s, float(np.max(ts_s)) + step_s
    grid = np.arange(a, b + step_s, step_s)
    rots = moon_me_rotation(t_ref + TimeDelta(grid, format="sec"))  # (N,3,3) ICRF->ME
    s_icrf = np.einsum("nji,j->ni", rots, s_me)  # R^T s
    out = CubicSpline(grid, s_icrf, axis=0)(ts_s)
    return out / np.linalg.norm(out, axis=1)[:, None]


@_display.result()
@dataclass(frozen=True)
class SitePass:
    """The landing pass: epoch when the spacecraft is closest to the site, the angle between them
    (deg, at the Moon's centre), the cross-range (km) and the plane-change Δv it would need."""

    epoch: Time
    t_s: float
    angle_deg: float
    crossrange_km: float
    plane_change_dv_m_s: float
    wait_days: float
    constraint_met: bool = True  # the caller's ``accept`` condition holds at this pass


#: Days searched for the landing pass: a sidereal month (27.3 d), in which the site crosses the
#: orbit plane twice and the Earth's libration in latitude (27.2 d) goes through a full cycle.
SITE_PASS_SEARCH_DAYS = 28.0


def next_site_pass(state_moon: np.ndarray, t_state_s: float, t_ref: Time, lat_deg: float,
                   lon_deg: float, earliest_s: float, search_days: float = SITE_PASS_SEARCH_DAYS,
                   accept=None) -> SitePass:
    """First pass over the site after ``earliest_s`` on a circular orbit (two-body): the first
    pass whose cross-range is within 0.05° of the best pass in the search window (or < 0.1°).

    ``accept``: optional condition on the pass epochs (callable: array of seconds after
    ``t_ref`` -> bool array), e.g. the Earth in view for direct-to-Earth contact. Only passes
    that satisfy it compete (the best cross-range is then the best among them, and the plane
    change of a pass off the crossing is paid in ``plane_change_dv_m_s``); if none does in the
    search window, the condition is dropped and the pass is flagged ``constraint_met=False``.

    state_moon: Moon-centred ICRF state (m, m/s) of the circular orbit at ``t_state_s``.
    Searches a sidereal month (the site crosses the plane twice in that time).
    """
    r0 = state_moon[:3]
    v0 = state_moon[3:]
    rn = np.linalg.norm(r0)
    h = np.cross(r0, v0)
    h /= np.linalg.norm(h)
    e1 = r0 / rn
    e2 = np.cross(h, e1)
    n = np.sqrt(GM_MOON / rn**3)
    ts = np.arange(earliest_s, earliest_s + search_days * 86400.0, 30.0)
    s = site_icrf_directions(lat_deg, lon_deg, t_ref, ts)
    ph = n * (ts - t_state_s)
    sc = np.cos(ph)[:, None] * e1 + np.sin(ph)[:, None] * e2
    cosang = np.einsum("ij,ij->i", sc, s)
    # out-of-plane angle of the site (deg)
    oop = np.abs(np.degrees(np.arcsin(np.clip(s @ h, -1, 1))))
    # passes: local maxima of cos(angle spacecraft-site); the landing pass is the first whose
    # cross-range (site's out-of-plane angle) is within 0.05° of the best pass of the search
    # (or below 0.1°, ≈ 3 km)
    inner = np.arange(1, len(ts) - 1)
    peaks = inner[(cosang[inner] >= cosang[inner - 1]) & (cosang[inner] >= cosang[inner + 1])]
    if len(peaks) == 0:
        peaks = np.array([int(np.argmax(cosang))])
    met = True
    if accept is not None:
        ok = np.asarray(accept(ts[peaks]), dtype=bool)
        if ok.any():
            peaks = peaks[ok]
        else:
            met = False
    thr = max(float(np.min(oop[peaks])) + 0.05, 0.1)
    k = int(peaks[np.nonzero(oop[peaks] <= thr)[0][0]])
    # refine the pass epoch by a parabola through the three samples around the peak
    t_pass = float(ts[k])
    if 0 < k < len(ts) - 1:
        y0, y1, y2 = cosang[k - 1], cosang[k], cosang[k + 1]
        den = y0 - 2 * y1 + y2
        if den < 0:
            t_pass += 0.5 * (y0 - y2) / den * (ts[1] - ts[0])
    s_k = site_icrf_directions(lat_deg, lon_deg, t_ref, np.array([t_pass - 60.0, t_pass,
                                                                    t_pass + 60.0]))[1]
    ph_k = n * (t_pass - t_state_s)
    sc_k = np.cos(ph_k) * e1 + np.sin(ph_k) * e2
    ang = float(np.degrees(np.arccos(np.clip(sc_k @ s_k, -1, 1))))
    oop_k = abs(float(np.degrees(np.arcsin(np.clip(s_k @ h, -1, 1)))))
    cross = float(np.radians(oop_k) * MOON_RADIUS_M / 1e3)
    v = np.sqrt(GM_MOON / rn)
    return SitePass(epoch=t_ref + TimeDelta(t_pass, format="sec"), t_s=t_pass,
                    angle_deg=ang, crossrange_km=cross,
                    plane_change_dv_m_s=float(2 * v * np.sin(np.radians(oop_k) / 2)),
                    wait_days=float((t_pass - earliest_s) / 86400.0), constraint_met=met)
