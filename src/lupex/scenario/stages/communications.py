"""Adapter for communications: direct-to-Earth contact from the landing site through each
agency's ground stations over the surface mission, and the rover's downlink volume.

Contact with a station is possible when the Earth is above the site's terrain horizon (the
landing stage's horizon engine, at the rover's antenna height) AND the Moon is above the
station's elevation mask (DE421, the station on the ITRS Earth): :mod:`lupex.operations`. The
rover's downlink goes through its operator's stations (and, with ``cross_support``, every
agency's), at the rate of the best station in contact at each step. The section is built as a
:class:`lupex.scenario.summaries.CommunicationsSummary`.
"""

from __future__ import annotations

import astropy.units as u
import numpy as np

from lupex.errors import Infeasibility
from lupex.scenario.summaries import CommunicationsSummary, Station
from lupex.stage import StageResult
from lupex.timeline import Event

#: Agencies in the order they are reported.
AGENCIES = ("ISRO", "JAXA", "NASA", "ESA")


def chosen_stations(scenario):
    """The stations of each agency the scenario uses (its list, else all active ones)."""
    from lupex.operations import load_stations, select_stations

    table = {s.id: s for s in load_stations()}
    out = []
    for agency in AGENCIES:
        ids = scenario.operations.stations.get(agency)
        out.extend(table[i] for i in ids) if ids else out.extend(
            select_stations(agency=agency))
    return tuple(out)


def run(scenario, handoff: dict) -> StageResult:
    """Contact windows and downlink over the surface mission; not modelled without a landing."""
    landing = handoff.get("landing_epoch")
    if landing is None:
        return StageResult(stage="communications", summary=None, not_modelled=(
            "communications (no landing epoch: the surface mission's dates are unknown)",))
    from lupex.ephemeris import to_time
    from lupex.operations import (ROVER_HGA, ROVER_LGA, agency_rate_bps, contact_fraction,
                                  data_rate_bps, longest_gap_hours, passes,
                                  station_g_over_t_db_k, station_view, volume_bits)
    from lupex.site import analyze_site

    ops, sf = scenario.operations, scenario.surface
    lat, lon = handoff.get("landing_site") or (scenario.landing.lat_deg,
                                               scenario.landing.lon_deg)
    lat, lon = float(lat), float(lon) % 360.0
    antenna_h = float(scenario.rover.panel_height_m)
    step_h = float(sf.time_step_h)
    t0 = to_time(landing, "landing_epoch")
    t1 = t0 + sf.duration_days * u.day
    site = analyze_site(lat, lon, antenna_h, t0, t1, step_h)
    times, earth = site.times, np.asarray(site.earth_visible, dtype=bool)
    stations = chosen_stations(scenario)
    point = (lat, lon, float(site.horizon.ground_m) + antenna_h)
    link = ROVER_HGA if ops.rover_antenna == "hga" else ROVER_LGA
    contact, rates, g_over_t = {}, {}, {}
    for st in stations:
        view = station_view(st, times, point)
        contact[st.id] = earth & view.visible
        g_over_t[st.id] = station_g_over_t_db_k(st)
        rates[st.id] = data_rate_bps(link, view.range_m, g_over_t[st.id][0], contact[st.id])
    by_agency = {a: np.logical_or.reduce([contact[s.id] for s in stations if s.agency == a])
                 for a in AGENCIES if any(s.agency == a for s in stations)}
    any_contact = np.logical_or.reduce(list(by_agency.values()))
    capacity = {a: volume_bits(agency_rate_bps(rates, stations, a), step_h) / 1e9
                for a in by_agency}
    rover_agencies = tuple(by_agency) if ops.cross_support else (ops.rover_operator,)
    rover_rate = np.max([agency_rate_bps(rates, stations, a) for a in rover_agencies
                         if a in by_agency] or [np.zeros(len(times))], axis=0)
    rover_capacity = volume_bits(rover_rate, step_h) / 1e9
    sites = int(handoff.get("drill_sites_visited", sf.waypoints_n))
    need = sites * ops.science_data_gbit_per_site
    feasible = rover_capacity >= need
    summary = CommunicationsSummary(**{
        "period_start_utc": t0.utc.isot + "Z",
        "period_stop_utc": t1.utc.isot + "Z",
        "step_h": step_h,
        "stations": [Station(id=s.id, name=s.name, agency=s.agency, dish_m=s.diameter_m,
                             mask_deg=s.elevation_mask_deg, status=s.status,
                             g_over_t_db_k=round(float(g_over_t[s.id][0]), 2),
                             g_over_t_source=g_over_t[s.id][1]) for s in stations],
        "earth_above_horizon_fraction": round(float(earth.mean()), 4),
        "contact_fraction": {a: round(contact_fraction(m), 4) for a, m in by_agency.items()},
        "contact_fraction_any": round(contact_fraction(any_contact), 4),
        "longest_gap_hours": {a: longest_gap_hours(m, step_h) for a, m in by_agency.items()},
        "downlink_capacity_gbit": {a: round(v, 3) for a, v in capacity.items()},
        "lander_operator": ops.lander_operator,
        "rover_operator": ops.rover_operator,
        "cross_support": ops.cross_support,
        "rover_antenna": link.name,
        "rover_downlink_capacity_gbit": round(rover_capacity, 3),
        "science_data_gbit": round(need, 3),
        "drill_sites": sites,
        "downlink_feasible": bool(feasible),
        "note": ("contact = Earth above the site's terrain horizon at the rover's antenna height "
                 "AND the Moon above the station's elevation mask; rates from an X-band link "
                 "budget whose rover parameters are labelled assumptions (lupex.operations.link); "
                 "one station per agency at a time (the best); no weather, no station scheduling "
                 "conflicts with other missions"),
    }).to_json()
    infeasible = () if feasible else (Infeasibility(
        stage="communications", quantity="rover downlink volume",
        shortfall=round(need - rover_capacity, 3), unit="Gbit",
        detail=(f"the rover can downlink {rover_capacity:,.1f} Gbit through "
                f"{', '.join(rover_agencies)} stations but its {sites} drill sites need "
                f"{need:,.1f} Gbit")),)
    events = []
    for agency in dict.fromkeys((ops.lander_operator, ops.rover_operator)):
        if agency not in by_agency:
            continue
        for p in passes(times, by_agency[agency], step_h):
            events.append(Event(f"DTE pass, {agency} stations", p.start, "surface_operations",
                                duration_s=p.duration_h * 3600.0,
                                detail=f"{p.duration_h:.0f} h of contact"))
    sun_up = np.asarray(site.sun_elevation_deg) > np.asarray(site.sun_horizon_deg)

    def write_products(out_dir):
        from pathlib import Path

        from lupex.operations.plots import plot_contact
        from lupex.plotstyle import savefig

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        fig = plot_contact(step_h, sun_up, earth, by_agency, t0.utc.isot[:16] + " UTC",
                           rover_agencies)
        savefig(fig, out / "contact.png")
        return [out / "contact.png"]

    return StageResult(stage="communications", summary=summary, events=tuple(events),
                       infeasibilities=infeasible, write_products=write_products)
