"""Dispersed transfers: one dispersed case evaluated against a nominal plan (TCM differential
correction, arrival navigation error -> landing offset, lander Isp/thrust -> propellant margin).

Plain data in, plain data out: this module takes a :class:`lupex.transfer.TransferPlan`, never a
scenario or a summary, and imports neither :mod:`lupex.sweep` nor :mod:`lupex.scenario`.

Nominal plan
------------
:func:`dispersion_nominal` prepares a nominal :class:`lupex.transfer.TransferPlan` (and its
lander) for dispersion: the TCM epoch, the targeted arrival, the nominal's own residual and the
TCM Jacobian. :func:`evaluate_plan_dispersion` then evaluates one dispersed sample against it.
Building the nominal plan from a scenario and a run's summary, and caching it, is the scenario
side's job (``lupex.scenario.stages.transfer_dispersion``, the Monte Carlo hook).

What is modelled per sample (all first order where said so; nothing here re-plans the mission)
---------------------------------------------------------------------------------------------
1. **TLI execution error → trajectory-correction manoeuvre (TCM).** The nominal TLI is an
   impulsive tangential burn (:mod:`lupex.transfer.targeting`). Its Δv vector is rebuilt with the
   drawn magnitude scale and pointing errors (``tli_pointing_rad`` = [in-plane, out-of-plane]:
   rotations of the burn direction v̂ towards ĥ×v̂ and towards the orbit normal ĥ), the dispersed
   state is propagated in the same force model (Earth J2 + DE421 Moon and Sun, DOP853, the
   targeting's tolerances) to one impulsive TCM :data:`TCM_DELAY_S` = 24 h after TLI, and the TCM
   Δv vector is found by differential correction (Newton, Jacobian by central differences about
   the nominal, cached; re-evaluated once if the chord iteration stalls) on the residuals the TLI
   targeting forms (:func:`lupex.transfer.targeting.target_transfer`): B·T and B·R against the
   B-plane point that gives the target perilune radius and MOON_ME_DE421 inclination at the
   trajectory's own v∞ (:func:`lupex.transfer.targeting.b_plane_targets`), and the perilune epoch against the nominal arrival's. The nominal's own
   residual (within the targeting tolerance) is subtracted, so the TCM restores the nominal
   arrival exactly and is zero without dispersion. Tolerances:
   :data:`TOL_B_KM` on B·T and B·R, :data:`TOL_T_S` on the epoch. ``correction_dv_m_s`` = |Δv_TCM|.
   Timing: Apollo 11 flew its midcourse correction MCC-2 at 026:44:58 GET (Apollo Flight
   Journal, history.nasa.gov/afj/ap11fj/05day2-mcc.html), planned at "TLI + 24 hrs" in the
   Apollo 11 Flight Plan; Δv ≈ 21 ft/s ≈ 6.4 m/s (20.9 ft/s per the Mission Report MSC-00171's
   manoeuvre table, not re-checked here), the first opportunity at which the TLI error is well
   determined yet cheap to correct.
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
3. **Lander Isp and thrust.** The finite-burn LOI (:func:`lupex.transfer.finite_loi`) and the
   powered descent (:func:`lupex.transfer.descent`) are re-run with the dispersed thrust and Isp
   (their gravity losses change with thrust-to-mass); the lowering burns are impulsive and keep
   their Δv. The propellant margin is then :func:`lupex.transfer.delta_v_budget` on the nominal
   budget rows with those Δv, the dispersed Isp, and the trajectory-correction row set to
   max(allowance, TCM Δv): the budget's allowance is a reserve the TCM uses first, only the
   excess eats into the margin (so a zero dispersion gives the nominal margin).

Outputs: ``correction_dv_m_s``, ``propellant_margin_kg``, ``landing_east_m``,
``landing_north_m``, ``applied`` (dispersion names used), plus diagnostics
(``correction_converged``, ``correction_iterations``, ``tcm_epoch_offset_s``,
``landing_crossrange_m``, ``landing_downrange_m``).
Deterministic: the same inputs give bit-identical outputs (no randomness; fixed iteration order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from lupex.errors import InputError

#: TCM epoch after TLI, s (Apollo 11 MCC-2 ≈ TLI + 24 h; see module docstring).
TCM_DELAY_S = 86_400.0
#: Differential-correction tolerances for the TCM (B-plane km, perilune epoch s).
TOL_B_KM = 0.05
TOL_T_S = 5.0
#: Central-difference step for the TCM Jacobian, m/s.
JAC_STEP_M_S = 0.05
_MAX_ITER = 12


@dataclass
class DispersionNominal:
    """A nominal plan prepared for dispersion (from :func:`dispersion_nominal`).

    plan: the :class:`lupex.transfer.TransferPlan`; force: its force model; pole: unit lunar pole
    (ICRF) used by the targeting; t_tli, t_tcm, t_max: seconds from the ephemeris table's
    reference epoch (TLI, TCM, end of the arrival search); y_tcm: nominal ICRF state at the TCM
    (m, m/s); goal: (perilune radius m, inclination deg or None, perilune epoch s) targeted;
    f0: the nominal's own residual from the TCM; jac: d[B·T km, B·R km, t/60 min] / dΔv (m/s);
    lander: :class:`lupex.transfer.LanderParams`; margin_percent: the budget's Δv margin, %.
    """

    plan: object
    force: object
    pole: np.ndarray
    t_tli: float
    t_tcm: float
    t_max: float
    y_tcm: np.ndarray  # nominal state at the TCM epoch (propagated from TLI)
    goal: tuple  # (perilune radius m, inclination deg, perilune epoch s) targeted
    f0: np.ndarray  # the nominal's own residual from the TCM epoch (subtracted: zero at nominal)
    jac: np.ndarray  # d[B·T km, B·R km, t/60 min] / dΔv (m/s)
    lander: object
    margin_percent: float


def _raw_resid(force, t0, y0, t_max, pole, goal):
    """[B·T − B·T*, B·R − B·R*] (km) and (t_perilune − t*) (min) as the TLI targeting forms them:
    B* from the goal's perilune radius and inclination at the trajectory's own v∞
    (:func:`lupex.transfer.targeting.b_plane_targets`). goal = (rp_m, inc_deg or None, t*_s)."""
    from lupex.transfer.targeting import b_plane_targets, evaluate

    arr = evaluate(force, t0, y0, t_max, pole)
    rp_t, inc_t, t_t = goal
    if inc_t is None:
        inc_t = arr.inclination_deg
    bt_t, br_t = b_plane_targets(arr, pole, rp_t, inc_t)
    return np.array([arr.b_t_km - bt_t / 1e3, arr.b_r_km - br_t / 1e3, (arr.t_s - t_t) / 60.0])


def dispersion_nominal(plan, lander, margin_percent: float) -> DispersionNominal:
    """Prepare a nominal :class:`lupex.transfer.TransferPlan` for dispersed evaluation.

    lander: the plan's :class:`lupex.transfer.LanderParams`; margin_percent: the Δv margin of its
    budget, %. Propagates the nominal to the TCM epoch (TLI + :data:`TCM_DELAY_S`) and forms the
    targeting residual there and its Jacobian (module docstring §1). Deterministic.
    """
    from lupex.constants import MOON_RADIUS_M
    from lupex.transfer.propagate import propagate
    from lupex.transfer.targeting import moon_pole_icrf

    sol = plan.solution
    force = sol.force
    tb = force.table
    t0 = sol.t_tli_s
    tof_t = sol.target_time_of_flight_days or sol.time_of_flight_days
    tof_guess = tof_t * 86400.0
    # the pole and the end of the search span exactly as target_transfer sets them
    pole = moon_pole_icrf(tb.epoch(t0 + tof_guess))
    t_max = min(t0 + tof_guess + 2.5 * 86400.0, tb.t1_s)
    t_tcm = t0 + TCM_DELAY_S
    y_tcm = propagate(force, t0, sol.state_tli, t_tcm).y[-1]
    goal = (MOON_RADIUS_M + 1e3 * sol.target_perilune_altitude_km, sol.target_inclination_deg,
            sol.arrival.t_s)
    f0 = _raw_resid(force, t_tcm, y_tcm, t_max, pole, goal)
    jac = _jacobian(force, t_tcm, y_tcm, t_max, pole, goal, f0)
    return DispersionNominal(plan=plan, force=force, pole=pole, t_tli=t0, t_tcm=t_tcm,
                             t_max=t_max, y_tcm=y_tcm, goal=goal, f0=f0, jac=jac, lander=lander,
                             margin_percent=float(margin_percent))


def _jacobian(force, t_tcm, y, t_max, pole, goal, f0):
    """d residual / d Δv_TCM by central differences (3 × 3)."""
    J = np.empty((3, 3))
    for j in range(3):
        yp = y.copy()
        ym = y.copy()
        yp[3 + j] += JAC_STEP_M_S
        ym[3 + j] -= JAC_STEP_M_S
        fp = _raw_resid(force, t_tcm, yp, t_max, pole, goal) - f0
        fm = _raw_resid(force, t_tcm, ym, t_max, pole, goal) - f0
        J[:, j] = (fp - fm) / (2 * JAC_STEP_M_S)
    return J


def _converged(f) -> bool:
    return abs(f[0]) < TOL_B_KM and abs(f[1]) < TOL_B_KM and abs(f[2]) * 60.0 < TOL_T_S


def tli_dispersed_state(state_tli: np.ndarray, tli_dv_m_s: float, scale: float = 1.0,
                        pointing_rad=(0.0, 0.0)) -> np.ndarray:
    """The post-TLI state with a magnitude scale and pointing error on the tangential burn.

    state_tli: nominal post-burn state (m, m/s); the burn was ``tli_dv_m_s`` along the velocity.
    pointing_rad: [in-plane (towards ĥ×v̂), out-of-plane (towards ĥ)] rotations of the burn axis.
    """
    y = np.asarray(state_tli, dtype=float)
    v = y[3:]
    vhat = v / np.linalg.norm(v)
    h = np.cross(y[:3], v)
    hhat = h / np.linalg.norm(h)
    phat = np.cross(hhat, vhat)
    a, b = float(pointing_rad[0]), float(pointing_rad[1])
    d = np.cos(a) * np.cos(b) * vhat + np.sin(a) * np.cos(b) * phat + np.sin(b) * hhat
    v_pre = v - tli_dv_m_s * vhat
    return np.concatenate([y[:3], v_pre + scale * tli_dv_m_s * d])


def correction_dv(nom: DispersionNominal, y_tli: np.ndarray) -> tuple[np.ndarray, bool, int]:
    """TCM Δv vector (m/s, ICRF) at ``nom.t_tcm`` re-targeting the nominal arrival."""
    from lupex.transfer.propagate import propagate

    y = propagate(nom.force, nom.t_tli, y_tli, nom.t_tcm).y[-1]
    dv = np.zeros(3)
    J = nom.jac
    def resid(yy):
        return _raw_resid(nom.force, nom.t_tcm, yy, nom.t_max, nom.pole, nom.goal) - nom.f0

    f = resid(y)
    it = 0
    refreshed = False
    for it in range(1, _MAX_ITER + 1):
        if _converged(f):
            return dv, True, it - 1
        step = np.linalg.solve(J, -f)
        n0 = np.linalg.norm(f)
        yy = y.copy()
        yy[3:] += dv + step
        fn = resid(yy)
        if np.linalg.norm(fn) > 0.5 * n0 and not refreshed:
            # chord iteration stalls (large error): Jacobian at the current point, once
            yc = y.copy()
            yc[3:] += dv
            J = _jacobian(nom.force, nom.t_tcm, yc, nom.t_max, nom.pole, nom.goal, nom.f0)
            refreshed = True
            step = np.linalg.solve(J, -f)
            yy = y.copy()
            yy[3:] += dv + step
            fn = resid(yy)
        dv = dv + step
        f = fn
    return dv, _converged(f), it


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


def dispersed_margin(nom: DispersionNominal, tcm_dv: float, isp_scale: float = 1.0,
                     thrust_scale: float = 1.0, rerun_burns: bool = True) -> tuple[float, dict]:
    """Propellant margin (kg) after the TCM and the dispersed lander burns (module docstring §3).

    rerun_burns False keeps the nominal LOI and descent Δv (rocket equation only: the
    formulation of ``lupex.sweep.montecarlo._isp_on_budget``, for comparison).
    """
    from lupex.transfer.budget import delta_v_budget
    from lupex.transfer.descent import descent
    from lupex.transfer.lunar_orbit import finite_loi, mass_after
    from lupex.transfer.mission import PLANE_CHANGE_MIN_DV_M_S

    plan = nom.plan
    lander = nom.lander
    isp = lander.isp_s * isp_scale
    thrust = lander.thrust_n * thrust_scale
    tca = max(plan.tca_allowance_m_s, tcm_dv)
    rows = [(ln.item, ln.dv_m_s, ln.by) for ln in plan.budget.lines if ln.kind == "burn"]
    burns = {"loi_dv_m_s": plan.loi_finite.dv_m_s, "descent_braking_dv_m_s":
             plan.descent.braking_dv_m_s, "descent_terminal_dv_m_s": plan.descent.terminal_dv_m_s}
    rerun = rerun_burns and (isp_scale != 1.0 or thrust_scale != 1.0)
    if rerun:
        m = lander.separated_mass_kg
        if not plan.tli_by_upper_stage:
            for _, dv, _ in plan.phasing_burns:
                m = mass_after(m, dv, isp)
            m = mass_after(m, plan.solution.tli_dv_m_s, isp)
        m = mass_after(m, tca, isp)
        fin = finite_loi(plan.solution.arrival.state_moon, m, thrust, isp,
                         plan.loi_finite.apolune_altitude_km)
        m = fin.mass_after_kg
        for b in plan.lowering:
            m = mass_after(m, b.dv_m_s, isp)
        if plan.site_pass.plane_change_dv_m_s > PLANE_CHANGE_MIN_DV_M_S:
            m = mass_after(m, plan.site_pass.plane_change_dv_m_s, isp)
        dsc = descent(plan.circular_altitude_km, plan.descent.pdi_altitude_km, m, thrust, isp)
        burns = {"loi_dv_m_s": fin.dv_m_s, "descent_braking_dv_m_s": dsc.braking_dv_m_s,
                 "descent_terminal_dv_m_s": dsc.terminal_dv_m_s}
    new = []
    for name, dv, by in rows:
        if name == "Trajectory-correction allowance":
            dv = tca
        elif name == "LOI (finite burn, capture)":
            dv = burns["loi_dv_m_s"]
        elif name == "Powered descent, braking (incl. gravity loss)":
            dv = burns["descent_braking_dv_m_s"]
        elif name == "Hover and vertical descent":
            dv = burns["descent_terminal_dv_m_s"]
        new.append((name, dv, by))
    bud = delta_v_budget(new, lander.dry_mass_kg, plan.budget.propellant_loaded_kg, isp,
                         nom.margin_percent)
    return float(bud.propellant_margin_kg), burns


def _vec(d: Mapping, key: str, n: int) -> np.ndarray:
    v = d[key]
    try:
        arr = np.asarray(v, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError(f"dispersion.{key}", v, f"{n} numbers") from None
    if arr.shape != (n,) or not np.all(np.isfinite(arr)):
        raise InputError(f"dispersion.{key}", v, f"{n} finite numbers")
    return arr


def _scale(d: Mapping, key: str) -> float:
    v = d[key]
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise InputError(f"dispersion.{key}", v, "a positive number (1 = nominal)") from None
    if not (np.isfinite(x) and 0.0 < x < 10.0):
        raise InputError(f"dispersion.{key}", v, "a positive number below 10 (1 = nominal)")
    return x


def evaluate_plan_dispersion(nom: DispersionNominal, dispersion: Mapping) -> dict:
    """Evaluate one dispersed sample against a prepared nominal (see module docstring).

    nom: from :func:`dispersion_nominal`. dispersion: dict as drawn by
    :func:`lupex.sweep.montecarlo.draw_dispersions` (``tli_dv_scale``, ``tli_pointing_rad`` [2],
    ``nav_position_m`` [R, T, N], ``nav_velocity_m_s`` [R, T, N], ``lander_isp_scale``,
    ``lander_thrust_scale``; each optional). Returns floats ``correction_dv_m_s`` (m/s),
    ``propellant_margin_kg`` (kg), ``landing_east_m``, ``landing_north_m`` (m, local ENU at the
    site), ``applied`` and diagnostics. InputError for a malformed value.
    """
    if not isinstance(dispersion, Mapping):
        raise InputError("dispersion", dispersion, "a mapping of drawn dispersion values")
    applied: list[str] = []
    out: dict = {"tcm_epoch_offset_s": TCM_DELAY_S}
    # 1. TLI error -> TCM
    tcm = 0.0
    if "tli_dv_scale" in dispersion or "tli_pointing_rad" in dispersion:
        scale = _scale(dispersion, "tli_dv_scale") if "tli_dv_scale" in dispersion else 1.0
        point = (_vec(dispersion, "tli_pointing_rad", 2) if "tli_pointing_rad" in dispersion
                 else np.zeros(2))
        sol = nom.plan.solution
        y = tli_dispersed_state(sol.state_tli, sol.tli_dv_m_s, scale, point)
        dv, ok, it = correction_dv(nom, y)
        tcm = float(np.linalg.norm(dv))
        out.update(correction_converged=ok, correction_iterations=it,
                   tcm_dv_icrf_m_s=[float(x) for x in dv])
        applied += [n for k, n in (("tli_dv_scale", "tli_dv_frac"),
                                   ("tli_pointing_rad", "tli_pointing_deg")) if k in dispersion]
    out["correction_dv_m_s"] = tcm
    # 2. navigation error -> landing offset
    dr = (_vec(dispersion, "nav_position_m", 3) if "nav_position_m" in dispersion
          else np.zeros(3))
    dvn = (_vec(dispersion, "nav_velocity_m_s", 3) if "nav_velocity_m_s" in dispersion
           else np.zeros(3))
    if "nav_position_m" in dispersion or "nav_velocity_m_s" in dispersion:
        e, n, cross, down = landing_offset(nom, dr, dvn)
        applied += [k for k in ("nav_position_m", "nav_velocity_m_s") if k in dispersion]
    else:
        e = n = cross = down = 0.0
    out.update(landing_east_m=e, landing_north_m=n, landing_crossrange_m=cross,
               landing_downrange_m=down)
    # 3. lander Isp / thrust -> margin
    isp_s = _scale(dispersion, "lander_isp_scale") if "lander_isp_scale" in dispersion else 1.0
    thr_s = (_scale(dispersion, "lander_thrust_scale") if "lander_thrust_scale" in dispersion
             else 1.0)
    margin, burns = dispersed_margin(nom, tcm, isp_s, thr_s)
    applied += [n for k, n in (("lander_isp_scale", "lander_isp_frac"),
                               ("lander_thrust_scale", "lander_thrust_frac")) if k in dispersion]
    out["propellant_margin_kg"] = margin
    out.update({k: float(v) for k, v in burns.items()})
    out["applied"] = applied
    return out


__all__ = ["DispersionNominal", "correction_dv", "dispersed_margin", "dispersion_nominal",
           "evaluate_plan_dispersion", "landing_offset", "tli_dispersed_state"]
