"""Rover traverse: time-dependent planning over real terrain with slope limits, moving shadows,
solar energy, battery and Earth contact.

Public API
----------
Rover and loads (:mod:`lupex.rover.model`)
    :class:`Rover` (frozen; cited defaults: LUPEX 350 kg; VIPER analogue 0.22 m/s, 450 W peak,
    vertical panels; labelled assumptions), :func:`disc_visible_fraction`.
Terrain (:mod:`lupex.rover.grid`, :mod:`lupex.rover.terrain`, :mod:`lupex.rover.detail`)
    :class:`LocalGrid` (heights on the south-polar stereographic plane), :func:`slope_deg`,
    :func:`hillshade`, :func:`rover_grid` (the landing stage's real LOLA terrain + labelled
    SYNTHETIC seeded detail), :func:`landing_terrain` (that terrain, built as the landing stage
    builds it), :func:`far_horizon`, :func:`horizon_heights` (near-field policy),
    :class:`DetailModel`, :func:`synthetic_detail`.
Sky (:mod:`lupex.rover.sky`)
    :class:`Sky`, :func:`sky_from_ephemeris` (JPL DE421 + local and far horizons),
    :func:`local_horizons` (per-cell horizons by lupex's horizon engine,
    :func:`lupex.site.horizon.horizon_map`),
    :func:`sky_from_masks` (explicit per-cell boolean Sun/Earth arrays on a time grid),
    :func:`illumination_stats`, :func:`sky_statistics`, :func:`joint_fraction`.
Planning (:mod:`lupex.rover.planner`)
    :func:`plan_static` (8-connected A*, geometric edge costs = scikit-image MCP_Geometric),
    :func:`plan_timed` (earliest-arrival label setting with Sun/Earth driving rule, waiting at
    sunlit cells, at safe havens and through darknesses it survives; exact: states per cell and
    waiting interval; one or several goals), :func:`long_darkness`, :func:`step_grades`,
    :func:`reachable_cells` (static reachability under the slope limit),
    :func:`require_contact` (the driving rule's Earth gated by ground-station contact),
    :class:`StaticRoute`, :class:`TimedRoute`.
Energy (:mod:`lupex.rover.energy`)
    :func:`simulate` (battery with exact bookkeeping), :func:`integrate_battery`,
    :class:`Steps`, :class:`EnergyResult`.
Mission (:mod:`lupex.rover.mission`, :mod:`lupex.rover.traverse`)
    :func:`plan_mission`, :func:`choose_waypoints`, :func:`safe_havens`, :func:`survival_hours`,
    :func:`survival_sun_offset_deg` (havens: :mod:`lupex.rover.havens`; waypoints:
    :mod:`lupex.rover.waypoints`), :class:`MissionPlan`, :class:`Activity`;
    :func:`plan_traverse` (plain inputs -> everything, with ``.summary()`` for summary.json),
    :class:`TraverseConfig`, :class:`TraverseResult`.
Plots: :mod:`lupex.rover.plots` (route map, profile, state of charge, timeline).

Units: SI (m, s, W, Wh), angles in degrees; grid convention heights[i, j] at
x = x0 + j·cell, y = y0 + i·cell on the south-polar stereographic plane (R = 1,737.4 km).
"""

import importlib

#: Where each public name lives: the submodule is imported on first use, so that importing one
#: light module (e.g. :mod:`lupex.rover.model` for the scenario schema's rover defaults) does not
#: load the route planner's numba kernels.
_EXPORTS = {
    "Activity": "mission",
    "DetailModel": "detail",
    "EnergyResult": "energy",
    "LocalGrid": "grid",
    "MissionPlan": "mission",
    "Rover": "model",
    "Sky": "sky",
    "StaticRoute": "planner",
    "Steps": "energy",
    "TimedRoute": "planner",
    "TraverseConfig": "traverse",
    "TraverseResult": "traverse",
    "choose_waypoints": "waypoints",
    "disc_visible_fraction": "model",
    "far_horizon": "terrain",
    "hillshade": "grid",
    "horizon_heights": "terrain",
    "illumination_stats": "sky",
    "integrate_battery": "energy",
    "joint_fraction": "sky",
    "landing_terrain": "terrain",
    "local_horizons": "sky",
    "long_darkness": "planner",
    "plan_mission": "mission",
    "plan_static": "planner",
    "plan_timed": "planner",
    "plan_traverse": "traverse",
    "reachable_cells": "planner",
    "require_contact": "planner",
    "rover_grid": "terrain",
    "safe_havens": "havens",
    "simulate": "energy",
    "sky_from_ephemeris": "sky",
    "sky_from_masks": "sky",
    "sky_statistics": "sky",
    "slope_deg": "grid",
    "step_grades": "planner",
    "survival_hours": "havens",
    "survival_sun_offset_deg": "havens",
    "synthetic_detail": "detail",
}
_SUBMODULES = frozenset({
    "detail", "energy", "grid", "havens", "mission", "model", "planner", "plots", "sky",
    "terrain", "traverse", "waypoints",
})

__all__ = [
    "Activity",
    "DetailModel",
    "EnergyResult",
    "LocalGrid",
    "MissionPlan",
    "Rover",
    "Sky",
    "StaticRoute",
    "Steps",
    "TimedRoute",
    "TraverseConfig",
    "TraverseResult",
    "choose_waypoints",
    "disc_visible_fraction",
    "far_horizon",
    "hillshade",
    "horizon_heights",
    "illumination_stats",
    "integrate_battery",
    "joint_fraction",
    "landing_terrain",
    "local_horizons",
    "long_darkness",
    "plan_mission",
    "plan_static",
    "plan_timed",
    "plan_traverse",
    "reachable_cells",
    "require_contact",
    "rover_grid",
    "safe_havens",
    "simulate",
    "sky_from_ephemeris",
    "sky_from_masks",
    "sky_statistics",
    "slope_deg",
    "step_grades",
    "survival_hours",
    "survival_sun_offset_deg",
    "synthetic_detail",
]


def __getattr__(name: str):
    """Import a public name's submodule on first use (PEP 562)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"lupex.rover.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"lupex.rover.{name}")
    raise AttributeError(f"module 'lupex.rover' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
