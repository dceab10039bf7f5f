"""Rover-scale terrain on real LOLA data (LDEM_4) with labelled synthetic detail, the near-field
policy of /shared/notes/terrain.md, local horizons and the Sun/Earth sky on the grid."""

import math

import numpy as np
import pytest

from lupex.rover.detail import DetailModel, rms_slope
from lupex.rover.grid import MOON_RADIUS_M, LocalGrid, grid_azimuth_offset_deg, slope_deg

from tests.reference import check_reference

RIDGE = (-89.45, 222.69)  # Shackleton–de Gerlache connecting ridge (Gläser et al. 2014)


def test_grid_azimuth_offset_is_the_longitude_on_the_south_polar_plane():
    # south polar stereographic (lon_0 = 0): true north at longitude λ points along grid (sin λ,
    # cos λ), so grid azimuth = true azimuth + λ (also lupex.site.terrain.true_to_grid_azimuth)
    for lon in (0.0, 45.0, 222.69, 300.0):
        off = grid_azimuth_offset_deg(-89.45, lon) % 360.0
        assert off == pytest.approx(lon % 360.0, abs=1e-3)


def test_local_horizons_against_a_wall():
    # synthetic test terrain: flat with a 12 m wall 100 m to the grid-east (+x) of cell (20, 20)
    from lupex.rover.sky import local_horizons

    z = np.zeros((41, 41))
    z[:, 30] = 12.0
    hor = local_horizons(LocalGrid(z, 10.0, source="synthetic test grid"), None, 4, 2.0)
    c = 20 * 41 + 20
    expected = math.degrees(math.atan((12.0 - 2.0 - 100.0 ** 2 / (2 * MOON_RADIUS_M)) / 100.0))
    assert hor[1, c] == pytest.approx(expected, abs=1e-3)  # bin 1 = grid azimuth 90° (+x)
    # looking west over flat ground: the horizon is the curvature dip of the farthest ground
    assert -1.0 < hor[3, c] < 0
    # rover row order (row i along +y): a wall along +y, 100 m "north" of cell (20, 20)
    z2 = np.zeros((41, 41))
    z2[30, :] = 12.0
    hor2 = local_horizons(LocalGrid(z2, 10.0, source="synthetic test grid"), None, 4, 2.0)
    assert hor2[0, c] == pytest.approx(expected, abs=1e-3) and hor2[2, c] < 0


def _old_nearest_sample_march(z, cell_m, az_deg, obs_h, i, j):
    """The rover's former local-horizon kernel, re-implemented for one cell (it was replaced by
    the site's horizon engine): nearest-cell samples, step growing from one cell to d/20."""
    ny, nx = z.shape
    out = np.full(az_deg.size, -90.0)
    for a, az in enumerate(np.radians(az_deg)):
        dx, dy = math.sin(az), math.cos(az)
        best, d = -1e9, cell_m
        while True:
            ii, jj = int(i + dy * d / cell_m + 0.5), int(j + dx * d / cell_m + 0.5)
            if not (0 <= ii < ny and 0 <= jj < nx):
                break
            best = max(best, (z[ii, jj] - z[i, j] - obs_h - d * d / (2 * MOON_RADIUS_M)) / d)
            d += max(cell_m, d / 20.0)
        if best > -1e8:
            out[a] = math.degrees(math.atan(best))
    return out


def test_local_horizons_on_synthetic_detail_against_brute_force():
    """The rover's local horizons come from lupex's horizon engine (horizon_map, sweep). On a
    SYNTHETIC detail grid (seed 3, 10 m cells), against an independent brute-force ray-march of
    the bilinear surface with 0.5 m steps and exact sphere geometry (site.horizon.ray_horizon),
    60 cells x 72 azimuths: median |difference| measured 0.030°, 99th percentile 1.5° (the
    sweep puts the observer on its line up to 1/4 cell off the cell centre, which on terrain this
    rough moves the nearest horizon). The former nearest-sample kernel differed from the same
    reference by 0.18° / 5.5° (median / 99th percentile; its samples snap to cell centres, so at one or two cells a diagonal neighbour
    counts at the axial distance, and its step grows to d/20): the sweep's terrain model
    (linear between cells, every crossing sampled) is the closer of the two."""
    from lupex.rover.detail import synthetic_detail
    from lupex.rover.sky import local_horizons
    from lupex.site.horizon import ray_horizon
    from lupex.site.terrain import Terrain

    z, _ = synthetic_detail((121, 121), 10.0, 3, DetailModel())
    nb = 72
    az = np.arange(nb) * 360.0 / nb
    hn = local_horizons(LocalGrid(z, 10.0, source="synthetic test grid"), None, nb, 1.0)
    ny, nx = z.shape
    t = Terrain(np.ascontiguousarray(z[::-1], dtype=np.float32), 0.0, (ny - 1) * 10.0, 10.0,
                ("synthetic",), (10.0,), np.zeros(z.shape, np.int8), -1)
    rng = np.random.default_rng(0)
    d_new, d_old = [], []
    for i, j in rng.integers(20, 101, size=(60, 2)):
        ref = ray_horizon(t, ny - 1 - int(i), int(j), 1.0, az, 0.5, 5000.0, 0.5)
        d_new.append(hn[:, i * nx + j] - ref)
        d_old.append(_old_nearest_sample_march(z, 10.0, az, 1.0, int(i), int(j)) - ref)
    d_new, d_old = np.abs(np.concatenate(d_new)), np.abs(np.concatenate(d_old))
    assert np.median(d_new) < 0.06 and np.percentile(d_new, 99) < 2.0
    assert np.median(d_new) < 0.5 * np.median(d_old)
    assert np.percentile(d_new, 99) < 0.5 * np.percentile(d_old, 99)


def test_local_horizon_reach_blocks():
    """With a reach shorter than half the grid, the observers are taken in blocks: terrain
    within the reach always counts, terrain beyond 2√2 × the reach never does."""
    from lupex.rover.sky import local_horizons

    z = np.zeros((81, 81))
    z[:, 75] = 50.0  # synthetic wall 350 m east of column 40
    g = LocalGrid(z, 10.0, source="synthetic test grid")
    near = local_horizons(g, None, 4, 1.0, reach_m=400.0)  # wall within the reach
    far = local_horizons(g, None, 4, 1.0, reach_m=100.0)  # wall beyond 2√2 × reach
    full = local_horizons(g, None, 4, 1.0)
    c = 40 * 81 + 40
    assert near[1, c] == pytest.approx(full[1, c], abs=1e-4) and full[1, c] > 7.0
    assert far[1, c] < 0.0


def test_rover_grid_is_real_lola_plus_labelled_detail(lola_dir):
    from lupex.rover.terrain import horizon_heights, rover_grid
    from tests.rover.conftest import site_product

    real_product = site_product(*RIDGE)

    m = DetailModel()
    g = rover_grid(*RIDGE, half_width_m=500.0, cell_m=10.0, seed=3, detail=m)
    assert real_product.name in g.source and "SYNTHETIC" in g.source and "seed 3" in g.source
    assert g.meta["synthetic_detail"] and g.meta["detail_seed"] == 3
    real = g.heights - g.detail_m
    # the real component is the product at its own resolution: no along-ring artefacts (those
    # reached 74° on a 10 m grid here before the low-pass, docs/terrain.md); the 1.6 km layer's
    # resolved ridge flank reaches 11°
    assert slope_deg(real, 10.0).max() < 15.0
    # the connecting ridge stands ≈ 1.4–1.9 km above the reference sphere (LDEM_4, 1.6 km layer)
    assert 500.0 < real.mean() < 2500.0
    # the detail reproduces its calibration on this grid
    lag = int(round(m.baseline_m / 10.0))
    assert rms_slope(g.detail_m, 10.0, lag) == pytest.approx(
        m.rms_slope * (lag * 10.0 / m.baseline_m) ** (m.hurst - 1), rel=1e-6)
    # near-field policy: 2 pixels of the real product (≥ 3.2 km) cover the whole grid -> detail only
    hh, words = horizon_heights(g)
    assert np.array_equal(hh, g.detail_m) and "excluded" in words
    # k = 0 (no exclusion): the whole grid, real terrain included
    hh0, words0 = horizon_heights(g, 0.0)
    assert np.array_equal(hh0, g.heights) and "real grid" in words0


def test_far_horizon_near_field_policy_and_published_illumination(lola_dir):
    from astropy import units as u

    from lupex.ephemeris import azimuth_elevation, to_time
    from lupex.rover.terrain import far_horizon

    from tests.rover.conftest import site_product

    fh = far_horizon(*RIDGE, observer_height_m=2.0, reach_m=100_000.0, cell_m=1000.0, n_az=180)
    assert fh.min_distance_m == pytest.approx(2 * site_product(*RIDGE).pixel_m, rel=1e-3)
    t = to_time("2028-01-01T00:00:00") + np.arange(0, 365 * 24, 6) * u.h
    ae = azimuth_elevation("sun", *RIDGE, 1800.0, t)
    grid_az = (ae.azimuth_deg + grid_azimuth_offset_deg(*RIDGE)) % 360
    lit = np.mean(ae.elevation_deg > fh(grid_az))
    # Gläser et al. 2014 (Icarus 243:78): 92.27 % at 2 m from a 20 m LOLA DEM (multi-year
    # average). LDEM_4 far field only: within a few percent of it, not the ~25 % of a
    # near-field-contaminated horizon (terrain.md).
    check_reference("illumination.rover_far_horizon_ridge_sun_fraction", lit)
    near = far_horizon(*RIDGE, observer_height_m=2.0, reach_m=100_000.0, cell_m=1000.0, n_az=180,
                       near_field=0.0)
    lit0 = np.mean(ae.elevation_deg > near(grid_az))
    # the policy matters, in the direction terrain.md describes (measured: 0.938 vs 0.977 on the
    # 1.6 km layer at 1 km cells; 0.25 vs 0.975 on LDEM_4 alone, whose smoothed flanks are worse)
    assert lit0 < lit - 0.02


def test_sky_curvature_term_and_ephemeris_consistency():
    from lupex.ephemeris import azimuth_elevation, to_time
    from lupex.rover.sky import sky_from_ephemeris

    g = LocalGrid(np.zeros((61, 61)), 50.0, source="flat synthetic test grid")
    sky = sky_from_ephemeris(g, *RIDGE, "2028-07-15T00:00:00", 2.0, 3600.0, n_bins=16,
                             observer_height_m=1.0, local_reach_m=100.0)
    k = 5
    ae = azimuth_elevation("sun", *RIDGE, 1.0, to_time("2028-07-15T05:00:00"))
    assert sky.sun.el_deg[k] == pytest.approx(float(ae.elevation_deg), abs=1e-9)
    # a cell 1.5 km toward the Sun sees it higher by 1.5 km / R (radians)
    ux, uy = sky.sun.ux[k], sky.sun.uy[k]
    c = 30 * 61 + 30
    d = 1500.0
    j = int(round(30 + ux * d / 50)), int(round(30 + uy * d / 50))
    cell = j[1] * 61 + j[0]
    el, _ = sky.series("sun", np.array([c, cell]), np.array([k * 3600.0 + 1, k * 3600.0 + 1]))
    proj = sky.xoff_m[cell] * ux + sky.yoff_m[cell] * uy
    assert el[1] - el[0] == pytest.approx(math.degrees(proj / MOON_RADIUS_M), rel=1e-9)
    assert proj > 1400.0
