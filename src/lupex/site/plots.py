"""Plots of the landing-site analysis (matplotlib Figure objects, lupex.plotstyle; no pyplot).

- :func:`plot_illumination_map` -- Sun fraction over a hillshade with PSR outlines.
- :func:`plot_horizon_panorama` -- a site's horizon with the Sun's and Earth's paths.
- :func:`plot_sun_vs_horizon` -- Sun elevation and the horizon under it against time.
- :func:`plot_slope_map` -- slope with the safe area (slope limit) outlined.
- :func:`plot_ranking_map` -- ranking score with the best candidates marked.
- :func:`plot_polar_overview` -- the polar cap: mean Sun visibility, PSRs, candidate sites.
- :func:`plot_site_region` -- hillshade around a site in km with a latitude/longitude graticule.
Every figure says which product the terrain comes from (real LOLA data, its pixel size).
"""

from __future__ import annotations

import numpy as np

from lupex import plotstyle


def _extent_km(terrain):
    ny, nx = terrain.shape
    x0, y0 = terrain.x0_m / 1e3, terrain.y0_m / 1e3
    c = terrain.cell_m / 1e3
    return [x0 - c / 2, x0 + (nx - 0.5) * c, y0 - (ny - 0.5) * c, y0 + c / 2]


def hillshade(heights: np.ndarray, cell_m: float, sun_az_deg: float = 315.0,
              sun_el_deg: float = 30.0) -> np.ndarray:
    """Lambertian hillshade (0..1) of a height grid (grid azimuth of the light source)."""
    gy, gx = np.gradient(np.nan_to_num(heights.astype(float)), cell_m)
    gy = -gy
    az, el = np.radians(sun_az_deg), np.radians(sun_el_deg)
    lx, ly, lz = np.cos(el) * np.sin(az), np.cos(el) * np.cos(az), np.sin(el)
    n = np.sqrt(gx * gx + gy * gy + 1)
    return np.clip((-gx * lx - gy * ly + lz) / n, 0, 1)


def _source_text(terrain) -> str:
    d = terrain.describe()
    prods = ", ".join(f"{p} ({px:.0f} m)" for p, px in zip(d["products"], d["product_pixel_m"]))
    return f"real LOLA terrain: {prods}; grid {terrain.cell_m:.0f} m, polar stereographic"


def _site_marker(ax, terrain, lat, lon):
    from lupex.moon_geometry import latlon_to_ps

    if lat is None:
        return
    x, y = latlon_to_ps(lat, lon, terrain.pole)
    ax.plot([x / 1e3], [y / 1e3], marker="*", color=plotstyle.AGENCY_COLORS["ISRO"], ms=12,
            mec="k", label="site")


def plot_illumination_map(maps, lat_deg=None, lon_deg=None, title="Sun visibility", psr=None):
    """Mean visible Sun fraction over a hillshade, PSR outlined.

    ``psr``: the PSR to outline and quote, as a mapping with ``maps`` (an IlluminationMap whose
    ``psr`` mask is drawn: it may cover a larger region than ``maps``), ``area_km2``,
    ``distance_km`` (or None) and ``policy`` (words) -- the run's one PSR figure, so that the
    plot shows the numbers of the summary. Default: ``maps``' own PSR and area.
    """
    t = maps.terrain
    fig = plotstyle.new_figure(figsize=(6.4, 5.4), layout="constrained")
    ax = fig.add_subplot(111)
    ext = _extent_km(t)
    ax.imshow(hillshade(t.heights_m, t.cell_m), cmap="gray", extent=ext, origin="upper")
    im = ax.imshow(maps.sun_fraction * 100, cmap=plotstyle.ILLUMINATION_CMAP, alpha=0.75,
                   extent=ext, origin="upper", vmin=0, vmax=100)
    pm = psr["maps"] if psr else maps
    if pm.psr.any():
        pext = _extent_km(pm.terrain)
        ax.contour(pm.psr.astype(float), levels=[0.5], colors="red", linewidths=1.0,
                   extent=pext, origin="upper")
    ax.set_xlim(ext[0], ext[1])
    ax.set_ylim(ext[2], ext[3])
    _site_marker(ax, t, lat_deg, lon_deg)
    fig.colorbar(im, ax=ax, label="mean visible Sun fraction (%)")
    ax.set_xlabel("x (km, polar stereographic, towards 90°E)")
    ax.set_ylabel("y (km, towards 0°E)")
    if psr:
        d = psr.get("distance_km")
        psr_text = (f"PSR (red): {psr['area_km2']:.2f} km², nearest "
                    + ("none" if d is None else f"{d:.1f} km") + f" ({psr['policy']})")
    else:
        psr_text = f"PSR (red): {maps.psr_area_km2:.2f} km²"
    ax.set_title(f"{title}; {psr_text}\n{_source_text(t)}; "
                 f"observer {maps.height_m:g} m, near field {maps.near_field_m / 1e3:.1f} km excluded",
                 fontsize=7, wrap=True)
    ax.grid(False)
    return fig


def plot_horizon_panorama(horizon, sun=None, earth=None):
    """Horizon (true azimuth) with the Sun's and Earth's paths over the period (if given)."""
    fig = plotstyle.new_figure(figsize=(9, 3.4))
    ax = fig.add_subplot(111)
    ax.fill_between(horizon.azimuth_deg, -10, horizon.elevation_deg, color="0.35", label="terrain")
    if sun is not None:
        ax.scatter(sun[0], sun[1], s=0.3, color=plotstyle.SUN_COLOR, label="Sun (centre)")
    if earth is not None:
        ax.scatter(earth[0], earth[1], s=0.3, color=plotstyle.EARTH_COLOR, label="Earth")
    top = max(3.0, float(np.nanmax(horizon.elevation_deg)) + 1)
    ax.set_xlim(0, 360)
    ax.set_ylim(min(-3.0, float(np.nanmin(horizon.elevation_deg)) - 0.5), top)
    ax.set_xlabel("true azimuth (deg, clockwise from north)")
    ax.set_ylabel("elevation (deg)")
    ax.set_title(f"Horizon at {horizon.lat_deg:.3f}°, {horizon.lon_deg:.3f}°E, "
                 f"{horizon.height_m:g} m above ground; {horizon.terrain.get('near_field_policy', '')}",
                 fontsize=7)
    ax.legend(loc="upper right", fontsize=7, markerscale=10)
    return fig


def plot_sun_vs_horizon(illum, max_points: int = 20000):
    """Sun elevation and the horizon beneath it over time, with the visible fraction."""
    fig = plotstyle.new_figure(figsize=(9, 4), layout="constrained")
    ax = fig.add_subplot(211)
    n = len(illum.times)
    sl = slice(None, None, max(1, n // max_points))
    days = (illum.times.jd - illum.times.jd[0])[sl]
    ax.plot(days, illum.sun_elevation_deg[sl], lw=0.6, color=plotstyle.SUN_COLOR,
            label="Sun centre elevation")
    ax.plot(days, illum.sun_horizon_deg[sl], lw=0.6, color="0.3", label="horizon under the Sun")
    ax.set_ylabel("deg")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside, not over, data
    ax2 = fig.add_subplot(212, sharex=ax)
    ax2.fill_between(days, 0, illum.sun_visible_fraction[sl] * 100,
                     color=plotstyle.SUN_COLOR, lw=0)
    ax2.set_ylabel("Sun visible (%)")
    ax2.set_xlabel(f"days from {illum.times[0].isot[:10]}")
    ax.set_title(f"Sun fraction {illum.sun_fraction * 100:.1f} %, longest darkness "
                 f"{illum.longest_dark_hours / 24:.1f} d", fontsize=8)
    return fig


def plot_slope_map(terrain, slope_deg, limit_deg=12.0, lat_deg=None, lon_deg=None):
    """Slope map with the safe area (slope <= limit) outlined."""
    fig = plotstyle.new_figure(figsize=(6.4, 5.4), layout="constrained")
    ax = fig.add_subplot(111)
    ext = _extent_km(terrain)
    im = ax.imshow(slope_deg, cmap=plotstyle.SEQUENTIAL_CMAP, extent=ext, origin="upper")
    safe = (slope_deg <= limit_deg).astype(float)
    if 0 < safe.mean() < 1:
        ax.contour(safe, levels=[0.5], colors="white", linewidths=1.0,
                   extent=ext, origin="upper")
    _site_marker(ax, terrain, lat_deg, lon_deg)
    fig.colorbar(im, ax=ax, label="slope (deg)")
    ax.set_title(f"Slope; safe area (≤ {limit_deg:g}°, white outline) {safe.mean() * 100:.0f} % of "
                 f"the region\n{_source_text(terrain)}", fontsize=7)
    ax.grid(False)
    return fig


def plot_ranking_map(terrain, score, rows, lat_deg=None, lon_deg=None, n_mark: int = 5):
    """Ranking score map with the ``n_mark`` best candidates numbered."""
    from lupex.moon_geometry import latlon_to_ps

    fig = plotstyle.new_figure(figsize=(6.4, 5.4), layout="constrained")
    ax = fig.add_subplot(111)
    ext = _extent_km(terrain)
    ax.imshow(hillshade(terrain.heights_m, terrain.cell_m), cmap="gray", extent=ext, origin="upper")
    im = ax.imshow(score, cmap=plotstyle.SEQUENTIAL_CMAP, alpha=0.8, extent=ext, origin="upper",
                   vmin=0, vmax=1)
    # candidates closer than ~5 % of the map share one label ("1/2"), so numbers never overlap
    sep = 0.05 * max(abs(ext[1] - ext[0]), abs(ext[3] - ext[2]))
    groups: list[list] = []
    for r in rows[:n_mark]:
        x, y = (v / 1e3 for v in latlon_to_ps(r["lat_deg"], r["lon_deg"], terrain.pole))
        for g in groups:
            if np.hypot(x - g[0], y - g[1]) < sep:
                g[2].append(str(r["rank"]))
                break
        else:
            groups.append([float(x), float(y), [str(r["rank"])]])
    for x, y, ranks in groups:
        ax.annotate("/".join(ranks), (x, y), color="white", fontsize=9, ha="center",
                    va="center", weight="bold")
    _site_marker(ax, terrain, lat_deg, lon_deg)
    fig.colorbar(im, ax=ax, label="ranking score (0..1)")
    ax.set_title(f"Site ranking (weights in lupex.site.ranking)\n{_source_text(terrain)}", fontsize=7)
    ax.grid(False)
    return fig


__all__ = ["hillshade", "plot_horizon_panorama", "plot_illumination_map", "plot_ranking_map",
           "plot_slope_map", "plot_sun_vs_horizon"]


def _graticule(ax, ext, pole, lats, lons, label_lat=None, color="white", fontsize=6):
    """Latitude circles ``lats`` and meridians ``lons`` (deg) over a polar-stereographic map in
    km (``ext`` = [x0, x1, y0, y1]), each labelled once inside the frame: latitudes along the
    meridian ``label_lat`` (default: between two drawn meridians), longitudes where each
    meridian leaves the frame (shrunk by 6 %), skipped when that point is off the frame."""
    from lupex.moon_geometry import latlon_to_ps

    x0, x1, y0, y1 = ext
    th = np.radians(np.linspace(0, 360, 721))
    for la in lats:
        r = abs(float(latlon_to_ps(la, 0.0, pole)[1])) / 1e3
        ax.plot(r * np.sin(th), r * np.cos(th), color=color, lw=0.5, alpha=0.7)
    r_max = float(np.hypot(max(abs(x0), abs(x1)), max(abs(y0), abs(y1))))
    for lo in lons:
        x, y = latlon_to_ps(np.array([90.0 * pole, 60.0 * pole]), np.array([lo, lo]), pole)
        ux, uy = float(x[1] - x[0]), float(y[1] - y[0])
        n = np.hypot(ux, uy)
        ux, uy = ux / n, uy / n
        ax.plot([0, ux * r_max * 1.5], [0, uy * r_max * 1.5], color=color, lw=0.5, alpha=0.7)
        # where the meridian leaves the frame shrunk by 6 %
        mx, my = 0.06 * (x1 - x0), 0.06 * (y1 - y0)
        ts = []
        for lim, u in ((x0 + mx, ux), (x1 - mx, ux)):
            if abs(u) > 1e-12:
                ts.append(lim / u)
        for lim, u in ((y0 + my, uy), (y1 - my, uy)):
            if abs(u) > 1e-12:
                ts.append(lim / u)
        ts = [t for t in ts if t > 0 and x0 + mx - 1e-9 <= t * ux <= x1 - mx + 1e-9
              and y0 + my - 1e-9 <= t * uy <= y1 - my + 1e-9]
        if ts:
            t = max(ts)
            ax.text(t * ux, t * uy, f"{lo % 360:g}°E", color=color, fontsize=fontsize,
                    ha="center", va="center",
                    bbox=dict(boxstyle="round,pad=0.1", fc="black", ec="none", alpha=0.4))
    if label_lat is None and len(lons) > 1:
        label_lat = (lons[0] + lons[1]) / 2.0
    if label_lat is not None:
        for la in lats:
            x, y = (v / 1e3 for v in latlon_to_ps(la, label_lat, pole))
            if x0 < x < x1 and y0 < y < y1:
                ax.text(x, y, f"{abs(la):g}°{'S' if pole < 0 else 'N'}", color=color,
                        fontsize=fontsize, ha="center", va="center",
                        bbox=dict(boxstyle="round,pad=0.1", fc="black", ec="none", alpha=0.4))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def plot_polar_overview(overview, sites=(), candidates=(), site=None, step_note: str = ""):
    """Polar overview: mean Sun visibility over a hillshade, PSRs (never lit at this grid and
    step) in blue, published candidate sites and the run's site and best-ranked candidates.

    overview: :class:`~lupex.site.analysis.RegionAnalysis` of
    :func:`~lupex.site.analysis.polar_overview`; sites: (name, lat, lon) published candidates;
    candidates: ranking rows (lat_deg, lon_deg); site: (name, lat, lon) of the run.
    """
    from lupex.moon_geometry import latlon_to_ps

    t = overview.terrain
    m = overview.maps
    fig = plotstyle.new_figure(figsize=(6.6, 7.0), layout="constrained")
    ax = fig.add_subplot(111)
    ext = _extent_km(t)
    ax.imshow(hillshade(t.heights_m, t.cell_m), cmap="gray", extent=ext, origin="upper")
    im = ax.imshow(m.sun_fraction * 100, cmap=plotstyle.ILLUMINATION_CMAP, alpha=0.7,
                   extent=ext, origin="upper", vmin=0, vmax=100)
    if m.psr.any():
        ax.contourf(m.psr.astype(float), levels=[0.5, 1.5], colors=["#56B4E9"],
                    extent=ext, origin="upper")
    lat0 = float(np.nanmin(np.abs(t.cell_latlon()[0][np.isfinite(m.sun_fraction)])))
    edge = -1 if t.pole < 0 else 1
    step = 2.0
    lats = [edge * v for v in np.arange(np.ceil(lat0 / step) * step, 89.0, step)]
    _graticule(ax, ext, t.pole, lats, list(range(0, 360, 30)), label_lat=15.0)
    markers = ("o", "s", "D", "^", "v", "P", "X")
    for k, (name, la, lo) in enumerate(sites):
        x, y = (v / 1e3 for v in latlon_to_ps(la, lo, t.pole))
        ax.plot([x], [y], ls="none", marker=markers[k % len(markers)], ms=7, mfc="none",
                mec=("#CC79A7", "#009E73", "#E69F00", "#F0E442")[k % 4], mew=1.5,
                label=f"published site: {name}")
    if candidates:
        xy = np.array([[v / 1e3 for v in latlon_to_ps(r["lat_deg"], r["lon_deg"], t.pole)]
                       for r in candidates])
        ax.plot(xy[:, 0], xy[:, 1], ls="none", marker=".", ms=4,
                color=plotstyle.AGENCY_COLORS["JAXA"], label="best-ranked cells near the site")
    if site is not None:
        x, y = (v / 1e3 for v in latlon_to_ps(site[1], site[2], t.pole))
        ax.plot([x], [y], ls="none", marker="*", ms=12, color=plotstyle.AGENCY_COLORS["ISRO"],
                mec="k", label=f"landing site: {site[0]}")
    ax.plot([], [], ls="none", marker="s", ms=6, color="#56B4E9",
            label="PSR (never lit at this grid and step)")
    fig.colorbar(im, ax=ax, label="mean visible Sun fraction (%)", shrink=0.8)
    ax.set_xlabel("x (km, polar stereographic, towards 90°E)")
    ax.set_ylabel("y (km, towards 0°E)")
    ax.set_aspect("equal")
    ax.grid(False)
    fig.suptitle(f"{'South' if t.pole < 0 else 'North'} polar overview to {lat0:.0f}°"
                 f"{'S' if t.pole < 0 else 'N'}: mean Sun visibility and PSRs (never lit at this grid "
                 f"and step)\n{_source_text(t)}\nobserver {m.height_m:g} m, near field "
                 f"{m.near_field_m / 1e3:.1f} km excluded" + (f"; {step_note}" if step_note else ""),
                 fontsize=7)
    fig.legend(loc="outside lower center", ncol=2, fontsize=7, frameon=False)
    return fig


def plot_site_region(terrain, lat_deg, lon_deg, psr=None, candidates=(), site_name="site",
                     contour_m: float = 500.0):
    """Regional map around a site: hillshade with height contours, axes in km (polar
    stereographic), latitude/longitude graticule, the run's PSR outline (``psr`` as for
    :func:`plot_illumination_map`) and the best-ranked candidates."""
    from lupex.moon_geometry import latlon_to_ps

    t = terrain
    fig = plotstyle.new_figure(figsize=(6.6, 6.6), layout="constrained")
    ax = fig.add_subplot(111)
    ext = _extent_km(t)
    ax.imshow(hillshade(t.heights_m, t.cell_m), cmap="gray", extent=ext, origin="upper")
    h = t.heights_m
    lv = np.arange(np.floor(np.nanmin(h) / contour_m) * contour_m, np.nanmax(h) + contour_m,
                   contour_m)
    ax.contour(h, levels=lv, colors=plotstyle.SUN_COLOR, linewidths=0.4, alpha=0.8,
               extent=ext, origin="upper")
    psr_text = ""
    if psr and psr["maps"].psr.any():
        pext = _extent_km(psr["maps"].terrain)
        ax.contour(psr["maps"].psr.astype(float), levels=[0.5], colors="red", linewidths=1.0,
                   extent=pext, origin="upper")
        d = psr.get("distance_km")
        psr_text = (f"; PSR (red): {psr['area_km2']:.2f} km², nearest "
                    + ("none" if d is None else f"{d:.1f} km") + f" ({psr['policy']})")
    lat_c = np.abs(t.cell_latlon()[0])
    lo_lat, hi_lat = float(lat_c.min()), float(lat_c.max())
    span = hi_lat - lo_lat
    step = 0.25 if span <= 1.5 else (0.5 if span <= 3 else 1.0)
    pole = t.pole
    lats = [pole * v for v in np.arange(np.ceil(lo_lat / step) * step, min(hi_lat, 89.999), step)]
    lons = list(range(0, 360, 45)) if hi_lat > 89.0 else \
        [float(v) for v in np.arange(np.floor((lon_deg - 20) / 5) * 5, lon_deg + 21, 5)]
    _graticule(ax, ext, pole, lats, lons,
               label_lat=(lon_deg + 22.5) if hi_lat > 89.0 else lon_deg + 2.5)
    if candidates:
        xy = np.array([[v / 1e3 for v in latlon_to_ps(r["lat_deg"], r["lon_deg"], pole)]
                       for r in candidates])
        ax.plot(xy[:, 0], xy[:, 1], ls="none", marker="o", ms=4, mfc="none",
                mec=plotstyle.AGENCY_COLORS["JAXA"], label="best-ranked cells")
    x, y = (v / 1e3 for v in latlon_to_ps(lat_deg, lon_deg, pole))
    ax.plot([x], [y], ls="none", marker="*", ms=12, color=plotstyle.AGENCY_COLORS["ISRO"],
            mec="k", label=f"landing site: {site_name}")
    ax.plot([], [], color=plotstyle.SUN_COLOR, lw=0.8, label=f"height contours every {contour_m:g} m")
    if psr_text:
        ax.plot([], [], color="red", lw=1.0, label="PSR")
    ax.set_xlabel("x (km, polar stereographic, towards 90°E)")
    ax.set_ylabel("y (km, towards 0°E)")
    ax.set_aspect("equal")
    ax.grid(False)
    fig.suptitle(f"Region around {site_name} ({abs(lat_deg):.2f}°{'S' if pole < 0 else 'N'}, "
                 f"{lon_deg % 360:.2f}°E){psr_text}\n{_source_text(t)}", fontsize=7)
    fig.legend(loc="outside lower center", ncol=2, fontsize=7, frameon=False)
    return fig
