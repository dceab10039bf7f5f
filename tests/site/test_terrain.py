"""Terrain grids: polar-stereographic resampling, no pin-wheel at the pole, product combination.

Reference: /work/shared/notes/terrain.md (pitfall 2: bilinear lat/lon interpolation near the
pole makes a 28° "horizon" 3 km from the pole on LDEM_4; LDEM_4 README values).
"""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.site.pds import open_product
from lupex.site.slope import slope_aspect
from lupex.site.terrain import (
    build_terrain,
    grid_to_true_azimuth,
    true_to_grid_azimuth,
)

from tests.site.test_pds import write_synthetic_polar


def test_pole_has_no_pinwheel(ldem4):
    """Inside LDEM_4's innermost ring (3.8 km) the surface is the ring's harmonic extension.

    A lat/lon bilinear interpolation makes heights depend on longitude only there (radial
    pin-wheel walls, a 28° "horizon" 3 km from the pole: terrain.md). The harmonic extension obeys
    the mean-value property (pole = ring mean) and the maximum principle (within the ring's range,
    -2,166 .. +1,671 m, README), with finite slopes at the pole.
    """
    t = build_terrain(-90.0, 0.0, 8000.0, 200.0, [ldem4])
    n = t.shape[0] // 2
    ring = ldem4.read()[-1]
    assert t.heights_m[n, n] == pytest.approx(float(ring.mean()), abs=0.5)
    inner = t.heights_m[n - 18: n + 19, n - 18: n + 19]  # within 3.6 km of the pole
    assert ring.min() - 0.5 <= np.nanmin(inner) and np.nanmax(inner) <= ring.max() + 0.5
    slope, _ = slope_aspect(t)
    assert np.nanmax(slope[n - 5: n + 6, n - 5: n + 6]) < 25.0  # within 1 km of the pole


def test_fine_product_takes_precedence_near_site(tmp_path, ldem4):
    """A SYNTHETIC 100 m polar tile (flat 1000 m) supplies the cells it covers, LDEM_4 the rest."""
    dn = np.full((40, 40), 2000, dtype=np.int16)  # 0.5 m per DN -> 1000 m
    fine = open_product(write_synthetic_polar(tmp_path, dn))
    t = build_terrain(-89.99, 0.0, 6000.0, 500.0, [ldem4, fine])
    assert t.products == ("SYN_POLAR", "LDEM_4")  # finest first
    assert t.pixel_of_source_at(-89.99, 0.0) == 100.0
    centre = t.heights_m[t.shape[0] // 2, t.shape[1] // 2]
    assert centre == pytest.approx(1000.0)
    assert (t.source_index == 1).any() and (t.source_index == 0).any()


def test_azimuth_conversion():
    # at longitude 0 grid north is true north; at 90°E true north points along grid azimuth 90°
    assert float(true_to_grid_azimuth(0.0, 0.0)) == pytest.approx(0.0, abs=1e-12)
    assert float(true_to_grid_azimuth(0.0, 90.0)) == 90.0
    assert float(grid_to_true_azimuth(true_to_grid_azimuth(123.0, 222.69), 222.69)) == pytest.approx(123.0)


def test_bad_sites(ldem4):
    with pytest.raises(InputError, match="polar latitude"):
        build_terrain(-30.0, 0.0, 5000.0, 500.0, [ldem4])
    with pytest.raises(InputError, match="cell"):
        build_terrain(-89.0, 0.0, 100.0, 500.0, [ldem4])


def test_nested_terrains_for_a_site_horizon(tmp_path, ldem4):
    """With a (SYNTHETIC, flat 1000 m, 100 m pixel) polar tile at the pole, the site horizon uses
    it for the near band and LDEM_4 beyond; the near-field exclusion follows the fine pixel."""
    from lupex.site.analysis import site_terrains
    from lupex.site.horizon import site_horizon

    fine = open_product(write_synthetic_polar(tmp_path, np.full((40, 40), 2000, dtype=np.int16)))
    ts = site_terrains(-89.99, 0.0, 20_000.0, products=[ldem4, fine], far_cell_m=500.0)
    assert len(ts) == 2 and ts[0].cell_m == 100.0
    hz = site_horizon(ts, -89.99, 0.0, 2.0, n_az=36)
    assert hz.near_field_m == pytest.approx(200.0)  # 2 x 100 m
    bands = hz.terrain["distance_bands"]
    assert bands[0]["product_grid_cell_m"] == 100.0 and bands[-1]["product_grid_cell_m"] == 500.0
    assert bands[0]["to_km"] == pytest.approx(bands[1]["from_km"])
