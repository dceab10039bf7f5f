"""One place for lupex's plot style: agency colours, colour maps, figure defaults.

Agency colours come from the Okabe & Ito (2008) colour-blind-safe palette ("Color Universal
Design", https://jfly.uni-koeln.de/color/) and are the same in every plot and report.
Maps use perceptually uniform, colour-blind-safe colour maps (cividis / viridis).
"""

from __future__ import annotations

AGENCY_COLORS = {
    "ISRO": "#E69F00",  # orange
    "JAXA": "#0072B2",  # blue
    "NASA": "#009E73",  # bluish green
    "ESA": "#CC79A7",  # reddish purple
}
NEUTRAL = "#999999"
# Bodies (never an agency colour): Okabe-Ito yellow for the Sun, vermillion for the Earth.
SUN_COLOR = "#D9B600"
EARTH_COLOR = "#D55E00"
SEQUENTIAL_CMAP = "cividis"
ILLUMINATION_CMAP = "cividis"
DIVERGING_CMAP = "PuOr"

RC = {
    "figure.dpi": 110,
    "savefig.dpi": 130,
    "savefig.bbox": "tight",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 9,
}


def plain_text(text: str) -> str:
    """``text`` as matplotlib shows it literally: user strings (a mission or site name) may hold
    ``$``, which would otherwise start mathtext (and ``$...^...$`` fails to render)."""
    return str(text).replace("$", r"\$")


def agency_color(agency: str) -> str:
    return AGENCY_COLORS.get(agency, NEUTRAL)


def new_figure(*args, **kwargs):
    """A matplotlib (Figure, Axes) with lupex's style, without touching pyplot's global state."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(RC):
        fig = Figure(*args, **kwargs)
        return fig


def savefig(fig, path) -> None:
    import matplotlib as mpl

    with mpl.rc_context(RC):
        fig.savefig(path)
