"""The rover's direct-to-Earth rule with ground stations, on a SYNTHETIC sky (unit test only):
a flat grid, Sun and Earth above every cell's horizon all the time, and station-contact series
built by hand. The rule under test: the rover drives and drills only when the Earth is above its
cell's horizon AND a station it may use sees the Moon (lupex.rover.require_contact); the waiting
this adds is reported apart from waiting for light (lupex.rover.traverse.contact_wait_s)."""

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.rover.grid import slope_deg
from lupex.rover.mission import plan_mission
from lupex.rover.model import Rover
from lupex.rover.planner import require_contact
from lupex.rover.sky import sky_from_masks
from lupex.rover.traverse import contact_wait_s

H = 3600.0
NT, NY, NX, CELL = 240, 20, 60, 10.0
HOURS = np.arange(NT) % 24
#: Synthetic operator's network: one complex that sees the Moon 8 h a day (hours 0-7).
SYNTH_OPERATOR = HOURS < 8
#: The same plus synthetic cross-support complexes 8 h and 16 h of longitude away: 20 h a day.
SYNTH_CROSS = SYNTH_OPERATOR | ((HOURS >= 8) & (HOURS < 14)) | ((HOURS >= 16) & (HOURS < 22))
WAYPOINTS = [(10, 58), (2, 30), (18, 45)]


@pytest.fixture(scope="module")
def case():
    z = np.zeros((NY, NX))
    lit = np.ones((NT, NY, NX), bool)
    earth = np.ones_like(lit)
    earth[30:40, :, 40:] = False  # the Earth behind terrain for 10 h over the east third
    sky = sky_from_masks(lit, H, earth_visible=earth)
    rover = Rover()
    cost = rover.cost_grid(slope_deg(z, CELL))
    plans = {}
    for name, c in (("none", None), ("operator", SYNTH_OPERATOR), ("cross", SYNTH_CROSS),
                    ("always", np.ones(NT, bool))):
        s = sky if c is None else require_contact(sky, c)
        plans[name] = plan_mission(cost, z, CELL, s, rover, (10, 1), WAYPOINTS, t_start_s=H,
                                   park_cell=(10, 1))
    return dict(sky=sky, rover=rover, plans=plans)


def _last_drill_end(p):
    return max(a.t_end_s for a in p.activities if a.kind == "drill")


def test_driving_and_drilling_happen_only_with_station_contact(case):
    p = case["plans"]["operator"]
    assert p.feasible, p.problems
    for a in p.activities:
        if a.kind in ("drive", "drill"):
            k0, k1 = int(a.t_start_s // H), int(np.ceil(a.t_end_s / H))
            assert SYNTH_OPERATOR[k0:k1].all(), (a.kind, a.t_start_s / H, a.t_end_s / H)


def test_cross_support_shortens_the_contact_wait(case):
    sky, plans = case["sky"], case["plans"]
    w_op = contact_wait_s(plans["operator"], sky, SYNTH_OPERATOR)
    w_x = contact_wait_s(plans["cross"], sky, SYNTH_CROSS)
    assert plans["cross"].feasible and len(plans["cross"].visited) == 3
    assert w_op > 12 * H  # 16 h a day without a station: the rover waits for it
    assert w_x < w_op
    assert _last_drill_end(plans["cross"]) < _last_drill_end(plans["operator"])
    # contact wait is part of the stationary time in sunlight, never more
    assert w_op <= plans["operator"].time_in("wait") + 1e-6
    # no station rule (or a station always in view): no contact wait, the same plan
    assert contact_wait_s(plans["none"], sky, None) == 0.0
    assert contact_wait_s(plans["always"], sky, np.ones(NT, bool)) == 0.0
    assert _last_drill_end(plans["always"]) == pytest.approx(_last_drill_end(plans["none"]))
    assert _last_drill_end(plans["none"]) <= _last_drill_end(plans["cross"])


def test_contact_series_is_checked():
    sky = sky_from_masks(np.ones((5, 2, 2), bool), H)
    with pytest.raises(InputError, match="contact"):
        require_contact(sky, np.ones(4, bool))
    with pytest.raises(InputError, match="contact"):
        require_contact(sky, np.ones(5, int))
    gated = require_contact(sky, np.array([1, 0, 1, 1, 0], bool))
    assert [bool(gated.visible("earth", k).all()) for k in range(5)] == [1, 0, 1, 1, 0]
    assert all(bool(sky.visible("earth", k).all()) for k in range(5))  # the input is unchanged
