"""Earth–Moon transfer: TLI targeting in a DE421 force model, LOI, lowering, descent, Δv budget.

Public API
----------
Force model and propagation
    :func:`build_ephemeris_table`, :class:`EphemerisTable`, :class:`ForceModel` (Earth J2, Moon
    and Sun point masses from DE421, splined), :func:`propagate` (scipy DOP853),
    :func:`propagate_boinor` (boinor Cowell, same forces), :func:`osculating_moon`.
Targeting
    :class:`DepartureOrbit`, :func:`patched_conic_guess`, :func:`target_transfer` (differential
    correction on the lunar B-plane and perilune epoch) -> :class:`TransferSolution`
    (:class:`Arrival`), :func:`trajectory_samples`.
Lunar orbit
    :func:`impulsive_loi`, :func:`finite_loi` -> :class:`FiniteBurnResult`,
    :func:`lowering_burns`, :func:`next_site_pass` -> :class:`SitePass`, :class:`Burn`.
Descent
    :func:`descent` -> :class:`DescentResult` (DOI, guided braking at full thrust, hover and
    vertical descent; gravity losses).
Budget
    :func:`delta_v_budget` -> :class:`Budget` (rocket equation, Infeasibility with the shortfall).
Whole plan
    :class:`LanderParams`, :func:`plan_transfer` -> :class:`TransferPlan`,
    :func:`parking_plane_nodes` (the parking-orbit nodes a launch window should aim for).
    Scenario sections -> plan, plan -> summary and timeline events: the scenario adapter's
    ``lupex.scenario.stages.transfer_plan`` (``plan_for_sections``, ``plan_summary``,
    ``plan_events``).
Dispersion (:mod:`.dispersion`; the TCM in :mod:`.tcm`, the arrival error in :mod:`.arrival_error`)
    :func:`dispersion_nominal` (a plan prepared for dispersion) -> :class:`DispersionNominal`,
    :func:`evaluate_plan_dispersion` (one dispersed sample: TLI error -> TCM Δv by differential
    correction on the B-plane, arrival navigation error -> landing offset, lander Isp/thrust ->
    propellant margin), :func:`b_plane_targets` (the targeting's B-plane goal). The Monte Carlo
    hook that builds the nominal from a scenario is
    ``lupex.scenario.stages.transfer_dispersion.evaluate_dispersion``.
Sweep, export, plots
    :func:`sweep_month`, :func:`write_sweep_csv`; :func:`write_oem`, :func:`read_oem`
    (CCSDS 502.0-B-3 KVN); plotting functions live in :mod:`lupex.transfer.plots`.

Units: SI inside (m, m/s, s, kg), or the unit in the argument name (``_km``, ``_deg``,
``_days``); epochs are astropy Time (UTC). Frames: geocentric ICRF for the transfer,
Moon-centred ICRF for lunar orbits, MOON_ME_DE421 for the lunar inclination and sites.
"""

from lupex.transfer.budget import Budget, BudgetLine, delta_v_budget
from lupex.transfer.descent import DescentResult, descent
from lupex.transfer.dispersion import (
    DispersionNominal,
    dispersion_nominal,
    evaluate_plan_dispersion,
)
from lupex.transfer.forces import EphemerisTable, ForceModel, build_ephemeris_table
from lupex.transfer.lunar_orbit import (
    Burn,
    FiniteBurnResult,
    SitePass,
    finite_loi,
    impulsive_loi,
    lowering_burns,
    next_site_pass,
)
from lupex.transfer.mission import (
    LanderParams,
    TransferPlan,
    direct_departure,
    parking_elements,
    parking_plane_nodes,
    plane_change_angle_deg,
    plan_transfer,
)
from lupex.transfer.oem import OemSegment, read_oem, write_oem
from lupex.transfer.propagate import osculating_moon, propagate, propagate_boinor
from lupex.transfer.sweep import sweep_month, write_sweep_csv
from lupex.transfer.targeting import (
    Arrival,
    DepartureOrbit,
    TransferSolution,
    b_plane_targets,
    patched_conic_guess,
    target_transfer,
    trajectory_samples,
)

__all__ = [
    "Arrival",
    "Budget",
    "BudgetLine",
    "Burn",
    "DepartureOrbit",
    "DescentResult",
    "DispersionNominal",
    "EphemerisTable",
    "FiniteBurnResult",
    "ForceModel",
    "LanderParams",
    "OemSegment",
    "SitePass",
    "TransferPlan",
    "TransferSolution",
    "build_ephemeris_table",
    "b_plane_targets",
    "delta_v_budget",
    "descent",
    "dispersion_nominal",
    "evaluate_plan_dispersion",
    "finite_loi",
    "impulsive_loi",
    "lowering_burns",
    "next_site_pass",
    "osculating_moon",
    "parking_plane_nodes",
    "direct_departure",
    "plane_change_angle_deg",
    "parking_elements",
    "patched_conic_guess",
    "plan_transfer",
    "propagate",
    "propagate_boinor",
    "read_oem",
    "sweep_month",
    "target_transfer",
    "trajectory_samples",
    "write_oem",
    "write_sweep_csv",
]
