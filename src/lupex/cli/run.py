"""``lupex run SCENARIO --out DIR``: run a whole mission scenario and write its results."""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("run", help="run a scenario file and write summary.json, timeline and plots")
    p.add_argument("scenario", help="scenario TOML file, or the name of a shipped scenario "
                                       "(`lupex scenarios list`)")
    p.add_argument("--out", required=True, help="output directory (new or empty; with --force, one holding earlier lupex results)")
    p.add_argument("--force", action="store_true", help="replace the results lupex wrote earlier in --out (files lupex did not write are never touched)")
    p.add_argument("--json", action="store_true", help="print summary.json to stdout")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(handler=handle)
    c = sub.add_parser("check", help="validate a scenario file and print it with defaults filled in")
    c.add_argument("scenario", help="scenario TOML file, or the name of a shipped scenario")
    c.add_argument("--explain", action="store_true",
                   help="print each key with its value, default, unit, source and meaning "
                        "instead of the JSON")
    c.set_defaults(handler=handle_check)


def handle_check(args) -> int:
    from lupex.scenario import load_scenario
    from lupex.scenario.stages.surface import check_site_terrain

    scenario = load_scenario(args.scenario)
    check_site_terrain(scenario)  # the same checks as `lupex run` makes before computing
    if getattr(args, "explain", False):
        from lupex.scenario.explain import explain, format_explanation

        sys.stdout.write(format_explanation(explain(scenario)))
    else:
        json.dump(scenario.model_dump(mode="json"), sys.stdout, indent=2)
        sys.stdout.write("\n")
    print(f"{args.scenario}: valid", file=sys.stderr)
    return 0


def handle(args) -> int:
    from lupex.cli.console import Console
    from rich.markup import escape

    from lupex.output import OutputDir
    from lupex.scenario import load_scenario, run_scenario, write_results
    from lupex.scenario.runner import RUN_FILES

    scenario = load_scenario(args.scenario)
    console = Console(stderr=True, quiet=args.quiet or args.json)
    # checked and locked before spending time computing; written only when complete
    with OutputDir(args.out, args.force, command="run", expected=RUN_FILES) as od:
        if first_run_compiles():
            console.print("lupex: the first run compiles lupex's numerical kernels (about a "
                          "minute more); later runs reuse them")
        with StageProgress(console) as progress:
            result = run_scenario(scenario, source=str(args.scenario), progress=progress)
            progress("writing results")
            paths = write_results(result, od)
    if args.json:
        json.dump(result.summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif not args.quiet:
        print_summary(result.summary, Console())
        Console().print(f"wrote {len(paths)} files to [bold]{escape(str(args.out))}[/bold]")
    return 0


def first_run_compiles() -> bool:
    """Whether numba's on-disk cache holds no compiled kernel of lupex yet (a first run, or a
    fresh install): the kernels are compiled, once, during the run."""
    from pathlib import Path

    import lupex

    root = Path(lupex.__file__).resolve().parent
    return not any(root.glob("*/__pycache__/*.nbi"))


class StageProgress:
    """Progress of ``lupex run``: each stage with its number and the elapsed time. On a terminal
    a status line is updated in place; otherwise (a log, a pipe, CI) one line per stage is
    printed, so a long run is never silent."""

    def __init__(self, console):
        import time

        from lupex.scenario.runner import STAGES

        self.console = console
        self.total = len(STAGES)
        self.n = 0
        self.t0 = time.monotonic()
        self._status = None

    def __enter__(self):
        if self.console.is_terminal:
            self._status = self.console.status("starting")
            self._status.__enter__()
        return self

    def __exit__(self, *exc):
        if self._status is not None:
            self._status.__exit__(*exc)
        return False

    def __call__(self, stage: str) -> None:
        import time

        elapsed = time.monotonic() - self.t0
        if stage == "writing results":
            text = f"{stage} ({elapsed:.0f} s)"
        else:
            self.n += 1
            text = f"stage {self.n}/{self.total}: {stage} ({elapsed:.0f} s elapsed)"
        if self._status is not None:
            self._status.update(text)
        else:
            self.console.print(f"lupex: {text}", highlight=False)


def print_summary(summary: dict, console) -> None:
    from rich.markup import escape
    from rich.table import Table

    feasible = {True: "[green]yes[/green]", False: "[red]NO[/red]", None: "not fully modelled"}
    console.print(
        f"[bold]{escape(summary['scenario']['name'])}[/bold] — feasible: {feasible[summary['feasible']]}"
    )
    for inf in summary["infeasibilities"]:
        console.print(f"  [red]✗[/red] {inf['stage']}: {escape(inf['detail'])} "
                      f"(short by {inf['shortfall']:g} {inf['unit']})")
    t = Table(title="Timeline", show_lines=False)
    for col in ("epoch (UTC)", "event", "owner"):
        t.add_column(col)
    for r in summary["timeline"]:
        t.add_row(r["epoch_utc"][:16].replace("T", " "), escape(r["event"]), r["owner"])
    console.print(t)
    m = Table(title="Mass by agency (spacecraft, kg)")
    m.add_column("agency")
    m.add_column("mass kg", justify="right")
    m.add_column("elements")
    for agency, row in summary["work_split"].items():
        m.add_row(agency, f"{row['mass_kg']:,.1f}", escape(", ".join(row["elements"])))
    console.print(m)
    keys = {
        "launch": ("vehicle", "payload_capacity_kg", "margin_kg"),
        "transfer": ("tli_dv_m_s", "time_of_flight_days", "total_lander_dv_m_s",
                     "propellant_margin_kg", "propellant_offloadable_kg", "dv_margin_m_s"),
        "landing": ("sun_fraction", "earth_fraction", "longest_dark_hours", "slope_deg"),
        "surface": ("distance_km", "waypoints_visited", "min_state_of_charge"),
    }
    s = Table(title="Stages")
    s.add_column("stage")
    s.add_column("figures")
    for stage, fields in keys.items():
        sec = summary.get(stage)
        if sec is None:
            s.add_row(stage, "[dim]not modelled[/dim]")
            continue
        parts = []
        for k in fields:
            if k in sec and sec[k] is not None:
                v = sec[k]
                parts.append(f"{k} = {v:,.4g}" if isinstance(v, float) else f"{k} = {v}")
        pub = sec.get("published_reference") if stage == "launch" else None
        if isinstance(pub, dict):
            parts.append(f"margin vs JAXA's published {pub['payload_kg']:,.0f} kg = "
                         f"{pub['margin_kg']:,.0f} kg")
        s.add_row(stage, "; ".join(parts))
    console.print(s)
    pub = (summary.get("launch") or {}).get("published_reference")
    if isinstance(pub, dict) and str(pub.get("note", "")).startswith("WARNING"):
        console.print(f"[yellow]launch: {escape(pub['note'])}[/yellow]")
