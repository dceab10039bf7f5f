"""``lupex launch performance|ascent``: H3 payload capacity and ascent of a scenario."""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    from lupex.cli import help_and_fail

    p = sub.add_parser("launch", help="H3 launcher: payload performance, ascent of a scenario")
    lsub = p.add_subparsers(dest="launch_command", metavar="SUBCOMMAND")
    pp = lsub.add_parser("performance", help="largest payload of an H3 configuration to a target")
    pp.add_argument("--vehicle", default="H3-24L", help="H3-22S, H3-24L, H3-24W or H3-30S")
    pp.add_argument("--target", default="gto1500",
                    help="gto1500, sso500, leo200 or c3=<km2/s2> (add :direct for direct ascent)")
    pp.add_argument("--azimuth-deg", type=float, default=None,
                    help="launch azimuth (deg from north) inside the range-safety sector")
    pp.add_argument("--json", action="store_true", help="print a JSON object")
    pp.set_defaults(handler=handle_performance)
    pa = lsub.add_parser("ascent", help="fly a scenario's ascent: events table and plots")
    pa.add_argument("scenario", help="scenario TOML file")
    pa.add_argument("--out", default=None, help="directory for plots and CSV (new or empty)")
    pa.add_argument("--force", action="store_true",
                    help="replace the results lupex wrote earlier in --out (files lupex did not "
                         "write are never touched)")
    pa.add_argument("--json", action="store_true", help="print the launch summary as JSON")
    pa.set_defaults(handler=handle_ascent)
    p.set_defaults(handler=lambda args: help_and_fail(p))



def handle_performance(args) -> int:
    from lupex.launch import check_azimuth, get_vehicle, parse_target, payload_capacity

    vehicle = get_vehicle(args.vehicle)  # InputError on an unknown name
    spec = parse_target(args.target, "--target")
    if args.azimuth_deg is not None:
        check_azimuth(args.azimuth_deg, "--azimuth-deg")
    # a solve that does not converge raises SolverError (printed, exit status 2): a capacity is
    # only ever printed when it converged
    perf = payload_capacity(vehicle, spec, azimuth_deg=args.azimuth_deg)
    d = perf.to_dict()
    d["target"] = args.target
    if args.json:
        json.dump(d, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{d['vehicle']} to {d['target']}: {d['payload_kg']:,.0f} kg (converged from "
              f"{sum(s['converged'] for s in d['starts'])} of {len(d['starts'])} starts)")
    return 0


def handle_ascent(args) -> int:
    import contextlib

    from lupex.output import OutputDir
    from lupex.scenario import load_scenario
    from lupex.scenario.stages import launch as adapter

    scenario = load_scenario(args.scenario)
    files = ("ascent_profile.png", "ground_track.png", "ascent_events.csv", "ascent_history.csv")
    # --out is checked and locked before flying; the products are moved into place when complete
    with OutputDir(args.out, args.force, command="launch ascent", expected=files) \
            if args.out is not None else contextlib.nullcontext() as od:
        res = adapter.run(scenario, {})
        paths = []
        if od is not None and res.write_products is not None:
            with od.staging() as tmp:
                paths = [od.final(p) for p in res.write_products(tmp)]
    s = res.summary
    if args.json:
        json.dump(s, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"{s['vehicle']}  lift-off {s['launch_epoch_utc']}  azimuth {s['azimuth_deg']:.2f}°"
              f"  capacity {s['payload_capacity_kg']:,.0f} kg  stack {s['stack_mass_kg']:,.0f} kg"
              f"  margin {s['margin_kg']:,.0f} kg")
        print(f"{'T+ (s)':>9}  {'epoch (UTC)':<24} event")
        t0 = res.events[0].epoch
        for e in res.events:
            dt = (e.epoch - t0).to_value("s")
            print(f"{dt:9.1f}  {e.epoch_utc:<24} {e.name}"
                  + (f"  [{e.duration_s:.0f} s]" if e.duration_s else ""))
        for inf in res.infeasibilities:
            print(f"INFEASIBLE: {inf.detail} (short by {inf.shortfall:g} {inf.unit})")
    if paths:
        print(f"wrote {len(paths)} files to {args.out}", file=sys.stderr)
    return 0
