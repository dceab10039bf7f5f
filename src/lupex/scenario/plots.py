"""Mission-level plots: timeline Gantt coloured by owning agency, mass budget by agency."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import numpy as np

from lupex.plotstyle import AGENCY_COLORS, RC, agency_color, new_figure, plain_text, savefig
from lupex.timeline import PHASES


def gantt_figure(timeline: list[dict], title: str):
    """Phases as bars from their first event to the next phase's first event, coloured by owner.

    timeline: rows with ``event``, ``epoch_utc``, ``owner``, ``phase``, ``duration_s``.
    Dates on the x axis are UTC.
    """
    from astropy.time import Time

    with mpl.rc_context(RC):
        fig = new_figure(figsize=(9, 4.2))
        ax = fig.add_subplot()
        if not timeline:
            ax.text(0.5, 0.5, "no events", ha="center", transform=ax.transAxes)
            return fig
        mjd = Time([r["epoch_utc"].rstrip("Z") for r in timeline], scale="utc").mjd
        start = {}
        end = {}
        owner = {}
        for r, t in zip(timeline, mjd):
            p = r["phase"]
            start[p] = min(start.get(p, t), t)
            end[p] = max(end.get(p, t), t + r.get("duration_s", 0.0) / 86400.0)
            owner[p] = r["owner"]
        phases = [p for p in PHASES if p in start]
        t0 = min(start.values())
        for i, p in enumerate(phases):
            nxt = [start[q] for q in phases[i + 1:]]
            stop = max(end[p], min(nxt) if nxt else end[p])
            width = max(stop - start[p], 0.0)
            y = len(phases) - 1 - i
            if width > 0:
                ax.barh(y, width, left=start[p] - t0, color=agency_color(owner[p]), height=0.6)
            ax.plot(start[p] - t0, y, "o", color=agency_color(owner[p]), ms=5)
        ax.set_yticks(range(len(phases)), [p.replace("_", " ") for p in reversed(phases)])
        span = max(max(end.values()) - t0, 1.0)
        ax.set_xscale("symlog", linthresh=max(span / 1000.0, 1e-3))
        ax.set_xlabel(f"days after {Time(t0, format='mjd', scale='utc').isot[:16]} UTC (symlog)")
        handles = [
            mpl.patches.Patch(color=c, label=a)
            for a, c in AGENCY_COLORS.items()
            if a in owner.values()
        ]
        ax.legend(handles=handles, title="owner", loc="lower right")
        ax.set_title(title)
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
        ax.set_xscale("symlog", linthresh=10)
        ax.set_xlabel("spacecraft mass delivered to the Moon [kg] (symlog)")
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
