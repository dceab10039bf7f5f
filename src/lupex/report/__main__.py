"""``python -m lupex.report RESULTS_DIR``: (re)build report.html of a finished ``lupex run``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m lupex.report RESULTS_DIR  (a directory written by `lupex run`)",
              file=sys.stderr)
        return 2
    out = Path(args[0])
    summary_path = out / "summary.json"
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"{summary_path}: cannot read a summary.json written by `lupex run` ({exc}).",
              file=sys.stderr)
        return 2
    from lupex.report import build_report

    print(build_report(summary, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
