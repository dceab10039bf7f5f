"""Adapter: scenario -> lupex.launch -> the 'launch' section of summary.json.

Not modelled yet: H3 ascent, payload capacity and launch window (issue: H3 launch).
"""

from __future__ import annotations

from lupex.stage import StageResult


def run(scenario, handoff: dict) -> StageResult:
    """Return the 'launch' stage result (summary None until the stage is modelled)."""
    return StageResult(stage="launch", summary=None, not_modelled=("launch",))
