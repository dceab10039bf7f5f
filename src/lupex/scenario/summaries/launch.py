"""The ``launch`` section of ``summary.json``."""

from __future__ import annotations

from lupex.scenario.summaries._base import (DURATION_S, INCLINATION, MASS, PRESSURE_KPA, Block,
                                            SummarySection, _f, _opt)


class InjectionOrbit(SummarySection):
    """Parking orbit reached at second-stage cut-off (osculating, GCRS)."""

    perigee_alt_km: float = _f("perigee altitude above the equatorial radius, km")
    apogee_alt_km: float = _f("apogee altitude above the equatorial radius, km")
    inclination_deg: float = _f("inclination to the Earth's equator, deg", INCLINATION)


class PublishedReference(SummarySection):
    """JAXA's published capacity for this vehicle and target, and the stack's margin against it."""

    vehicle: str = _f("vehicle name of the published figure")
    target: str = _f("published target ('c3', 'gto1500', ...)")
    payload_kg: float = _f("published payload, kg", MASS)
    qualifier: str = _f("'at_least' (JAXA quotes a minimum) or 'about'")
    source: str = _f("citation of the published figure")
    c3_km2_s2: float | None = _f("C3 of the published figure, km2/s2 (null for orbits)")
    margin_kg: float = _f("published payload - performance reserve - stack mass, kg")
    model_minus_published_pct: float = _f("model capacity (with reserve) above the published, %")
    note: str = _f("the comparison in words (a WARNING when the stack exceeds the published)")


class LaunchSummary(SummarySection):
    """The ``launch`` section (:mod:`lupex.scenario.stages.launch`). ``launch_windows`` rows are
    :meth:`lupex.launch.LaunchWindow.to_dict` (free-form)."""

    vehicle: str = _f("launch vehicle name")
    site: str = _f("launch site name")
    target: str = _f("what the capacity is computed to (C3 or parking orbit), in words")
    payload_capacity_kg: float = _f("launcher capacity to the target after the reserve, kg")
    stack_mass_kg: float = _f("separated spacecraft stack mass, kg", MASS)
    margin_kg: float = _f("capacity minus stack mass, kg (negative: infeasible)")
    capacity_converged: bool = _f("whether the capacity solve converged")
    launch_epoch_utc: str = _f("lift-off epoch, UTC")
    azimuth_deg: float = _f("launch azimuth, deg from north")
    injection_epoch_utc: str = _f("parking-orbit insertion (SECO-1) epoch, UTC")
    tli_epoch_utc: str = _f("the one TLI epoch, UTC: the transfer flies from it")
    injection_orbit: InjectionOrbit = _f("parking orbit at insertion")
    injection_converged: bool = _f("whether the ascent to the parking orbit converged")
    window_note: str | None = _f("why the lift-off time is off the day's windows; null if not")
    liftoff_shift_for_transfer_plane_s: float = _f("lift-off moved inside the window to put the "
                                                   "parking node on the transfer's, s")
    parking_raan_deg: float = _f("parking orbit's right ascension of the ascending node, deg")
    transfer_parking_raans_deg: list[float] = _f("RAANs the targeted transfer can leave from, deg")
    parking_raan_residual_deg: float = _f("parking node minus the transfer's targeted node, deg")
    tli_arg_lat_residual_deg: float = _f("coast end minus the targeted TLI point, deg of "
                                         "argument of latitude")
    parking_coast_s: float = _f("coast in the parking orbit from insertion to TLI, s", DURATION_S)
    events_s: dict[str, float] = _f("ascent events, s after lift-off (by event name)", DURATION_S)
    max_dynamic_pressure_kPa: float = _f(
        "maximum dynamic pressure of the ascent, kPa", PRESSURE_KPA)
    launch_windows: list[Block] = _f("the day's lunar launch windows (free-form rows)")
    model: str = _f("the ascent and calibration models, in words")
    published_reference: PublishedReference | None = _f(
        "JAXA's published capacity where one exists for the vehicle and target; null otherwise")
    tli_propellant_kg: float | None = _opt("upper-stage propellant of the TLI restart burn, kg "
                                           "(only when the upper stage performs TLI)", MASS)
    tli_burn_s: float | None = _opt("duration of the upper stage's TLI burn, s (only when the "
                                    "upper stage performs TLI)", DURATION_S)
