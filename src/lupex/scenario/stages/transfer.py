"""Adapter: scenario -> lupex.transfer -> the 'transfer' section of summary.json.

Not modelled yet: TLI, cruise, LOI, lowering and powered descent (issue: Earth-Moon transfer).
"""

from __future__ import annotations

from lupex.stage import StageResult


def run(scenario, handoff: dict) -> StageResult:
    """Return the 'transfer' stage result (summary None until the stage is modelled)."""
    return StageResult(stage="transfer", summary=None, not_modelled=("transfer",))
