"""Ice-driven drill-site choice ([surface] drill_targets = "ice"): synthetic grids (unit tests),
interpolation of the ice map to other points, and the scenario key's validation."""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.rover.mission import choose_ice_waypoints


def _synthetic(n=41):
    """SYNTHETIC 41x41 grid: ice depth grows with distance from an icy spot at (30, 30); flat,
    lit, in contact, all reachable."""
    ii, jj = np.mgrid[0:n, 0:n]
    depth = 0.05 * np.hypot(ii - 30, jj - 30)
    depth[depth > 2.0] = np.nan
    flat = np.zeros((n, n))
    lit = np.ones((n, n))
    return depth, flat, lit


def test_sites_have_ice_within_reach_shallowest_first_and_are_separated():
    depth, slope, sun = _synthetic()
    wps = choose_ice_waypoints(depth, 1.0, slope, sun, 10.0, 5, 30.0, (20, 20))
    assert len(wps) == 5
    d = depth[wps[:, 0], wps[:, 1]]
    assert np.all(d <= 1.0)
    # the five chosen are among the shallowest cells allowed by the 30 m separation
    assert d.max() <= 0.05 * 2 * 3.0 * 2 + 1e-9
    for a in range(5):
        for b in range(a + 1, 5):
            assert np.hypot(*(wps[a] - wps[b])) >= 3.0
    # visited nearest-neighbour from the start: the first site is the nearest of the five
    dist = np.hypot(wps[:, 0] - 20, wps[:, 1] - 20)
    assert dist[0] == dist.min()


def test_rules_exclude_steep_dark_unreachable_cells():
    depth, slope, sun = _synthetic()
    slope[25:36, 25:36] = 20.0  # the icy spot is too steep to drill from
    wps = choose_ice_waypoints(depth, 1.0, slope, sun, 10.0, 5, 10.0, (20, 20))
    assert len(wps) == 5 and np.all(slope[wps[:, 0], wps[:, 1]] <= 10.0)
    sun2 = sun.copy()
    sun2[:] = 0.1  # nowhere lit enough
    assert len(choose_ice_waypoints(depth, 1.0, slope, sun2, 10.0, 5, 10.0, (20, 20))) == 0
    reach = np.zeros_like(sun, dtype=bool)
    reach[30, 22] = True
    wps = choose_ice_waypoints(depth, 1.0, np.zeros_like(slope), sun, 10.0, 5, 10.0, (20, 20),
                               reachable=reach)
    assert wps.tolist() == [[30, 22]]


def test_no_ice_within_reach_gives_no_sites():
    depth, slope, sun = _synthetic()
    assert len(choose_ice_waypoints(depth + 1.5, 1.0, slope, sun, 10.0, 5, 10.0, (20, 20))) == 0


def test_bad_inputs_are_refused():
    depth, slope, sun = _synthetic()
    with pytest.raises(InputError, match="drill_depth_m"):
        choose_ice_waypoints(depth, -1.0, slope, sun, 10.0, 5, 10.0, (20, 20))
    with pytest.raises(InputError, match="ice_depth_m"):
        choose_ice_waypoints(depth[:5], 1.0, slope, sun, 10.0, 5, 10.0, (20, 20))


def test_scenario_key_is_validated():
    from lupex.scenario.loader import parse_scenario

    assert parse_scenario({}).surface.drill_targets == "field"
    assert parse_scenario({"surface": {"drill_targets": "ice"}}).surface.drill_targets == "ice"
    with pytest.raises(InputError) as e:
        parse_scenario({"surface": {"drill_targets": "water"}})
    assert "drill_targets" in str(e.value) and "field" in str(e.value)


def test_ice_targets_without_ice_maps_are_refused_before_planning():
    from lupex.rover.traverse import TraverseConfig, plan_traverse

    with pytest.raises(InputError, match="drill_targets"):
        plan_traverse(-89.45, 222.69, "2028-06-20T00:00:00", config=TraverseConfig(
            drill_targets="ice"))
    with pytest.raises(InputError, match="drill_targets"):
        plan_traverse(-89.45, 222.69, "2028-06-20T00:00:00", config=TraverseConfig(
            drill_targets="snow"))


def test_ice_depth_at_interpolates_between_cell_centres():
    # SYNTHETIC map on a real-projection grid: at cell centres the map's own depth, halfway
    # between two cells the mean, none-within-2-m counts as 2 m, outside the map NaN.

    from lupex.ice.maps import IceMap, ice_depth_at
    from lupex.site.terrain import Terrain

    t = Terrain(np.zeros((3, 3), dtype=np.float32), -400.0, 40_000.0, 400.0, ("SYNTHETIC",),
                (400.0,), np.zeros((3, 3), dtype=np.int8), -1)
    depth = np.array([[0.2, 0.4, np.nan], [0.2, 0.4, 1.0], [0.2, 0.4, 1.0]])
    z = np.zeros((3, 3))
    im = IceMap(t, z, z, depth, depth <= 1.5, 1.5, z, np.zeros(2), z[..., None], z[..., None],
                z, z > -1, z, 6.0, 0.005, 1.2)
    lat, lon = t.ij_to_latlon(np.array([1.0, 1.0, 0.0, 1.0, 1.0]),
                              np.array([0.0, 0.5, 1.5, 2.0, 9.0]))
    got = ice_depth_at(im, lat, lon)
    assert got[0] == pytest.approx(0.2, abs=1e-6)
    assert got[1] == pytest.approx(0.3, abs=1e-6)
    assert got[2] == pytest.approx(1.2, abs=1e-6)  # between 0.4 and "none within 2 m"
    assert got[3] == pytest.approx(1.0, abs=1e-6)
    assert np.isnan(got[4])
