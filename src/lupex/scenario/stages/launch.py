"""Adapter: scenario -> lupex.launch -> the 'launch' section of summary.json.

Chooses the launch epoch and azimuth from the daily lunar window on the scenario date (or uses
the scenario's azimuth, checked against the range-safety sector), computes the launcher's
capacity to the needed target (C3 for TLI by the upper stage, else the parking orbit), flies the
ascent with the stack mass to the parking orbit, moves the lift-off time inside the day's window
so the parking orbit's RAAN matches the transfer's node (:func:`lupex.launch.aim_at_transfer_plane`;
summary keys ``parking_raan_deg``,
``transfer_parking_raans_deg``, ``parking_raan_residual_deg``,
``liftoff_shift_for_transfer_plane_s``), and hands the parking orbit (boinor Orbit, GCRS) to the
transfer stage. A negative margin is reported as an Infeasibility. The section is built as a
:class:`lupex.scenario.summaries.LaunchSummary`.
"""

from __future__ import annotations

import csv
import datetime as dt

import astropy.units as u
import numpy as np
from astropy.time import Time

from lupex.errors import Infeasibility
from lupex.scenario.summaries import InjectionOrbit, LaunchSummary, PublishedReference
from lupex.stage import StageResult
from lupex.timeline import Event


def _choose_epoch(L, tof_days):
    from lupex.ephemeris import to_time
    from lupex.launch import check_azimuth, daily_windows, required_azimuth_deg

    if L.azimuth_deg is not None:
        check_azimuth(L.azimuth_deg)
    lat, lon = L.site_lat_deg, L.site_lon_deg  # launch pad, geodetic deg north / deg east
    wins = daily_windows(L.date, tof_days, site_lat_deg=lat, site_lon_deg=lon)
    if isinstance(L.date, dt.datetime):  # an explicit lift-off instant
        t0 = to_time(L.date, "launch.date")
        az_req = required_azimuth_deg(t0, tof_days, site_lat_deg=lat, site_lon_deg=lon)[0]
        if L.azimuth_deg is not None:
            err = float(np.min(np.abs(np.asarray(az_req) - L.azimuth_deg)))
            note = None if err < 0.5 else (
                f"lift-off time and azimuth {L.azimuth_deg:g} deg put the parking orbit "
                f"{err:.1f} deg of azimuth away from the lunar transfer plane "
                f"(needed {az_req[0]:.1f} or {az_req[1]:.1f} deg)")
            return t0, L.azimuth_deg, wins, note
        from lupex.launch import AZIMUTH_SECTOR_DEG
        inside = [a for a in az_req if AZIMUTH_SECTOR_DEG[0] <= a <= AZIMUTH_SECTOR_DEG[1]]
        if inside:
            return t0, float(inside[0]), wins, None
        return t0, 90.0, wins, "lift-off time outside the day's lunar launch windows"
    if not wins:
        t0 = to_time(L.date, "launch.date")
        return t0, L.azimuth_deg or 90.0, wins, "no lunar launch window on the scenario date"
    if L.azimuth_deg is None:
        # the window reaching the most easterly azimuth (most payload); earliest on ties
        w = min(wins, key=lambda w: (round(abs(w.best_azimuth_deg - 90.0), 1), w.open.jd))
        return w.best_epoch, w.best_azimuth_deg, wins, None
    # the instant of the day whose required azimuth is closest to the scenario's
    t = wins[0].open + np.arange(0, 86400, 60) * u.s
    t = Time(t.utc.iso[0][:10], scale="utc") + np.arange(0, 86400, 60) * u.s
    az = required_azimuth_deg(t, tof_days, site_lat_deg=lat, site_lon_deg=lon)
    err = np.min(np.abs(az - L.azimuth_deg), axis=1)
    k = int(np.argmin(err))
    note = None if err[k] < 0.5 else "scenario azimuth is not reached in the day's windows"
    return t[k], L.azimuth_deg, wins, note


def _published_reference(vehicle: str, L, capacity_kg: float, stack_kg: float
                         ) -> PublishedReference | None:
    """The scenario's margin against JAXA's published capacity for this vehicle and target, where
    one exists (lupex.launch.published_capacity), beside the model's (calibrated on JAXA's H3-24
    lunar-transfer figure for a due-east launch; the scenario's window azimuth and C3 move it), so
    an analyst sees both. A negative margin here is a warning, not an infeasibility: JAXA quotes
    minimums ("more than")."""
    from lupex.launch import published_capacity

    if not L.tli_by_upper_stage:
        return None
    pub = published_capacity(vehicle, "c3", L.tli_c3_km2_s2)
    if pub is None:
        return None
    reserve = float(L.performance_reserve_kg)
    margin = pub.payload_kg - reserve - stack_kg
    model_pct = 100.0 * ((capacity_kg + reserve) / pub.payload_kg - 1.0)
    if margin >= 0:
        note = (f"the stack fits JAXA's published {pub.payload_kg:,.0f} kg "
                f"({pub.qualifier.replace('_', ' ')}) with {margin:,.0f} kg to spare")
    else:
        note = (f"WARNING: the stack exceeds JAXA's published {pub.payload_kg:,.0f} kg "
                f"({pub.qualifier.replace('_', ' ')}) by {-margin:,.0f} kg; only the model's "
                f"capacity, {model_pct:+.0f} % above the published figure, covers it")
    return PublishedReference(**pub.to_dict(), margin_kg=round(margin, 1),
                              model_minus_published_pct=round(model_pct, 1), note=note)


def run(scenario, handoff: dict) -> StageResult:
    from lupex.launch import (
        Target,
        get_vehicle,
        launch_frame_to_gcrs,
        orbit_elements,
        payload_capacity,
        post_parking_propellant_kg,
        solve_ascent,
    )
    from lupex.launch.ascent import inclination_for_azimuth
    from lupex.launch.departure import aim_at_transfer_plane, parking_orbit
    from lupex.launch.performance import TargetSpec, capacity_to_orbit

    L = scenario.launch
    vehicle = get_vehicle(L.vehicle)
    stack = scenario.spacecraft.stack_mass_kg
    tof = scenario.transfer.time_of_flight_days
    lat, lon = L.site_lat_deg, L.site_lon_deg  # launch pad, geodetic deg north / deg east
    t0, az, windows, window_note = _choose_epoch(L, tof)
    inc = inclination_for_azimuth(az, lat)
    park_alt = L.parking_orbit_altitude_km
    if L.tli_by_upper_stage:
        spec = TargetSpec("c3", L.tli_c3_km2_s2, "restart")
        perf = payload_capacity(vehicle, spec, azimuth_deg=az, reserve_kg=L.performance_reserve_kg,
                                site_lat_deg=lat, site_lon_deg=lon, parking_altitude_km=park_alt)
        capacity, converged, target_name = perf.payload_kg, perf.converged, \
            f"C3 {L.tli_c3_km2_s2:g} km2/s2 (parking orbit + restart)"
    else:
        tg = Target.orbit(park_alt, park_alt, inc, name="parking")
        capacity, sol, converged = capacity_to_orbit(vehicle, tg, az, L.performance_reserve_kg,
                                                     8_000.0, site_lat_deg=lat, site_lon_deg=lon)
        target_name = f"{park_alt:g} km parking orbit"
    margin = capacity - stack
    flown_payload = stack if margin >= 0 else capacity
    park = Target.orbit(park_alt, park_alt, inc, name="parking")
    sol = solve_ascent(vehicle, flown_payload, park, az, site_lat_deg=lat, site_lon_deg=lon,
                       record=True)
    res = sol.result
    el = orbit_elements(res.final_state)
    T = scenario.transfer
    aimed = aim_at_transfer_plane(res, t0, windows, isinstance(L.date, dt.datetime), T.type,
                                  T.time_of_flight_days, T.perilune_altitude_km,
                                  T.lunar_inclination_deg, park_alt)
    aim = _aim_summary(aimed)
    t0 = aimed.launch_epoch
    t_tli = aimed.tli_epoch
    t_ins = t0 + res.cutoff_time_s * u.s

    r_g, v_g = launch_frame_to_gcrs(res.final_state, t0)
    orbit = parking_orbit(r_g, v_g, t_ins)

    events = [Event("Lift-off", t0, "launch", detail=f"{vehicle.name} from {L.site_name}, "
                    f"azimuth {az:.2f} deg")]
    for name, te in sorted(res.events.items(), key=lambda kv: kv[1]):
        if name in ("Second-stage cut-off (SECO)",):
            continue
        events.append(Event(name, t0 + te * u.s, "ascent", detail=f"T+{te:.1f} s"))
    events.append(Event("Parking-orbit insertion (SECO-1)", t_ins, "parking_orbit",
                        detail=f"{el['perigee_alt_km']:.1f} x {el['apogee_alt_km']:.1f} km, "
                               f"i {el['inclination_deg']:.3f} deg, T+{res.cutoff_time_s:.1f} s"))
    tli_extra = {}
    coast = float((t_tli - t_ins).to_value("s"))
    if L.tli_by_upper_stage:
        post = post_parking_propellant_kg(vehicle, res.final_state, TargetSpec("c3", L.tli_c3_km2_s2))
        events.append(Event("Parking-orbit coast", t_ins, "parking_orbit", duration_s=coast,
                            detail="coast to the targeted TLI point"))
        # The TLI event itself comes from the transfer stage (it owns the TLI Δv and epoch);
        # the launcher's finite-burn estimate goes to the summary (tli_burn_s).
        tli_extra = {"tli_propellant_kg": round(post["restart_burn_propellant_kg"], 1),
                     "tli_burn_s": round(post["restart_burn_s"], 1)}

    infeasible = []
    if margin < 0:
        infeasible.append(Infeasibility(
            "launch", "payload capacity", round(-margin, 1), "kg",
            f"{vehicle.name} delivers {capacity:,.0f} kg to {target_name}, the stack is "
            f"{stack:,.0f} kg"))
    if window_note and not windows:
        infeasible.append(Infeasibility("launch", "launch window", 24.0, "h", window_note))
    published = _published_reference(vehicle.name, L, capacity, stack)
    summary = LaunchSummary(
        vehicle=vehicle.name,
        site=L.site_name,
        target=target_name,
        payload_capacity_kg=round(float(capacity), 1),
        stack_mass_kg=float(stack),
        margin_kg=round(float(margin), 1),
        capacity_converged=bool(converged),
        launch_epoch_utc=t0.utc.isot[:23] + "Z",
        azimuth_deg=round(float(az), 3),
        injection_epoch_utc=t_ins.utc.isot[:23] + "Z",
        tli_epoch_utc=t_tli.utc.isot[:23] + "Z",
        injection_orbit=InjectionOrbit(
            perigee_alt_km=round(float(el["perigee_alt_km"]), 3),
            apogee_alt_km=round(float(el["apogee_alt_km"]), 3),
            inclination_deg=round(float(el["inclination_deg"]), 4),
        ),
        injection_converged=bool(sol.converged),
        window_note=window_note,
        **aim,
        events_s={k: round(v, 2) for k, v in res.events.items()},
        max_dynamic_pressure_kPa=round(float(np.max(res.history[:, 10])) / 1e3, 2),
        launch_windows=[w.to_dict() for w in windows],
        model="3-DOF ascent, J2 rotating Earth, US76 + generic Cd(M); propellant loads from "
              "the H3 TF2 timeline, second-stage dead mass calibrated on JAXA's H3-24 "
              "lunar-transfer capacity (lupex.launch.vehicles, lupex.launch.calibration)",
        published_reference=published,
        **tli_extra,
    ).to_json()
    handoff = {
        "launch_epoch": t0,
        "parking_orbit": orbit,
        "injection_epoch": t_ins,
        "tli_epoch": t_tli,
        "tli_by_upper_stage": bool(L.tli_by_upper_stage),
    }

    def write_products(out_dir):
        from lupex.launch import ascent_profile_figure, ground_track_figure, time_histories
        from lupex.plotstyle import savefig

        hist = time_histories(res, site_lat_deg=lat, site_lon_deg=lon)
        paths = []
        p = out_dir / "ascent_profile.png"
        savefig(ascent_profile_figure(hist, res.events, f"{vehicle.name} ascent, payload "
                                      f"{flown_payload:,.0f} kg"), p)
        paths.append(p)
        p = out_dir / "ground_track.png"
        savefig(ground_track_figure(hist, site_lat_deg=lat, site_lon_deg=lon), p)
        paths.append(p)
        p = out_dir / "ascent_events.csv"
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["event", "time_after_liftoff_s", "epoch_utc"])
            for name, te in sorted(res.events.items(), key=lambda kv: kv[1]):
                w.writerow([name, f"{te:.2f}", (t0 + te * u.s).utc.isot[:23] + "Z"])
        paths.append(p)
        if L.tli_by_upper_stage:
            from lupex.launch import payload_c3_figure, payload_vs_c3

            c3 = np.linspace(-3.0, 5.0, 9)
            curve = payload_vs_c3(vehicle, c3, "restart", azimuth_deg=az, site_lat_deg=lat,
                                  site_lon_deg=lon)
            p = out_dir / "payload_vs_c3.png"
            pub_c3 = None
            if published is not None:
                words = "more than" if published.qualifier == "at_least" else "about"
                pub_c3 = (published.c3_km2_s2, published.payload_kg,
                          f"JAXA: {words} {published.payload_kg:,.0f} kg (published)")
            savefig(payload_c3_figure({"parking orbit + restart (model)": curve}, vehicle.name,
                                      marker=(L.tli_c3_km2_s2, stack), published=pub_c3), p)
            paths.append(p)
        p = out_dir / "ascent_history.csv"
        keys = list(hist)
        np.savetxt(p, np.column_stack([hist[k] for k in keys]), delimiter=",",
                   header=",".join(keys), comments="", fmt="%.6g")
        paths.append(p)
        return paths

    return StageResult(stage="launch", summary=summary, events=tuple(events),
                       infeasibilities=tuple(infeasible), not_modelled=(), handoff=handoff,
                       write_products=write_products)


def _aim_summary(aim) -> dict:
    """The summary keys of a :class:`lupex.launch.departure.TransferPlaneAim` (rounded)."""
    return {
        "liftoff_shift_for_transfer_plane_s": round(aim.liftoff_shift_s, 1),
        "parking_raan_deg": round(aim.parking_raan_deg, 3),
        "transfer_parking_raans_deg": [round(n, 3) for n in aim.transfer_parking_raans_deg],
        "parking_raan_residual_deg": round(aim.parking_raan_residual_deg, 4),
        "tli_arg_lat_residual_deg": round(aim.tli_arg_lat_residual_deg, 4),
        "parking_coast_s": round(aim.parking_coast_s, 1),
    }
