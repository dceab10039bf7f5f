"""Rover-scale terrain on real LOLA data (LDEM_4) with labelled synthetic detail, the near-field
policy of /shared/notes/terrain.md, local horizons and the Sun/Earth sky on the grid."""

import math

import numpy as np
import pytest

from lupex.rover import _kernels as K
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


def test_local_horizon_kernel_against_a_wall():
    # synthetic test terrain: flat with a 12 m wall 100 m to the grid-east (+x) of cell (20, 20)
    z = np.zeros((41, 41))
    z[:, 30] = 12.0
    dirs = np.radians([90.0, 270.0])
    hor = K.local_horizons(z, 10.0, np.sin(dirs), np.cos(dirs), 2.0, 500.0, 0.5 / MOON_RADIUS_M)
    c = 20 * 41 + 20
    expected = math.degrees(math.atan((12.0 - 2.0 - 100.0 ** 2 / (2 * MOON_RADIUS_M)) / 100.0))
    assert hor[0, c] == pytest.approx(expected, abs=1e-3)
    # looking west over flat ground: the horizon is the curvature dip of the nearest... grid edge
    assert hor[1, c] < 0


def test_rover_grid_is_real_ldem4_plus_labelled_detail(lola_dir):
    from lupex.rover.terrain import horizon_heights, rover_grid

    m = DetailModel()
    g = rover_grid(*RIDGE, half_width_m=500.0, cell_m=10.0, seed=3, detail=m)
    assert "LDEM_4" in g.source and "SYNTHETIC" in g.source and "seed 3" in g.source
    assert g.meta["synthetic_detail"] and g.meta["detail_seed"] == 3
    real = g.heights - g.detail_m
    # the real component is LDEM_4 at its own resolution: gentle, no along-ring artefacts
    assert slope_deg(real, 10.0).max() < 8.0
    # the connecting ridge stands ≈ 1–2 km above the reference sphere in LDEM_4
    assert 500.0 < real.mean() < 2500.0
    # the detail reproduces its calibration on this grid
    lag = int(round(m.baseline_m / 10.0))
    assert rms_slope(g.detail_m, 10.0, lag) == pytest.approx(
        m.rms_slope * (lag * 10.0 / m.baseline_m) ** (m.hurst - 1), rel=1e-6)
    # near-field policy: LDEM_4 within 2 pixels (15 km) covers the whole grid -> detail only
    hh, words = horizon_heights(g)
    assert np.array_equal(hh, g.detail_m) and "excluded" in words


def test_far_horizon_near_field_policy_and_published_illumination(lola_dir):
    from astropy import units as u

    from lupex.ephemeris import azimuth_elevation, to_time
    from lupex.rover.terrain import far_horizon

    fh = far_horizon(*RIDGE, observer_height_m=2.0, reach_m=100_000.0, cell_m=1000.0, n_az=180)
    assert fh.min_distance_m == pytest.approx(2 * 7580.8, rel=1e-3)
    t = to_time("2028-01-01T00:00:00") + np.arange(0, 365 * 24, 6) * u.h
    ae = azimuth_elevation("sun", *RIDGE, 1800.0, t)
    grid_az = (ae.azimuth_deg + grid_azimuth_offset_deg(*RIDGE)) % 360
    lit = np.mean(ae.elevation_deg > fh(grid_az))
    # Gläser et al. 2014 (Icarus 243:78): 92.27 % at 2 m from a 20 m LOLA DEM (multi-year
    # average). LDEM_4 far field only: within a few percent of it, not the ~25 % of a
    # near-field-contaminated horizon (terrain.md).
    check_reference("illumination.rover_far_horizon_ridge_sun_fraction", lit)
    near = far_horizon(*RIDGE, observer_height_m=2.0, reach_m=100_000.0, cell_m=1000.0, n_az=180,
                       k=0.0)
    lit0 = np.mean(ae.elevation_deg > near(grid_az))
    assert lit0 < lit - 0.2  # the policy matters, in the direction terrain.md describes


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
