"""Adapter: scenario -> lupex.rover -> the 'surface' section of summary.json.

Not modelled yet: rover traverse, energy and surface timeline (issue: rover traverse).
"""

from __future__ import annotations

from lupex.stage import StageResult


def run(scenario, handoff: dict) -> StageResult:
    """Return the 'surface' stage result (summary None until the stage is modelled)."""
    return StageResult(stage="surface", summary=None, not_modelled=("surface",))
