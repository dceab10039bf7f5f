"""Δv budget, rocket equation, infeasibility with the shortfall in kg."""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.transfer import delta_v_budget


G0 = 9.80665  # standard gravity, m/s² (CGPM 1901)


def test_rocket_equation_by_hand():
    """Tsiolkovsky forward from the separated mass: 3,000 m/s at 313 s from 2,000 + 5,000 kg."""
    b = delta_v_budget([("A", 1000.0, "lander"), ("B", 2000.0, "lander")], 2000.0, 5000.0,
                       313.0, margin_percent=0.0)
    ve = 313.0 * G0
    m_a = 7000.0 * np.exp(-1000.0 / ve)
    m_b = m_a * np.exp(-2000.0 / ve)
    assert b.initial_mass_kg == pytest.approx(7000.0, rel=1e-12)
    assert b.lines[0].propellant_kg == pytest.approx(7000.0 - m_a, rel=1e-12)
    assert b.lines[1].propellant_kg == pytest.approx(m_a - m_b, rel=1e-12)
    assert b.lines[1].mass_before_kg == pytest.approx(b.lines[0].mass_after_kg, rel=1e-12)
    assert b.touchdown_mass_kg == pytest.approx(m_b, rel=1e-12)
    assert b.propellant_margin_kg == pytest.approx(m_b - 2000.0, rel=1e-12)
    # what the same burns need when only that is loaded (backward from the dry mass)
    required = 2000.0 * (np.exp(3000.0 / ve) - 1.0)
    assert b.propellant_required_kg == pytest.approx(required, rel=1e-12)
    assert b.propellant_offloadable_kg == pytest.approx(5000.0 - required, rel=1e-12)
    assert b.dv_margin_m_s == pytest.approx(ve * np.log(7000.0 / 2000.0) - 3000.0, rel=1e-12)
    assert b.feasible and b.infeasibility is None


def test_offloaded_propellant_leaves_zero_margin():
    """Loading only the required propellant leaves zero margin and zero Δv margin (the two
    figures are consistent): the offloadable figure is what that saves."""
    items = [("LOI", 900.0, "lander"), ("Descent", 2100.0, "lander")]
    full = delta_v_budget(items, 1900.0, 4100.0, 313.0)
    lean = delta_v_budget(items, 1900.0, 4100.0 - full.propellant_offloadable_kg, 313.0)
    assert lean.propellant_margin_kg == pytest.approx(0.0, abs=1e-6)
    assert lean.dv_margin_m_s == pytest.approx(0.0, abs=1e-6)
    # with the loaded tanks the margin at touchdown is less than the offloadable propellant:
    # carrying it costs propellant too
    assert 0.0 < full.propellant_margin_kg < full.propellant_offloadable_kg


def test_launcher_items_cost_no_lander_propellant_and_reserve_added():
    b = delta_v_budget([("TLI", 3130.0, "launcher"), ("LOI", 900.0, "lander")], 1000.0, 2000.0,
                       313.0, margin_percent=5.0)
    assert b.total_lander_dv_m_s == pytest.approx(945.0)
    assert b.lines[0].propellant_kg == 0.0
    assert b.lines[-1].item.startswith("Reserve") and b.lines[-1].kind == "reserve"
    burns = sum(ln.propellant_kg for ln in b.lines if ln.kind == "burn")
    assert burns == pytest.approx(b.propellant_used_kg, rel=1e-12)
    assert burns + b.propellant_reserve_kg + b.propellant_margin_kg == pytest.approx(2000.0)


def test_infeasible_budget_reports_shortfall_in_kg():
    b = delta_v_budget([("LOI", 900.0, "lander"), ("Descent", 2100.0, "lander")], 2000.0, 1000.0,
                       313.0)
    assert not b.feasible
    assert b.infeasibility.unit == "kg"
    assert b.infeasibility.shortfall == pytest.approx(b.propellant_required_kg - 1000.0, abs=0.1)
    assert b.propellant_margin_kg < 0 and b.propellant_offloadable_kg < 0 and b.dv_margin_m_s < 0


def test_budget_input_errors():
    with pytest.raises(InputError, match="dry_mass_kg"):
        delta_v_budget([], -1.0, 10.0, 300.0)
    with pytest.raises(InputError, match="Δv of X"):
        delta_v_budget([("X", -5.0, "lander")], 100.0, 10.0, 300.0)
    with pytest.raises(InputError, match="performer"):
        delta_v_budget([("X", 5.0, "rover")], 100.0, 10.0, 300.0)
