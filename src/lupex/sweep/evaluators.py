"""What a sweep computes for each nominal case: a function ``Scenario -> summary dict``.

- ``full`` (default): the whole mission, ``lupex.scenario.run_scenario(scenario).summary`` — the
  summary.json contract, so every stage's figures appear in the sweep as the stages land.
- ``work_split``: only the ISRO/JAXA work split and mass bookkeeping
  (``lupex.scenario.runner.work_split_for``), in the same summary layout with every stage
  ``null`` and listed in ``not_modelled``: milliseconds per case, for quick looks at mass splits
  (and for exercising the execution layer without the stages' cost).
- ``MODULE:FUNCTION``: any importable function taking the validated Scenario and returning a
  JSON-ready dict (it must be importable on every worker).

The evaluator's name is part of every case hash, so results of different evaluators never mix.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from lupex.errors import InputError

BUILTIN = ("full", "work_split")


def full(scenario) -> dict:
    from lupex.scenario import run_scenario

    return run_scenario(scenario).summary


def work_split(scenario) -> dict:
    import lupex
    from lupex.scenario.runner import SUMMARY_SCHEMA_VERSION, work_split_for
    from lupex.scenario.stages import STAGES

    ws = work_split_for(scenario)
    d = ws.to_dict()
    summary = {
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "lupex_version": lupex.__version__,
        "feasible": False if ws.infeasibilities else None,
        "infeasibilities": [i.to_dict() for i in ws.infeasibilities],
        "work_split": d["agencies"],
    }
    for name, _ in STAGES:
        summary[name] = None
    summary["not_modelled"] = [name for name, _ in STAGES]
    return summary


def resolve(name: str) -> Callable:
    """The evaluator function for a built-in name or ``MODULE:FUNCTION``."""
    if name in BUILTIN:
        return globals()[name]
    module, sep, func = str(name).partition(":")
    if not sep or not module or not func:
        raise InputError("--evaluator", name,
                         f"one of {', '.join(BUILTIN)}, or MODULE:FUNCTION (an importable "
                         "function Scenario -> dict)")
    if module.startswith(".") or not all(part.isidentifier() for part in module.split(".")) \
            or not func.isidentifier():
        raise InputError("--evaluator", name, "MODULE:FUNCTION with an absolute, dotted module "
                         "name and a function name, e.g. mypackage.evaluators:mass_only")
    try:
        fn = getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:
        raise InputError("--evaluator", name, f"an importable MODULE:FUNCTION ({exc})") from None
    except Exception as exc:  # the user's module failed while being imported
        raise InputError("--evaluator", name, "a module that imports cleanly (importing it "
                         f"raised {type(exc).__name__}: {exc})") from None
    if not callable(fn):
        raise InputError("--evaluator", name, "a callable")
    return fn
