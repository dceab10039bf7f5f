"""Products of the landing stage: the site and region plots and GeoTIFFs, and the ice products.

Written into the run's ``landing/`` directory by :mod:`lupex.scenario.stages.landing` (its
``write_products``), after the section is built: plots cost time only when products are written.
"""

from __future__ import annotations

import numpy as np


def write_site_products(out_dir, site, region, slope_fp, ranking, lat, lon, ld, psr, overview):
    from pathlib import Path

    from lupex import plotstyle
    from lupex.site import plots
    from lupex.site.pds import write_geotiff
    from lupex.site.ranking import score_map

    out = Path(out_dir)
    paths = []
    t = region.terrain
    maps = region.maps
    figs = {
        "illumination_map.png": plots.plot_illumination_map(maps, lat, lon, psr=psr),
        "horizon.png": plots.plot_horizon_panorama(
            site.horizon, (site.sun_azimuth_deg, site.sun_elevation_deg),
            (site.earth_azimuth_deg, site.earth_elevation_deg)),
        "sun_vs_horizon.png": plots.plot_sun_vs_horizon(site),
        "slope_map.png": plots.plot_slope_map(t, slope_fp, ld.slope_limit_deg, lat, lon),
        "ranking_map.png": plots.plot_ranking_map(
            t, score_map(t, maps, slope_fp, ld.slope_limit_deg,
                         psr_distance_km=psr["distance_map_km"]), ranking, lat, lon),
    }
    overview = overview()  # the maps' work, only when they are written
    figs["south_polar_overview.png" if lat < 0 else "north_polar_overview.png"] = \
        plots.plot_polar_overview(overview["analysis"], overview["sites"], ranking,
                                  (ld.site_name, lat, lon), overview["step_note"])
    figs["site_region_map.png"] = plots.plot_site_region(
        overview["region_terrain"], lat, lon, psr, ranking, ld.site_name)
    for name, fig in figs.items():
        plotstyle.savefig(fig, out / name)
        paths.append(out / name)
    for name, arr, desc in (
        ("sun_fraction.tif", maps.sun_fraction, "mean visible Sun fraction"),
        ("earth_fraction.tif", maps.earth_fraction, "fraction of time Earth visible"),
        ("longest_dark_hours.tif", maps.longest_dark_hours, "longest darkness, h"),
        ("slope_deg.tif", slope_fp, "footprint slope, deg"),
    ):
        paths.append(write_geotiff(out / name, arr, t.x0_m, t.y0_m, t.cell_m, nodata=np.nan,
                                   pole=t.pole, description=desc))
    pt = psr["maps"].terrain  # the PSR search region: the run's one PSR mask
    paths.append(write_geotiff(out / "psr.tif", psr["maps"].psr.astype(float), pt.x0_m, pt.y0_m,
                               pt.cell_m, nodata=np.nan, pole=pt.pole,
                               description=f"never lit over the period (1); {psr['policy']}"))
    return paths


def write_ice_products(out_dir, ice_map, profile, ice, lat, lon):
    """The landing point's temperature-depth profile (PNG) and, when the region's ice maps were
    made, their GeoTIFFs on the region grid and one PNG of the four maps."""
    from pathlib import Path

    from lupex import plotstyle
    from lupex.ice.plots import plot_ice_maps, plot_temperature_profile
    from lupex.site.pds import write_geotiff

    out = Path(out_dir)
    paths = []
    if ice_map is not None:
        t = ice_map.terrain
        for name, arr, desc in (
            ("ice_t_surface_max_k.tif", ice_map.t_surface_max_k,
             "annual peak surface temperature, K"),
            ("ice_t_surface_mean_k.tif", ice_map.t_surface_mean_k,
             "annual mean surface temperature, K"),
            ("ice_depth_m.tif", ice_map.ice_depth_m,
             "depth of stable water ice, m (nodata: none within 2 m)"),
            ("ice_within_reach.tif", ice_map.ice_within_reach.astype(float),
             f"stable ice within {ice_map.drill_depth_m:g} m (1) or not (0)"),
        ):
            paths.append(write_geotiff(out / name, arr, t.x0_m, t.y0_m, t.cell_m, nodata=np.nan,
                                       pole=t.pole, description=desc))
        fig = plot_ice_maps(ice_map, lat, lon)
        plotstyle.savefig(fig, out / "ice_maps.png")
        paths.append(out / "ice_maps.png")
    fig = plot_temperature_profile(
        profile, ice["ice_stable_depth_m"],
        title=f"Regolith temperature against depth at the landing point ({lat:.2f}°, {lon:.2f}°E)")
    plotstyle.savefig(fig, out / "ice_profile.png")
    paths.append(out / "ice_profile.png")
    return paths
