"""The landing stage's ice maps: summary block, handoff and products (real LOLA, short period)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lupex.scenario.loader import parse_scenario


@pytest.fixture(scope="module")
def result(lola_dir):
    from lupex.scenario.stages import landing

    sc = parse_scenario({"landing": {"illumination_start": "2018-10-22",
                                     "illumination_days": 60.0, "step_h": 3.0,
                                     "region_half_width_km": 4.0, "map_cell_m": 800.0,
                                     "ice_maps": True},
                         "rover": {"drill_depth_m": 1.0}})
    return landing.run(sc, {})


def test_ice_region_block(result):
    block = result.summary["ice"]["region_maps"]
    im = result.handoff["ice_map"]
    assert block["grid_shape"] == list(im.t_surface_max_k.shape) == [11, 11]
    assert block["thermal_step_h"] == pytest.approx(6.0)
    assert im.drill_depth_m == pytest.approx(1.0)  # [rover] drill_depth_m
    assert block["cells_ice_within_reach"] == int(im.ice_within_reach.sum())
    assert block["cells_with_stable_ice"] >= block["cells_ice_within_reach"]
    lo, hi = block["t_surface_max_k_range"]
    assert 20.0 < lo <= hi < 385.0
    assert block["converged_fraction"] == pytest.approx(1.0)
    near = block["nearest_ice_within_reach"]
    assert len(near) == min(5, block["cells_ice_within_reach"])
    assert all(c["ice_depth_m"] <= 1.0 for c in near)
    assert [c["distance_km"] for c in near] == sorted(c["distance_km"] for c in near)
    json.dumps(result.summary, allow_nan=False)


def test_ice_products_written(result, tmp_path):
    import rasterio

    paths = result.write_products(tmp_path)
    names = {p.name for p in paths}
    assert {"ice_t_surface_max_k.tif", "ice_t_surface_mean_k.tif", "ice_depth_m.tif",
            "ice_within_reach.tif", "ice_maps.png", "ice_profile.png"} <= names
    im = result.handoff["ice_map"]
    with rasterio.open(tmp_path / "ice_t_surface_max_k.tif") as ds:
        arr = ds.read(1)
    assert np.allclose(arr, im.t_surface_max_k, rtol=1e-6, equal_nan=True)
    with rasterio.open(tmp_path / "ice_depth_m.tif") as ds:
        arr = ds.read(1)
    assert np.array_equal(np.isnan(arr), np.isnan(im.ice_depth_m))
