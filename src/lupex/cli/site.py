"""``lupex site illumination``, ``lupex site map`` and ``lupex site thermal``: landing-site analysis
from the command line.

- ``lupex site illumination --lat LAT --lon LON --height-m H --start DATE --stop DATE --step-h H
  [--near-field-k K] [--json]`` prints sun_fraction, earth_fraction, sun_and_earth_fraction,
  longest_dark_hours (and the terrain block).
- ``lupex site map --lat LAT --lon LON --out DIR [--half-width-km KM --cell-m M ...]`` writes
  illumination / Earth / darkness / PSR / slope maps as PNG and GeoTIFF, over any period in DE421
  (e.g. ``--start 2020-01-01 --stop 2039-01-01 --step-h 2``, the 18.6-year cycle): the period
  mean, the worst year (``worst_year_sun_fraction.tif``) and the longest darkness over the
  period. The horizons are streamed (memory grows with the grid only); with
  ``--scheduler ADDRESS`` the region is cut into tiles (``--tile-cells``) computed on a dask
  cluster, each with a halo of the horizon reach, progress printed per tile.
- ``lupex site thermal --lat LAT --lon LON --start DATE --stop DATE [--json]`` prints the surface
  temperature (max, mean, min), the depth of stable water ice (null: none within 2 m) and the
  mean and maximum temperature against depth (:mod:`lupex.ice`).
"""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    from lupex.cli import help_and_fail

    p = sub.add_parser("site", help="landing-site illumination, Earth visibility, PSR and slopes")
    s = p.add_subparsers(dest="site_command", metavar="SUBCOMMAND")

    def common(q, height_m=2.0, height_help="observer height above ground, m"):
        q.add_argument("--lat", type=float, required=True, help="latitude, deg (e.g. -89.45)")
        q.add_argument("--lon", type=float, required=True, help="east longitude, deg (e.g. 222.69)")
        q.add_argument("--height-m", type=float, default=height_m, help=height_help)
        q.add_argument("--start", default="2018-10-22", help="period start, UTC (ISO date)")
        q.add_argument("--stop", default="2019-10-22", help="period stop, UTC (ISO date)")
        q.add_argument("--step-h", type=float, default=1.0, help="time step, hours")
        q.add_argument("--near-field-k", type=float, default=2.0,
                       help="exclude terrain closer than K x native pixel (default 2; 0 = none)")

    q = s.add_parser("illumination", help="Sun/Earth visibility time-series figures of one site")
    common(q)
    q.add_argument("--json", action="store_true", help="print the result as JSON")
    q.set_defaults(handler=handle_illumination)

    m = s.add_parser("map", help="maps of a region around a site (PNG and GeoTIFF)")
    common(m)
    m.add_argument("--out", required=True, help="output directory (new or empty)")
    m.add_argument("--force", action="store_true",
                   help="replace the maps lupex wrote earlier in --out (files lupex did not "
                        "write are never touched)")
    m.add_argument("--half-width-km", type=float, default=10.0, help="region half-width, km")
    m.add_argument("--cell-m", type=float, default=400.0, help="map cell, m")
    m.add_argument("--slope-limit-deg", type=float, default=12.0, help="safe slope limit, deg")
    m.add_argument("--scheduler", metavar="ADDRESS",
                   help="compute the map in tiles on an existing dask.distributed scheduler, "
                        "e.g. tcp://host:8786 (needs lupex[cluster])")
    m.add_argument("--tile-cells", type=int, default=256,
                   help="tile side for --scheduler, cells (default 256)")
    m.add_argument("--json", action="store_true", help="print a summary as JSON")
    m.set_defaults(handler=handle_map)
    th = s.add_parser("thermal", help="regolith temperatures and the depth of stable water ice "
                                      "at a site (1-D thermal model on the terrain's illumination)")
    common(th, height_m=0.0, height_help="height above ground at which the Sun's visibility is "
                                         "taken, m (0: the surface itself)")
    th.add_argument("--slope-deg", type=float, default=0.0,
                    help="tilt of the surface, deg (0: flat)")
    th.add_argument("--aspect-deg", type=float, default=0.0,
                    help="true azimuth the tilted surface faces, deg")
    th.add_argument("--external-flux-w-m2", type=float, default=0.0,
                    help="scattered sunlight and infrared from the surrounding terrain, W/m² "
                         "(an approximation the caller supplies; 0.1-0.3 W/m² for a shadowed "
                         "crater floor)")
    th.add_argument("--criterion", choices=("sublimation", "max_temperature"),
                    default="sublimation",
                    help="ice stability: free sublimation under 1 kg/m²/Gyr, or peak "
                         "temperature under 110 K")
    th.add_argument("--json", action="store_true", help="print the result as JSON")
    th.set_defaults(handler=handle_thermal)
    p.set_defaults(handler=lambda args: help_and_fail(p))


def _policy(args):
    from lupex.errors import InputError
    from lupex.site import NearFieldPolicy

    if not (args.near_field_k >= 0):
        raise InputError("--near-field-k", args.near_field_k, "a factor of 0 or more")
    return NearFieldPolicy(args.near_field_k)


def _check(args):
    from lupex.errors import InputError

    if not (0 <= args.height_m <= 1000):
        raise InputError("--height-m", args.height_m, "a height from 0 to 1000 m (a mast or a tower)")
    if not (-90 <= args.lat <= 90):
        raise InputError("--lat", args.lat, "a latitude between -90 and 90 degrees")
    if not (-180 <= args.lon <= 360):
        raise InputError("--lon", args.lon, "an east longitude between -180 and 360 degrees")


def handle_illumination(args) -> int:
    from lupex.site import analyze_site

    _check(args)
    r = analyze_site(args.lat, args.lon, args.height_m, args.start, args.stop, args.step_h,
                     policy=_policy(args))
    out = r.summary()
    out["terrain"] = {k: v for k, v in r.horizon.terrain.items()}
    if args.json:
        json.dump(out, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        for k in ("sun_fraction", "sun_any_fraction", "earth_fraction", "sun_and_earth_fraction",
                  "longest_dark_hours"):
            print(f"{k:24s} {out[k]:.4f}")
        print(f"terrain: {', '.join(out['terrain']['products'])}; "
              f"{out['terrain']['near_field_policy']}")
    return 0


def _check_slope_limit(args):
    from lupex.errors import InputError

    if not (0.0 < args.slope_limit_deg < 90.0):
        raise InputError("--slope-limit-deg", args.slope_limit_deg,
                         "a slope limit between 0 and 90 degrees")


def handle_map(args) -> int:
    from lupex import plotstyle
    from lupex.output import OutputDir
    from lupex.errors import InputError
    from lupex.site import plots
    from lupex.site.analysis import region_statistics
    from lupex.site.illumination import distance_to_mask_km
    from lupex.site.pds import write_geotiff
    from lupex.site.ranking import rank_sites, score_map
    from lupex.site.slope import footprint_slope

    _check(args)
    _check_slope_limit(args)
    files = ("illumination_map.png", "slope_map.png", "ranking_map.png", "sun_fraction.tif",
             "earth_fraction.tif", "sun_and_earth_fraction.tif", "longest_dark_hours.tif",
             "worst_year_sun_fraction.tif", "psr.tif", "slope_deg.tif", "ranking.json")
    if args.scheduler is not None and not args.scheduler.strip():
        raise InputError("--scheduler", args.scheduler,
                         "the address of a running dask scheduler, e.g. tcp://127.0.0.1:8786")
    if not (8 <= args.tile_cells <= 8192):
        raise InputError("--tile-cells", args.tile_cells, "a tile side from 8 to 8192 cells")

    def progress(done, total, tile):
        print(f"tile {done}/{total} done (rows {tile.i0}-{tile.i1 - 1}, "
              f"columns {tile.j0}-{tile.j1 - 1})", file=sys.stderr, flush=True)

    # --out is checked and locked before computing; the maps are moved into place when complete
    with OutputDir(args.out, args.force, command="site map", expected=files) as od:
        reg = region_statistics(args.lat, args.lon, args.half_width_km * 1e3, args.cell_m,
                                args.height_m, args.start, args.stop, args.step_h,
                                policy=_policy(args), scheduler=args.scheduler,
                                tile_cells=args.tile_cells, progress=progress)
        t, maps = reg.terrain, reg.maps
        slope = footprint_slope(t, 4.0)
        rows = rank_sites(t, maps, slope, args.slope_limit_deg, top=20)
        with od.staging() as tmp:
            figs = {
                "illumination_map.png": plots.plot_illumination_map(maps, args.lat, args.lon),
                "slope_map.png": plots.plot_slope_map(t, slope, args.slope_limit_deg, args.lat,
                                                      args.lon),
                "ranking_map.png": plots.plot_ranking_map(
                    t, score_map(t, maps, slope, args.slope_limit_deg), rows, args.lat,
                    args.lon),
            }
            for name, fig in figs.items():
                plotstyle.savefig(fig, tmp / name)
            for name, arr in (("sun_fraction.tif", maps.sun_fraction),
                              ("earth_fraction.tif", maps.earth_fraction),
                              ("sun_and_earth_fraction.tif", maps.sun_and_earth_fraction),
                              ("longest_dark_hours.tif", maps.longest_dark_hours),
                              ("worst_year_sun_fraction.tif", maps.worst_year_sun_fraction),
                              ("psr.tif", maps.psr.astype(float)), ("slope_deg.tif", slope)):
                write_geotiff(tmp / name, arr, t.x0_m, t.y0_m, t.cell_m, nodata=float("nan"),
                              pole=t.pole, description=name[:-4])
            (tmp / "ranking.json").write_text(json.dumps(rows, indent=2))
    written = [str(p) for p in od.paths if p.name != "ranking.json"]
    ci, cj = (v // 2 for v in maps.sun_fraction.shape)  # the site is the centre cell
    wy = int(maps.worst_year_index[ci, cj])
    summary = {"files": written,
               "period": {"start_utc": str(args.start), "stop_utc": str(args.stop),
                          "step_h": args.step_h, "n_epochs": maps.n_epochs,
                          "year_starts_utc": list(maps.year_starts_utc)},
               "site": {"sun_fraction": float(maps.sun_fraction[ci, cj]),
                        "earth_fraction": float(maps.earth_fraction[ci, cj]),
                        "worst_year_sun_fraction": float(maps.worst_year_sun_fraction[ci, cj]),
                        "worst_year_start_utc": (maps.year_starts_utc[wy] if wy >= 0 else None),
                        "longest_dark_hours": float(maps.longest_dark_hours[ci, cj])},
               "tiles": ({"scheduler": args.scheduler, "tile_cells": args.tile_cells}
                         if args.scheduler else None),
               "psr_area_km2": maps.psr_area_km2,
               "distance_to_psr_km": distance_to_mask_km(t, maps.psr, args.lat, args.lon),
               "near_field_policy": reg.policy, "terrain": t.describe(), "ranking": rows[:5]}
    if args.json:
        json.dump(summary, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(f"wrote {len(od.paths)} files to {args.out}")
    return 0


#: Depths at which ``lupex site thermal`` reports the temperature profile, m.
PROFILE_DEPTHS_M = (0.0, 0.01, 0.02, 0.05, 0.08, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0)


def handle_thermal(args) -> int:
    import math

    import numpy as np

    from lupex.errors import InputError
    from lupex.ice import ice_stable_depth, run_site_thermal
    from lupex.site import analyze_site

    _check(args)
    if not (0.0 <= args.slope_deg < 90.0):
        raise InputError("--slope-deg", args.slope_deg, "a tilt from 0 to 90° (exclusive)")
    if not math.isfinite(args.aspect_deg):
        raise InputError("--aspect-deg", args.aspect_deg, "a finite azimuth, deg")
    if not (0.0 <= args.external_flux_w_m2 <= 50.0):
        raise InputError("--external-flux-w-m2", args.external_flux_w_m2, "0 to 50 W/m²")
    il = analyze_site(args.lat, args.lon, args.height_m, args.start, args.stop, args.step_h,
                      policy=_policy(args))
    res = run_site_thermal(il, slope_deg=args.slope_deg,
                           aspect_deg=args.aspect_deg,
                           external_flux_w_m2=args.external_flux_w_m2)
    depth = ice_stable_depth(res, criterion=args.criterion)
    z = np.asarray(res.depth_m)
    profile = [{"depth_m": d,
                "t_mean_k": round(float(np.interp(d, z, res.mean_temperature_k)), 2),
                "t_max_k": round(float(np.interp(d, z, res.max_temperature_k)), 2)}
               for d in PROFILE_DEPTHS_M if d <= z[-1]]
    out = {
        "lat_deg": args.lat, "lon_deg": args.lon, "start_utc": str(args.start),
        "stop_utc": str(args.stop), "step_h": args.step_h,
        "sun_fraction": round(float(il.sun_fraction), 4),
        "t_surface_max_k": round(float(np.max(res.surface_temperature_k)), 2),
        "t_surface_mean_k": round(float(np.mean(res.surface_temperature_k)), 2),
        "t_surface_min_k": round(float(np.min(res.surface_temperature_k)), 2),
        "ice_stable_depth_m": None if depth is None else round(float(depth), 3),
        "ice_criterion": args.criterion,
        "profile": profile,
        "converged": bool(res.converged), "spin_up_cycles": int(res.cycles),
        "slope_deg": args.slope_deg, "aspect_deg": args.aspect_deg,
        "external_flux_w_m2": args.external_flux_w_m2,
        "model": "1-D regolith conduction, Hayne et al. (2017) properties; ice stability by "
                 + ("free sublimation <= 1 kg/m^2/Gyr (Siegler et al. 2016)"
                    if args.criterion == "sublimation" else "peak T <= 110 K (Paige et al. 2010)"),
        "terrain": dict(il.horizon.terrain),
    }
    if args.json:
        json.dump(out, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    for k in ("sun_fraction", "t_surface_max_k", "t_surface_mean_k", "t_surface_min_k"):
        print(f"{k:20s} {out[k]}")
    print(f"{'ice_stable_depth_m':20s} "
          f"{'none within 2 m' if depth is None else out['ice_stable_depth_m']}")
    print("depth_m   mean_K   max_K")
    for row in profile:
        print(f"{row['depth_m']:7.2f} {row['t_mean_k']:8.1f} {row['t_max_k']:7.1f}")
    return 0
