"""Sweeps and Monte Carlo over scenarios, on a local process pool or a dask cluster, resumable.

Sits above the scenario runner (it imports :mod:`lupex.scenario`; stage packages never import it).

Public API
----------
- :func:`run_sweep` -- expand ``--vary`` options (and Monte Carlo draws) into cases, run them
  (local ``ProcessPoolExecutor`` or ``scheduler="tcp://..."`` on dask.distributed), cache each
  finished case in ``DIR/cases/<hash>.json``, write ``cases.parquet``/``cases.csv``, Monte Carlo
  statistics and plots. Returns a :class:`SweepResult`.
- :func:`parse_vary`, :func:`parse_spec`, :class:`Vary` -- the ``KEY=SPEC`` grammar
  (:mod:`lupex.sweep.spec`).
- :func:`build_cases`, :class:`Case` -- validated cases and their input hashes
  (:mod:`lupex.sweep.cases`).
- :class:`DispersionSpec`, :func:`draw_dispersions`, :func:`evaluate_dispersion`,
  :func:`statistics`, :func:`landing_ellipse` -- Monte Carlo (:mod:`lupex.sweep.montecarlo`; the
  module docstring gives the contract the transfer stage's hook fulfils).
- :data:`SITES`, :func:`get_site`, :class:`LandingSite` -- named landing sites with sources.
- :func:`run_cases`, :class:`CaseCache`, :func:`evaluate_case` -- the execution layer.
- :func:`build_table`, :func:`write_tables` -- one row per case.
"""

from lupex.sweep.cases import Case, build_cases, case_hash
from lupex.sweep.execute import Backend, CaseCache, evaluate_case, run_cases
from lupex.sweep.montecarlo import (
    DispersionSpec,
    draw_dispersions,
    evaluate_dispersion,
    landing_ellipse,
    statistics,
)
from lupex.sweep.run import SweepResult, run_sweep
from lupex.sweep.sites import SITES, LandingSite, get_site
from lupex.sweep.spec import Vary, parse_spec, parse_vary
from lupex.sweep.tables import build_table, write_tables

__all__ = [
    "SITES",
    "Case",
    "Backend",
    "CaseCache",
    "DispersionSpec",
    "LandingSite",
    "SweepResult",
    "Vary",
    "build_cases",
    "build_table",
    "case_hash",
    "draw_dispersions",
    "evaluate_case",
    "evaluate_dispersion",
    "get_site",
    "landing_ellipse",
    "parse_spec",
    "parse_vary",
    "run_cases",
    "run_sweep",
    "statistics",
    "write_tables",
]
