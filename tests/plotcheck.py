"""A layout check for matplotlib figures: no two texts overlap, and every legend lies inside the
figure without covering plotted data. The test suite runs it on every figure it saves."""

from __future__ import annotations

import numpy as np


def _renderer(fig):
    """Draw ``fig`` with an Agg canvas (a bare Figure has none) and return the renderer."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _legends(fig) -> list[tuple[object, object]]:
    """(axes or None, legend) for the figure's and every axes' legend."""
    out = [(None, leg) for leg in fig.legends]
    out += [(ax, ax.get_legend()) for ax in fig.axes if ax.get_legend() is not None]
    return out


def overlapping_texts(fig, tolerance_px: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts whose bounding boxes overlap by more than
    ``tolerance_px`` in both directions (tick labels, axis labels, titles, annotations, legend
    entries); texts of one legend are laid out by matplotlib itself and not compared."""
    from matplotlib.text import Text

    renderer = _renderer(fig)
    group = {}
    for k, (_, leg) in enumerate(_legends(fig)):
        for t in [*leg.get_texts(), leg.get_title()]:
            group[id(t)] = k
    # tick labels outside an axis' view are kept (visible) but not drawn: leave them out
    drawn_ticks, all_ticks = set(), set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                all_ticks.update((id(tick.label1), id(tick.label2)))
            if axis.get_visible():  # e.g. a twin axes hides its shared x axis
                for tick in axis._update_ticks():
                    drawn_ticks.update((id(tick.label1), id(tick.label2)))
    items = []
    for t in fig.findobj(Text):
        if id(t) in all_ticks and id(t) not in drawn_ticks:
            continue
        if not t.get_visible() or not t.get_text().strip() or t.get_alpha() == 0:
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        bb = t.get_window_extent(renderer)
        if bb.width > 0 and bb.height > 0:
            items.append((t, bb))
    bad = []
    for i, (ta, a) in enumerate(items):
        for tb, b in items[i + 1:]:
            if id(ta) in group and group.get(id(ta)) == group.get(id(tb)):
                continue
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > tolerance_px and h > tolerance_px:
                bad.append((ta.get_text()[:40], tb.get_text()[:40]))
    return bad


def legend_problems(fig, max_points_covered: float = 0.02) -> list[str]:
    """Legends outside the figure, or covering more than ``max_points_covered`` of the plotted
    points (vertices of lines and markers) of their axes; images and filled areas are
    backgrounds and not counted."""
    renderer = _renderer(fig)
    fb = fig.bbox
    out = []
    for ax, leg in _legends(fig):
        lb = leg.get_window_extent(renderer)
        if lb.x0 < fb.x0 - 1 or lb.y0 < fb.y0 - 1 or lb.x1 > fb.x1 + 1 or lb.y1 > fb.y1 + 1:
            out.append(f"legend {leg.get_title().get_text()!r} outside the figure")
        if ax is None:
            continue
        pts = [line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
               for line in ax.get_lines() if line.get_visible() and len(line.get_xydata())]
        if not pts:
            continue
        p = np.concatenate(pts)
        p = p[np.all(np.isfinite(p), axis=1)]
        ab = ax.bbox
        p = p[(p[:, 0] >= ab.x0) & (p[:, 0] <= ab.x1) & (p[:, 1] >= ab.y0) & (p[:, 1] <= ab.y1)]
        if len(p) == 0:
            continue
        covered = ((p[:, 0] > lb.x0) & (p[:, 0] < lb.x1) & (p[:, 1] > lb.y0)
                   & (p[:, 1] < lb.y1)).mean()
        if covered > max_points_covered:
            out.append(f"legend covers {100 * covered:.0f} % of the data points of the axes "
                       f"{ax.get_title()[:40]!r}")
    return out


def layout_problems(fig) -> list[str]:
    """Every problem :func:`overlapping_texts` and :func:`legend_problems` find."""
    return [f"texts overlap: {a!r} / {b!r}" for a, b in overlapping_texts(fig)] + \
        legend_problems(fig)
