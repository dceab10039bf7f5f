"""Trajectory-correction manoeuvre (TCM) after a dispersed TLI, by differential correction.

The nominal plan is prepared once (:func:`dispersion_nominal` -> :class:`DispersionNominal`); then
:func:`tli_dispersed_state` and :func:`correction_dv` give the TCM of one dispersed TLI. Part of
:mod:`lupex.transfer.dispersion` (model 1 of its three):

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
   trajectory's own v∞ (:func:`lupex.transfer.bplane.b_plane_targets`), and the perilune
   epoch against the nominal arrival's. The nominal's own residual (within the targeting
   tolerance) is subtracted, so the TCM restores the nominal arrival exactly and is zero without
   dispersion. Tolerances: :data:`TOL_B_KM` on B·T and B·R, :data:`TOL_T_S` on the epoch.
   ``correction_dv_m_s`` = |Δv_TCM|.
   Timing: Apollo 11 flew its midcourse correction MCC-2 at 026:44:58 GET (Apollo Flight
   Journal, history.nasa.gov/afj/ap11fj/05day2-mcc.html), planned at "TLI + 24 hrs" in the
   Apollo 11 Flight Plan; Δv ≈ 21 ft/s ≈ 6.4 m/s (20.9 ft/s per the Mission Report MSC-00171's
   manoeuvre table, not re-checked here), the first opportunity at which the TLI error is well
   determined yet cheap to correct.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    (:func:`lupex.transfer.bplane.b_plane_targets`). goal = (rp_m, inc_deg or None, t*_s)."""
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


__all__ = ["JAC_STEP_M_S", "TCM_DELAY_S", "TOL_B_KM", "TOL_T_S", "DispersionNominal",
           "correction_dv", "dispersion_nominal", "tli_dispersed_state"]
