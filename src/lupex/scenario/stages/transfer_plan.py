"""Scenario side of the transfer stage: scenario sections -> :func:`lupex.transfer.plan_transfer`
arguments, and a :class:`lupex.transfer.TransferPlan` -> the ``transfer`` section of summary.json
and its timeline events.

The physics lives in :mod:`lupex.transfer`; this module only maps names and formats (rounding
to the summary's documented precision, UTC epochs to the millisecond with a ``Z``).
"""

from __future__ import annotations

from astropy.time import TimeDelta

from lupex.timeline import Event
from lupex.transfer.mission import (
    PLANE_CHANGE_MIN_DV_M_S,
    LanderParams,
    TransferPlan,
    plan_transfer,
)


def plan_for_sections(t_tli, parking_altitude_km: float, parking_apogee_km: float,
                      parking_inclination_deg: float, parking_raan_deg: float | None,
                      tli_by_upper_stage: bool, spacecraft, transfer, landing
                      ) -> tuple[TransferPlan, LanderParams]:
    """Plan the transfer from scenario-shaped sections (duck-typed: ``spacecraft`` with the
    lander_* and stack_mass_kg fields, ``transfer`` and ``landing`` as in the [transfer] and
    [landing] scenario sections) and a departure; returns (plan, lander parameters).

    The one place where scenario fields map onto :func:`plan_transfer`'s arguments: the stage
    adapter and the Monte Carlo hook (:mod:`lupex.scenario.stages.transfer_dispersion`) both use
    it, so their plans agree.
    """
    sc, tr, ld = spacecraft, transfer, landing
    lander = LanderParams(
        separated_mass_kg=sc.stack_mass_kg, dry_mass_kg=sc.lander_dry_mass_kg,
        propellant_capacity_kg=sc.lander_propellant_capacity_kg, isp_s=sc.lander_isp_s,
        thrust_n=sc.lander_thrust_n,
    )
    plan = plan_transfer(
        t_tli, parking_altitude_km, parking_inclination_deg, transfer_type=tr.type,
        time_of_flight_days=tr.time_of_flight_days, perilune_altitude_km=tr.perilune_altitude_km,
        lunar_inclination_deg=tr.lunar_inclination_deg, site_lat_deg=ld.lat_deg,
        site_lon_deg=ld.lon_deg, lander=lander, tli_by_upper_stage=tli_by_upper_stage,
        capture_apolune_altitude_km=tr.capture_apolune_altitude_km,
        circular_altitude_km=tr.circular_orbit_altitude_km, lowering_days=tr.lowering_days,
        min_circular_days=tr.min_circular_orbit_days, pdi_altitude_km=tr.pdi_altitude_km,
        tca_allowance_m_s=tr.tca_allowance_m_s, margin_percent=tr.dv_margin_percent,
        parking_apogee_km=parking_apogee_km, parking_raan_deg=parking_raan_deg,
        landing_min_earth_elevation_deg=tr.landing_min_earth_elevation_deg,
        landing_earth_contact_days=tr.landing_earth_contact_days,
    )
    return plan, lander


def plan_summary(plan: TransferPlan) -> dict:
    """The plan's figures of the ``transfer`` section of summary.json, JSON-ready: every field of
    :class:`lupex.scenario.summaries.TransferSummary` but the departure's (``departure_source``,
    ``parking_orbit_km``, the launch node), which the stage adapter adds when it builds the
    model."""
    s = plan.solution
    a = s.arrival
    b = plan.budget
    lowering = sum(x.dv_m_s for x in plan.lowering)
    return {
        "transfer_type": plan.transfer_type,
        "tli_epoch_utc": plan.tli_epoch.utc.isot[:23] + "Z",
        "tli_dv_m_s": round(s.tli_dv_m_s, 2),
        "tli_by_upper_stage": plan.tli_by_upper_stage,
        "phasing_dv_m_s": round(sum(p[1] for p in plan.phasing_burns), 2),
        "departure_raan_deg": round(s.raan_deg, 3),
        "departure_arg_lat_deg": round(s.arg_lat_deg, 3),
        "departure_plane_change_deg": round(plan.departure_plane_change_deg, 4),
        "departure_plane_change_dv_m_s": round(plan.departure_plane_change_dv_m_s, 2),
        "departure_inclination_deg": s.departure.inclination_deg,
        "time_of_flight_days": round(s.time_of_flight_days, 4),
        "targeting_converged": s.converged,
        "targeting_iterations": s.iterations,
        "arrival_epoch_utc": a.epoch.utc.isot[:23] + "Z",
        "arrival_perilune_altitude_km": round(a.perilune_altitude_km, 3),
        "lunar_orbit_inclination_deg": round(a.inclination_deg, 4),
        "arrival_v_inf_m_s": round(a.v_inf_m_s, 2),
        "loi_dv_m_s": round(plan.loi_finite.dv_m_s, 2),
        "loi_impulsive_dv_m_s": round(plan.loi_impulsive_dv_m_s, 2),
        "loi_gravity_loss_m_s": round(plan.loi_finite.gravity_loss_m_s, 2),
        "loi_burn_duration_s": round(plan.loi_finite.duration_s, 1),
        "capture_orbit_km": [round(x, 1) for x in plan.capture_orbit_km],
        "lowering_dv_m_s": round(lowering, 2),
        "circular_orbit_altitude_km": plan.circular_altitude_km,
        "wait_in_lunar_orbit_days": round(plan.site_pass.wait_days, 3),
        "site_crossrange_km": round(plan.site_pass.crossrange_km, 3),
        "descent_dv_m_s": round(plan.descent.total_dv_m_s
                                + (plan.site_pass.plane_change_dv_m_s
                                   if plan.site_pass.plane_change_dv_m_s > PLANE_CHANGE_MIN_DV_M_S
                                   else 0.0), 2),
        "descent_gravity_loss_m_s": round(plan.descent.gravity_loss_m_s, 2),
        "powered_descent_duration_s": round(plan.descent.braking_duration_s
                                            + plan.descent.terminal_duration_s, 1),
        "total_lander_dv_m_s": round(b.total_lander_dv_m_s, 2),
        "propellant_required_kg": round(b.propellant_required_kg, 1),
        "propellant_loaded_kg": round(b.propellant_loaded_kg, 1),
        "propellant_margin_kg": round(b.propellant_margin_kg, 1),
        "propellant_offloadable_kg": round(b.propellant_offloadable_kg, 1),
        "propellant_used_kg": round(b.propellant_used_kg, 1),
        "propellant_reserve_kg": round(b.propellant_reserve_kg, 1),
        "dv_margin_m_s": round(b.dv_margin_m_s, 2),
        "separated_mass_kg": round(b.initial_mass_kg, 1),
        "touchdown_mass_kg": round(b.touchdown_mass_kg, 1),
        "lander_dry_mass_kg": round(b.dry_mass_kg, 1),
        "landing_epoch_utc": plan.landing_epoch.utc.isot[:23] + "Z",
        "landing_site_lat_deg": plan.landing_site[0],
        "landing_site_lon_deg": plan.landing_site[1],
        "sun_elevation_at_landing_deg": round(plan.sun_elevation_at_landing_deg, 3),
        "earth_elevation_at_landing_deg": round(plan.earth_elevation_at_landing_deg, 3),
        "landing_earth_contact_condition_met": plan.earth_contact_at_landing,
        "feasible": plan.feasible,
        "dv_budget": b.table(),
        "notes": list(plan.notes),
    }


def plan_events(plan: TransferPlan) -> list[Event]:
    """Timeline events (phases tli, cruise, loi, lunar_orbit, descent, landing)."""
    s = plan.solution
    ev = []
    for name, dv, before in plan.phasing_burns:
        ev.append(Event(name, plan.tli_epoch - TimeDelta(before, format="sec"), "tli",
                        detail=f"Δv {dv:,.1f} m/s (perigee burn)"))
    ev.append(Event("Trans-lunar injection", plan.tli_epoch, "tli",
                    detail=f"Δv {s.tli_dv_m_s:,.1f} m/s"))
    ev.append(Event("Translunar cruise", plan.tli_epoch, "cruise",
                    duration_s=s.time_of_flight_days * 86400.0,
                    detail=f"{s.time_of_flight_days:.2f} days; TCA {plan.tca_allowance_m_s:g} m/s"))
    f = plan.loi_finite
    ev.append(Event("Lunar orbit insertion", plan.loi_epoch + TimeDelta(f.start_offset_s,
                                                                         format="sec"),
                    "loi", duration_s=f.duration_s,
                    detail=(f"Δv {f.dv_m_s:,.1f} m/s (gravity loss {f.gravity_loss_m_s:.1f}); "
                            f"capture {f.perilune_altitude_km:,.0f} × "
                            f"{f.apolune_altitude_km:,.0f} km")))
    for b in plan.lowering:
        ev.append(Event(b.name, b.epoch, "lunar_orbit",
                        detail=f"Δv {b.dv_m_s:,.1f} m/s; orbit {b.orbit_after_km[0]:,.0f} × "
                               f"{b.orbit_after_km[1]:,.0f} km"))
    t_circ = plan.lowering[-1].epoch if plan.lowering else plan.loi_epoch
    sp = plan.site_pass
    ev.append(Event("Wait in circular orbit for a landing pass (site under the plane, Earth in "
                    "view)", t_circ,
                    "lunar_orbit", duration_s=max((plan.doi_epoch - t_circ).to_value("s"), 0.0),
                    detail=(f"{plan.circular_altitude_km:g} km polar orbit; landing pass "
                            f"cross-range {sp.crossrange_km:.1f} km (plane change "
                            f"{sp.plane_change_dv_m_s:.1f} m/s); Earth "
                            f"{plan.earth_elevation_at_landing_deg:+.1f}° above the site's "
                            f"horizontal at landing")))
    d = plan.descent
    ev.append(Event("Descent-orbit insertion", plan.doi_epoch, "descent",
                    detail=f"Δv {d.doi_dv_m_s:,.1f} m/s to {plan.circular_altitude_km:g} × "
                           f"{d.pdi_altitude_km:g} km"))
    ev.append(Event("Powered descent", plan.pdi_epoch, "descent",
                    duration_s=d.braking_duration_s + d.terminal_duration_s,
                    detail=f"Δv {d.braking_dv_m_s + d.terminal_dv_m_s:,.1f} m/s "
                           f"(gravity loss {d.gravity_loss_m_s:,.0f} m/s)"))
    ev.append(Event("Touchdown", plan.landing_epoch, "landing",
                    detail=f"{plan.landing_site[0]:.2f}°, {plan.landing_site[1]:.2f}°E; Sun "
                           f"elevation {plan.sun_elevation_at_landing_deg:.1f}°"))
    return ev


__all__ = ["plan_events", "plan_for_sections", "plan_summary"]
