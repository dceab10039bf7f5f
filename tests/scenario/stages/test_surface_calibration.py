"""[surface] detail_calibration: the choice is validated strictly and reaches the rover grid's
terrain source (what summary.json's surface.terrain.source reports). A small grid, no full run."""

from __future__ import annotations

import pytest

from lupex.scenario.loader import ScenarioError, parse_scenario_text
from lupex.scenario.stages.surface import traverse_inputs


def _grid(text):
    from lupex.rover.detail import detail_model
    from lupex.rover.terrain import rover_grid

    sc = parse_scenario_text(text)
    _, cfg = traverse_inputs(sc)
    detail = detail_model(cfg.detail_calibration, hurst=cfg.detail_hurst,
                          rms_slope=cfg.detail_rms_slope, baseline_m=cfg.detail_baseline_m,
                          rolloff_m=cfg.detail_rolloff_m)
    return cfg, rover_grid(sc.landing.lat_deg, sc.landing.lon_deg, 300.0, 10.0,
                           seed=cfg.detail_seed, detail=detail)


def test_default_is_published_highland(lola_dir):
    cfg, g = _grid("")
    assert cfg.detail_calibration == "published_highland"
    assert "calibration published_highland" in g.source and "Trask 1966" in g.source


def test_measured_patch_reaches_the_terrain_source(lola_dir):
    from lupex.rover.detail import MEASURED_PATCH, rms_slope

    cfg, g = _grid('[surface]\ndetail_calibration = "measured_patch"\n')
    assert cfg.detail_calibration == "measured_patch"
    assert "calibration measured_patch" in g.source and "SHOEMAKER_5M_SUBSET" in g.source
    # the synthetic component hits the measured RMS slope at its 25 m baseline, taken at the
    # whole number of cells the model uses (as recorded) and scaled there with the Hurst law
    info = g.meta["detail_info"]
    lag_m = info["calibration_lag_m"]
    target = MEASURED_PATCH.rms_slope * (lag_m / 25.0) ** (MEASURED_PATCH.hurst - 1.0)
    assert info["target_rms_slope_at_lag"] == pytest.approx(target, rel=1e-6)
    assert rms_slope(g.detail_m, 10.0, int(round(lag_m / 10.0))) == pytest.approx(target, rel=0.01)


@pytest.mark.parametrize("text, fragments", [
    ('detail_calibration = "bogus"',
     ("surface.detail_calibration", "'bogus'", "'published_highland' or 'measured_patch'")),
    ('detail_calibration = "measured_patch"\ndetail_hurst = 0.9',
     ("surface.detail_calibration", "surface.detail_hurst = 0.9", "published_highland")),
])
def test_bad_choice_names_key_value_and_what_is_allowed(text, fragments):
    with pytest.raises(ScenarioError) as exc:
        parse_scenario_text("[surface]\n" + text + "\n")
    for f in fragments:
        assert f in str(exc.value)


def test_surface_stage_summary_names_the_calibration(lola_dir):
    """The surface stage itself (unit-level call, a 600 m grid over one day): summary.json's
    surface.terrain.source names the calibration choice."""
    from lupex.scenario.stages.surface import run

    sc = parse_scenario_text(
        '[surface]\ndetail_calibration = "measured_patch"\nduration_days = 1.0\n'
        "grid_half_width_m = 300.0\nwaypoints_n = 1\ndrill_field_m = 200.0\n"
        "far_horizon_reach_m = 10000.0\nhorizon_bins = 8\nlocal_horizon_reach_m = 300.0\n"
        "time_step_h = 6.0\nlanding_radius_m = 0.0\n")
    res = run(sc, {"landing_epoch": "2028-01-01T00:00:00"})
    source = res.summary["terrain"]["source"]
    assert "SYNTHETIC" in source and "calibration measured_patch" in source
