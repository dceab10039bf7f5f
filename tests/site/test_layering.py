"""Products layered finest-first: every terrain cell, every distance band of a site horizon and
the near-field exclusion come from the finest product that covers them, whatever products are
found (embedded, data directories, fetch cache). Nothing here assumes which products exist.

Reference figures (independent reference calculation, recorded with the 1.6 km layer's
provenance in src/lupex/data/lola_polar/README.md): connecting ridge (89.45°S, 222.69°E), 2 m
mast, 2020 at 2-hour steps -- on LDEM_256_SPS_1600M ground height 1,850 m, Sun 0.94 with terrain
closer than 2 x 1.6 km excluded, 0.54 with none excluded, Earth 0.50; on LDEM_4 ground height
1,431 m, Sun 0.93.
"""

from __future__ import annotations

import numpy as np
import pytest

from lupex.site.analysis import analyze_site, site_terrains
from lupex.site.horizon import site_horizon
from lupex.site.terrain import NearFieldPolicy, available_products, build_terrain

LAT, LON = -89.45, 222.69


@pytest.fixture(scope="module")
def products(lola_dir):
    return available_products()


def _finest_covering(products, lat, lon, margin_m=0.0):
    """Finest product covering (lat, lon) -- and, with a margin, the points margin_m away along
    the four grid axes too (so a cell at a product's edge, where bilinear sampling runs out of
    samples, is not counted against it)."""
    from lupex.moon_geometry import latlon_to_ps, ps_to_latlon

    x, y = latlon_to_ps(lat, lon, -1 if lat < 0 else 1)
    pts = [(0.0, 0.0)] + ([(margin_m, 0), (-margin_m, 0), (0, margin_m), (0, -margin_m)]
                          if margin_m else [])
    for p in products:  # finest first
        ok = True
        for dx, dy in pts:
            la, lo = ps_to_latlon(x + dx, y + dy, -1 if lat < 0 else 1)
            if not p.covers(float(la), float(lo)):
                ok = False
                break
        if ok:
            return p
    return None


def test_products_are_finest_first(products):
    px = [p.pixel_m for p in products]
    assert px == sorted(px)
    assert len(products) >= 1


def test_every_cell_takes_the_finest_product_covering_it(products):
    """The far grid of a site horizon (500 m cells, 160 km reach): at 400 sampled cells, the
    product supplying the cell is the finest product covering it (cells within two native pixels
    of a finer product's edge are skipped: there bilinear sampling has too few samples)."""
    t = site_terrains(LAT, LON, products=products)[-1]
    rng = np.random.default_rng(7)
    ny, nx = t.shape
    ii, jj = rng.integers(0, ny, 400), rng.integers(0, nx, 400)
    checked = 0
    for i, j in zip(ii, jj):
        lat, lon = (float(v) for v in t.ij_to_latlon(i, j))
        src = t.products[int(t.source_index[i, j])]
        finer_near_edge = [p for p in products if p.pixel_m < t.product_pixel_m[
            int(t.source_index[i, j])] and p.covers(lat, lon)]
        if finer_near_edge and _finest_covering(products, lat, lon, 2 * finer_near_edge[0].pixel_m) \
                is not finer_near_edge[0]:
            continue  # at a finer product's edge
        assert src == _finest_covering(products, lat, lon).name, (i, j, lat, lon)
        checked += 1
    assert checked >= 380


def test_site_horizon_bands_and_near_field_come_from_the_finest_product(products):
    """Each distance band names the products it uses, finest first, with the distances each
    supplies; the nearest terrain used comes from the finest product covering the site, and the
    near field excluded is k x that product's pixel (NearFieldPolicy)."""
    finest = _finest_covering(products, LAT, LON)
    ts = site_terrains(LAT, LON, products=products)
    hz = site_horizon(ts, LAT, LON, 2.0, n_az=72, policy=NearFieldPolicy(2.0))
    assert hz.near_field_m == pytest.approx(2.0 * finest.pixel_m)
    assert hz.terrain["near_field_pixel_m"] == pytest.approx(finest.pixel_m)
    names = hz.terrain["products"]
    assert finest.name in names
    px = hz.terrain["product_pixel_m"]
    assert px == sorted(px) and len(px) == len(names)
    bands = hz.terrain["distance_bands"]
    assert bands[0]["from_km"] == pytest.approx(hz.near_field_m / 1e3)
    first = min(bands[0]["product_ranges"], key=lambda r: r["from_km"])
    assert first["product"] == finest.name
    for b in bands:
        used = [r["product"] for r in b["product_ranges"]]
        assert set(used) <= set(names) and used == [n for n in names if n in used]
        for r in b["product_ranges"]:
            assert b["from_km"] - 1e-6 <= r["from_km"] <= r["to_km"] <= b["to_km"] + 1e-6
            assert 0 < r["cell_share"] <= 1
        assert sum(r["cell_share"] for r in b["product_ranges"]) == pytest.approx(1.0, abs=1e-4)


@pytest.fixture(scope="module")
def layer_and_ldem4(products):
    """The two embedded products by name: the 1.6 km south-polar layer with LDEM_4 beyond it."""
    by = {p.name: p for p in products}
    assert {"LDEM_256_SPS_1600M", "LDEM_4"} <= set(by), "embedded products missing"
    return [by["LDEM_256_SPS_1600M"], by["LDEM_4"]]


def test_ridge_on_the_layer_against_the_reference_calculation(layer_and_ldem4):
    """Ground height within 5 m (the layer is int16 metres, bilinear at the site), Sun within
    0.006 (the reference is quoted to two decimals), Earth within 0.006.

    k = 0 depends on how finely the product's surface is sampled next to the observer: the
    reference ray-marches the layer's own bilinear surface, so lupex is given a 100 m grid
    resampling it within 20 km (on the 500 m far grid alone it gives ~0.85: the grid of the
    horizon smooths the ridge crest the observer stands on). With the near field excluded the
    two grids agree within 0.005 -- the point of the policy."""
    prods = layer_and_ldem4
    ts = site_terrains(LAT, LON, products=prods)
    near = build_terrain(LAT, LON, 20_000.0, 100.0, prods)
    run = {}
    for name, terr, k in (("k2", ts, 2.0), ("k2_fine", [near] + ts, 2.0),
                          ("k0_fine", [near] + ts, 0.0)):
        run[name] = analyze_site(LAT, LON, 2.0, "2020-01-01", "2021-01-01", 2.0,
                                 policy=NearFieldPolicy(k), terrains=terr)
    assert run["k2"].horizon.ground_m == pytest.approx(1850.0, abs=5.0)
    assert run["k2"].horizon.terrain["products"][0] == "LDEM_256_SPS_1600M"
    assert run["k2"].sun_fraction == pytest.approx(0.94, abs=0.006)
    assert run["k2_fine"].sun_fraction == pytest.approx(0.94, abs=0.006)
    assert run["k2"].earth_fraction == pytest.approx(0.50, abs=0.006)
    assert run["k0_fine"].sun_fraction == pytest.approx(0.54, abs=0.01)


def test_ridge_on_ldem4_alone_against_the_reference_calculation(layer_and_ldem4):
    ldem4 = [layer_and_ldem4[1]]
    r = analyze_site(LAT, LON, 2.0, "2020-01-01", "2021-01-01", 2.0,
                     terrains=site_terrains(LAT, LON, products=ldem4))
    assert r.horizon.ground_m == pytest.approx(1431.0, abs=5.0)
    assert r.horizon.terrain["products"] == ["LDEM_4"]
    assert r.horizon.near_field_m == pytest.approx(2 * ldem4[0].pixel_m)
    assert r.sun_fraction == pytest.approx(0.93, abs=0.006)
