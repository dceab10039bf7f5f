"""The maps users expect from a landing-site study: the polar overview (mean Sun visibility, PSRs,
candidate sites) and the regional map (hillshade, km axes, latitude/longitude graticule).

Conventions checked against the projection's definition (polar stereographic, south pole: +x
towards 90°E, +y towards 0°E; Snyder 1987 eq. 21-33, PROJ ``+proj=stere +lat_0=-90``), and the
orientation of outlines against the image they are drawn over (a synthetic grid, named so).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from lupex.site import plots
from lupex.site.terrain import NearFieldPolicy, Terrain


def _synthetic_terrain(n=41, cell=1000.0, lat=-89.45, lon=222.69):
    from lupex.moon_geometry import latlon_to_ps

    xc, yc = (float(v) for v in latlon_to_ps(lat, lon, -1))
    h = np.zeros((n, n), dtype=np.float32)
    return Terrain(h, xc - (n // 2) * cell, yc + (n // 2) * cell, cell, ("SYNTHETIC",), (cell,),
                   np.zeros((n, n), dtype=np.int8), -1)


def test_outlines_are_drawn_where_the_image_shows_them():
    """A PSR in the top-left cells of a synthetic grid is outlined in the top-left of the map
    (the outline used to be drawn mirrored top-to-bottom)."""
    t = _synthetic_terrain()
    psr = np.zeros(t.shape, bool)
    psr[2:8, 2:8] = True
    fig = plots.plot_site_region(t, -89.45, 222.69, {"maps": SimpleNamespace(terrain=t, psr=psr),
                                                     "area_km2": 36.0, "distance_km": 10.0,
                                                     "policy": "k = 0"})
    ax = fig.axes[0]
    red = [c for c in ax.collections if hasattr(c, "get_paths") and c.get_paths()
           and np.allclose(np.atleast_2d(c.get_edgecolor())[0][:3], (1, 0, 0))]
    assert red
    verts = np.concatenate([p.vertices for c in red for p in c.get_paths()])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert verts[:, 0].mean() < x0 + 0.3 * (x1 - x0)
    assert verts[:, 1].mean() > y1 - 0.3 * (y1 - y0)


def test_region_graticule_follows_the_projection():
    """Meridian labels lie along their meridians: 0°E on +y, 90°E on +x, 180°E on -y (the map
    around the ridge contains the pole); latitude labels at their circle's radius."""
    from lupex.moon_geometry import latlon_to_ps

    t = _synthetic_terrain(n=61, cell=1000.0)
    fig = plots.plot_site_region(t, -89.45, 222.69)
    texts = {tx.get_text(): tx.get_position() for tx in fig.axes[0].texts}
    for name, (ux, uy) in (("0°E", (0, 1)), ("90°E", (1, 0)), ("180°E", (0, -1))):
        x, y = texts[name]
        r = np.hypot(x, y)
        assert r > 0 and x / r == pytest.approx(ux, abs=1e-6) and y / r == pytest.approx(uy, abs=1e-6)
    for name, (x, y) in texts.items():
        if name.endswith("°S"):
            lat = -float(name[:-2])
            assert np.hypot(x, y) == pytest.approx(abs(latlon_to_ps(lat, 0.0, -1)[1]) / 1e3, rel=1e-9)


@pytest.fixture(scope="module")
def overview(lola_dir):
    from lupex.site.analysis import polar_overview

    return polar_overview(-85.0, 2.0, "2019-01-01", "2019-02-01", 12.0, NearFieldPolicy(0.0),
                          n_az=36)


def test_polar_overview_covers_the_cap_on_the_native_grid(overview):
    """Cell = native pixel of the finest product covering the cap (whatever is found); the maps
    are NaN outside the cap and never PSR there; the PSR area is within the cap's area; the
    floor of Shackleton (89.67°S, 129.8°E, inside its permanently shadowed interior: Mazarico et
    al. 2011, Icarus 211:1066) is PSR, and the Sun is seen somewhere."""
    from lupex.site.analysis import overview_cell_m
    from lupex.site.terrain import available_products

    t, m = overview.terrain, overview.maps
    assert t.cell_m == pytest.approx(overview_cell_m(-85.0, available_products()))
    lat, _ = t.cell_latlon()
    outside = np.abs(lat) < 85.0
    assert np.isnan(m.sun_fraction[outside]).all() and not m.psr[outside].any()
    assert np.isfinite(m.sun_fraction[~outside]).all()
    cap_km2 = np.pi * (2 * 1737.4 * np.tan(np.radians(2.5))) ** 2
    assert 0 < m.psr_area_km2 < cap_km2
    i, j = (int(round(float(v))) for v in t.latlon_to_ij(-89.67, 129.8))
    assert m.psr[i, j]
    assert np.nanmax(m.sun_fraction) > 0.5


def test_polar_overview_plot(overview):
    from lupex.site.candidates import SITES

    sites = [(s.name, s.lat_deg, s.lon_deg) for s in SITES.values()]
    fig = plots.plot_polar_overview(overview, sites, [{"lat_deg": -89.44, "lon_deg": 223.0}],
                                    ("connecting_ridge", -89.45, 222.69), "12 h steps")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("connecting_ridge" in lab for lab in labels)
    assert any("PSR" in lab for lab in labels)
    assert "12 h steps" in fig._suptitle.get_text()
