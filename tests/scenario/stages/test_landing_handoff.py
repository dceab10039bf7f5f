"""The rover works on the landing stage's terrain, horizons and near-field policy: the same real
heights (LOLA LDEM_4 offline) and the same ``[landing] near_field_k``, in a run and from
``lupex rover plan`` alike."""

import csv
import json

import numpy as np
import pytest

RIDGE = (-89.45, 222.69)  # the baseline site (Shackleton–de Gerlache connecting ridge)


def test_landing_terrain_is_the_landing_stage_grid(lola_dir):
    """The landing stage builds its region terrain with the horizon reach added to the
    half-width and keeps the centre; the rover's stand-alone build (no reach) samples the same
    points, so the heights agree (same products, same resampling)."""
    from lupex.rover.terrain import landing_terrain
    from lupex.site.terrain import build_terrain

    small = landing_terrain(*RIDGE, 4000.0, 400.0)
    big = build_terrain(RIDGE[0], RIDGE[1], 4000.0 + 40_000.0, 400.0)
    n = small.shape[0] // 2
    c = big.shape[0] // 2
    sub = big.subgrid(c - n, c + n + 1, c - n, c + n + 1)
    assert sub.x0_m == pytest.approx(small.x0_m, abs=1e-6)
    assert sub.y0_m == pytest.approx(small.y0_m, abs=1e-6)
    assert np.allclose(sub.heights_m, small.heights_m, atol=0.01)


def test_rover_real_heights_are_the_landing_terrain(lola_dir):
    """The rover grid's real component interpolates the landing terrain (cubic spline): at the
    landing terrain's own cell centres it returns that terrain's heights."""
    from lupex.rover.terrain import landing_terrain, rover_grid

    t = landing_terrain(*RIDGE, 4000.0, 400.0)
    g = rover_grid(*RIDGE, half_width_m=1200.0, cell_m=20.0, seed=2, terrain=t)
    real = g.heights - g.detail_m
    n = t.shape[0] // 2
    # the rover grid's centre and the cells 400 m (= one landing cell) away are landing cells
    ic = (g.shape[0] - 1) // 2
    for di, dj in ((0, 0), (20, 0), (0, -20), (-20, 20)):
        # rover rows run along +y, the landing terrain's along -y
        assert real[ic + di, ic + dj] == pytest.approx(
            float(t.heights_m[n - di // 20, n + dj // 20]), abs=0.05)
    assert "landing-stage terrain" in g.source and g.meta["near_field_k"] == 2.0
    # a landing terrain narrower than the rover grid: the same grid is built wider
    small = landing_terrain(*RIDGE, 800.0, 400.0)
    g2 = rover_grid(*RIDGE, half_width_m=1200.0, cell_m=20.0, seed=2, terrain=small)
    assert "widened" in g2.source
    assert np.allclose(g2.heights - g2.detail_m, real, atol=0.05)


def _sky_at_centre(k):
    """Far horizon and Sun fraction at the centre of a small rover grid, with the landing
    inputs the surface stage would use for a scenario with ``[landing] near_field_k = k``."""
    from lupex.rover.sky import sky_from_ephemeris, sky_statistics
    from lupex.rover.terrain import far_horizon, horizon_heights, rover_grid
    from lupex.scenario.schema import Scenario
    from lupex.scenario.stages.surface import landing_inputs

    sc = Scenario.model_validate({"landing": {"lat_deg": RIDGE[0], "lon_deg": RIDGE[1],
                                              "near_field_k": k}})
    inp = landing_inputs(sc, {}, *RIDGE)
    assert inp["near_field"].k == k
    g = rover_grid(*RIDGE, half_width_m=300.0, cell_m=20.0, seed=1, terrain=inp["terrain"],
                   near_field=inp["near_field"])
    fh = far_horizon(*RIDGE, observer_height_m=1.0, reach_m=60_000.0,
                     near_field=inp["near_field"], terrains=inp["far_terrains"])
    hh, words = horizon_heights(g, inp["near_field"])
    sky = sky_from_ephemeris(g, *RIDGE, "2028-07-09T06:40:00", 60.0, 6 * 3600.0,
                             far_horizon=fh, n_bins=16, horizon_heights=hh)
    c = (g.shape[0] - 1) // 2
    return fh, float(sky_statistics(sky)["sun"][c, c]), words


def test_landing_near_field_k_changes_the_rovers_sky(lola_dir):
    """[landing] near_field_k reaches the rover: k = 0 lets the smoothed flanks of the real
    product near the site into the far horizon (docs/terrain.md, pitfall 1) and the real grid
    into the local horizons, so the landing cell sees the Sun less; k = 2 excludes 2 native
    pixels of the finest product under the site."""
    from tests.rover.conftest import site_product

    fh0, sun0, words0 = _sky_at_centre(0.0)
    fh2, sun2, words2 = _sky_at_centre(2.0)
    assert fh2.min_distance_m == pytest.approx(2 * site_product(*RIDGE).pixel_m, rel=1e-3)
    assert fh0.min_distance_m < 1000.0
    assert np.max(fh0.elevation_deg - fh2.elevation_deg) > 1.0
    # k = 0 sees a superset of the terrain (rays sampled from another start: 0.02° slack;
    # measured on the 1.6 km layer: lowest difference -0.011°)
    assert np.all(fh0.elevation_deg >= fh2.elevation_deg - 0.02)
    assert "real grid" in words0 and "synthetic detail only" in words2
    # the landing cell sees less Sun with the near field admitted (measured: 0.663 vs 0.671 on
    # the 1.6 km layer, whose ridge is resolved; 0.05 or more on LDEM_4 alone)
    assert sun0 < sun2 - 0.004


def test_handed_over_policy_wins_over_the_scenario(lola_dir):
    from lupex.scenario.schema import Scenario
    from lupex.scenario.stages.surface import landing_inputs
    from lupex.site import NearFieldPolicy

    sc = Scenario.model_validate({"landing": {"lat_deg": RIDGE[0], "lon_deg": RIDGE[1]}})
    t = object()
    inp = landing_inputs(sc, {"near_field_policy": NearFieldPolicy(0.5), "terrain": t,
                              "site_terrains": ["far"]}, *RIDGE)
    assert inp["near_field"].k == 0.5 and inp["terrain"] is t and inp["far_terrains"] == ["far"]


def test_landing_and_surface_agree_at_the_landing_point(shared_baseline_run):
    """On the baseline run: the rover's height and slope at the lander's cell against the
    landing stage's ground height and slope at the site.

    Heights: the rover's real component is the landing stage's terrain, so it agrees with
    ``landing.ground_height_m`` to a few metres (the lander's cell lies up to
    ``[surface] landing_radius_m`` = 100 m from the nominal site, on a regional slope of a few
    degrees); the full height adds the synthetic detail, within 3 × its RMS height.
    Slopes: the landing stage's is over one LDEM_4 pixel (7.6 km, real terrain only); the
    rover's over 2 cells (20 m) of real terrain + synthetic detail: they differ by scale, by
    less than 3 × the detail's RMS slope. The real component's slope is that of the landing
    terrain's 400 m cells, within a few degrees of the 7.6 km figure."""
    proc, out = shared_baseline_run
    assert proc.returncode == 0, proc.stderr
    s = json.loads((out / "summary.json").read_text())
    land, lp = s["landing"], s["surface"]["landing_point"]
    assert lp["landing_stage"]["ground_height_m"] == pytest.approx(land["ground_height_m"],
                                                                   abs=0.01)
    assert abs(lp["real_height_m"] - land["ground_height_m"]) < 15.0
    assert abs(lp["height_m"] - land["ground_height_m"]) < 15.0 + 3 * lp["detail_rms_height_m"]
    assert abs(lp["real_slope_deg"] - land["slope_deg"]) < 3.0
    assert abs(lp["slope_deg"] - land["slope_deg"]) < 3 * lp["detail_rms_slope_deg"]
    assert lp["slope_baseline_m"] == pytest.approx(20.0)
    assert lp["landing_stage"]["slope_baseline_m"] == pytest.approx(land["slope_baseline_m"])
    # the route's first row is the lander's cell
    with open(out / "surface" / "rover_traverse.csv", newline="") as f:
        first = next(csv.DictReader(f))
    assert float(first["height_m"]) == pytest.approx(lp["height_m"], abs=0.01)
    assert float(first["slope_deg"]) == pytest.approx(lp["slope_deg"], abs=0.01)
    assert s["surface"]["terrain"]["landing_stage_inputs"] == "handed over by the landing stage"
