"""``lupex rover plan SCENARIO [--json] [--out DIR] [--landing-epoch ISO]``: plan the rover traverse.

Plans the surface mission of a scenario from touchdown: terrain (real LOLA + labelled synthetic
detail), Sun/Earth visibility, route through the drill sites, battery. The touchdown epoch comes
from ``--landing-epoch`` or, without it, from running the scenario's upstream stages (launch,
transfer, landing). Prints distance_km, waypoints_visited, duration_days, min_state_of_charge,
feasible (the 'surface' section; ``--json`` prints it whole); ``--out`` writes the plots
(route over hillshade and illumination, elevation/slope profile, state of charge, timeline).
"""

from __future__ import annotations

import contextlib
import json
import sys


def register(sub) -> None:
    p = sub.add_parser("rover", help="rover traverse: route, energy and surface timeline")
    rsub = p.add_subparsers(dest="rover_command", metavar="SUBCOMMAND")
    t = rsub.add_parser("plan", help="plan the surface traverse of a scenario")
    t.add_argument("scenario", help="scenario TOML file")
    t.add_argument("--json", action="store_true", help="print the surface section as JSON")
    t.add_argument("--out", help="directory for the plots (new or empty)")
    t.add_argument("--force", action="store_true",
                   help="replace the plots lupex wrote earlier in --out (files lupex did not "
                        "write are never touched)")
    t.add_argument("--landing-epoch", help="touchdown epoch (UTC ISO), instead of running the "
                                           "upstream stages")
    t.set_defaults(handler=handle_plan)
    p.set_defaults(handler=lambda args: (p.print_help(), 2)[1])


def _landing_handoff(scenario, landing_epoch) -> dict:
    from lupex.ephemeris import to_time
    from lupex.errors import InputError

    if landing_epoch:
        return {"landing_epoch": to_time(landing_epoch, "--landing-epoch")}
    from lupex.scenario.stages import STAGES

    handoff: dict = {}
    for name, adapter in STAGES:
        if name == "surface":
            break
        handoff.update(adapter.run(scenario, handoff).handoff)
    if handoff.get("landing_epoch") is None:
        raise InputError("--landing-epoch", None,
                         "a touchdown epoch (UTC ISO): the scenario's upstream stages did not "
                         "produce one")
    return handoff


def handle_plan(args) -> int:
    from lupex.cli.console import Console

    from lupex.output import OutputDir
    from lupex.scenario import load_scenario
    from lupex.scenario.stages.surface import run

    scenario = load_scenario(args.scenario)
    # --out is checked and locked before computing; the plots are moved into place when complete
    with OutputDir(args.out, args.force, command="rover plan") if args.out is not None \
            else contextlib.nullcontext() as od:
        console = Console(stderr=True, quiet=args.json)
        with console.status("planning the traverse"):
            handoff = _landing_handoff(scenario, args.landing_epoch)
            res = run(scenario, handoff)
        summary = res.summary or {}
        summary = dict(summary)
        summary["feasible"] = res.feasible
        summary["infeasibilities"] = [i.to_dict() for i in res.infeasibilities]
        if od is not None:
            with od.staging() as tmp:
                paths = res.write_products(tmp) if res.write_products else []
            summary["products"] = [str(od.final(p)) for p in paths]
    if args.json:
        json.dump(summary, sys.stdout, indent=2, allow_nan=False, default=str)
        sys.stdout.write("\n")
        return 0
    c = Console()
    feas = {True: "[green]yes[/green]", False: "[red]NO[/red]", None: "not modelled"}[res.feasible]
    from rich.markup import escape

    c.print(f"[bold]{escape(scenario.mission.name)}[/bold] — rover traverse feasible: {feas}")
    for k in ("distance_km", "waypoints_visited", "waypoints_planned", "duration_days",
              "min_state_of_charge", "egress_epoch_utc", "time_driving_h", "time_waiting_h",
              "time_waiting_for_contact_h", "time_hibernating_h", "time_drilling_h"):
        if k in summary:
            c.print(f"  {k} = {summary[k]}")
    if "terrain" in summary:
        c.print(f"  terrain: {summary['terrain']['source']}")
    for i in summary["infeasibilities"]:
        c.print(f"  [red]✗[/red] {i['detail']}")
    return 0
