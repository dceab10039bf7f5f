"""Plots of a transfer plan (kept apart from the physics; matplotlib Figure, lupex.plotstyle).

- :func:`plot_earth_inertial` — Earth-centred ICRF view of the transfer with the Moon's path.
- :func:`plot_moon_arrival` — Moon-centred arrival (approach hyperbola to perilune) in MOON_ME.
- :func:`plot_rotating` — the Earth–Moon rotating frame (x towards the Moon, z along the Moon's
  orbital angular momentum), distances in Earth–Moon units.
- :func:`plot_sweep` — the launch-date sweep table as a figure.
- :func:`plot_descent` — altitude and speeds of the powered descent.
"""

from __future__ import annotations

import numpy as np

from lupex.plotstyle import AGENCY_COLORS, EARTH_COLOR, NEUTRAL, new_figure
from lupex.transfer.forces import MOON_RADIUS_M, R_EARTH


def _moon_path(sol, ts):
    return np.array([sol.force.table.moon(t) for t in ts])


def plot_earth_inertial(plan, ts, ys):
    """Earth-centred inertial (ICRF x-y projection and x-z inset), 10³ km."""
    sol = plan.solution
    fig = new_figure(figsize=(7, 6))
    ax = fig.add_subplot(1, 1, 1)
    moon = _moon_path(sol, ts)
    ax.plot(ys[:, 0] / 1e6, ys[:, 1] / 1e6, color=AGENCY_COLORS["ISRO"], label="spacecraft")
    ax.plot(moon[:, 0] / 1e6, moon[:, 1] / 1e6, color=NEUTRAL, ls="--", label="Moon (DE421)")
    ax.add_patch(_circle(0, 0, R_EARTH / 1e6, EARTH_COLOR))
    ax.plot(*ys[0, :2] / 1e6, "o", color="k", ms=4, label="TLI")
    ax.plot(*ys[-1, :2] / 1e6, "s", color="k", ms=4, label="perilune / LOI")
    ax.set_aspect("equal")
    ax.set_xlabel("x ICRF [10³ km]")
    ax.set_ylabel("y ICRF [10³ km]")
    ax.set_title(f"Earth-centred inertial: TLI {plan.tli_epoch.utc.isot[:16]} UTC, "
                 f"{sol.time_of_flight_days:.2f} d")
    ax.legend(loc="best", fontsize=7)
    return fig


def _circle(x, y, r, color):
    from matplotlib.patches import Circle

    return Circle((x, y), r, color=color, alpha=0.6)


def plot_moon_arrival(plan, ts, ys):
    """Moon-centred arrival in MOON_ME (x-z plane: the polar plane view), 10³ km."""
    from lupex.ephemeris import moon_me_rotation
    from lupex.transfer.propagate import moon_relative

    sol = plan.solution
    f = sol.force
    sel = ts >= sol.arrival.t_s - 1.5 * 86400
    rel = np.array([moon_relative(f, t, y) for t, y in zip(ts[sel], ys[sel])])
    rot = moon_me_rotation(sol.arrival.epoch)
    p = rel[:, :3] @ np.asarray(rot).T / 1e6
    # orbit normal of arrival in ME, to choose the viewing plane: project on the arrival plane
    h = rot @ np.cross(sol.arrival.state_moon[:3], sol.arrival.state_moon[3:])
    h /= np.linalg.norm(h)
    e1 = rot @ sol.arrival.state_moon[:3]
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(h, e1)
    x, y = p @ e1, p @ e2
    fig = new_figure(figsize=(6, 6))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(x, y, color=AGENCY_COLORS["ISRO"], label="approach (full model)")
    th = np.linspace(0, 2 * np.pi, 361)
    rc = (MOON_RADIUS_M + 1e3 * plan.circular_altitude_km) / 1e6
    ax.plot(rc * np.cos(th), rc * np.sin(th), color=NEUTRAL, lw=0.8,
            label=f"{plan.circular_altitude_km:g} km circular orbit")
    hp, ha = plan.capture_orbit_km
    rp_, ra_ = MOON_RADIUS_M + 1e3 * hp, MOON_RADIUS_M + 1e3 * ha
    ecc = (ra_ - rp_) / (ra_ + rp_)
    rr = rp_ * (1 + ecc) / (1 + ecc * np.cos(th)) / 1e6
    ax.plot(rr * np.cos(th), rr * np.sin(th), color=NEUTRAL, lw=0.8, ls="--",
            label=f"capture orbit {hp:,.0f} × {ha:,.0f} km")
    ax.add_patch(_circle(0, 0, MOON_RADIUS_M / 1e6, NEUTRAL))
    ax.set_aspect("equal")
    lim = max(12 * MOON_RADIUS_M, 1.1 * ra_) / 1e6
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel("along perilune direction [10³ km]")
    ax.set_ylabel("in-plane normal [10³ km]")
    ax.set_title(f"Moon-centred arrival: perilune {sol.arrival.perilune_altitude_km:.1f} km, "
                 f"i = {sol.arrival.inclination_deg:.2f}° (MOON_ME)")
    ax.legend(loc="best", fontsize=7)
    return fig


def rotating_frame(force, ts, ys):
    """Positions in the Earth–Moon rotating frame, in Earth–Moon distance units (N, 3)."""
    out = np.empty((len(ts), 3))
    for k, (t, y) in enumerate(zip(ts, ys)):
        rm, vm = force.table.moon_state(t)
        d = np.linalg.norm(rm)
        x = rm / d
        z = np.cross(rm, vm)
        z /= np.linalg.norm(z)
        yy = np.cross(z, x)
        out[k] = np.array([x @ y[:3], yy @ y[:3], z @ y[:3]]) / d
    return out


def plot_rotating(plan, ts, ys):
    """Earth–Moon rotating frame (Earth at origin, Moon at (1, 0))."""
    p = rotating_frame(plan.solution.force, ts, ys)
    fig = new_figure(figsize=(7, 5))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(p[:, 0], p[:, 1], color=AGENCY_COLORS["ISRO"], label="spacecraft")
    ax.plot([0], [0], "o", color=EARTH_COLOR, label="Earth")
    ax.plot([1], [0], "o", color=NEUTRAL, label="Moon")
    ax.set_aspect("equal")
    ax.set_xlabel("x / r_EM (towards the Moon)")
    ax.set_ylabel("y / r_EM")
    ax.set_title("Rotating Earth–Moon frame")
    ax.legend(loc="best", fontsize=7)
    return fig


def plot_descent(plan):
    """Altitude and horizontal/vertical speed against time in the braking phase."""
    s = plan.descent.samples
    fig = new_figure(figsize=(7, 4))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(s["t_s"], s["altitude_m"] / 1e3, color=AGENCY_COLORS["ISRO"], label="altitude [km]")
    ax2 = ax.twinx()
    # two speeds told apart by line style and colour (not by colour alone: colour-blind safe)
    ax2.plot(s["t_s"], s["v_horizontal_m_s"], color="0.25", ls="-", label="v_h [m/s]")
    ax2.plot(s["t_s"], s["v_vertical_m_s"], color=NEUTRAL, ls="--", label="v_z [m/s]")
    ax.set_xlabel("time from PDI [s]")
    ax.set_ylabel("altitude [km]")
    ax2.set_ylabel("speed [m/s]")
    ax.set_title(f"Powered descent: Δv {plan.descent.braking_dv_m_s:,.0f} m/s braking")
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax2.legend(handles=handles, loc="center right", fontsize=7)  # twin axis is drawn on top
    return fig


def plot_sweep(rows: list[dict]):
    """Launch-date sweep: TLI Δv, total lander Δv, time of flight, Sun elevation at landing."""
    ok = [r for r in rows if r.get("error") is None]
    fig = new_figure(figsize=(8, 7))
    axs = [fig.add_subplot(4, 1, k + 1) for k in range(4)]
    days = [r["date"][5:] for r in ok]
    x = np.arange(len(ok))
    specs = [("tli_dv_m_s", "TLI Δv [m/s]"), ("total_lander_dv_m_s", "lander Δv [m/s]"),
             ("time_of_flight_days", "TOF [d]"),
             ("sun_elevation_at_landing_deg", "Sun el. at landing [°]")]
    for ax, (k, lab) in zip(axs, specs):
        ax.plot(x, [r[k] for r in ok], "o-", ms=3, color=AGENCY_COLORS["ISRO"])
        ax.set_ylabel(lab, fontsize=7)
        ax.set_xticks(x[::3])
        ax.set_xticklabels(days[::3], fontsize=6)
    axs[0].set_title("Launch-date sweep")
    return fig


def plot_porkchop(rows: list[dict], baseline: tuple[str, float] | None = None):
    """Launch-period ("porkchop") plot of a transfer sweep: TLI (departure) date against
    arrival date at the Moon (LOI), each planned case a square coloured by the total Δv (TLI +
    lander: LOI, lunar orbit, descent, with margin), m/s. ``baseline``: (date "YYYY-MM-DD",
    targeted time of flight, days) of the scenario's own case, ringed when it is in the sweep.
    Failed cases are drawn as grey crosses at their departure date."""
    import matplotlib.dates as mdates
    from astropy.time import Time

    ok = [r for r in rows if r.get("error") is None and r.get("arrival_epoch_utc")]
    bad = [r for r in rows if r not in ok]
    fig = new_figure(figsize=(7.5, 5.5))
    ax = fig.add_subplot(1, 1, 1)

    def day(iso):
        return mdates.date2num(Time(iso.rstrip("Z"), scale="utc").to_datetime())

    if ok:
        x = np.array([day(r["tli_epoch_utc"]) for r in ok])
        y = np.array([day(r["arrival_epoch_utc"]) for r in ok])
        c = np.array([r["total_dv_m_s"] for r in ok], float)
        sc = ax.scatter(x, y, c=c, s=90, marker="s", cmap="viridis", edgecolors="none",
                        label="planned transfer")
        cb = fig.colorbar(sc, ax=ax)
        cb.set_label("total Δv (TLI + lander) [m/s]")
        if baseline is not None:
            base = [r for r in ok if r["date"] == baseline[0]
                    and (r.get("target_time_of_flight_days") is None
                         or abs(r["target_time_of_flight_days"] - baseline[1]) < 1e-9)]
            if base:
                ax.scatter([day(base[0]["tli_epoch_utc"])], [day(base[0]["arrival_epoch_utc"])],
                           s=260, marker="o", facecolors="none", edgecolors="red", linewidths=2,
                           label=f"baseline ({base[0]['total_dv_m_s']:,.0f} m/s)")
    if bad:
        ax.scatter([day(r["tli_epoch_utc"]) if r.get("tli_epoch_utc") else day(r["date"])
                    for r in bad], [ax.get_ylim()[0] if ok else 0.0] * len(bad), marker="x",
                   color=NEUTRAL, label="no transfer found")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.yaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    ax.set_xlabel("departure (TLI) date, UTC")
    ax.set_ylabel("arrival (LOI) date, UTC")
    ax.set_title("Launch period: total Δv by departure and arrival")
    ax.grid(alpha=0.3)
    if ok or bad:
        ax.legend(loc="best", fontsize=7)
    fig.autofmt_xdate()
    return fig
