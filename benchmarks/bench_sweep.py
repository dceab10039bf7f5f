"""Sweep throughput (cases/s) with 1 and 2 local workers, beside a plain serial loop.

Two workloads:

- ``work_split``: 240 cases (launch.date × rover.mass_kg) of the work-split evaluator (real lupex
  mass bookkeeping, ~ms per case): measures the sweep machinery itself — process start-up, task
  transport, atomic cache writes, tables and plots. Peer: a serial in-process loop over the same
  cases calling the same evaluator, with no pool, cache or tables.
- ``full``: a small sweep of the whole mission (every stage as modelled at run time), 1 and 2
  workers. Peer: the same cases run serially in-process with ``lupex.scenario.run_scenario``.
  Its case count is ``LUPEX_BENCH_SWEEP_FULL_CASES`` (default 2; 0 skips it).

Each run uses a fresh output directory (nothing cached). Timings depend on the machine's load.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINE = HERE.parent / "scenarios" / "baseline.toml"


def _sweep_rate(varies, workers, evaluator):
    from lupex.sweep import run_sweep

    with tempfile.TemporaryDirectory(prefix="bench_sweep_") as d:
        t0 = time.perf_counter()
        res = run_sweep(BASELINE, varies, Path(d) / "out", workers=workers, evaluator=evaluator)
        wall = time.perf_counter() - t0
    n = len(res.cases)
    assert res.info["failed"] == 0 and res.info["computed"] == n
    return n / wall, wall, n, n / res.info["wall_s"]


def _serial_rate(varies, evaluator):
    from lupex.scenario import load_scenario, parse_scenario
    from lupex.sweep import build_cases, parse_vary
    from lupex.sweep.evaluators import resolve

    cases = build_cases(load_scenario(BASELINE), [parse_vary(v) for v in varies])
    fn = resolve(evaluator)
    t0 = time.perf_counter()
    for c in cases:
        fn(parse_scenario(c.scenario))
    wall = time.perf_counter() - t0
    return len(cases) / wall, wall, len(cases)


def _fig(value, unit, target, peer, peer_value, **extra):
    d = {"value": round(value, 3), "unit": unit, "target": target, "peer": peer,
         "peer_value": round(peer_value, 3)}
    d.update(extra)
    return d


def run() -> dict:
    figures = {}
    load_before = os.getloadavg()[0]
    light = ["launch.date=2028-06-01..2028-07-30:1d", "rover.mass_kg=250,300,350,400"]
    serial, s_wall, n = _serial_rate(light, "work_split")
    for w in (1, 2):
        rate, wall, n, engine = _sweep_rate(light, w, "work_split")
        figures[f"sweep_work_split_cases_per_s_{w}_worker{'s' if w > 1 else ''}"] = _fig(
            rate, "cases/s",
            "end to end (validation, pool start, cache, tables, plots); cheap cases show the "
            "fixed costs", "serial in-process loop (same evaluator, no pool/cache/tables)",
            serial, cases=n, wall_s=round(wall, 2), peer_wall_s=round(s_wall, 2),
            execution_phase_cases_per_s=round(engine, 2))

    n_full = int(os.environ.get("LUPEX_BENCH_SWEEP_FULL_CASES", "2"))
    if n_full > 0:
        masses = ",".join(str(250 + 10 * i) for i in range(n_full))
        full = [f"rover.mass_kg={masses}"]
        serial, s_wall, n = _serial_rate(full, "full")
        for w in (1, 2):
            rate, wall, n, engine = _sweep_rate(full, w, "full")
            figures[f"sweep_full_mission_cases_per_s_{w}_worker{'s' if w > 1 else ''}"] = _fig(
                rate, "cases/s", "2 workers ≈ 2× 1 worker on 2 free cores",
                "serial in-process run_scenario loop", serial,
                cases=n, wall_s=round(wall, 2), peer_wall_s=round(s_wall, 2),
                execution_phase_cases_per_s=round(engine, 4))
    figures["load_average_1min"] = {
        "value": [round(load_before, 2), round(os.getloadavg()[0], 2)], "unit": "runnable tasks",
        "target": "below the core count for clean scaling figures (before, after)", "peer": "",
        "peer_value": None}
    figures["cpus_available"] = {"value": len(os.sched_getaffinity(0)), "unit": "cores",
                                 "target": "", "peer": "", "peer_value": None}
    return figures


if __name__ == "__main__":  # pragma: no cover
    import json

    print(json.dumps(run(), indent=2))
