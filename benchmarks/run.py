"""Run every benchmark under benchmarks/ and write benchmarks/results.json.

Each ``benchmarks/bench_*.py`` defines ``run() -> dict``: named figures, each a dict with at least
``value`` and ``unit``, and where the issue names a peer, ``peer`` (name) and ``peer_value`` measured
in the same run, plus ``target`` (text). Benchmarks are never part of the timed unit tests.

Usage: ``python benchmarks/run.py [name ...]`` (names without ``bench_``), or ``make bench``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    results = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "benchmarks": {},
    }
    status = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        print(f"== {name}", flush=True)
        t0 = time.perf_counter()
        try:
            spec.loader.exec_module(module)
            figures = module.run()
        except Exception:  # a failing benchmark is reported, the others still run
            traceback.print_exc()
            figures = {"error": traceback.format_exc(limit=3)}
            status = 1
        results["benchmarks"][name] = {
            "wall_s": round(time.perf_counter() - t0, 3),
            "figures": figures,
        }
        print(json.dumps(figures, indent=2, default=str), flush=True)
    out = HERE / "results.json"
    if wanted and out.is_file():  # a partial run updates its benchmarks, keeps the others
        try:
            previous = json.loads(out.read_text())
            merged = previous.get("benchmarks", {})
            merged.update(results["benchmarks"])
            results["benchmarks"] = merged
        except (ValueError, OSError):
            pass
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"wrote {out}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
