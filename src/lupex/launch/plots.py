"""Launch plots (matplotlib Figure objects, lupex.plotstyle): ascent profile panels, ground
track, payload-versus-C3 curve. No physics here."""

from __future__ import annotations

import numpy as np

from lupex.constants import G0_M_S2
from lupex.plotstyle import agency_color, new_figure

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


def ground_track_figure(hist: dict, site_deg, title: str = ""):
    """Sub-vehicle track in geocentric latitude / east longitude (no coastline data shipped)."""
    fig = new_figure(figsize=(7, 4.5))
    ax = fig.subplots()
    ax.plot(hist["lon_deg"], hist["lat_deg"], color=JAXA, lw=1.5, label="ascent")
    ax.plot(site_deg[1], site_deg[0], "k^", label="Tanegashima LP-2")
    ax.set_xlabel("east longitude (deg)")
    ax.set_ylabel("latitude (deg)")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend()
    ax.set_title(title or "ground track")
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
