"""Plots of the landing-site analysis (matplotlib Figure objects, lupex.plotstyle; no pyplot).

- :func:`plot_illumination_map` -- Sun fraction over a hillshade with PSR outlines.
- :func:`plot_horizon_panorama` -- a site's horizon with the Sun's and Earth's paths.
- :func:`plot_sun_vs_horizon` -- Sun elevation and the horizon under it against time.
- :func:`plot_slope_map` -- slope with the safe area (slope limit) outlined.
- :func:`plot_ranking_map` -- ranking score with the best candidates marked.
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
                   extent=[pext[0], pext[1], pext[3], pext[2]], origin="upper")
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
                   extent=[ext[0], ext[1], ext[3], ext[2]], origin="upper")
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
