"""Adapter: scenario -> lupex.site -> the 'landing' section of summary.json.

Not modelled yet: landing-site illumination, Earth visibility, slope and PSR distance (issue: landing site).
"""

from __future__ import annotations

from lupex.stage import StageResult


def run(scenario, handoff: dict) -> StageResult:
    """Return the 'landing' stage result (summary None until the stage is modelled)."""
    return StageResult(stage="landing", summary=None, not_modelled=("landing",))
