"""The landing-stage adapter: summary keys, terrain block, handoff, products, bad input.

Reference for the site figures: see test_illumination.py (Gläser et al. 2014); here the contract.
"""

from __future__ import annotations

import json

import numpy as np

import pytest

from lupex.errors import InputError
from lupex.scenario.loader import parse_scenario

REQUIRED = ("lat_deg", "lon_deg", "sun_fraction", "earth_fraction", "sun_and_earth_fraction",
            "longest_dark_hours", "slope_deg", "distance_to_psr_km", "terrain")


def quick(**landing):
    base = {"illumination_start": "2018-10-22", "illumination_days": 60.0, "step_h": 3.0,
            "region_half_width_km": 4.0, "map_cell_m": 800.0}
    base.update(landing)
    return parse_scenario({"landing": base})


@pytest.fixture(scope="module")
def result(lola_dir):
    from lupex.scenario.stages import landing

    return landing.run(quick(), {})


def test_summary_contract(result):
    s = result.summary
    assert result.stage == "landing"
    for k in REQUIRED:
        assert k in s
    assert s["lat_deg"] == -89.45 and s["lon_deg"] == pytest.approx(222.69)
    assert 0.5 < s["sun_fraction"] <= 1.0
    assert 0.0 <= s["sun_and_earth_fraction"] <= min(s["sun_fraction"], s["earth_fraction"])
    tb = s["terrain"]
    # whatever products are found: the one under the site is the finest covering it, it sets
    # the near field (k = 2), and every product used is named, finest first
    from lupex.site.terrain import available_products

    finest = min((p for p in available_products() if p.covers(-89.45, 222.69)),
                 key=lambda p: p.pixel_m)
    assert tb["site_product"] == finest.name and tb["resolution_m"] == pytest.approx(finest.pixel_m)
    assert "excluded" in tb["near_field_policy"]
    assert tb["near_field_m"] == pytest.approx(2 * finest.pixel_m)
    assert finest.name in tb["products"] and tb["product_pixel_m"] == sorted(tb["product_pixel_m"])
    for part in (tb["site_horizon"]["products"], tb["region_maps"]["products"]):
        assert set(part) <= set(tb["products"])
    assert tb["site_horizon"]["distance_bands"][0]["from_km"] == pytest.approx(
        2 * finest.pixel_m / 1e3)
    # PSR search (full near field, 25 km): Shackleton / de Gerlache interiors are dark
    assert s["distance_to_psr_km"] is not None and 0 < s["distance_to_psr_km"] < 25
    assert s["psr_area_km2"] > 0 and "none" in s["psr_near_field_policy"]
    json.dumps(s, allow_nan=False)  # JSON-ready
    # ice at the landing point: a sunlit ridge on a 60-day period stays far below the equatorial
    # noon of ~385 K (Hayne et al. 2017) and above the 25-50 K of permanent shadow
    ice = s["ice"]
    assert 30.0 < ice["t_surface_min_k"] <= ice["t_surface_mean_k"] <= ice["t_surface_max_k"] \
        < 385.0
    assert ice["ice_within_drill_reach"] == (ice["ice_stable_depth_m"] is not None
                                             and ice["ice_stable_depth_m"] <= 1.5)
    assert ice["drill_depth_m"] == pytest.approx(1.5)
    assert result.handoff["terrain"].heights_m.ndim == 2
    assert result.handoff["landing_site"] == (-89.45, pytest.approx(222.69))


def test_products_written(result, tmp_path):
    paths = result.write_products(tmp_path)
    names = {p.name for p in paths}
    assert {"illumination_map.png", "horizon.png", "sun_vs_horizon.png", "slope_map.png",
            "ranking_map.png", "sun_fraction.tif", "psr.tif"} <= names
    assert all(p.stat().st_size > 0 for p in paths)


def test_period_from_handoff_landing_epoch(lola_dir):
    from astropy.time import Time

    from lupex.scenario.stages import landing

    sc = parse_scenario({"landing": {"illumination_days": 10.0, "step_h": 6.0,
                                     "region_half_width_km": 2.0, "map_cell_m": 1000.0}})
    r = landing.run(sc, {"landing_epoch": Time("2028-07-01T00:00:00", scale="utc")})
    assert r.summary["period_start_utc"].startswith("2028-07-01")
    assert "transfer" in r.summary["period_source"]
    # the touchdown check against the site's terrain horizon (same model as the time series)
    td = r.summary["touchdown"]
    assert td["epoch_utc"].startswith("2028-07-01T00:00")
    assert td["earth_visible"] == (td["earth_elevation_deg"] > td["earth_horizon_deg"])
    assert 0.0 <= td["sun_visible_fraction"] <= 1.0
    if td["sun_elevation_deg"] - td["sun_horizon_deg"] > 0.3:  # disk radius ≈ 0.27°
        assert td["sun_visible_fraction"] == 1.0
    assert ("WARNING" in td["note"]) == (not td["earth_visible"] or td["sun_visible_fraction"] == 0)


def test_bad_input(lola_dir):
    from lupex.scenario.stages import landing

    with pytest.raises(InputError, match="polar latitude"):
        landing.run(quick(lat_deg=-30.0), {})
    # refused when the scenario is loaded, naming both keys (no stage computes)
    with pytest.raises(InputError, match="illumination_start \\+ landing.illumination_days"):
        landing.run(quick(illumination_start="2050-12-01"), {})
    with pytest.raises(InputError, match="observer_height_m"):
        quick(observer_height_m=-2.0)


def test_one_psr_figure_everywhere(result, tmp_path, monkeypatch):
    """The PSR area and distance of the summary are those of psr.tif (area and distance
    recomputed here from the file, true area with the polar-stereographic scale factor removed),
    of the ranking rows and of the illumination map's title: one mask, one named policy."""
    import rasterio

    from lupex.moon_geometry import latlon_to_ps, ps_scale_factor, ps_to_latlon
    from lupex.site import plots

    titles = []
    orig = plots.plot_illumination_map

    def spy(*a, **k):
        fig = orig(*a, **k)
        titles.append(fig.axes[0].get_title())
        return fig

    monkeypatch.setattr(plots, "plot_illumination_map", spy)
    s = result.summary
    result.write_products(tmp_path)
    with rasterio.open(tmp_path / "psr.tif") as ds:
        mask = ds.read(1) > 0.5
        tr = ds.transform
    cell = tr.a
    ii, jj = np.nonzero(mask)
    x = tr.c + (jj + 0.5) * cell
    y = tr.f - (ii + 0.5) * cell
    lat, _ = ps_to_latlon(x, y, -1)
    area = float(np.sum((cell / ps_scale_factor(lat, -1)) ** 2)) / 1e6
    assert area == pytest.approx(s["psr_area_km2"], rel=1e-6)
    assert "none" in s["psr_near_field_policy"] and "psr_area_km2_region_policy" not in s
    xs, ys = latlon_to_ps(s["lat_deg"], s["lon_deg"], -1)
    d_site = np.hypot(x - xs, y - ys).min() / ps_scale_factor(s["lat_deg"], -1) / 1e3
    assert d_site == pytest.approx(s["distance_to_psr_km"], abs=1e-6)
    for row in s["ranking"]:  # each candidate's distance: nearest PSR cell, within one cell
        xr, yr = latlon_to_ps(row["lat_deg"], row["lon_deg"], -1)
        d = np.hypot(x - xr, y - yr).min() / ps_scale_factor(row["lat_deg"], -1) / 1e3
        assert row["distance_to_psr_km"] == pytest.approx(d, abs=cell / 1e3)
    assert titles and f"{s['psr_area_km2']:.2f} km²" in titles[0]
    assert f"nearest {s['distance_to_psr_km']:.1f} km" in titles[0]


def test_multi_year_period_reports_each_year_and_the_worst(lola_dir, result):
    """A period of two complete years or more gives the ``yearly`` block (the scenario chooses
    the period with ``illumination_days``); a shorter one does not."""
    from lupex.scenario.stages import landing
    from lupex.scenario.summaries import LandingSummary

    assert "yearly" not in result.summary  # the 60-day period
    r = landing.run(quick(illumination_days=2.2 * 365.25, step_h=12.0, region_half_width_km=2.0,
                          map_cell_m=1000.0), {})
    y = r.summary["yearly"]
    assert y["years"] == 2 and len(y["sun_fraction"]) == 2
    assert y["year_starts_utc"][0].startswith("2018-10-22")
    assert y["worst_year_sun_fraction"] == pytest.approx(min(y["sun_fraction"]), abs=1e-15)
    # the period's mean lies between the years' (the 0.2-year tail can pull it only a little)
    assert min(y["sun_fraction"]) - 0.05 <= r.summary["sun_fraction"] <= max(y["sun_fraction"]) + 0.05
    assert max(y["longest_dark_hours"]) <= r.summary["longest_dark_hours"] + 1e-9
    assert "2.2-year period" in r.summary["psr_note"]
    LandingSummary.model_validate(r.summary)
