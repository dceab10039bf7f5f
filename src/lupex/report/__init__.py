"""The mission report: one self-contained HTML page per run (``report.html``).

Public API
----------
- :func:`build_report(summary, out_dir) -> Path` — write ``out_dir/report.html`` from the
  summary.json dict and every figure under ``out_dir`` (embedded as base64 data URIs, grouped by
  stage subdirectory, captioned from :mod:`lupex.report.captions`).
- :func:`write_report_into(tmp_dir, summary) -> list[Path]` — the scenario runner's hook, called
  once plots and stage products are in the run's temporary directory.
- :data:`CAPTIONS`, :func:`caption_for` — the caption registry (file-name patterns -> caption with
  data sources); a stage may add ``captions.json`` beside its figures.

Command line: ``python -m lupex.report RESULTS_DIR`` rebuilds the report of an existing run.
"""

from lupex.report.build import REPORT_NAME, build_report, write_report_into
from lupex.report.captions import CAPTIONS, caption_for

__all__ = ["CAPTIONS", "REPORT_NAME", "build_report", "caption_for", "write_report_into"]
