"""``lupex transfer``: target the Earth–Moon transfer of a scenario, or sweep a month of dates.

- ``lupex transfer target SCENARIO [--json] [--out DIR]``: TLI-to-touchdown plan of the scenario
  (the transfer stage alone, with the parking orbit from [launch]); prints the key figures and
  the Δv budget, or the whole ``transfer`` section as JSON; ``--out`` also writes the plots and
  the CCSDS OEM file.
- ``lupex transfer sweep SCENARIO --month YYYY-MM --out DIR [--processes N] [--tli-time HH:MM]
  [--days 1,2,15] [--tof-days 3.5,4.5]``: one plan per day (and targeted time of flight), table
  (CSV + JSON) and plots (sweep.csv, sweep.json, sweep.png, and porkchop.png: departure against
  arrival date coloured by total Δv, the scenario's own launch date and time of flight ringed).
"""

from __future__ import annotations

import contextlib
import json
import sys


def register(sub) -> None:
    p = sub.add_parser("transfer", help="Earth–Moon transfer: targeting, LOI, descent, sweep")
    tsub = p.add_subparsers(dest="transfer_command", metavar="SUBCOMMAND")
    t = tsub.add_parser("target", help="plan TLI to touchdown for a scenario")
    t.add_argument("scenario", help="scenario TOML file")
    t.add_argument("--json", action="store_true", help="print the transfer section as JSON")
    t.add_argument("--out", help="directory for plots and the OEM file (new or empty)")
    t.add_argument("--force", action="store_true",
                   help="replace the results lupex wrote earlier in --out (files lupex did not "
                        "write are never touched)")
    t.set_defaults(handler=handle_target)
    s = tsub.add_parser("sweep", help="launch-date sweep over a month (parallel processes)")
    s.add_argument("scenario", help="scenario TOML file")
    s.add_argument("--month", required=True, help="month to sweep, YYYY-MM")
    s.add_argument("--out", required=True, help="output directory (new or empty)")
    s.add_argument("--force", action="store_true",
                   help="replace the results lupex wrote earlier in --out (files lupex did not "
                        "write are never touched)")
    s.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    s.add_argument("--tli-time", default="06:00", help="TLI time of day, UTC HH:MM (default 06:00)")
    s.add_argument("--days", help="only these days of the month, e.g. 1,2,15 (default: all)")
    s.add_argument("--tof-days", help="targeted times of flight, days, e.g. 3.5,4.5,5.5: one plan "
                   "per day and time of flight, for the porkchop (default: the scenario's)")
    s.add_argument("--json", action="store_true", help="print the table as JSON")
    s.set_defaults(handler=handle_sweep)
    p.set_defaults(handler=lambda args: (p.print_help(), 2)[1])


def _plan_kwargs(scenario) -> dict:
    from lupex.transfer import LanderParams

    sc, tr, ld, la = scenario.spacecraft, scenario.transfer, scenario.landing, scenario.launch
    return dict(
        parking_altitude_km=la.parking_orbit_altitude_km,
        parking_inclination_deg=abs(la.site_lat_deg),
        transfer_type=tr.type, time_of_flight_days=tr.time_of_flight_days,
        perilune_altitude_km=tr.perilune_altitude_km,
        lunar_inclination_deg=tr.lunar_inclination_deg, site_lat_deg=ld.lat_deg,
        site_lon_deg=ld.lon_deg,
        lander=LanderParams(sc.stack_mass_kg, sc.lander_dry_mass_kg,
                            sc.lander_propellant_capacity_kg, sc.lander_isp_s,
                            sc.lander_thrust_n),
        tli_by_upper_stage=la.tli_by_upper_stage,
        capture_apolune_altitude_km=tr.capture_apolune_altitude_km,
        circular_altitude_km=tr.circular_orbit_altitude_km, lowering_days=tr.lowering_days,
        min_circular_days=tr.min_circular_orbit_days, pdi_altitude_km=tr.pdi_altitude_km,
        tca_allowance_m_s=tr.tca_allowance_m_s, margin_percent=tr.dv_margin_percent,
    )


def handle_target(args) -> int:
    from lupex.cli.console import Console
    from rich.table import Table

    from lupex.output import OutputDir
    from lupex.scenario import load_scenario
    from lupex.scenario.stages.transfer import run

    scenario = load_scenario(args.scenario)
    # --out is checked and locked before computing; the old results stay until the new are written
    with OutputDir(args.out, args.force, command="transfer target") if args.out is not None \
            else contextlib.nullcontext() as od:
        res = run(scenario, {})
        summary = res.summary
        summary["infeasibilities"] = [i.to_dict() for i in res.infeasibilities]
        if od is not None:
            with od.staging() as tmp:
                paths = res.write_products(tmp)
            summary["products"] = [str(od.final(p)) for p in paths]
    if args.json:
        json.dump(summary, sys.stdout, indent=2, allow_nan=False)
        sys.stdout.write("\n")
        return 0
    con = Console()
    keys = ("tli_epoch_utc", "tli_dv_m_s", "time_of_flight_days", "arrival_perilune_altitude_km",
            "lunar_orbit_inclination_deg", "loi_dv_m_s", "lowering_dv_m_s", "descent_dv_m_s",
            "total_lander_dv_m_s", "propellant_margin_kg", "propellant_offloadable_kg",
            "dv_margin_m_s", "wait_in_lunar_orbit_days",
            "landing_epoch_utc", "sun_elevation_at_landing_deg", "earth_elevation_at_landing_deg")
    for k in keys:
        con.print(f"{k:32s} {summary[k]}")
    t = Table(title="Δv budget")
    for c in ("item", "Δv m/s", "by", "propellant kg"):
        t.add_column(c)
    for r in summary["dv_budget"]:
        t.add_row(r["item"], f"{r['dv_m_s']:,.1f}", r["by"], f"{r['propellant_kg']:,.1f}")
    con.print(t)
    for i in res.infeasibilities:
        con.print(f"[red]✗ {i.detail} (short by {i.shortfall:g} {i.unit})[/red]")
    return 0


def _check_month_in_ephemeris(month: str, scenario) -> None:
    """The whole month, plus the transfer and the lunar-orbit wait after its last day, must lie
    inside DE421: refused before any day is computed."""
    import astropy.units as u

    from lupex.ephemeris import to_time
    from lupex.transfer.sweep import month_days

    n = len(month_days(month))
    tr = scenario.transfer
    first = to_time(f"{month}-01", "--month")
    span = n + tr.time_of_flight_days + tr.lowering_days + tr.min_circular_orbit_days + 2.0
    to_time(first + span * u.day, f"--month {month} (its last day's transfer and lunar orbit)")


def handle_sweep(args) -> int:
    from lupex.errors import InputError
    from lupex.output import OutputDir
    from lupex.plotstyle import savefig
    from lupex.scenario import load_scenario
    from lupex.transfer.plots import plot_porkchop, plot_sweep
    from lupex.transfer.sweep import month_days, sweep_month, write_sweep_csv

    scenario = load_scenario(args.scenario)
    month_days(args.month)
    if args.processes < 1 or args.processes > 64:
        raise InputError("--processes", args.processes, "1 .. 64")
    tli = args.tli_time.strip()
    parts = tli.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts) or int(parts[0]) > 23 \
            or int(parts[1]) > 59:
        raise InputError("--tli-time", args.tli_time, "a UTC time of day HH:MM")
    if len(parts) == 2:
        tli += ":00"
    days = None
    if args.days is not None:
        try:
            days = [int(x) for x in args.days.split(",")]
        except ValueError:
            raise InputError("--days", args.days, "comma-separated day numbers, e.g. 1,2,15") \
                from None
        if len(set(days)) != len(days):
            raise InputError("--days", args.days, "distinct day numbers (each day once)")
    tofs = None
    if args.tof_days is not None:
        try:
            tofs = [float(x) for x in args.tof_days.split(",")]
        except ValueError:
            raise InputError("--tof-days", args.tof_days,
                             "comma-separated times of flight in days, e.g. 3.5,4.5") from None
        if len(set(tofs)) != len(tofs) or not all(2.5 <= x <= 8.0 for x in tofs):
            raise InputError("--tof-days", args.tof_days, "distinct times of flight, 2.5 .. 8 days")
    _check_month_in_ephemeris(args.month, scenario)
    files = ("sweep.csv", "sweep.json", "sweep.png", "porkchop.png")
    base_date = scenario.launch.date
    base_date = (base_date.date() if hasattr(base_date, "date") else base_date).isoformat()
    baseline = (base_date, float(scenario.transfer.time_of_flight_days))
    with OutputDir(args.out, args.force, command="transfer sweep", expected=files) as od:
        kw = {} if tofs is None else {"tofs_days": tofs}
        rows = sweep_month(args.month, tli, args.processes, days=days, **kw,
                           **_plan_kwargs(scenario))
        with od.staging() as tmp:
            write_sweep_csv(rows, tmp / "sweep.csv")
            (tmp / "sweep.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
            savefig(plot_sweep(rows), tmp / "sweep.png")
            savefig(plot_porkchop(rows, baseline), tmp / "porkchop.png")
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for r in rows:
            if r.get("error"):
                print(f"{r['date']}  error: {r['error']}")
            else:
                print(f"{r['date']}  TLI {r['tli_dv_m_s']:8.1f} m/s  TOF "
                      f"{r['time_of_flight_days']:.2f} d  lander {r['total_lander_dv_m_s']:7.1f}"
                      f" m/s  wait {r['wait_in_lunar_orbit_days']:5.1f} d"
                      f"  Sun {r['sun_elevation_at_landing_deg']:+6.2f}°"
                      f"  Earth {r['earth_elevation_at_landing_deg']:+6.2f}°")
    failed = [r for r in rows if r.get("error")]
    if failed:
        print(f"lupex: {len(failed)} of {len(rows)} days failed (they are in sweep.csv with their "
              f"error), e.g. {failed[0]['date']}: {failed[0]['error']}", file=sys.stderr)
        return 1
    return 0
