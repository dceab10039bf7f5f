"""``lupex sweep SCENARIO --vary KEY=SPEC ... --out DIR``: many variants of a scenario, resumable.

Examples::

    lupex sweep scenarios/baseline.toml --vary launch.date=2028-06-01..2028-07-01:1d \\
        --vary rover.mass_kg=250,350 --out results/sweep
    lupex sweep scenarios/baseline.toml --vary landing.site=[ridge,bussey2010_most_illuminated] \\
        --samples 1000 --seed 42 --disperse lander_isp_frac=0.005 --out results/mc
    lupex sweep scenarios/baseline.toml --vary rover.mass_kg=250..350:10 \\
        --scheduler tcp://127.0.0.1:8786 --out results/sweep

Killed part way, the same command resumes: finished cases are read from DIR/cases/.
"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser(
        "sweep",
        help="run many variants of a scenario (grid and Monte Carlo), locally or on dask",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("scenario", help="scenario TOML file, or the name of a shipped scenario "
                                       "(`lupex scenarios list`)")
    p.add_argument("--vary", action="append", default=[], metavar="KEY=SPEC",
                   help="dotted scenario key and its values: a..b:step (dates: step in d or h), "
                        "a,b,c or [a,b,c]; landing.site takes named sites. Repeat for a grid.")
    p.add_argument("--out", required=True, help="output directory (new, empty, or an earlier "
                                                "sweep to resume)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing dask.distributed scheduler, e.g. tcp://host:8786")
    p.add_argument("--workers", type=int, help="local worker processes (default: CPUs available)")
    p.add_argument("--samples", type=int, help="Monte Carlo samples per varied case")
    p.add_argument("--seed", type=int, help="Monte Carlo seed (required with --samples)")
    p.add_argument("--disperse", action="append", default=[], metavar="NAME=SIGMA",
                   help="1-sigma dispersion: tli_dv_frac, tli_pointing_deg, nav_position_m, "
                        "nav_velocity_m_s, lander_isp_frac, lander_thrust_frac")
    p.add_argument("--safe-radius-m", type=float,
                   help="radius of the site's safe landing area, m (for the dispersion ellipse)")
    p.add_argument("--plot", action="append", default=None, metavar="FIGURE",
                   help="column of cases.csv to plot against the varied keys (repeatable; "
                        "default: up to 6 numeric figures that change across cases)")
    p.add_argument("--evaluator", default="full",
                   help="what each case computes: full (default, the whole scenario), "
                        "work_split (mass split only, fast), or MODULE:FUNCTION (Scenario -> dict)")
    p.add_argument("--force", action="store_true",
                   help="discard the cached cases and results lupex wrote in --out and "
                        "recompute everything (files lupex did not write are never touched)")
    p.add_argument("--quiet", action="store_true",
                   help="print nothing but errors and the count of failed cases")
    p.add_argument("--yes", action="store_true",
                   help="run a sweep of more than 100,000 cases (refused without it)")
    p.set_defaults(handler=handle)


def handle(args) -> int:
    from lupex.cli.console import Console
    from rich.markup import escape
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    from lupex.sweep.execute import SweepAborted
    from lupex.sweep.montecarlo import DispersionSpec
    from lupex.sweep.run import run_sweep

    dispersion = DispersionSpec.from_options(args.disperse) if args.disperse else None
    err = Console(stderr=True, quiet=args.quiet)
    failures = Console(stderr=True, soft_wrap=True)  # printed even with --quiet
    # SIGTERM stops the sweep like Ctrl-C (lupex.cli.main raises it as a KeyboardInterrupt):
    # workers stopped, finished cases kept in the cache, the lock on --out removed.
    progress = Progress(
        TextColumn("[bold]{task.description}[/bold]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TimeRemainingColumn(),
        console=err, transient=False, disable=args.quiet,
    )
    state = {"task": None}

    def on_start(phase, total, cached):
        state["task"] = progress.add_task(phase, total=total, completed=cached,
                                          note=f"{phase}: {cached} cached")
        err.print(f"{phase}: {total} cases, {cached} cached in {escape(str(args.out))}/cases, "
                  f"{total - cached} to run")

    def on_result(rec, cached):
        if not cached and state["task"] is not None:
            progress.advance(state["task"])

    try:
        with progress:
            result = run_sweep(
                args.scenario, args.vary, args.out, scheduler=args.scheduler,
                workers=args.workers, samples=args.samples, seed=args.seed,
                dispersion=dispersion, safe_radius_m=args.safe_radius_m, plot=args.plot,
                evaluator=args.evaluator, force=args.force, on_start=on_start,
                on_result=on_result, yes=args.yes,
            )
    except SweepAborted as exc:
        failures.print(f"[red]lupex: sweep stopped:[/red] {escape(str(exc))}")
        return 1
    info = result.info
    if not args.quiet:
        out = Console()
        rate = info["computed"] / info["wall_s"] if info["wall_s"] > 0 and info["computed"] else 0
        out.print(
            f"{len(result.cases)} cases; tasks: {info['cached']} cached, {info['computed']} "
            f"computed, "
            f"{info['failed']} failed, on {info['executor']} in {info['wall_s']:.1f} s"
            + (f" ({rate:.2f} tasks/s)" if rate else "")
        )
        if result.montecarlo is not None:
            mc = result.montecarlo
            out.print(f"Monte Carlo: {mc['samples']} samples, seed {mc['seed']}; dispersed: "
                      f"{', '.join(mc['applied']) or 'nothing (see below)'}")
            for name, why in mc["not_dispersed"].items():
                out.print(f"  [yellow]not dispersed[/yellow] {name}: {escape(str(why))}")
        out.print(f"wrote {len(result.paths)} files to [bold]{escape(str(result.out_dir))}[/bold]")
    if info["failed"]:
        rec = result.records[info["failed_hashes"][0]]
        tasks = info["cached"] + info["computed"] + info["failed"]
        failures.print(f"[red]lupex: {info['failed']} of {tasks} tasks failed[/red] (not cached; "
                       f"rerun to retry), e.g. {escape(str(rec['error']))}")
        return 1
    return 0
