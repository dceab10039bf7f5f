"""Static planner vs scikit-image's MCP_Geometric (a proven optimal solver on the same grid and
edge-cost convention, van der Walt et al. 2014), and the slope limit on every step."""

import math

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.rover.grid import slope_deg
from lupex.rover.model import Rover
from lupex.rover.planner import plan_static, step_grades

from tests.reference import check_reference


def _mcp_cost(cost, start, goal, cell_m):
    from skimage.graph import MCP_Geometric

    m = MCP_Geometric(cost, fully_connected=True, sampling=(cell_m, cell_m))
    cum, _ = m.find_costs([start], [goal])
    return float(cum[goal])


def _route_cost(cells, cost, cell_m):
    d = np.diff(cells, axis=0)
    lengths = np.hypot(d[:, 0], d[:, 1]) * cell_m
    c = cost[cells[:, 0], cells[:, 1]]
    return float(np.sum(lengths * 0.5 * (c[:-1] + c[1:])))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_static_route_cost_equals_mcp_geometric(seed):
    rng = np.random.default_rng(seed)
    ny, nx = 120, 150
    cost = rng.uniform(0.5, 20.0, (ny, nx))
    cost[rng.random((ny, nx)) < 0.25] = np.inf  # obstacles
    start, goal = (3, 4), (ny - 5, nx - 3)
    cost[start] = cost[goal] = 1.0
    cell = 7.5
    ref = _mcp_cost(cost, start, goal, cell)
    r = plan_static(cost, start, goal, cell)
    if not np.isfinite(ref):
        assert not r.found
        return
    assert r.cost == pytest.approx(ref, rel=1e-6)
    # the returned path really has that cost, every step 8-connected between finite cells
    assert _route_cost(r.cells, cost, cell) == pytest.approx(r.cost, rel=1e-12)
    assert np.all(np.abs(np.diff(r.cells, axis=0)) <= 1)
    assert np.all(np.isfinite(cost[r.cells[:, 0], r.cells[:, 1]]))
    # Dijkstra (no heuristic) gives the same optimum, expanding at least as many nodes
    d = plan_static(cost, start, goal, cell, heuristic=False)
    assert d.cost == pytest.approx(r.cost, rel=1e-12)
    assert d.expanded >= r.expanded


def test_static_on_terrain_cost_grid_matches_mcp_and_respects_slope():
    # synthetic test terrain (named as such): a Gaussian hill too steep on its flanks
    ny = nx = 160
    cell = 5.0
    y, x = np.mgrid[0:ny, 0:nx] * cell
    z = 60.0 * np.exp(-((x - 400) ** 2 + (y - 400) ** 2) / (2 * 80.0 ** 2))
    z += 3.0 * np.sin(x / 37.0) * np.cos(y / 23.0)
    rover = Rover()
    s = slope_deg(z, cell)
    assert s.max() > rover.max_slope_deg  # the test needs forbidden cells
    cost = rover.cost_grid(s)
    start, goal = (80, 2), (80, 157)
    r = plan_static(cost, start, goal, cell, heights=z, max_slope_deg=rover.max_slope_deg)
    assert r.found
    check_reference("rover.route_cost_vs_mcp_geometric",
                    abs(r.cost / _mcp_cost(cost, start, goal, cell) - 1.0))
    # no cell on the route and no step between cells exceeds the limit
    assert s[r.cells[:, 0], r.cells[:, 1]].max() <= rover.max_slope_deg
    g = np.degrees(np.arctan(np.abs(step_grades(r.cells, z, cell))))
    assert g.max() <= rover.max_slope_deg
    # the straight line would have crossed the hill's steep flank
    assert s[80, 2:158].max() > rover.max_slope_deg


def test_step_grade_limit_blocks_a_cliff_between_gentle_cells():
    # A 10 m step between two flat plateaus: central-difference slopes of the cells next to the
    # cliff are 45° there, but the step check must hold even if the cost grid allowed them.
    z = np.zeros((30, 30))
    z[:, 15:] = 10.0
    cost = np.ones_like(z)
    cost[:, 14:16] = 1.0  # pretend the cost grid missed the cliff
    r = plan_static(cost, (5, 2), (5, 27), 5.0, heights=z, max_slope_deg=20.0)
    assert not r.found  # the cliff spans the whole grid
    jj = np.arange(30)
    z[25:, :] = 10.0 * np.clip((jj - 14) / 15.0, 0.0, 1.0)  # a 7.6° ramp in the bottom rows
    r = plan_static(cost, (5, 2), (5, 27), 5.0, heights=z, max_slope_deg=20.0)
    assert r.found
    assert np.degrees(np.arctan(np.abs(step_grades(r.cells, z, 5.0)))).max() <= 20.0
    assert r.cells[:, 0].max() >= 25


def test_unreachable_and_bad_input():
    cost = np.ones((10, 10))
    cost[:, 5] = np.inf
    r = plan_static(cost, (0, 0), (9, 9), 1.0)
    assert not r.found and math.isinf(r.cost)
    with pytest.raises(InputError):
        plan_static(cost, (0, 0), (10, 9), 1.0)
    with pytest.raises(InputError):
        plan_static(-cost, (0, 0), (9, 9), 1.0)
    with pytest.raises(InputError):
        plan_static(cost, (0, 0), (9, 9), 0.0)


def test_property_static_equals_mcp_on_random_small_grids():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=40, deadline=None)
    @given(st.integers(3, 25), st.integers(3, 25), st.integers(0, 2**31 - 1),
           st.floats(0.0, 0.4), st.floats(0.5, 20.0))
    def check(ny, nx, seed, p_block, cell):
        rng = np.random.default_rng(seed)
        cost = rng.uniform(0.1, 5.0, (ny, nx))
        cost[rng.random((ny, nx)) < p_block] = np.inf
        s = (int(rng.integers(ny)), int(rng.integers(nx)))
        g = (int(rng.integers(ny)), int(rng.integers(nx)))
        cost[s] = cost[g] = 1.0
        ref = _mcp_cost(cost, s, g, cell)
        r = plan_static(cost, s, g, cell)
        if np.isfinite(ref):
            assert r.cost == pytest.approx(ref, rel=1e-9, abs=1e-12)
        else:
            assert not r.found

    check()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reachable_cells_agrees_with_the_static_planner(seed):
    """reachable_cells (breadth-first flood fill) against a second implementation: plan_static
    (A*) finds a route to exactly the cells the flood fill marks, on rough synthetic terrain
    with impassable cells and a step-grade limit."""
    from lupex.rover.planner import reachable_cells

    rng = np.random.default_rng(seed)
    z = np.cumsum(rng.normal(0, 3.0, (14, 16)), axis=1)  # synthetic, rough
    cost = rng.uniform(1.0, 3.0, z.shape)
    cost[rng.uniform(size=z.shape) < 0.2] = np.inf
    cost[7, 8] = 1.0
    reach = reachable_cells(cost, (7, 8), 10.0, z, 15.0)
    assert reach[7, 8] and 1 < reach.sum() < reach.size
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            if not np.isfinite(cost[i, j]):
                assert not reach[i, j]
                continue
            r = plan_static(cost, (7, 8), (i, j), 10.0, heights=z, max_slope_deg=15.0)
            assert r.found == reach[i, j], (i, j)
    with pytest.raises(InputError):
        reachable_cells(cost, (99, 0), 10.0)
