"""Mission-level plots: timeline Gantt coloured by owning agency, mass budget by agency."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import numpy as np

from lupex.plotstyle import AGENCY_COLORS, RC, agency_color, new_figure, plain_text, savefig
from lupex.timeline import PHASES


#: The Gantt's time axis is broken into linear segments, each beginning at the first of these
#: phases present: the ascent to TLI (hours), the cruise to landing (days), the surface (weeks).
GANTT_SEGMENTS = (("launch", "launch to TLI"), ("cruise", "cruise to landing"),
                  ("rover_egress", "on the surface"))


def _phase_spans(timeline: list[dict]):
    """(phases in order, start, stop, owner) with times in days (MJD)."""
    from astropy.time import Time

    mjd = Time([r["epoch_utc"].rstrip("Z") for r in timeline], scale="utc").mjd
    start, end, owner = {}, {}, {}
    for r, t in zip(timeline, mjd):
        p = r["phase"]
        start[p] = min(start.get(p, t), t)
        end[p] = max(end.get(p, t), t + r.get("duration_s", 0.0) / 86400.0)
        owner[p] = r["owner"]
    phases = [p for p in PHASES if p in start]
    stop = {}
    for i, p in enumerate(phases):
        nxt = [start[q] for q in phases[i + 1:]]
        stop[p] = max(end[p], min(nxt) if nxt else end[p])
    return phases, start, stop, owner


def gantt_figure(timeline: list[dict], title: str):
    """Phases as bars from their first event to the next phase's first event, coloured by owner.

    The time axis is piecewise linear: one panel per mission segment (:data:`GANTT_SEGMENTS`),
    each linear in days since launch, so a bar's length reads true within its panel (4.5 days of
    cruise and 100 days on the surface are not squeezed together as on a log axis).

    timeline: rows with ``event``, ``epoch_utc``, ``owner``, ``phase``, ``duration_s``.
    Dates are UTC.
    """
    from astropy.time import Time

    with mpl.rc_context(RC):
        if not timeline:
            fig = new_figure(figsize=(9, 4.2))
            ax = fig.add_subplot()
            ax.text(0.5, 0.5, "no events", ha="center", transform=ax.transAxes)
            return fig
        phases, start, stop, owner = _phase_spans(timeline)
        t0 = min(start.values())
        t_end = max(stop.values())
        cuts = [(start[p] - t0, label) for p, label in GANTT_SEGMENTS if p in start]
        if not cuts or cuts[0][0] > 0:
            cuts.insert(0, (0.0, "mission"))
        bounds = [c for c, _ in cuts] + [t_end - t0]
        segments = [(lo, hi, label) for (lo, label), hi in zip(cuts, bounds[1:]) if hi > lo]
        if not segments:
            segments = [(0.0, max(t_end - t0, 1e-3), "mission")]
        fig = new_figure(figsize=(10, 4.6), layout="constrained")
        axes = fig.subplots(1, len(segments), sharey=True,
                            gridspec_kw={"width_ratios": [1.0] * len(segments), "wspace": 0.02})
        axes = np.atleast_1d(axes)
        n = len(phases)
        for k, (ax, (lo, hi, label)) in enumerate(zip(axes, segments)):
            pad = 0.03 * (hi - lo)  # outer edges only: no panel shows its neighbour's bars
            for i, p in enumerate(phases):
                y = n - 1 - i
                a, b = start[p] - t0, stop[p] - t0
                if b > a and b > lo and a < hi:  # only what falls in this panel
                    ax.barh(y, min(b, hi) - max(a, lo), left=max(a, lo),
                            color=agency_color(owner[p]), height=0.6)
                if lo <= a <= hi and (a < hi or k == len(segments) - 1):
                    ax.plot(a, y, "o", color=agency_color(owner[p]), ms=5)
            ax.set_xlim(lo - (pad if k == 0 else 0.0),
                        hi + (pad if k == len(segments) - 1 else 0.0))
            ax.set_title(label, fontsize=8)
            ax.grid(axis="y", visible=False)
        for left, right in zip(axes[:-1], axes[1:]):  # broken-axis marks
            left.spines["right"].set_visible(False)
            right.spines["left"].set_visible(False)
            right.tick_params(axis="y", left=False)
            for ax, x in ((left, 1.0), (right, 0.0)):
                ax.plot([x - 0.015, x + 0.015], [-0.02, 0.02], transform=ax.transAxes,
                        color="k", lw=0.8, clip_on=False)
        axes[0].set_yticks(range(n), [p.replace("_", " ") for p in reversed(phases)])
        axes[0].set_ylim(-0.7, n - 0.3)
        fig.supxlabel(f"days after launch, {Time(t0, format='mjd', scale='utc').isot[:16]} UTC "
                      "(linear within each panel; the axis is broken between panels)",
                      fontsize=8)
        handles = [mpl.patches.Patch(color=c, label=a) for a, c in AGENCY_COLORS.items()
                   if a in owner.values()]
        fig.legend(handles=handles, title="owner", loc="outside right upper")
        fig.suptitle(title)
        return fig


def mass_budget_figure(work_split: dict, title: str):
    """Spacecraft mass by agency (kg), instruments counted for their owner."""
    with mpl.rc_context(RC):
        fig = new_figure(figsize=(6, 3.2))
        ax = fig.add_subplot()
        agencies = list(work_split)
        masses = np.array([work_split[a]["mass_kg"] for a in agencies])
        bars = ax.barh(agencies, masses, color=[agency_color(a) for a in agencies])
        for b, m in zip(bars, masses):
            ax.text(b.get_width(), b.get_y() + b.get_height() / 2, f" {m:,.0f} kg", va="center")
        ax.set_xlim(0, masses.max() * 1.25 if masses.size else 1)
        ax.set_xlabel("spacecraft mass delivered to the Moon [kg]")
        ax.set_title(title)
        ax.invert_yaxis()
        return fig


def write_mission_plots(summary: dict, out_dir: Path) -> list[Path]:
    name = plain_text(summary["scenario"]["name"])
    paths = []
    fig = gantt_figure(summary["timeline"], f"{name}: mission timeline by owning agency")
    p = out_dir / "timeline_gantt.png"
    savefig(fig, p)
    paths.append(p)
    fig = mass_budget_figure(summary["work_split"], f"{name}: mass budget by agency")
    p = out_dir / "mass_budget.png"
    savefig(fig, p)
    paths.append(p)
    return paths
