"""The 'surface' adapter and ``lupex rover plan`` on a small real-terrain scenario (the finest
real LOLA product at the default site + labelled synthetic detail, DE421 Sun and Earth)."""

import json

from tests.rover.conftest import site_product

SITE = (-89.45, 222.69)  # the scenario's default landing site (connecting ridge)

SMALL = """
[mission]
name = "rover test (small grid)"
[surface]
duration_days = 12.0
grid_half_width_m = 300.0
grid_cell_m = 20.0
waypoints_n = 2
drill_field_m = 300.0
far_horizon_reach_m = 40000.0
horizon_bins = 24
local_horizon_reach_m = 300.0
drill_site_min_sun_fraction = 0.3
"""


def test_adapter_without_landing_epoch_is_not_modelled():
    from lupex.scenario.schema import Scenario
    from lupex.scenario.stages.surface import run

    res = run(Scenario(), {})
    assert res.summary is None and res.feasible is None
    assert "no landing epoch" in res.not_modelled[0]


def test_cli_rover_plan_json(lupex_cli, tmp_path, lola_dir):
    f = tmp_path / "small.toml"
    f.write_text(SMALL)
    out = tmp_path / "plots"
    p = lupex_cli("rover", "plan", f, "--json", "--landing-epoch", "2028-07-10T12:00:00",
                  "--out", out)
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)
    for k in ("distance_km", "waypoints_visited", "duration_days", "min_state_of_charge",
              "feasible"):
        assert k in s
    assert s["terrain"]["real_product"] == site_product(*SITE).name
    assert s["terrain"]["synthetic_detail"] and s["terrain"]["synthetic_detail_seed"] == 1
    assert "SYNTHETIC" in s["terrain"]["source"]
    assert s["duration_days"] <= 12.0
    assert abs(s["energy_wh"]["balance_error"]) < 1e-6
    assert 0 <= s["waypoints_visited"] <= 2
    names = sorted(x.split("/")[-1] for x in s["products"])
    assert names == ["captions.json", "rover_profile.png", "rover_route.png",
                     "rover_state_of_charge.png", "rover_timeline.png", "rover_traverse.csv"]
    rows = (out / "rover_traverse.csv").read_text().splitlines()
    assert rows[0].startswith("t_s,epoch_utc") and len(rows) >= 2


def test_cli_bad_waypoint_is_an_input_error(lupex_cli, tmp_path, lola_dir):
    f = tmp_path / "bad.toml"
    f.write_text(SMALL + "waypoints_xy_m = [[5000.0, 0.0]]\n")
    p = lupex_cli("rover", "plan", f, "--landing-epoch", "2028-07-10T12:00:00")
    assert p.returncode == 2
    assert "waypoints_xy_m" in p.stderr and "Traceback" not in p.stderr


def test_cli_bad_scenario_key(lupex_cli, tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("[rover]\nmax_slope_deg = 75.0\n")
    p = lupex_cli("rover", "plan", f, "--landing-epoch", "2028-07-10T12:00:00")
    assert p.returncode == 2 and "max_slope_deg" in p.stderr
