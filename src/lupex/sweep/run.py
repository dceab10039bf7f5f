"""Compose a whole sweep: expand cases, run them (resumably), write tables, statistics and plots.

Output directory layout::

    DIR/sweep.json            what was asked (scenario, --vary, Monte Carlo) and the run summary
    DIR/cases/<hash>.json     one finished case each (the cache; written atomically)
    DIR/cases.csv, .parquet   one row per case (see lupex.sweep.tables; Parquet with pyarrow)
    DIR/montecarlo.json, montecarlo.csv   Monte Carlo statistics per varied case (with --samples)
    DIR/plots/*.png           chosen figures against the varied keys; Monte Carlo distributions
    DIR/.lupex-manifest.json  what lupex wrote here (see lupex.output): only a directory whose
                              manifest names a sweep is resumed, and --force removes only what
                              it lists; other files are never overwritten or deleted
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lupex
from lupex.errors import InputError
from lupex.scenario import Scenario, load_scenario
from lupex.sweep.cache import CaseCache, atomic_write_bytes
from lupex.sweep.cases import Case, build_cases, canonical_json
from lupex.sweep.execute import (
    Backend,
    case_delay_s,
    dispersion_task,
    nominal_task,
    run_cases,
)
from lupex.sweep.montecarlo import DispersionSpec, draw_dispersions, statistics
from lupex.sweep.spec import Vary, parse_vary

MANIFEST = "sweep.json"


@dataclass
class SweepResult:
    """What :func:`run_sweep` produced. ``table`` is a pandas DataFrame (one row per case)."""

    out_dir: Path
    cases: list[Case]
    records: dict[str, dict]
    table: object
    info: dict
    paths: list[Path] = field(default_factory=list)
    montecarlo: dict | None = None


#: What a sweep writes at the top of its directory. Each is written, replaced or removed only
#: when lupex's manifest (:data:`lupex.output.MANIFEST`) lists it: a file or folder of the same
#: name that lupex did not write makes the sweep refuse the directory, with or without --force.
ARTIFACTS = (MANIFEST, "cases", "cases.parquet", "cases.csv", "montecarlo.json",
             "montecarlo.csv", "plots")
#: Folders a sweep creates, and the files in them that are its own.
SWEEP_DIRS = ("cases", "plots")
SWEEP_GLOBS = ("cases/*.json", "cases/.*.tmp")


def is_earlier_sweep(out: Path) -> bool:
    """True when ``out`` holds a sweep lupex wrote: its manifest names the sweep command and the
    sweep record it lists is there. A folder that merely has ``cases/`` or ``sweep.json`` is not
    one."""
    from lupex.output import owned_files, read_manifest

    m = read_manifest(out)
    return m is not None and m.get("command") == "sweep" and MANIFEST in owned_files(out, m)


def open_out_dir(out_dir: str | Path, force: bool):
    """Check and lock ``out_dir`` (a :class:`lupex.output.OutputDir`, entered by the caller).

    New or empty: a new sweep. An earlier sweep (see :func:`is_earlier_sweep`): resumed, its
    cache makes finished cases free. Anything else non-empty: refused unless ``force``. With
    ``force`` the files lupex's manifest lists (cache, tables, plots, record) are removed so
    everything is recomputed; other files are never overwritten or deleted."""
    from lupex.output import OutputDir

    return OutputDir(out_dir, force, command="sweep", expected=ARTIFACTS,
                     resumable=is_earlier_sweep)


def prepare_out_dir(od, force: bool) -> Path:
    """Create the locked directory of ``od`` for writing in place and record it in lupex's
    manifest; with ``force``, first remove what the manifest lists."""
    from lupex.output import read_manifest, remove_listed, write_manifest

    out = od.path
    old = read_manifest(out) if out.is_dir() else None
    if old is not None and force:
        remove_listed(out, old)
        old = None
    od.in_place()
    dirs = {d for d in SWEEP_DIRS if not (out / d).exists()} | set((old or {}).get("dirs", ()))
    files = set((old or {}).get("files", ())) | {MANIFEST}
    write_manifest(out, "sweep", files, dirs, SWEEP_GLOBS)
    return out


def _write_json(path: Path, obj) -> None:
    atomic_write_bytes(path, (json.dumps(obj, indent=2, default=str, allow_nan=True) + "\n")
                       .encode("utf-8"))


def run_sweep(
    scenario: str | Path | Scenario,
    varies: list[str | Vary],
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    samples: int | None = None,
    seed: int | None = None,
    dispersion: DispersionSpec | None = None,
    safe_radius_m: float | None = None,
    plot: list[str] | None = None,
    evaluator: str = "full",
    force: bool = False,
    on_start: Callable[[str, int, int], None] | None = None,
    on_result: Callable[[dict, bool], None] | None = None,
    yes: bool = True,
) -> SweepResult:
    """Run a sweep (and Monte Carlo with ``samples``) and write everything into ``out_dir``.

    Every input is checked (InputError) before anything runs. Re-running the same call on the same
    ``out_dir`` loads the finished cases from ``out_dir/cases`` and computes only the rest.
    Phases: "nominal" (each varied case once, with ``evaluator``), then "samples" (each Monte
    Carlo draw evaluated from its nominal summary). on_start(phase, total, cached) opens a phase;
    on_result(record, was_cached) reports each finished task. ``yes=False`` (the command line's
    default) refuses sweeps of more than ``lupex.sweep.cases.LARGE_SWEEP_CASES`` cases.
    """
    from lupex.sweep.evaluators import BUILTIN, resolve

    if evaluator not in BUILTIN:
        resolve(evaluator)  # checked here, imported again on the workers
    source = None
    if isinstance(scenario, Scenario):
        base = scenario
    else:
        source = str(scenario)
        base = load_scenario(scenario)
    vs = [v if isinstance(v, Vary) else parse_vary(v) for v in varies]
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputError("--workers", workers, "a whole number of worker processes, at least 1")
    if scheduler is not None and not str(scheduler).strip():
        raise InputError("--scheduler", scheduler, "the address of a running dask scheduler, "
                         "e.g. tcp://127.0.0.1:8786 (leave the option out to run locally)")
    if scheduler and workers is not None:
        raise InputError("--workers", workers, "only with the local process pool; with "
                         "--scheduler the cluster's own workers run the cases")
    if safe_radius_m is not None and not (safe_radius_m > 0):
        raise InputError("--safe-radius-m", safe_radius_m, "a radius in metres greater than 0")
    draws = None
    if samples is not None or seed is not None or (dispersion and dispersion.enabled()):
        if samples is None:
            raise InputError("--samples", None, "a number of Monte Carlo samples with "
                             "--seed/--disperse")
        if seed is None:
            raise InputError("--seed", None, "a seed with --samples, so the run is reproducible")
        draws = draw_dispersions(dispersion or DispersionSpec(), samples, seed)
    cases = build_cases(base, vs, draws, evaluator=evaluator, confirmed=yes)
    from lupex.sweep.tables import check_plot_columns

    check_plot_columns(plot, [v.key for v in vs], evaluator, base, montecarlo=draws is not None)
    backend = Backend(scheduler, workers)
    backend.connect()  # an unreachable scheduler is an input error, before anything is written
    try:
        with open_out_dir(out_dir, force) as od:
            out = prepare_out_dir(od, force)
            return _run_in(out, od, base, source, vs, cases, draws, samples, seed, dispersion,
                           evaluator, safe_radius_m, plot, backend, on_start, on_result)
    finally:
        backend.close(abort=True)


def _run_in(out, od, base, source, vs, cases, draws, samples, seed, dispersion, evaluator,
            safe_radius_m, plot, backend, on_start, on_result) -> SweepResult:
    from lupex.output import write_manifest

    manifest = {
        "lupex_version": lupex.__version__,
        "scenario_file": source,
        "base_scenario": base.model_dump(mode="json"),
        "vary": [{"key": v.key, "spec": v.spec, "count": len(v.values)} for v in vs],
        "evaluator": evaluator,
        "montecarlo": None if draws is None else {
            "samples": samples, "seed": seed, "dispersion_1sigma": dispersion.to_dict()},
        "cases": len(cases),
        "unique_cases": len({c.hash for c in cases}),
        "inputs_hash": _sha(canonical_json([c.hash for c in cases])),
        "status": "running",
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    _write_json(out / MANIFEST, manifest)

    cache = CaseCache(out)
    delay = case_delay_s()

    def phase_start(phase):
        return None if on_start is None else (lambda total, cached: on_start(phase, total, cached))

    nominal_tasks = [nominal_task(c, delay) for c in cases]
    with backend:
        records, info = run_cases(nominal_tasks, cache, backend=backend,
                                  on_start=phase_start("nominal"), on_result=on_result)
        if draws is not None:
            ok = {h for h, r in records.items() if not r.get("error")}
            sample_tasks = [dispersion_task(c, records[c.nominal]["summary"], delay)
                            for c in cases if c.nominal in ok]
            mc_records, mc_info = run_cases(sample_tasks, cache, backend=backend,
                                            on_start=phase_start("samples"),
                                            on_result=on_result, run_id=info["run_id"])
            records.update(mc_records)
            for k in ("cached", "computed", "failed", "wall_s"):
                info[k] += mc_info[k]
            info["workers"] = info["workers"] or mc_info["workers"]

    from lupex.sweep.tables import build_table, write_tables

    df = build_table(cases, records)
    paths = write_tables(df, out)

    mc = None
    if draws is not None:
        mc = montecarlo_report(cases, records, dispersion, samples, seed, safe_radius_m)
        _write_json(out / "montecarlo.json", mc)
        paths.append(out / "montecarlo.json")
        import pandas as pd

        rows = []
        for g in mc["groups"]:
            row = {f"input.{k}": v for k, v in g["inputs"].items()}
            row.update(_flat("", g["stats"]))
            rows.append(row)
        mdf = pd.DataFrame.from_records(rows)
        atomic_write_bytes(out / "montecarlo.csv", mdf.to_csv(index=False).encode("utf-8"))
        paths.append(out / "montecarlo.csv")

    from lupex.sweep.plots import numeric_figures, plot_montecarlo, plot_sweep

    varied = [k.removeprefix("input.") for k in df.columns if k.startswith("input.")]
    varied = [v.key for v in vs if v.key in varied]
    if plot:
        missing = [f for f in plot if f not in df.columns]
        if missing:
            raise InputError("--plot", missing, "figures that are columns of cases.csv: "
                             + ", ".join(numeric_figures(df) or ["(none vary)"]))
        figures = list(plot)
    else:
        figures = numeric_figures(df)[:6]
    paths.extend(plot_sweep(df, varied, figures, out / "plots"))
    if draws is not None:
        paths.extend(plot_montecarlo(df, out / "plots", safe_radius_m))

    info = dict(info)
    info["failed_hashes"] = sorted(h for h, r in records.items() if r.get("error"))
    manifest.update(status="complete" if not info["failed"] else "complete_with_errors",
                    finished_utc=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    last_run=info, plotted=figures)
    _write_json(out / MANIFEST, manifest)
    own = {MANIFEST} | {Path(p).resolve().relative_to(out.resolve()).as_posix() for p in paths}
    from lupex.output import read_manifest

    listed = set((read_manifest(out) or {}).get("files", ()))
    write_manifest(out, "sweep", listed | own,
                   {d for d in SWEEP_DIRS if (out / d).is_dir()}, SWEEP_GLOBS)
    return SweepResult(out, cases, records, df, info, paths, mc)


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _flat(prefix: str, d) -> dict:
    out = {}
    if not isinstance(d, dict):
        return {prefix.rstrip("."): d}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(f"{prefix}{k}.", v))
        elif v is None and k in ("correction_dv_m_s", "propellant_margin_kg", "landing_ellipse"):
            out[f"{prefix}{k}"] = None
        else:
            out[f"{prefix}{k}"] = v
    return out


def montecarlo_report(cases, records, dispersion, samples, seed, safe_radius_m) -> dict:
    """Statistics per varied case, and which dispersions were (not) applied, with reasons."""
    groups: dict[str, dict] = {}
    applied: set[str] = set()
    not_dispersed: dict[str, str] = {}
    evaluators: set[str] = set()
    for c in cases:
        key = canonical_json(c.inputs)
        g = groups.setdefault(key, {"inputs": c.inputs, "mc": []})
        rec = records.get(c.hash) or {}
        mc = rec.get("mc")
        if mc is None:
            continue
        g["mc"].append(mc)
        applied.update(mc.get("applied", []))
        for n, why in (mc.get("not_dispersed") or {}).items():
            not_dispersed.setdefault(n, why)
        if mc.get("evaluator"):
            evaluators.add(mc["evaluator"])
    out_groups = [{"inputs": g["inputs"], "stats": statistics(g["mc"], safe_radius_m)}
                  for g in groups.values()]
    return {
        "samples": samples,
        "seed": seed,
        "dispersion_1sigma": dispersion.to_dict(),
        "applied": sorted(applied),
        "not_dispersed": not_dispersed,
        "evaluators": sorted(evaluators),
        "safe_radius_m": safe_radius_m,
        "groups": out_groups,
    }
