"""The ``transfer`` section of ``summary.json``."""

from __future__ import annotations

from typing import Literal

from lupex.scenario.summaries._base import (ARG_LAT, COUNT, DURATION_DAYS, DURATION_S, DV,
                                            ELEVATION, INCLINATION, LATITUDE, MASS, PLANE_ANGLE,
                                            SPEED, SummarySection, _f, _opt)


class DvRow(SummarySection):
    """One row of the Δv budget, in flight order (:meth:`lupex.transfer.budget.Budget.table`)."""

    item: str = _f("burn or reserve name")
    dv_m_s: float = _f("Δv, m/s", DV)
    by: str = _f("who pays it: 'launcher' or 'lander'")
    propellant_kg: float = _f("lander propellant it uses, kg", MASS)
    mass_before_kg: float = _f("lander mass before it, kg")
    mass_after_kg: float = _f("lander mass after it, kg")
    kind: Literal["burn", "reserve"] = _f("'burn' or 'reserve'")


class TransferSummary(SummarySection):
    """The ``transfer`` section: the plan's figures (:func:`lupex.scenario.stages.transfer_plan.
    plan_summary`) and where the departure came from (:mod:`lupex.scenario.stages.transfer`)."""

    transfer_type: str = _f("transfer type of the scenario ('direct', ...)")
    tli_epoch_utc: str = _f("TLI epoch, UTC")
    tli_dv_m_s: float = _f("TLI Δv, m/s", DV)
    tli_by_upper_stage: bool = _f("whether the launcher's upper stage performs TLI")
    phasing_dv_m_s: float = _f("Δv of perigee phasing burns before TLI, m/s", DV)
    departure_raan_deg: float = _f("targeted departure RAAN, deg (GCRS)")
    departure_arg_lat_deg: float = _f("targeted TLI argument of latitude, deg", ARG_LAT)
    departure_plane_change_deg: float = _f("launch parking plane to the targeted transfer plane, "
                                           "deg (budgeted above 0.01°)", PLANE_ANGLE)
    departure_plane_change_dv_m_s: float = _f("Δv of that plane change, m/s", DV)
    departure_inclination_deg: float = _f(
        "parking-orbit inclination at departure, deg", INCLINATION)
    time_of_flight_days: float = _f("TLI to perilune, days", DURATION_DAYS)
    targeting_converged: bool = _f("whether the TLI targeting converged")
    targeting_iterations: int = _f("iterations of the TLI targeting", COUNT)
    arrival_epoch_utc: str = _f("perilune epoch, UTC")
    arrival_perilune_altitude_km: float = _f("perilune altitude at arrival, km")
    lunar_orbit_inclination_deg: float = _f(
        "arrival inclination to the Moon's equator, deg", INCLINATION)
    arrival_v_inf_m_s: float = _f("hyperbolic excess speed at the Moon, m/s", SPEED)
    loi_dv_m_s: float = _f("finite-burn LOI Δv, m/s", DV)
    loi_impulsive_dv_m_s: float = _f("impulsive LOI Δv, m/s", DV)
    loi_gravity_loss_m_s: float = _f("LOI gravity loss, m/s")
    loi_burn_duration_s: float = _f("LOI burn duration, s", DURATION_S)
    capture_orbit_km: list[float] = _f("capture orbit [perilune, apolune] altitudes, km")
    lowering_dv_m_s: float = _f("Δv of the orbit-lowering burns, m/s", DV)
    circular_orbit_altitude_km: float = _f("circular lunar orbit altitude, km")
    wait_in_lunar_orbit_days: float = _f(
        "wait in circular orbit for the landing pass, days", DURATION_DAYS)
    site_crossrange_km: float = _f("cross-range of the site from the landing pass, km")
    descent_dv_m_s: float = _f("descent Δv (with any pass plane change), m/s", DV)
    descent_gravity_loss_m_s: float = _f("powered-descent gravity loss, m/s")
    powered_descent_duration_s: float = _f("braking + terminal descent, s", DURATION_S)
    total_lander_dv_m_s: float = _f("lander Δv: burns + reserve, m/s", DV)
    propellant_required_kg: float = _f("propellant the burns and reserve need, kg", MASS)
    propellant_loaded_kg: float = _f("propellant loaded at separation, kg", MASS)
    propellant_margin_kg: float = _f("propellant left at touchdown beyond the reserve, kg")
    propellant_offloadable_kg: float = _f("propellant that could stay on the ground, kg")
    propellant_used_kg: float = _f("propellant burnt to touchdown, kg", MASS)
    propellant_reserve_kg: float = _f("propellant of the Δv reserve, kg", MASS)
    dv_margin_m_s: float = _f("Δv left beyond the budget and reserve, m/s")
    separated_mass_kg: float = _f("stack mass at separation, kg", MASS)
    touchdown_mass_kg: float = _f("lander mass at touchdown, kg")
    lander_dry_mass_kg: float = _f("lander dry mass (rover and payloads included), kg", MASS)
    landing_epoch_utc: str = _f("touchdown epoch, UTC")
    landing_site_lat_deg: float = _f("landing site latitude, deg", LATITUDE)
    landing_site_lon_deg: float = _f("landing site longitude, deg east")
    sun_elevation_at_landing_deg: float = _f(
        "Sun elevation above the local horizontal, deg", ELEVATION)
    earth_elevation_at_landing_deg: float = _f(
        "Earth elevation above the local horizontal, deg", ELEVATION)
    landing_earth_contact_condition_met: bool = _f("whether the landing pass has the Earth above "
                                                   "[transfer] landing_min_earth_elevation_deg")
    feasible: bool = _f("whether the transfer closes (propellant and Δv)")
    dv_budget: list[DvRow] = _f("Δv budget rows in flight order")
    notes: list[str] = _f("remarks of the plan, in words")
    departure_source: str = _f("where the parking orbit and TLI epoch came from, in words")
    parking_orbit_km: list[float] = _f("parking orbit [perigee, apogee] altitudes, km")
    parking_orbit_raan_from_launch_deg: float | None = _opt(
        "the launch stage's parking-orbit RAAN, deg (only with the launch stage's orbit)")
    raan_difference_from_launch_deg: float | None = _opt(
        "targeted departure RAAN minus the launch stage's, deg (only with the launch stage)")


class TransferFailedSummary(SummarySection):
    """The ``transfer`` section when the targeting found no Earth-Moon transfer."""

    feasible: Literal[False] = _f("always false: no transfer was found")
    error: str = _f("why the targeting failed")
    departure_source: str = _f("where the parking orbit and TLI epoch came from, in words")
