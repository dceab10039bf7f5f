"""The baseline traverse on real terrain near the Shackleton–de Gerlache connecting ridge
(LOLA LDEM_4 + labelled synthetic detail, seed 1; JPL DE421 Sun and Earth), 100 days from the
2028-06-23 touchdown: the plan visits its ten drill sites within the mission with the battery
above its minimum. Scale check against flown/planned rovers: VIPER's plan was 16–24 km in about
100 days (NASA), Chandrayaan-3's Pragyan drove 101 m (ISRO, 2023); the plan must lie between
Pragyan's distance and VIPER's upper figure. Slow (about a minute of CPU): run with -m slow."""

import numpy as np
import pytest


@pytest.mark.slow
def test_baseline_traverse_visits_its_sites(lola_dir):
    from lupex.rover.planner import step_grades
    from lupex.rover.traverse import TraverseConfig, plan_traverse

    res = plan_traverse(-89.45, 222.69, "2028-06-23T18:00:00", config=TraverseConfig())
    s = res.summary()
    assert s["waypoints_planned"] == 10
    assert s["waypoints_visited"] == 10, s["problems"]
    assert s["feasible"] and s["min_state_of_charge"] >= res.rover.min_state_of_charge
    assert 0.101 < s["distance_km"] < 24.0
    assert s["duration_days"] <= 100.0
    p = res.plan
    g = np.degrees(np.arctan(np.abs(step_grades(p.route_cells, res.grid.heights,
                                                 res.grid.cell_m))))
    assert g.max() <= res.rover.max_slope_deg
    assert abs(p.energy.balance_error_wh) < 1e-6 * p.energy.solar_in_wh
