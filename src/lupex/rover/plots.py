"""Plots of a planned traverse (never called by the physics code): route over a hillshade with the
illumination map, elevation and slope profile, state of charge, activity timeline.

Every figure says in words which parts of the terrain are real and which are modelled.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lupex.plotstyle import ILLUMINATION_CMAP, new_figure, savefig
from lupex.rover.grid import hillshade

KIND_COLORS = {"drive": "#0072B2", "wait": "#E69F00", "charge": "#009E73",
               "hibernate": "#555555", "drill": "#CC79A7"}


def _terrain_note(res) -> str:
    g = res.grid
    if g.meta.get("synthetic_detail"):
        return (f"terrain: real LOLA {g.meta.get('real_product')} (regional shape) + SYNTHETIC "
                f"detail, seed {g.meta.get('detail_seed')} (craters, roughness)")
    return f"terrain: real LOLA {g.meta.get('real_product', '')}"


def _km_axes(g, start):
    ny, nx = g.shape
    x = (np.arange(nx) - start[1]) * g.cell_m / 1000.0
    y = (np.arange(ny) - start[0]) * g.cell_m / 1000.0
    return x, y


def plot_route_map(res):
    """Route over hillshade, coloured by the fraction of the mission each cell sees the Sun."""
    g, p = res.grid, res.plan
    fig = new_figure(figsize=(7.0, 6.2), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    x, y = _km_axes(g, res.start_cell)
    ext = (x[0], x[-1], y[0], y[-1])
    ax.imshow(hillshade(g.heights, g.cell_m), origin="lower", extent=ext, cmap="gray",
              interpolation="nearest")
    im = ax.imshow(p.sun_fraction, origin="lower", extent=ext, cmap=ILLUMINATION_CMAP, alpha=0.55,
                   vmin=0, vmax=1, interpolation="nearest")
    fig.colorbar(im, ax=ax, label="fraction of the mission in sunlight (panel height)", shrink=0.8)
    steep = np.ma.masked_where(g.slope_deg() <= res.rover.max_slope_deg, np.ones(g.shape))
    ax.imshow(steep, origin="lower", extent=ext, cmap="Reds", vmin=0, vmax=1.5, alpha=0.6,
              interpolation="nearest")
    rc = p.route_cells
    ax.plot(x[rc[:, 1]], y[rc[:, 0]], "-", color="#D55E00", lw=1.2, label="route")
    wp = p.waypoints
    if len(wp):
        ax.plot(x[wp[:, 1]], y[wp[:, 0]], "o", mfc="none", mec="white", ms=7, label="drill sites")
        vis = wp[list(p.visited)] if p.visited else np.zeros((0, 2), int)
        ax.plot(x[vis[:, 1]], y[vis[:, 0]], "o", color="white", ms=4, label="visited")
        for k, (i, j) in enumerate(wp):
            ax.annotate(str(k + 1), (x[j], y[i]), xytext=(4, 4), textcoords="offset points",
                        color="white", fontsize=7)
    ax.plot([0], [0], "*", color="#F0E442", ms=12, mec="k", label="lander")
    ax.set_xlabel("grid x from lander (km, polar stereographic)")
    ax.set_ylabel("grid y from lander (km)")
    ax.set_title(f"Rover route: {p.distance_m / 1000:.2f} km, {len(p.visited)}/{len(wp)} sites; "
                 f"red = slope > {res.rover.max_slope_deg:g}°")
    # a dark legend box: the drill-site markers are white
    ax.legend(loc="lower left", fontsize=7, facecolor="0.3", edgecolor="0.3", framealpha=0.85,
              labelcolor="white")
    fig.supxlabel(_terrain_note(res), fontsize=7)  # a footer the layout makes room for
    return fig


def plot_profile(res):
    """Elevation and slope along the route against distance driven."""
    g, p = res.grid, res.plan
    rc = p.route_cells
    d = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(rc, axis=0).T) * g.cell_m)]) / 1000.0
    z = g.heights[rc[:, 0], rc[:, 1]]
    s = g.slope_deg()[rc[:, 0], rc[:, 1]]
    fig = new_figure(figsize=(7.5, 4.4), layout="constrained")
    ax = fig.add_subplot(2, 1, 1)
    ax.plot(d, z, color="#0072B2", lw=1)
    ax.set_ylabel("height (m, 1,737.4 km sphere)")
    ax.set_title("Elevation and slope along the route")
    ax2 = fig.add_subplot(2, 1, 2, sharex=ax)
    ax2.plot(d, s, color="#E69F00", lw=0.8)
    ax2.axhline(res.rover.max_slope_deg, color="#D55E00", ls="--", lw=1, label="slope limit")
    ax2.set_ylabel("slope (deg)")
    ax2.set_xlabel("distance driven (km)")
    ax2.legend(fontsize=7, loc="upper right")
    fig.supxlabel(_terrain_note(res), fontsize=7)  # a footer the layout makes room for
    return fig


def plot_state_of_charge(res):
    """Battery state of charge over the mission."""
    p, r = res.plan, res.rover
    t = p.energy.times_s / 86400.0
    fig = new_figure(figsize=(7.5, 3.4))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(t, p.energy.soc, color="#009E73", lw=1)
    ax.axhline(r.min_state_of_charge, color="#D55E00", ls="--", lw=1, label="minimum")
    ax.set_xlabel("days since touchdown")
    ax.set_ylabel("state of charge")
    ax.set_ylim(min(-0.05, p.energy.soc.min() - 0.05), 1.05)
    ax.set_title(f"Battery ({r.battery_capacity_wh:,.0f} Wh): lowest {p.energy.min_soc:.2f}")
    ax.legend(fontsize=7)
    return fig


def plot_timeline(res):
    """Activities (drive, wait, charge, hibernate, drill) over the mission."""
    p = res.plan
    fig = new_figure(figsize=(7.5, 2.8))
    ax = fig.add_subplot(1, 1, 1)
    kinds = ["drive", "drill", "wait", "charge", "hibernate"]
    for row, k in enumerate(kinds):
        spans = [(a.t_start_s / 86400.0, (a.t_end_s - a.t_start_s) / 86400.0)
                 for a in p.activities if a.kind == k]
        if spans:
            ax.broken_barh(spans, (row - 0.4, 0.8), color=KIND_COLORS[k])
    ax.set_yticks(range(len(kinds)))
    ax.set_yticklabels(kinds)
    ax.set_xlabel("days since touchdown")
    ax.set_title("Surface activity timeline")
    ax.set_xlim(0, p.t_end_s / 86400.0)
    return fig


def write_plots(res, out_dir) -> list[Path]:
    """Write the four plots as PNG into ``out_dir``; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if res.plan is None:
        return []
    paths = []
    for name, fn in (("rover_route.png", plot_route_map), ("rover_profile.png", plot_profile),
                     ("rover_state_of_charge.png", plot_state_of_charge),
                     ("rover_timeline.png", plot_timeline)):
        fig = fn(res)
        savefig(fig, out / name)
        paths.append(out / name)
    note = _terrain_note(res) + "; Sun and Earth from JPL DE421."
    captions = {
        "rover_route.png": "Planned rover route over a hillshade, coloured by the fraction of the "
                           "mission each cell sees the Sun at panel height; red: slopes above the "
                           "rover's limit; circles: drill sites. " + note,
        "rover_profile.png": "Height and slope along the route against distance driven. " + note,
        "rover_state_of_charge.png": "Battery state of charge over the mission, with the minimum "
                                     "allowed (solar input from the Sun's elevation above each "
                                     "cell's horizon, vertical panels).",
        "rover_timeline.png": "Surface activities: drive, drill, wait (Sun up, waiting for the "
                              "Sun/Earth driving rule), charge, hibernate (Sun below the horizon).",
    }
    import json

    (out / "captions.json").write_text(json.dumps(captions, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    paths.append(out / "captions.json")
    write_route_csv(res, out / "rover_traverse.csv")
    paths.append(out / "rover_traverse.csv")
    return paths


def write_route_csv(res, path) -> Path:
    """The route as CSV: arrival time (s after touchdown, UTC), cell, grid x/y (m), height (m),
    slope (deg)."""
    import csv

    g, p = res.grid, res.plan
    rc = p.route_cells
    x, y = g.xy(rc[:, 0], rc[:, 1])
    slope = g.slope_deg()[rc[:, 0], rc[:, 1]]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["t_s", "epoch_utc", "row", "col", "x_m", "y_m", "height_m", "slope_deg"])
        for q in range(len(rc)):
            t = float(p.route_arrive_s[q])
            w.writerow([f"{t:.1f}", res.epoch(t).utc.isot[:19] + "Z", int(rc[q, 0]), int(rc[q, 1]),
                        f"{x[q]:.1f}", f"{y[q]:.1f}", f"{g.heights[rc[q, 0], rc[q, 1]]:.2f}",
                        f"{slope[q]:.2f}"])
    return Path(path)
