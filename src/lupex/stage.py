"""The contract between the scenario runner and each mission stage.

Each stage (launch, transfer, site, rover) has an adapter module in :mod:`lupex.scenario.stages`
that turns the validated scenario into plain arguments for the stage's public functions and returns
a :class:`StageResult`. Stage packages themselves never import the runner.

Data flows one way: launch -> transfer -> site -> rover. What a downstream stage needs from an
upstream one travels in ``handoff`` (documented keys below), never through globals.

Handoff keys (all optional; a stage uses scenario values when a key is absent):
- ``launch_epoch``: astropy Time of lift-off (UTC).
- ``parking_orbit``: boinor ``Orbit`` about Earth at injection into the parking orbit.
- ``injection_epoch``: astropy Time of parking-orbit injection.
- ``tli_by_upper_stage``: bool, whether the launcher's upper stage performs TLI.
- ``launcher_capacity_kg``: float, payload the launcher can deliver to the needed target.
- ``landing_epoch``: astropy Time of touchdown.
- ``landing_site``: (lat_deg, lon_deg) actually used.
- ``terrain``: a terrain object from :mod:`lupex.site` for the rover to reuse.
- ``landing_summary``: the site stage's summary dict.
- ``drill_sites_visited``: int, drill sites the rover's plan reaches (communications sizes the
  science downlink from it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lupex.errors import Infeasibility
from lupex.timeline import Event


@dataclass(frozen=True)
class StageResult:
    """What one stage contributes to a mission run.

    stage: "launch" | "transfer" | "landing" | "surface" | "communications" (the summary.json
    section it fills).
    summary: JSON-ready dict for that section, or None when the stage is not modelled.
    events: timeline events with UTC epochs and phases.
    infeasibilities: reasons the scenario cannot be flown (empty when feasible).
    not_modelled: names of parts of this stage that are not modelled (reported in summary.json).
    handoff: values for downstream stages (see module docstring).
    write_products: optional callable writing plots/exports into a directory, returning the paths.
    """

    stage: str
    summary: dict | None
    events: tuple[Event, ...] = ()
    infeasibilities: tuple[Infeasibility, ...] = ()
    not_modelled: tuple[str, ...] = ()
    handoff: dict = field(default_factory=dict)
    write_products: Callable[[Path], list[Path]] | None = None

    @property
    def feasible(self) -> bool | None:
        """False if any infeasibility; None if the stage is not modelled; True otherwise."""
        if self.infeasibilities:
            return False
        if self.summary is None:
            return None
        return True
