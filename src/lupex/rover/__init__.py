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

from lupex.rover.detail import DetailModel, synthetic_detail
from lupex.rover.energy import EnergyResult, Steps, integrate_battery, simulate
from lupex.rover.grid import LocalGrid, hillshade, slope_deg
from lupex.rover.havens import safe_havens, survival_hours, survival_sun_offset_deg
from lupex.rover.mission import Activity, MissionPlan, plan_mission
from lupex.rover.model import Rover, disc_visible_fraction
from lupex.rover.planner import (
    StaticRoute,
    TimedRoute,
    long_darkness,
    plan_static,
    plan_timed,
    reachable_cells,
    require_contact,
    step_grades,
)
from lupex.rover.sky import (
    Sky,
    illumination_stats,
    joint_fraction,
    local_horizons,
    sky_from_ephemeris,
    sky_from_masks,
    sky_statistics,
)
from lupex.rover.terrain import far_horizon, horizon_heights, landing_terrain, rover_grid
from lupex.rover.traverse import TraverseConfig, TraverseResult, plan_traverse

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
