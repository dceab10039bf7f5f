"""Adapters between the validated scenario and each stage's public API, in flight order.

Each adapter module has ``run(scenario, handoff) -> StageResult``. ``handoff`` is the merged
``handoff`` of the stages before it (see :mod:`lupex.stage`).
"""

from lupex.scenario.stages import communications, landing, launch, surface, transfer

#: (summary.json section, adapter module) in the order data flows.
STAGES = (("launch", launch), ("transfer", transfer), ("landing", landing), ("surface", surface),
          ("communications", communications))
