"""Plots of direct-to-Earth contact: passes by agency over the surface mission, with the Sun and
Earth visibility bands at the site (matplotlib, :mod:`lupex.plotstyle`)."""

from __future__ import annotations

import numpy as np

from lupex.plotstyle import EARTH_COLOR, SUN_COLOR, agency_color, new_figure


def _runs(mask: np.ndarray, step_h: float) -> list[tuple[float, float]]:
    """(start, length) in days of each run of True in a regular series of ``step_h`` hours."""
    m = np.asarray(mask, dtype=bool)
    d = np.diff(np.concatenate([[0], m.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    return [(a * step_h / 24.0, (b - a) * step_h / 24.0) for a, b in zip(starts, ends)]


def plot_contact(step_h: float, sun_up, earth_up, by_agency: dict[str, np.ndarray],
                 start_label: str = "", rover_agencies=()):
    """Contact timeline: one row per agency (its passes: DTE contact through any of its stations),
    under a row each for the Sun (centre above the site's terrain horizon) and the Earth (above
    the horizon), against days from the start of the series (``start_label``, UTC). Agencies
    whose stations the rover uses are marked "(rover)". Each sample stands for [t, t + step)."""
    rows = [("Sun above horizon", sun_up, SUN_COLOR),
            ("Earth above horizon", earth_up, EARTH_COLOR)]
    rows += [(f"{a} passes" + (" (rover)" if a in rover_agencies else ""), m, agency_color(a))
             for a, m in by_agency.items()]
    n = len(np.asarray(earth_up))
    fig = new_figure(figsize=(9.0, 0.55 * len(rows) + 1.6))
    ax = fig.add_subplot(1, 1, 1)
    for k, (label, mask, colour) in enumerate(rows):
        y = len(rows) - 1 - k
        ax.broken_barh(_runs(mask, step_h), (y - 0.35, 0.7), facecolors=colour, edgecolor="none")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in rows][::-1], fontsize=8)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0.0, n * step_h / 24.0)
    ax.set_xlabel("days from " + (start_label or "the start of the surface mission"))
    ax.set_title("Direct-to-Earth contact by agency over the surface mission", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig
