"""Cross-field checks of a scenario that need more than one key, or a table lupex ships: run when
the scenario is loaded (``lupex check`` and ``lupex run`` alike), so none of these problems is
found after minutes of computing.

Each problem is one sentence naming the key path, the value and what is allowed.
"""

from __future__ import annotations

import difflib

#: Largest terrain grid the landing stage builds, cells per side (the resampler's own bound,
#: ``lupex.site.terrain.build_terrain``).
MAX_TERRAIN_CELLS_PER_SIDE = 6001
#: Largest horizon array the region maps hold in memory (cells x azimuths x 4 bytes), bytes:
#: 4 GiB keeps a landing stage within the memory of an ordinary workstation.
MAX_REGION_HORIZON_BYTES = 4 * 1024**3
#: Azimuths of the region maps' horizons (``lupex.site.analysis.analyze_region``'s default).
REGION_AZIMUTHS = 360
#: Coarsest cell of the PSR search grid, m (the landing stage maps PSRs on at least 500 m cells).
PSR_MIN_CELL_M = 500.0
#: Polar terrain grids are polar stereographic and need |latitude| >= 60°
#: (``lupex.site.terrain.build_terrain``).
MIN_POLAR_LATITUDE_DEG = 60.0


def _grid_cells(half_width_m: float, cell_m: float) -> int:
    return 2 * int(round(half_width_m / cell_m)) + 1


def launch_problems(scenario) -> list[str]:
    """An unknown vehicle (with the nearest name), an azimuth outside the range-safety sector."""
    from lupex.errors import InputError
    from lupex.launch import check_azimuth
    from lupex.launch.vehicles import vehicle_names

    out = []
    names = vehicle_names()
    v = scenario.launch.vehicle
    if v not in names:
        near = difflib.get_close_matches(v, names, n=1, cutoff=0.5)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        out.append(f"launch.vehicle = {v!r} is not allowed: one of {', '.join(names)}{hint}")
    if scenario.launch.azimuth_deg is not None:
        try:
            check_azimuth(scenario.launch.azimuth_deg)
        except InputError as exc:
            out.append(str(exc))
    return out


def landing_problems(scenario) -> list[str]:
    """Site latitude, the illumination period and the sizes of the landing stage's grids."""
    import astropy.units as u

    from lupex.ephemeris import to_time
    from lupex.errors import InputError

    ld = scenario.landing
    out: list[str] = []
    if abs(ld.lat_deg) < MIN_POLAR_LATITUDE_DEG:
        out.append(f"landing.lat_deg = {ld.lat_deg:g} is not allowed: a polar latitude, "
                   f"{MIN_POLAR_LATITUDE_DEG:g}° to 90° north or south (the landing stage's "
                   "terrain grids are polar stereographic)")
    if ld.illumination_start is not None:
        try:
            t0 = to_time(ld.illumination_start, "landing.illumination_start")
            to_time(t0 + ld.illumination_days * u.day,
                    "landing.illumination_start + landing.illumination_days")
        except InputError as exc:
            out.append(str(exc))
    from lupex.site.illumination import MAX_EPOCHS

    for key, days, step in (("landing.step_h", ld.illumination_days, ld.step_h),
                            ("surface.time_step_h", scenario.surface.duration_days,
                             scenario.surface.time_step_h)):
        n = int(days * 24.0 / step)
        if n > MAX_EPOCHS:
            out.append(f"{key} = {step:g} is not allowed: a step giving at most {MAX_EPOCHS:,} "
                       f"epochs over the period ({n:,} asked)")
    reach_m = ld.horizon_reach_km * 1e3
    grids = (
        ("landing.map_cell_m", ld.map_cell_m, ld.region_half_width_km, "region_half_width_km"),
        ("landing.map_cell_m (the PSR search uses max(map_cell_m, 500 m))",
         max(ld.map_cell_m, PSR_MIN_CELL_M), ld.psr_search_half_width_km,
         "psr_search_half_width_km"),
    )
    for key, cell, half_km, half_key in grids:
        n = _grid_cells(half_km * 1e3 + reach_m, cell)
        if n > MAX_TERRAIN_CELLS_PER_SIDE:
            smallest = (half_km * 1e3 + reach_m) / ((MAX_TERRAIN_CELLS_PER_SIDE - 1) / 2)
            out.append(
                f"{key} = {cell:g} is not allowed with landing.{half_key} = {half_km:g} and "
                f"landing.horizon_reach_km = {ld.horizon_reach_km:g}: the terrain grid would be "
                f"{n} cells per side; at most {MAX_TERRAIN_CELLS_PER_SIDE} (a cell of at least "
                f"{smallest:.0f} m, or a smaller region)")
            continue
        m = _grid_cells(half_km * 1e3, cell)
        nbytes = m * m * REGION_AZIMUTHS * 4
        if nbytes > MAX_REGION_HORIZON_BYTES:
            out.append(
                f"{key} = {cell:g} is not allowed with landing.{half_key} = {half_km:g}: the "
                f"region's horizons ({m} x {m} cells x {REGION_AZIMUTHS} azimuths) would take "
                f"{nbytes / 1024**3:.1f} GiB; at most {MAX_REGION_HORIZON_BYTES / 1024**3:.0f} "
                "GiB (a coarser cell or a smaller region)")
    return out


def operations_problems(scenario) -> list[str]:
    """Station ids that are not in the station table, or that belong to another agency."""
    from lupex.operations import load_stations

    table = {s.id: s for s in load_stations()}
    out = []
    for agency, ids in scenario.operations.stations.items():
        for sid in ids:
            st = table.get(sid)
            if st is None:
                near = difflib.get_close_matches(sid, list(table), n=1, cutoff=0.5)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                out.append(f"operations.stations.{agency} = {sid!r} is not allowed: a station id "
                           f"of {agency} ({', '.join(k for k, v in table.items() if v.agency == agency)})"
                           f"{hint}")
            elif st.agency != agency:
                out.append(f"operations.stations.{agency} = {sid!r} is not allowed: {sid} is "
                           f"{st.agency}'s; list it under operations.stations.{st.agency}")
        if not ids:
            out.append(f"operations.stations.{agency} = [] is not allowed: at least one station "
                       "(leave the agency out to use all of its active stations)")
    return out


def rover_problems(scenario) -> list[str]:
    """A battery that starts below the state of charge it may not go under."""
    r = scenario.rover
    if r.initial_state_of_charge <= r.min_state_of_charge:
        return [f"rover.initial_state_of_charge = {r.initial_state_of_charge:g} is not allowed "
                f"with rover.min_state_of_charge = {r.min_state_of_charge:g}: the battery must "
                "start above its minimum state of charge"]
    return []


def input_problems(scenario) -> list[str]:
    """Every cross-field problem of a validated scenario (empty when it can run)."""
    return (launch_problems(scenario) + landing_problems(scenario) + rover_problems(scenario)
            + operations_problems(scenario))
