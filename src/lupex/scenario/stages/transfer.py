"""Adapter: scenario -> lupex.transfer -> the 'transfer' section of summary.json.

Uses the launch stage's handoff when present (``parking_orbit``, ``tli_epoch``,
``injection_epoch``, ``tli_by_upper_stage``): TLI at the launch stage's TLI epoch, from its
parking orbit; the launch stage aimed its lift-off time and coast at this very targeting, and
any plane difference left is budgeted as a plane change (``departure_plane_change_deg``).
Otherwise a circular parking orbit from [launch] (parking_orbit_altitude_km, inclination =
|site latitude|, the minimum for a direct ascent) and the launch date, with TLI
``[transfer].parking_coast_min`` after injection; the targeting then chooses the node.

The section is built as a :class:`lupex.scenario.summaries.TransferSummary` (or, when the
targeting finds no transfer, a :class:`lupex.scenario.summaries.TransferFailedSummary`).
"""

from __future__ import annotations

import datetime as dt

import astropy.units as u

from lupex.ephemeris import to_time
from lupex.scenario.summaries import TransferFailedSummary, TransferSummary
from lupex.stage import StageResult


def _departure(scenario, handoff):
    """(tli_epoch, altitude_km, inclination_deg, tli_by_upper_stage, source note)."""
    coast = scenario.transfer.parking_coast_min * u.min
    orb = handoff.get("parking_orbit")
    inj = handoff.get("injection_epoch")
    t_tli = handoff.get("tli_epoch")
    by_us = handoff.get("tli_by_upper_stage", scenario.launch.tli_by_upper_stage)
    if orb is not None:
        from lupex.transfer import parking_elements

        alt, apo, inc, raan = parking_elements(orb)
        if t_tli is not None:  # the launch stage aimed its coast at the targeted TLI point
            t = to_time(t_tli, "handoff.tli_epoch")
            src = "parking orbit and TLI epoch from the launch stage"
        else:
            epoch = inj if inj is not None else orb.epoch
            t = to_time(epoch, "handoff.injection_epoch") + coast
            src = "parking orbit from the launch stage, TLI after [transfer] parking_coast_min"
        return (t, (alt, apo), inc, bool(by_us), src, raan)
    date = scenario.launch.date
    if isinstance(date, dt.datetime):
        t0 = to_time(date, "launch.date")
    else:
        t0 = to_time(date.isoformat(), "launch.date")
    if inj is not None:
        t0 = to_time(inj, "handoff.injection_epoch")
    # no launch computation: injection assumed 15 min after 00:00 UTC of the launch date
    if inj is None:
        t0 = t0 + 15 * u.min
    inc = max(abs(scenario.launch.site_lat_deg), 0.0)
    alt = scenario.launch.parking_orbit_altitude_km
    return (t0 + coast, (alt, alt), inc, bool(by_us),
            "parking orbit from the scenario ([launch]); launch window not computed", None)


def run(scenario, handoff: dict) -> StageResult:
    """Plan TLI to touchdown for the scenario and return the 'transfer' stage result."""
    from lupex.scenario.stages.transfer_plan import plan_events, plan_for_sections, plan_summary

    t_tli, (alt, apo), inc, by_us, src, raan0 = _departure(scenario, handoff)
    try:
        plan, _ = plan_for_sections(t_tli, alt, apo, inc, raan0, by_us, scenario.spacecraft,
                                    scenario.transfer, scenario.landing)
    except RuntimeError as exc:  # targeting/propagation could not produce a transfer: reported
        from lupex.errors import Infeasibility

        inf = Infeasibility("transfer", "TLI targeting", 0.0, "-",
                            f"no Earth-Moon transfer found: {exc}")
        failed = TransferFailedSummary(feasible=False, error=str(exc), departure_source=src)
        return StageResult(stage="transfer", summary=failed.to_json(),
                           infeasibilities=(inf,), not_modelled=("transfer (targeting failed)",))
    launch_node = {}
    if raan0 is not None:
        d_node = abs(((plan.solution.raan_deg - raan0) + 180) % 360 - 180)
        launch_node = {"parking_orbit_raan_from_launch_deg": round(raan0, 3),
                       "raan_difference_from_launch_deg": round(d_node, 3)}
    summary = TransferSummary(
        **plan_summary(plan), departure_source=src,
        parking_orbit_km=[round(float(alt), 3), round(float(apo), 3)], **launch_node,
    ).to_json()

    not_modelled = (
        "low-energy (SLIM-like) transfer",
        "midcourse corrections (an allowance only)",
        "lunar gravity field beyond the point mass (orbit drift in lunar orbit)",
    )

    injection = handoff.get("injection_epoch")

    def write_products(out_dir):
        from lupex.transfer.products import write_plan_products

        return write_plan_products(plan, out_dir, parking_start=injection)

    return StageResult(
        stage="transfer",
        summary=summary,
        events=tuple(plan_events(plan)),
        infeasibilities=plan.infeasibilities,
        not_modelled=not_modelled,
        handoff={"landing_epoch": plan.landing_epoch, "landing_site": plan.landing_site},
        write_products=write_products,
    )
