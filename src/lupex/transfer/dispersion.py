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
1. **TLI execution error → trajectory-correction manoeuvre (TCM)**, by differential correction
   on the TLI targeting's B-plane and perilune-epoch residuals 24 h after TLI
   (:mod:`lupex.transfer.tcm`).
2. **Navigation error at arrival → landing offset (open loop)**, through the true approach
   conic's plane and phase (:mod:`lupex.transfer.arrival_error`).
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

import numpy as np

from lupex.errors import InputError
from lupex.transfer.arrival_error import landing_offset
from lupex.transfer.tcm import (  # noqa: F401 - re-exported public names
    JAC_STEP_M_S,
    TCM_DELAY_S,
    TOL_B_KM,
    TOL_T_S,
    DispersionNominal,
    correction_dv,
    dispersion_nominal,
    tli_dispersed_state,
)


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
