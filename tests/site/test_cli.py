"""``lupex site`` commands: JSON output keys and exit status 2 on bad input (real console script)."""

from __future__ import annotations

import json

import pytest


def test_site_illumination_json(lupex_cli, lola_dir):
    r = lupex_cli("site", "illumination", "--lat", "-89.45", "--lon", "222.69", "--height-m", "2",
                  "--start", "2018-10-22", "--stop", "2018-12-22", "--step-h", "6", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    for k in ("sun_fraction", "earth_fraction", "sun_and_earth_fraction", "longest_dark_hours"):
        assert 0 <= out[k]
    # whatever products are found: the finest covering the site is used and sets the near field
    from lupex.site.terrain import available_products

    finest = min((p for p in available_products() if p.covers(-89.45, 222.69)),
                 key=lambda p: p.pixel_m)
    assert finest.name in out["terrain"]["products"]
    assert out["terrain"]["near_field_pixel_m"] == pytest.approx(finest.pixel_m)
    assert "excluded" in out["terrain"]["near_field_policy"]


def test_site_bad_input_exits_2(lupex_cli, lola_dir):
    cases = [
        (("--lat", "-89.45", "--lon", "222.69", "--height-m", "-1"), "height"),
        (("--lat", "-20", "--lon", "10"), "polar latitude"),
        (("--lat", "-89.45", "--lon", "222.69", "--start", "2051-01-01", "--stop", "2052-01-01"),
         "2050"),
    ]
    for args, frag in cases:
        r = lupex_cli("site", "illumination", *args)
        assert r.returncode == 2, (args, r.stderr)
        assert frag in r.stderr and "Traceback" not in r.stderr


def test_site_map_writes_png_and_geotiff(lupex_cli, lola_dir, tmp_path):
    out = tmp_path / "maps"
    r = lupex_cli("site", "map", "--lat", "-89.45", "--lon", "222.69", "--start", "2018-10-22",
                  "--stop", "2018-11-22", "--step-h", "12", "--half-width-km", "3", "--cell-m",
                  "1000", "--out", out, "--json")
    assert r.returncode == 0, r.stderr
    files = {p.name for p in out.iterdir()}
    assert {"illumination_map.png", "sun_fraction.tif", "psr.tif", "ranking.json"} <= files
