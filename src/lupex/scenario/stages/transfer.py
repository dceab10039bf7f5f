"""Adapter: scenario -> lupex.transfer -> the 'transfer' section of summary.json.

Uses the launch stage's handoff when present (``parking_orbit``, ``injection_epoch``,
``tli_by_upper_stage``); otherwise a circular parking orbit from [launch]
(parking_orbit_altitude_km, inclination = |site latitude|, the minimum for a direct ascent) and
the launch date. TLI happens ``[transfer].parking_coast_min`` after injection; the targeting
chooses the parking plane's node (the launch time within the day).
"""

from __future__ import annotations

import datetime as dt

import astropy.units as u

from lupex.ephemeris import to_time
from lupex.stage import StageResult


def _departure(scenario, handoff):
    """(tli_epoch, altitude_km, inclination_deg, tli_by_upper_stage, source note)."""
    coast = scenario.transfer.parking_coast_min * u.min
    orb = handoff.get("parking_orbit")
    inj = handoff.get("injection_epoch")
    by_us = handoff.get("tli_by_upper_stage", scenario.launch.tli_by_upper_stage)
    if orb is not None:
        from boinor.bodies import Earth

        r_e = float(Earth.R.to_value(u.km))
        alt = float(orb.r_p.to_value(u.km)) - r_e
        apo = float(orb.r_a.to_value(u.km)) - r_e
        inc = float(orb.inc.to_value(u.deg))
        epoch = inj if inj is not None else orb.epoch
        t = to_time(epoch, "handoff.injection_epoch") + coast
        return (t, (alt, apo), inc, bool(by_us), "parking orbit from the launch stage",
                float(orb.raan.to_value(u.deg)))
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
    from lupex.transfer import plan_events, plan_for_sections, plan_summary

    t_tli, (alt, apo), inc, by_us, src, raan0 = _departure(scenario, handoff)
    try:
        plan, _ = plan_for_sections(t_tli, alt, apo, inc, raan0, by_us, scenario.spacecraft,
                                    scenario.transfer, scenario.landing)
    except RuntimeError as exc:  # targeting/propagation could not produce a transfer: reported
        from lupex.errors import Infeasibility

        inf = Infeasibility("transfer", "TLI targeting", 0.0, "-",
                            f"no Earth-Moon transfer found: {exc}")
        return StageResult(stage="transfer", summary={"feasible": False, "error": str(exc),
                                                      "departure_source": src},
                           infeasibilities=(inf,), not_modelled=("transfer (targeting failed)",))
    summary = plan_summary(plan)
    summary["departure_source"] = src
    summary["parking_orbit_km"] = [round(float(alt), 3), round(float(apo), 3)]
    if raan0 is not None:
        d_node = abs(((plan.solution.raan_deg - raan0) + 180) % 360 - 180)
        summary["parking_orbit_raan_from_launch_deg"] = round(raan0, 3)
        summary["raan_difference_from_launch_deg"] = round(d_node, 3)
        summary["notes"].append(
            f"the TLI plane's node is re-targeted: {plan.solution.raan_deg:.2f}° against the "
            f"launch stage's {raan0:.2f}° at injection ({d_node:.2f}° apart, about "
            f"{d_node / 0.2507:.0f} min of launch time at the Earth's 0.2507°/min; the launch "
            "window should aim for the node given here, see lupex.transfer.parking_plane_nodes)"
        )
    not_modelled = (
        "low-energy (SLIM-like) transfer",
        "midcourse corrections (an allowance only)",
        "lunar gravity field beyond the point mass (orbit drift in lunar orbit)",
    )

    def write_products(out_dir):
        from lupex.transfer.products import write_plan_products

        return write_plan_products(plan, out_dir)

    return StageResult(
        stage="transfer",
        summary=summary,
        events=tuple(plan_events(plan)),
        infeasibilities=plan.infeasibilities,
        not_modelled=not_modelled,
        handoff={"landing_epoch": plan.landing_epoch, "landing_site": plan.landing_site},
        write_products=write_products,
    )
