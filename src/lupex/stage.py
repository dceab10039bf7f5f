"""The contract between the scenario runner and each mission stage.

Each stage (launch, transfer, site, rover) has an adapter module in :mod:`lupex.scenario.stages`
that turns the validated scenario into plain arguments for the stage's public functions and returns
a :class:`StageResult`. Stage packages themselves never import the runner.

Data flows one way: launch -> transfer -> site -> rover. What a downstream stage needs from an
upstream one travels in ``handoff`` (documented keys below), never through globals.

Handoff keys (all optional; a stage uses scenario values when a key is absent). Every key written
is read by a later stage or the runner (``tests/scenario/test_handoff_keys.py``):
- ``launch_epoch``: astropy Time of lift-off (UTC); the runner (the timeline's start).
- ``parking_orbit``: boinor ``Orbit`` about Earth at injection into the parking orbit.
- ``injection_epoch``: astropy Time of parking-orbit injection.
- ``tli_epoch``: astropy Time of the TLI burn the launch stage aimed at.
- ``tli_by_upper_stage``: bool, whether the launcher's upper stage performs TLI.
- ``landing_epoch``: astropy Time of touchdown.
- ``landing_site``: (lat_deg, lon_deg) actually used.
- ``terrain``: the landing region's :class:`lupex.site.Terrain` (the rover's real heights).
- ``site_terrains``: the nested terrains of the site horizon (the rover's far horizon).
- ``near_field_policy``: the landing stage's :class:`lupex.site.NearFieldPolicy`.
- ``landing_summary``: the landing stage's summary dict.
- ``ice_map``: the landing region's ice map (:class:`lupex.ice.maps.IceMap`) or None.
- ``drill_sites_visited``: int, drill sites the rover's plan reaches (communications sizes the
  science downlink from it).
- ``surface_events_given``: bool, the surface stage put its own end-of-mission events on the
  timeline (the runner adds no planned one).
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
