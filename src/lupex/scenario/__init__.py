"""Scenario files, the ISRO/JAXA work split, and the runner that composes every stage.

Public API: :func:`load_scenario`, :func:`parse_scenario_text`, :class:`Scenario`,
:func:`run_scenario`, :func:`write_results`, :func:`build_work_split`.
"""

from lupex.scenario.loader import ScenarioError, load_scenario, parse_scenario, parse_scenario_text
from lupex.scenario.runner import MissionResult, run_scenario, write_results
from lupex.scenario.schema import Scenario
from lupex.scenario.work_split import WorkSplit, build_work_split

__all__ = [
    "MissionResult",
    "Scenario",
    "ScenarioError",
    "WorkSplit",
    "build_work_split",
    "load_scenario",
    "parse_scenario",
    "parse_scenario_text",
    "run_scenario",
    "write_results",
]
