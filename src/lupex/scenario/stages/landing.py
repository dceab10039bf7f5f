"""Adapter: scenario -> lupex.site -> the 'landing' section of summary.json.

Runs, for the scenario's landing site and period:
1. the site's horizon (ray-march on the nested terrains, true azimuths) and its Sun / Earth time
   series -> sun_fraction, earth_fraction, sun_and_earth_fraction, longest_dark_hours;
2. maps of the region around it (horizon sweep) -> PSR mask and area, distance to the nearest
   PSR, slope and safe area, site ranking.
Period: [landing].illumination_start, else the landing epoch handed over by the transfer stage,
else the launch date; length [landing].illumination_days, step [landing].step_h.
Handoff (read by the surface stage): ``terrain`` (the region's :class:`lupex.site.Terrain`: the
rover's real heights), ``site_terrains`` (the nested terrains of the site horizon: the rover's far
horizon), ``near_field_policy`` (``[landing] near_field_k``), ``landing_site``,
``landing_summary`` (ground height and slope at the site, compared with the rover's). The
section is built as a :class:`lupex.scenario.summaries.LandingSummary`.
"""

from __future__ import annotations

import datetime as dt

import astropy.units as u
import numpy as np

from lupex.errors import InputError
from lupex.scenario.summaries import (IceRegionMaps, LandingIce, LandingSummary, LandingYears,
                                      LandingTerrain, Touchdown)
from lupex.stage import StageResult


def _period(scenario, handoff):
    from lupex.ephemeris import to_time

    ld = scenario.landing
    if ld.illumination_start:
        t0 = to_time(ld.illumination_start, "landing.illumination_start")
        src = "[landing].illumination_start"
    elif handoff.get("landing_epoch") is not None:
        t0 = to_time(handoff["landing_epoch"], "handoff.landing_epoch")
        src = "landing epoch from the transfer stage"
    else:
        date = scenario.launch.date
        t0 = to_time(date.isoformat() if isinstance(date, (dt.date, dt.datetime)) else date,
                     "launch.date")
        src = "launch date (no landing epoch handed over)"
    t1 = t0 + ld.illumination_days * u.day
    to_time(t1, "landing period stop (illumination_start + illumination_days)")
    return t0, t1, src


def _touchdown_check(horizon, landing_epoch) -> Touchdown | None:
    """Sun and Earth at the touchdown epoch handed over by the transfer stage, against the site's
    terrain horizon (the transfer chose the pass from the Earth's elevation above the local
    horizontal only: this is the check with terrain). None without a landing epoch."""
    if landing_epoch is None:
        return None
    from lupex.ephemeris import to_time
    from lupex.site.illumination import site_illumination

    t = to_time(landing_epoch, "handoff.landing_epoch")
    il = site_illumination(horizon, t.reshape((1,)), 1.0)
    earth_ok = bool(il.earth_visible[0])
    sun = float(il.sun_visible_fraction[0])
    words = [
        "Earth in view (direct-to-Earth contact)" if earth_ok else
        "WARNING: the Earth is behind the terrain at touchdown (no direct-to-Earth contact)",
        "Sun fully visible" if sun >= 1.0 else
        (f"{100 * sun:.0f} % of the solar disk visible" if sun > 0 else
         "WARNING: the Sun is behind the terrain at touchdown (landing on battery)"),
    ]
    return Touchdown(
        epoch_utc=t.utc.isot[:23] + "Z",
        earth_elevation_deg=round(float(il.earth_elevation_deg[0]), 3),
        earth_horizon_deg=round(float(il.earth_horizon_deg[0]), 3),
        earth_visible=earth_ok,
        sun_elevation_deg=round(float(il.sun_elevation_deg[0]), 3),
        sun_horizon_deg=round(float(il.sun_horizon_deg[0]), 3),
        sun_visible_fraction=round(sun, 4),
        note="; ".join(words),
    )


def _ice_at_site(scenario, lat, lon, t0, t1, policy, terrains, reach_m, slope_deg,
                 aspect_deg):
    """Regolith temperatures and the depth of stable water ice at the landing point
    (:mod:`lupex.ice`): the site's Sun visibility at the ground (height 0) over the landing
    period, on the terrain's slope and aspect there; ice within the drill's reach when the depth
    is at most ``[rover] drill_depth_m``. Returns (the :class:`lupex.ice.ThermalResult`, the
    fields of the summary's :class:`lupex.scenario.summaries.LandingIce` but its region maps)."""
    from lupex.ice import ice_stable_depth, run_site_thermal
    from lupex.site import analyze_site

    ld = scenario.landing
    ground = analyze_site(lat, lon, 0.0, t0, t1, ld.step_h, policy=policy, terrains=terrains,
                          reach_m=reach_m)
    res = run_site_thermal(ground, slope_deg=slope_deg, aspect_deg=aspect_deg)
    depth = ice_stable_depth(res)
    reach = float(scenario.rover.drill_depth_m)
    ts = res.surface_temperature_k
    return res, {
        "t_surface_max_k": round(float(np.max(ts)), 2),
        "t_surface_mean_k": round(float(np.mean(ts)), 2),
        "t_surface_min_k": round(float(np.min(ts)), 2),
        "ice_stable_depth_m": None if depth is None else round(float(depth), 3),
        "drill_depth_m": reach,
        "ice_within_drill_reach": depth is not None and depth <= reach,
        "surface_slope_deg": round(slope_deg, 2),
        "surface_aspect_deg": round(aspect_deg, 1),
        "converged": bool(res.converged),
        "note": ("1-D regolith model (Hayne et al. 2017 properties) driven by the site's Sun "
                 "visibility on the terrain's slope at this grid's resolution; ice stable where "
                 "free sublimation stays under 1 kg/m^2/Gyr (Siegler et al. 2016); no heat from "
                 "surrounding terrain, one period repeated to equilibrium (not the 18.6-year "
                 "cycle), and no diffusion barrier: the depth is an upper bound"),
    }


def _product_at(t, lat, lon) -> str:
    """Name of the product supplying the terrain cell nearest to (lat, lon)."""
    i, j = (int(round(float(v))) for v in t.latlon_to_ij(lat, lon))
    return t.products[int(t.source_index[i, j])]


def _products_used(*descriptions: dict) -> list[tuple[str, float]]:
    """(product, native pixel m) of every product in the given terrain descriptions (site
    horizon, region maps, PSR search), finest first."""
    px: dict[str, float] = {}
    for d in descriptions:
        px.update(zip(d["products"], d["product_pixel_m"]))
    return sorted(px.items(), key=lambda kv: (kv[1], kv[0]))


#: Polar overview of a run: cap edge (deg from the pole's latitude), time step (h, at least the
#: site's), grid azimuths. Coarser than the site analysis on purpose (the whole cap, ~9 s).
OVERVIEW_TO_LAT_DEG = 80.0
OVERVIEW_STEP_H = 12.0
OVERVIEW_AZIMUTHS = 90
#: Half-width of the regional map around the site, km (at least the PSR search's).
REGION_MAP_HALF_WIDTH_KM = 30.0


def _overview(scenario, t0, t1, h, lat, lon):
    """The polar overview (mean Sun visibility, PSRs, candidate sites out to 80°) and the
    regional terrain around the site, both on the native grid of the finest product covering
    them (1.6 km with the shipped south-polar layer). Policy: the run's PSR policy
    ([landing] psr_near_field_k), so the PSRs drawn are found as the summary's are.

    Returns (summary block, compute): the block is cheap; ``compute()`` does the maps' work
    (about 10 s) and is called only when the maps are written."""
    from lupex.site import NearFieldPolicy
    from lupex.site.analysis import OVERVIEW_MAX_CELLS, overview_cell_m, polar_overview
    from lupex.site.candidates import SITES
    from lupex.site.terrain import build_terrain

    ld = scenario.landing
    pole = -1 if lat < 0 else 1
    step = max(OVERVIEW_STEP_H, float(ld.step_h))
    policy = NearFieldPolicy(ld.psr_near_field_k)
    cell = overview_cell_m(pole * OVERVIEW_TO_LAT_DEG)
    sites = [(s.name, s.lat_deg, s.lon_deg) for s in SITES.values()
             if s.lat_deg * pole >= OVERVIEW_TO_LAT_DEG]
    half = max(REGION_MAP_HALF_WIDTH_KM, float(ld.psr_search_half_width_km)) * 1e3
    probe = build_terrain(lat, lon, 4 * 5_000.0, 5_000.0)
    region_cell = max(probe.pixel_of_source_at(lat, lon), 2 * half / (OVERVIEW_MAX_CELLS - 1))
    step_note = (f"{step:g} h steps (the site: {float(ld.step_h):g} h), {OVERVIEW_AZIMUTHS} "
                 "azimuths")
    block = {
        "to_lat_deg": pole * OVERVIEW_TO_LAT_DEG,
        "cell_m": cell,
        "step_h": step,
        "azimuths": OVERVIEW_AZIMUTHS,
        "near_field_policy": policy.describe(cell),
        "published_sites_shown": [x[0] for x in sites],
        "region_map_half_width_km": half / 1e3,
        "region_map_cell_m": region_cell,
        "note": ("overview at a coarser time step and fewer azimuths than the site; its PSRs are "
                 "cells never lit at that grid and step; the site's PSR figures are those of the "
                 "PSR search (psr_area_km2, distance_to_psr_km)"),
    }

    def compute() -> dict:
        ov = polar_overview(pole * OVERVIEW_TO_LAT_DEG, h, t0, t1, step, policy,
                            n_az=OVERVIEW_AZIMUTHS, reach_m=ld.horizon_reach_km * 1e3)
        return {"analysis": ov, "sites": sites, "step_note": step_note,
                "region_terrain": build_terrain(lat, lon, half, region_cell)}

    return block, compute


def _ice_region(scenario, region, slope_deg, aspect_deg, t0, t1, lat, lon):
    """Ice maps of the region (:func:`lupex.ice.maps.region_ice_map`): the region maps' grid,
    horizons and period, the terrain's slope and aspect per cell; returns (the
    :class:`lupex.ice.maps.IceMap`, its :class:`lupex.scenario.summaries.IceRegionMaps` with the
    nearest cells with ice within ``[rover] drill_depth_m``)."""
    from lupex.ice.maps import nearest_ice_cells, region_ice_map
    from lupex.site.illumination import time_grid

    ld = scenario.landing
    step = float(ld.step_h)
    thermal_step = step * max(1, int(round(6.0 / step)))
    im = region_ice_map(region.terrain, region.horizons, time_grid(t0, t1, step), step,
                        slope_deg=slope_deg, aspect_deg=aspect_deg,
                        drill_depth_m=float(scenario.rover.drill_depth_m),
                        thermal_step_h=thermal_step)
    k = region.terrain.scale_factor()
    cell_km2 = (region.terrain.cell_m / k) ** 2 / 1e6
    valid = np.isfinite(im.t_surface_max_k)
    block = IceRegionMaps(
        grid_shape=list(im.t_surface_max_k.shape),
        cell_m=region.terrain.cell_m,
        thermal_step_h=im.thermal_step_h,
        t_surface_max_k_range=[round(float(np.nanmin(im.t_surface_max_k)), 1),
                               round(float(np.nanmax(im.t_surface_max_k)), 1)],
        t_surface_mean_k_range=[round(float(np.nanmin(im.t_surface_mean_k)), 1),
                                round(float(np.nanmax(im.t_surface_mean_k)), 1)],
        cells_with_stable_ice=int(np.isfinite(im.ice_depth_m).sum()),
        cells_ice_within_reach=int(im.ice_within_reach.sum()),
        area_ice_within_reach_km2=round(float(np.sum(cell_km2[im.ice_within_reach])), 3),
        cells=int(valid.sum()),
        converged_fraction=round(float(im.converged[valid].mean()) if valid.any() else 0.0, 4),
        nearest_ice_within_reach=nearest_ice_cells(im, lat, lon, 5),
        note=("the site's 1-D model run in every cell of the region maps, driven by the cell's "
                 "direct sunlight over the map horizons on the grid-scale slope; "
                 f"{im.thermal_step_h:g} h model step; no heat from surrounding terrain, so "
                 "shadowed cells are colder than Diviner measures and their ice is overstated"),
    )
    return im, block


def run(scenario, handoff: dict) -> StageResult:
    """Analyse the landing site and its region; return the 'landing' stage result."""
    from lupex.site import NearFieldPolicy, analyze_region, analyze_site, site_terrains
    from lupex.site.illumination import distance_to_mask_km
    from lupex.site.ranking import psr_distance_on, rank_sites
    from lupex.site.slope import footprint_slope, safe_area, slope_aspect
    from lupex.site.years import yearly_illumination

    ld = scenario.landing
    lat, lon, h = float(ld.lat_deg), float(ld.lon_deg) % 360.0, float(ld.observer_height_m)
    if h < 0:
        raise InputError("landing.observer_height_m", h, "a height of 0 m or more")
    t0, t1, period_src = _period(scenario, handoff)
    policy = NearFieldPolicy(ld.near_field_k)
    reach = ld.horizon_reach_km * 1e3
    terrains = site_terrains(lat, lon, reach)
    site = analyze_site(lat, lon, h, t0, t1, ld.step_h, policy=policy, terrains=terrains,
                        reach_m=reach)
    region = analyze_region(lat, lon, ld.region_half_width_km * 1e3, ld.map_cell_m, h, t0, t1,
                            ld.step_h, reach, policy)
    t = region.terrain
    maps = region.maps
    slope_grid, aspect = slope_aspect(t)
    slope_fp = footprint_slope(t, ld.lander_footprint_m)
    i, j = (int(round(float(v))) for v in t.latlon_to_ij(lat, lon))
    slope_site = float(slope_fp[i, j])
    psr_reg = analyze_region(lat, lon, ld.psr_search_half_width_km * 1e3,
                             max(ld.map_cell_m, 500.0), h, t0, t1, ld.step_h, reach,
                             NearFieldPolicy(ld.psr_near_field_k))
    d_psr = distance_to_mask_km(psr_reg.terrain, psr_reg.maps.psr, lat, lon)
    # one PSR mask (the PSR search's policy) for every PSR figure: summary, ranking, maps
    psr_dist = psr_distance_on(t, psr_reg.terrain, psr_reg.maps.psr)
    ranking = rank_sites(t, maps, slope_fp, ld.slope_limit_deg, top=10, psr_distance_km=psr_dist)
    safe = safe_area(slope_fp, ld.slope_limit_deg)
    pixel = t.pixel_of_source_at(lat, lon)
    site_product = _product_at(t, lat, lon)
    hz = site.horizon
    used = _products_used(hz.terrain, t.describe(), psr_reg.terrain.describe())
    terrain_block = LandingTerrain(
        products=[name for name, _ in used],
        product_pixel_m=[px for _, px in used],
        site_product=site_product,
        resolution_m=pixel,
        site_horizon={
            "products": hz.terrain["products"],
            "distance_bands": hz.terrain["distance_bands"],
            "reach_km": hz.terrain["reach_km"],
            "azimuths": int(hz.azimuth_deg.size),
            "method": "ray-march, exact sphere geometry, true azimuths",
        },
        region_maps={
            "products": t.describe()["products"],
            "half_width_km": ld.region_half_width_km,
            "cell_m": t.cell_m,
            "grid_shape": list(t.shape),
            "horizon_reach_km": ld.horizon_reach_km,
            "azimuths": int(region.horizons.shape[2]),
            "method": "horizon sweep per grid azimuth (lupex.site.horizon.horizon_map)",
        },
        near_field_policy=hz.terrain["near_field_policy"],
        near_field_m=hz.near_field_m, near_field_k=ld.near_field_k,
        projection=t.describe()["projection"],
        note=(f"finest terrain here is {site_product} at {pixel:.0f} m per pixel: "
                 "ridges, crater rims and small PSRs below ~2 pixels are not resolved; slopes are "
                 "those of the smoothed product, not of a lander footprint"),
    )
    ice_profile, ice = _ice_at_site(scenario, lat, lon, t0, t1, policy, terrains, reach,
                       float(slope_grid[i, j]), float(aspect[i, j]))
    want_maps = ld.ice_maps
    if want_maps is None:
        want_maps = scenario.surface.drill_targets == "ice"
    if want_maps:
        ice_map, ice["region_maps"] = _ice_region(scenario, region, slope_grid, aspect, t0, t1,
                                                  lat, lon)
    else:
        ice_map, ice["region_maps"] = None, None
        ice["region_maps_note"] = ("region ice maps not made: set [landing] ice_maps = true, or "
                                   "[surface] drill_targets = \"ice\" (about 12 ms of CPU per "
                                   "region cell)")
    overview_block, overview = _overview(scenario, t0, t1, h, lat, lon)
    years = yearly_illumination(site)
    summary = LandingSummary(
        site_name=ld.site_name,
        lat_deg=lat,
        lon_deg=lon,
        ground_height_m=hz.ground_m,
        observer_height_m=h,
        period_start_utc=t0.isot,
        period_stop_utc=t1.isot,
        period_source=period_src,
        step_h=ld.step_h,
        sun_fraction=site.sun_fraction,
        sun_any_fraction=site.sun_any_fraction,
        earth_fraction=site.earth_fraction,
        sun_and_earth_fraction=site.sun_and_earth_fraction,
        longest_dark_hours=site.longest_dark_hours,
        slope_deg=slope_site,
        slope_grid_deg=float(slope_grid[i, j]),
        aspect_deg=float(aspect[i, j]),
        slope_baseline_m=max(pixel, ld.lander_footprint_m),
        slope_limit_deg=ld.slope_limit_deg,
        site_safe=bool(slope_site <= ld.slope_limit_deg),
        safe_area_fraction=float(safe.mean()),
        distance_to_psr_km=d_psr,
        psr_area_km2=psr_reg.maps.psr_area_km2,
        psr_search_half_width_km=ld.psr_search_half_width_km,
        psr_near_field_policy=psr_reg.policy,
        psr_note=("PSR = cells never lit (no part of the Sun) over the period, searched within "
                  f"{ld.psr_search_half_width_km:g} km of the site on a "
                  f"{psr_reg.terrain.cell_m:.0f} m grid with near-field factor "
                  f"k = {ld.psr_near_field_k:g}; this one PSR mask gives every PSR area and "
                  "distance of the run (summary, ranking, maps, psr.tif); on a DEM coarser "
                  "than the PSRs smoothed flanks add spurious shadow, so the area is an upper "
                  "bound and the distance a lower bound; "
                  + (f"a {ld.illumination_days / 365.25:.1f}-year period" if years.years_long
                     else "a one-year period, not the 18.6-year cycle")
                  + ("" if d_psr is not None else "; none found")),
        region_sun_fraction_max=float(np.nanmax(maps.sun_fraction)),
        touchdown=_touchdown_check(site.horizon, handoff.get("landing_epoch")),
        **({"yearly": LandingYears(**years.summary())} if years.years_long else {}),
        ice=LandingIce(**ice),
        ranking=ranking,
        terrain=terrain_block,
        overview_maps=overview_block,
    ).to_json()

    psr = {"maps": psr_reg.maps, "area_km2": psr_reg.maps.psr_area_km2, "distance_km": d_psr,
           "policy": f"k = {ld.psr_near_field_k:g} within {ld.psr_search_half_width_km:g} km",
           "distance_map_km": psr_dist}

    def write_products(out_dir):
        from lupex.scenario.stages.landing_products import write_ice_products, write_site_products

        return (write_site_products(out_dir, site, region, slope_fp, ranking, lat, lon, ld, psr,
                                    overview)
                + write_ice_products(out_dir, ice_map, ice_profile, ice, lat, lon))

    return StageResult(
        stage="landing",
        summary=summary,
        handoff={"terrain": t, "site_terrains": terrains, "near_field_policy": policy,
                 "landing_site": (lat, lon), "landing_summary": summary,
                 "ice_map": ice_map},
        write_products=write_products,
    )
