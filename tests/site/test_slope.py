"""Slopes, aspect, footprint slope, safe area and ranking on SYNTHETIC planes and real LDEM_4.

References: a plane z = a x + b y has slope atan(hypot(a, b)) and downhill aspect
atan2(-a, -b) in grid azimuth (analytic); Chandrayaan-3's 12° landing slope limit (ISRO 2023).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.site.illumination import IlluminationMap
from lupex.site.ranking import psr_distance_map, rank_sites
from lupex.site.slope import footprint_slope, safe_area, slope_aspect
from lupex.site.terrain import Terrain, grid_to_true_azimuth

from tests.reference import check_reference


def plane(a, b, n=41, cell=100.0):
    """SYNTHETIC tilted plane centred on the south pole (scale factor 1 within 2 km)."""
    jj, ii = np.meshgrid(np.arange(n), np.arange(n))
    x = (jj - n // 2) * cell
    y = -(ii - n // 2) * cell
    h = (a * x + b * y).astype(np.float32)
    return Terrain(h, -(n // 2) * cell, (n // 2) * cell, cell, ("SYNTHETIC",), (cell,),
                   np.zeros((n, n), np.int8), -1)


def test_plane_slope_and_aspect():
    t = plane(0.1, -0.05)
    s, asp = slope_aspect(t)
    check_reference("site.plane_slope",
                    np.max(np.abs(s - math.degrees(math.atan(math.hypot(0.1, 0.05))))))
    # downhill is towards -x, +y: grid azimuth atan2(-0.1, 0.05) = 296.57°; true = grid - lon
    _, lon = t.cell_latlon()
    expected = grid_to_true_azimuth(math.degrees(math.atan2(-0.1, 0.05)) % 360, lon)
    i, j = 5, 7
    assert asp[i, j] == pytest.approx(float(expected[i, j]), abs=1e-6)


def test_footprint_slope_of_a_plane_is_the_plane_slope():
    t = plane(0.2, 0.0)
    fp = footprint_slope(t, 1000.0)
    inner = fp[10:-10, 10:-10]
    assert np.allclose(inner, math.degrees(math.atan(0.2)), atol=1e-3)


def test_footprint_averages_roughness():
    """A SYNTHETIC corrugated plane: grid-scale slopes vary, a 2 km footprint sees the mean tilt."""
    t = plane(0.1, 0.0, n=81)
    h = t.heights_m + 30.0 * np.sin(np.arange(81) * 2 * np.pi / 4)[None, :].astype(np.float32)
    t2 = Terrain(h, t.x0_m, t.y0_m, t.cell_m, t.products, t.product_pixel_m, t.source_index, -1)
    s, _ = slope_aspect(t2)
    fp = footprint_slope(t2, 2000.0)
    assert s[40].std() > 5
    assert abs(fp[40, 40] - math.degrees(math.atan(0.1))) < 1.0


def test_safe_area_limit():
    s = np.array([[5.0, 12.0, 12.1, np.nan]])
    np.testing.assert_array_equal(safe_area(s, 12.0), [[True, True, False, False]])
    with pytest.raises(InputError):
        safe_area(s, 95.0)
    with pytest.raises(InputError):
        footprint_slope(plane(0.1, 0.1), -3.0)


def test_ranking_orders_by_criteria():
    """SYNTHETIC maps: the sunniest, flattest cell next to a PSR ranks first."""
    t = plane(0.0, 0.0, n=5, cell=1000.0)
    sun = np.full((5, 5), 0.5)
    sun[1, 1] = 0.9
    psr = np.zeros((5, 5), bool)
    psr[0, 0] = True
    sun[0, 0] = 0.0
    maps = IlluminationMap(t, sun, sun, np.full((5, 5), 0.5), sun * 0.5,
                           np.where(psr, 8760.0, 48.0), psr, 1.0, 2.0, 0.0, 8760, 1.0)
    slope = np.full((5, 5), 3.0)
    slope[4, 4] = 20.0
    rows = rank_sites(t, maps, slope, 12.0)
    assert rows[0]["cell"] == [1, 1]
    assert all(r["cell"] != [4, 4] for r in rows)  # unsafe slope excluded
    d = psr_distance_map(t, psr)
    assert d[1, 1] == pytest.approx(math.sqrt(2), rel=1e-3)
