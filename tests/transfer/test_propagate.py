"""Propagation: scipy DOP853 vs boinor's Cowell (second implementation), tolerance convergence."""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.transfer import propagate, propagate_boinor
from lupex.transfer.propagate import moon_relative


def test_scipy_and_boinor_cowell_agree(force_2028, baseline_solution):
    """Same force model, two DOP853 implementations (scipy; boinor.core.propagation.cowell):
    the states after the first 1.5 days of the baseline transfer agree within 10 m."""
    s = baseline_solution
    t0, t1 = s.t_tli_s, s.t_tli_s + 1.5 * 86400.0
    a = propagate(force_2028, t0, s.state_tli, t1, rtol=1e-11).y[-1]
    b = propagate_boinor(force_2028, t0, s.state_tli, t1, rtol=1e-11)
    assert np.linalg.norm(a[:3] - b[:3]) < 10.0
    assert np.linalg.norm(a[3:] - b[3:]) < 1e-3


def test_arrival_state_converges_when_tolerance_tightened_tenfold(force_2028, baseline_solution):
    """Issue 4 'Done when': the arrival state changes by < 1 km with rtol 1e-11 -> 1e-12."""
    s = baseline_solution
    t1 = s.arrival.t_s
    a = propagate(force_2028, s.t_tli_s, s.state_tli, t1, rtol=1e-11).y[-1]
    b = propagate(force_2028, s.t_tli_s, s.state_tli, t1, rtol=1e-12).y[-1]
    assert np.linalg.norm(a[:3] - b[:3]) < 1000.0
    # a loose tolerance (1e-6) does move the arrival more (the comparison can see a change)
    c = propagate(force_2028, s.t_tli_s, s.state_tli, t1, rtol=1e-6).y[-1]
    assert np.linalg.norm(c[:3] - b[:3]) > np.linalg.norm(a[:3] - b[:3])


def test_perilune_event_is_a_closest_approach(force_2028, baseline_solution):
    s = baseline_solution
    rel = s.arrival.state_moon
    assert abs(rel[:3] @ rel[3:]) / (np.linalg.norm(rel[:3]) * np.linalg.norm(rel[3:])) < 1e-6
    # 10 minutes either side the spacecraft is farther from the Moon
    p = propagate(force_2028, s.t_tli_s, s.state_tli, s.arrival.t_s + 600.0, dense=True)
    for dt in (-600.0, 600.0):
        y = p.sol(s.arrival.t_s + dt)
        assert np.linalg.norm(moon_relative(force_2028, s.arrival.t_s + dt, y)[:3]) > \
            np.linalg.norm(rel[:3])


def test_propagation_outside_table_is_an_input_error(force_2028):
    y0 = np.array([7e6, 0, 0, 0, 7.5e3, 0])
    with pytest.raises(InputError, match="ephemeris table span"):
        propagate(force_2028, 0.0, y0, 40 * 86400.0)
    with pytest.raises(InputError, match="6-vector"):
        propagate(force_2028, 0.0, np.array([1.0, 2.0]), 100.0)
