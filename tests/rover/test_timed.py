"""Time-dependent planner: a long shadow across the only way forward (built for the test) makes
the plan wait or be reported infeasible; with no shadow it reduces to the static optimum."""

import numpy as np
import pytest

from lupex.rover.planner import plan_static, plan_timed
from lupex.rover.sky import sky_from_masks

H = 3600.0


def _corridor(nt=80, ny=21, nx=40):
    lit = np.ones((nt, ny, nx), dtype=bool)
    return lit


def test_no_shadow_equals_static_cost():
    rng = np.random.default_rng(5)
    cost = rng.uniform(5.0, 20.0, (25, 30))
    sky = sky_from_masks(np.ones((200, 25, 30), bool), H)
    t = plan_timed(cost, sky, (2, 2), (22, 27), 0.0, 10.0)
    s = plan_static(cost, (2, 2), (22, 27), 10.0)
    assert t.found
    assert t.arrive_s[-1] == pytest.approx(s.cost, rel=1e-9)
    assert np.all(t.wait_s == 0)


def test_long_shadow_makes_the_plan_wait_at_the_edge():
    # A shadow band covers column 20 of every row from hour 2 to hour 30: the rover cannot go
    # around it and must wait in the sunlit cells before it until the Sun returns.
    lit = _corridor()
    lit[2:30, :, 20] = False
    sky = sky_from_masks(lit, H)
    cost = np.full((21, 40), 10.0)  # 10 s/m -> 100 s per 10 m cell
    r = plan_timed(cost, sky, (10, 0), (10, 39), 3 * H, 10.0)
    assert r.found
    waited = r.wait_s
    assert waited.max() > 20 * H
    q = int(np.argmax(waited))
    assert r.cells[q, 1] == 19  # waits on the sunlit side, next to the shadow
    # it crosses column 20 only once the Sun is back, at the earliest possible time
    cross = np.nonzero(r.cells[:, 1] == 20)[0][0]
    assert r.arrive_s[cross] >= 30 * H
    # arrival = end of shadow + the static time of the remaining 19 cells + 1 step
    assert r.arrive_s[-1] == pytest.approx(30 * H + 20 * 100.0, rel=1e-9)
    # at every step the cell left and the cell entered were lit at those times
    for k in range(len(r.cells) - 1):
        i, j = r.cells[k]
        i2, j2 = r.cells[k + 1]
        assert lit[int(r.depart_s[k] // H), i, j]
        assert lit[int(r.arrive_s[k + 1] // H), i2, j2]


def test_shadow_lasting_past_the_horizon_is_reported_infeasible():
    lit = _corridor()
    lit[2:, :, 20] = False
    sky = sky_from_masks(lit, H)
    cost = np.full((21, 40), 10.0)
    r = plan_timed(cost, sky, (10, 0), (10, 39), 3 * H, 10.0)
    assert not r.found
    assert "no route" in r.reason


def test_waiting_in_the_dark_only_at_havens_or_short_darkness():
    # The start cell's neighbourhood goes dark for 10 h; the way on opens at hour 12.
    lit = _corridor(nt=40, ny=5, nx=10)
    lit[1:11, :, :5] = False  # darkness over the start region, hours 1..10
    lit[:12, :, 5] = False  # the way on is shut until hour 12
    sky = sky_from_masks(lit, H)
    cost = np.full((5, 10), 10.0)
    kw = dict(start_can_wait=False)
    # no havens, darkness longer than allowed: stuck (cannot wait through the dark)
    r = plan_timed(cost, sky, (2, 0), (2, 9), 0.5 * H, 10.0, dark_wait_max_s=5 * H, **kw)
    assert not r.found
    # surviving 10 h of darkness is enough
    r = plan_timed(cost, sky, (2, 0), (2, 9), 0.5 * H, 10.0, dark_wait_max_s=12 * H, **kw)
    assert r.found and r.arrive_s[-1] >= 12 * H
    # or a safe haven
    haven = np.zeros((5, 10), bool)
    haven[:, 4] = True
    r = plan_timed(cost, sky, (2, 0), (2, 9), 0.5 * H, 10.0, haven=haven, **kw)
    assert r.found and r.arrive_s[-1] >= 12 * H


def test_earth_rule_delays_departure():
    lit = np.ones((30, 5, 8), bool)
    earth = np.ones_like(lit)
    earth[:10] = False  # no direct-to-Earth contact for the first 10 h
    sky = sky_from_masks(lit, H, earth_visible=earth)
    cost = np.full((5, 8), 10.0)
    r = plan_timed(cost, sky, (2, 0), (2, 7), 0.0, 10.0)
    assert r.found and r.depart_s[0] == pytest.approx(10 * H)
    r2 = plan_timed(cost, sky, (2, 0), (2, 7), 0.0, 10.0, need_earth=False)
    assert r2.depart_s[0] == 0.0


def test_not_fifo_cell_is_reached_again_after_its_long_darkness():
    # A 1 × 3 corridor. The middle cell is lit for 2 h, then dark for 98 h (longer than the
    # 20 h the rover may wait in the dark), then lit again; the goal is dark until hour 100.
    # Reaching the middle cell early is useless (no waiting through its darkness): the plan must
    # wait at the start and cross after hour 100. A search keeping one label per cell (earliest
    # arrival only) loses this route; states per (cell, waiting interval) keep it.
    nt = 150
    lit = np.ones((nt, 1, 3), bool)
    lit[2:100, 0, 1] = False
    lit[:100, 0, 2] = False
    sky = sky_from_masks(lit, H)
    cost = np.full((1, 3), 10.0)
    r = plan_timed(cost, sky, (0, 0), (0, 2), 0.0, 10.0, dark_wait_max_s=20 * H)
    assert r.found
    assert r.cells.tolist() == [[0, 0], [0, 1], [0, 2]]
    assert r.depart_s[0] >= 99 * H  # waits at the start (lit) until the middle is usable again
    assert r.arrive_s[-1] == pytest.approx(100 * H, abs=200.0)
    # with a haven in the middle the rover may wait there through the darkness instead
    haven = np.zeros((1, 3), bool)
    haven[0, 1] = True
    r2 = plan_timed(cost, sky, (0, 0), (0, 2), 0.0, 10.0, haven=haven, dark_wait_max_s=20 * H)
    assert r2.found and r2.arrive_s[1] < 2 * H and r2.wait_s[1] > 90 * H


def test_sky_statistics_and_long_darkness_against_brute_force():
    from lupex.rover.planner import long_darkness
    from lupex.rover.sky import illumination_stats, joint_fraction

    rng = np.random.default_rng(0)
    lit = rng.random((300, 7, 9)) < 0.7
    lit[50:120, 2, 3] = False
    earth = rng.random((300, 7, 9)) < 0.5
    sky = sky_from_masks(lit, H, earth_visible=earth)
    f, longest = illumination_stats(sky)
    assert np.allclose(f, lit.mean(0))

    def runs(a):
        out, run = [], 0
        for k, x in enumerate(list(a) + [True]):
            if not x:
                run += 1
            else:
                if run:
                    out.append((k - run, k))
                run = 0
        return out

    ref = np.array([[max([b - a for a, b in runs(lit[:, i, j])] or [0]) for j in range(9)]
                    for i in range(7)])
    assert np.allclose(longest, ref)
    assert np.allclose(joint_fraction(sky), (lit & earth).mean(0))
    ptr, lo, hi = long_darkness(sky, 10 * H)
    for i in range(7):
        for j in range(9):
            c = i * 9 + j
            got = list(zip(lo[ptr[c]:ptr[c + 1]], hi[ptr[c]:ptr[c + 1]]))
            assert got == [(a, b) for a, b in runs(lit[:, i, j]) if b - a > 10]


def test_several_goals_ends_at_the_earliest_reachable():
    lit = np.ones((50, 10, 10), bool)
    lit[:20, :, 6:] = False  # the near goal is in shadow for 20 h
    sky = sky_from_masks(lit, H)
    cost = np.full((10, 10), 10.0)
    r = plan_timed(cost, sky, (5, 0), np.array([(5, 8), (9, 4)]), 0.0, 10.0)
    assert r.found and tuple(r.cells[-1]) == (9, 4)
    r2 = plan_timed(cost, sky, (5, 0), (5, 8), 0.0, 10.0)
    assert r2.arrive_s[-1] >= 20 * H > r.arrive_s[-1]
