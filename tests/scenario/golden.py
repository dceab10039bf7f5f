"""Golden figures of the baseline scenario's summary.json: flatten, compare, regenerate.

The golden file ``tests/scenario/data/baseline_golden.json`` pins every numeric leaf of the
baseline run's ``summary.json`` (flattened by key path, e.g. ``transfer.tli_dv_m_s`` or
``timeline[TLI burn#0].duration_s``; timeline rows are named by event and Δv rows by item)
and every computed UTC epoch (keys ending in ``_utc``), so a refactor
can prove it changed no number. Run facts that are not results are left out: versions, the
scenario file path, timings (see :data:`EXCLUDED`).

Regenerate (only when a change of a figure is intended, and say why in the commit)::

    lupex run scenarios/baseline.toml --out /tmp/baseline --force
    python tests/scenario/golden.py /tmp/baseline/summary.json

or run ``tests/scenario/test_cli_run.py`` with ``LUPEX_UPDATE_GOLDEN=1`` (the test then writes
the file from its own run and is skipped).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "data" / "baseline_golden.json"

#: Relative tolerance on numeric figures (the solvers are pinned: figures repeat far better).
RTOL = 1e-6
#: Absolute tolerance on numeric figures whose golden value is zero.
ATOL = 1e-9
#: Tolerance on computed epochs, s (summary epochs are written to the millisecond).
EPOCH_ATOL_S = 0.002

#: Key paths (regular expressions, full match) that are facts of the run, not results.
EXCLUDED = (
    r"schema_version",
    r"lupex_version",
    r"scenario\.file",
    r".*(elapsed|wall|runtime|cpu_time|timing|generated|created).*",
    r".*(_path|\.path|_dir)$",
    r".*version.*",
    # which data directories are beside the checkout decides which products are found (e.g. a
    # 5 m patch 100 km away takes a 1e-5 share of a horizon band): the inventory is a fact of the
    # machine, not a result; the figures it could move are pinned, and which product serves each
    # band is tested against the products actually found (tests/site/test_layering.py)
    r"landing\.terrain\.product_pixel_m\[\d+\]",
    r"landing\.terrain\.site_horizon\.distance_bands\[\d+\]\.product_ranges(\[.*)?",
)

#: Intended renames of key paths: {old path: new path}. A figure that moves to a new key is
#: listed here (and ``schema_version`` bumped) so the golden comparison follows it.
RENAMES: dict[str, str] = {}


def _excluded(path: str) -> bool:
    return any(re.fullmatch(p, path) for p in EXCLUDED)


def _epoch_s(text: str) -> float | None:
    """Seconds since 2000-01-01 UTC of an ISO ``...Z`` epoch string, else None."""
    if not (isinstance(text, str) and text.endswith("Z") and "T" in text):
        return None
    try:
        t = dt.datetime.fromisoformat(text[:-1]).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None
    return (t - dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)).total_seconds()


def _labels(rows: list) -> list[str]:
    """Names of list entries: timeline rows by event (``Rover egress#0``), Δv rows by item, so a
    new event does not shift every later one; other lists by index."""
    for key in ("event", "item"):
        if rows and all(isinstance(r, dict) and isinstance(r.get(key), str) for r in rows):
            seen: dict[str, int] = {}
            out = []
            for r in rows:
                n = seen.get(r[key], 0)
                seen[r[key]] = n + 1
                out.append(f"{r[key]}#{n}")
            return out
    return [str(i) for i in range(len(rows))]


def flatten(summary, prefix: str = "") -> dict[str, float | str]:
    """Numeric leaves (int/float, not bool) and ``*_utc`` epoch strings, by key path."""
    out: dict[str, float | str] = {}
    if isinstance(summary, dict):
        items = ((f"{prefix}.{k}" if prefix else str(k), v) for k, v in summary.items())
    elif isinstance(summary, list):
        items = ((f"{prefix}[{label}]", v) for label, v in zip(_labels(summary), summary))
    else:
        return out
    for path, v in items:
        if _excluded(path):
            continue
        if isinstance(v, (dict, list)):
            out.update(flatten(v, path))
        elif isinstance(v, bool) or v is None:
            continue
        elif isinstance(v, (int, float)):
            out[path] = float(v)
        elif path.endswith("_utc") and _epoch_s(v) is not None:
            out[path] = v
    return out


def compare(golden: dict[str, float | str], summary: dict) -> list[str]:
    """Every difference between the golden figures and a summary, one line each (empty: equal)."""
    got = flatten(summary)
    golden = {k: v for k, v in golden.items() if not _excluded(k)}
    for old, new in RENAMES.items():
        if old in golden and new in got:
            got[old] = got.pop(new)
    problems = []
    for path in sorted(set(golden) | set(got)):
        if path not in got:
            problems.append(f"{path}: missing (golden {golden[path]!r})")
        elif path not in golden:
            problems.append(f"{path}: new key (value {got[path]!r}); not in the golden file")
        else:
            g, v = golden[path], got[path]
            if isinstance(g, str) or isinstance(v, str):
                ge, ve = _epoch_s(g), _epoch_s(v)
                if ge is None or ve is None or abs(ge - ve) > EPOCH_ATOL_S:
                    problems.append(f"{path}: {v!r} != golden {g!r}")
            elif not math.isclose(v, g, rel_tol=RTOL, abs_tol=ATOL):
                problems.append(f"{path}: {v!r} != golden {g!r} (rtol {RTOL:g})")
    return problems


def write_golden(summary: dict, path: Path = GOLDEN) -> Path:
    """Write the golden figures of ``summary`` to ``path`` (sorted, one key a line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"schema_version": summary.get("schema_version"), "figures": flatten(summary)}
    path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # python tests/scenario/golden.py RUN/summary.json
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/scenario/golden.py RUN_DIR/summary.json")
    src = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(write_golden(src))
