"""``lupex site thermal``: the documented JSON, and bad options refused with exit 2."""

from __future__ import annotations

import json


def test_site_thermal_json_contract_on_real_terrain(lupex_cli, lola_dir):
    proc = lupex_cli("site", "thermal", "--lat", "-89.45", "--lon", "222.69", "--start",
                     "2028-01-01", "--stop", "2028-03-01", "--step-h", "3", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in ("t_surface_max_k", "t_surface_mean_k", "t_surface_min_k", "ice_stable_depth_m",
                "profile", "terrain", "converged"):
        assert key in out
    assert 20.0 < out["t_surface_min_k"] <= out["t_surface_mean_k"] <= out["t_surface_max_k"] \
        < 420.0
    depths = [r["depth_m"] for r in out["profile"]]
    assert depths == sorted(depths) and depths[0] == 0.0 and depths[-1] == 2.0
    # the seasonal wave decays with depth: the maximum falls towards the mean
    top, bottom = out["profile"][0], out["profile"][-1]
    assert top["t_max_k"] - top["t_mean_k"] > bottom["t_max_k"] - bottom["t_mean_k"]
    d = out["ice_stable_depth_m"]
    assert d is None or 0.0 <= d <= 2.0
    assert out["terrain"]["products"]


def test_site_thermal_bad_options_exit_2(lupex_cli):
    for extra, fragment in ((["--slope-deg", "95"], "--slope-deg"),
                            (["--external-flux-w-m2", "-1"], "--external-flux-w-m2"),
                            (["--lon", "1e308"], "--lon")):
        args = ["site", "thermal", "--lat", "-89.45", "--lon", "222.69", *extra]
        proc = lupex_cli(*args)
        assert proc.returncode == 2 and fragment in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
