"""Figures of the ice maps and of a temperature-depth profile (matplotlib, Agg-safe)."""

from __future__ import annotations

import numpy as np

from lupex import plotstyle


def plot_ice_maps(ice_map, lat_deg=None, lon_deg=None):
    """Four panels on the region grid: annual peak and mean surface temperature (K), depth of
    stable ice (m; blank: none within 2 m) and ice within the drill's reach."""
    from lupex.site.plots import _extent_km, _site_marker

    t = ice_map.terrain
    ext = _extent_km(t)
    fig = plotstyle.new_figure(figsize=(9.6, 8.4), layout="constrained")
    panels = (
        (ice_map.t_surface_max_k, "inferno", "annual peak surface temperature (K)"),
        (ice_map.t_surface_mean_k, "inferno", "annual mean surface temperature (K)"),
        (ice_map.ice_depth_m, "viridis_r", "depth of stable ice (m)"),
        (ice_map.ice_within_reach.astype(float), "Blues",
         f"ice within {ice_map.drill_depth_m:g} m (1) or not (0)"),
    )
    for k, (arr, cmap, label) in enumerate(panels):
        ax = fig.add_subplot(2, 2, k + 1)
        im = ax.imshow(arr, cmap=cmap, extent=ext, origin="upper",
                       vmin=0 if k == 3 else None, vmax=1 if k == 3 else None)
        _site_marker(ax, t, lat_deg, lon_deg)
        fig.colorbar(im, ax=ax, shrink=0.8, label=label)
        ax.set_xlabel("x (km)", fontsize=7)
        ax.set_ylabel("y (km)", fontsize=7)
        ax.grid(False)
    n = int(ice_map.ice_within_reach.sum())
    fig.suptitle(f"Regolith temperatures and stable water ice (1-D model per {t.cell_m:g} m cell, "
                 f"{ice_map.thermal_step_h:g} h step); {n} cells with ice within "
                 f"{ice_map.drill_depth_m:g} m", fontsize=8)
    return fig


def plot_temperature_profile(result, ice_depth_m=None, max_depth_m=2.0, title=""):
    """Peak, mean and minimum temperature against depth of a :class:`lupex.ice.ThermalResult`,
    with the top of stable ice (if any)."""
    fig = plotstyle.new_figure(figsize=(5.2, 4.6), layout="constrained")
    ax = fig.add_subplot(111)
    z = np.asarray(result.depth_m)
    keep = z <= max_depth_m + 1e-9
    ax.plot(result.max_temperature_k[keep], z[keep], color="tab:red", label="peak")
    ax.plot(result.mean_temperature_k[keep], z[keep], color="k", label="mean")
    ax.plot(result.min_temperature_k[keep], z[keep], color="tab:blue", label="minimum")
    if ice_depth_m is not None:
        ax.axhline(ice_depth_m, color="tab:cyan", ls="--",
                   label=f"top of stable ice, {ice_depth_m:.2f} m")
    ax.invert_yaxis()
    ax.set_xlabel("temperature (K)")
    ax.set_ylabel("depth (m)")
    ax.legend(loc="lower right", fontsize=7)
    ax.set_title(title or "Regolith temperature against depth over the period", fontsize=8)
    return fig
