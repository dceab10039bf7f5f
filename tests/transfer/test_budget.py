"""Δv budget, rocket equation, infeasibility with the shortfall in kg."""

from __future__ import annotations

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.transfer import delta_v_budget


def test_rocket_equation_by_hand():
    """Tsiolkovsky: m0 = m_dry exp(Δv / (Isp g0)); 3,000 m/s at 313 s from 2,000 kg dry."""
    b = delta_v_budget([("A", 1000.0, "lander"), ("B", 2000.0, "lander")], 2000.0, 5000.0,
                       313.0, margin_percent=0.0)
    m0 = 2000.0 * np.exp(3000.0 / (313.0 * 9.80665))
    assert b.propellant_required_kg == pytest.approx(m0 - 2000.0, rel=1e-12)
    assert b.initial_mass_kg == pytest.approx(m0, rel=1e-12)
    assert sum(ln.propellant_kg for ln in b.lines) == pytest.approx(m0 - 2000.0, rel=1e-12)
    assert b.feasible and b.infeasibility is None


def test_launcher_items_cost_no_lander_propellant_and_margin_added():
    b = delta_v_budget([("TLI", 3130.0, "launcher"), ("LOI", 900.0, "lander")], 1000.0, 2000.0,
                       313.0, margin_percent=5.0)
    assert b.total_lander_dv_m_s == pytest.approx(945.0)
    assert b.lines[0].propellant_kg == 0.0
    assert b.lines[-1].item.startswith("Margin")


def test_infeasible_budget_reports_shortfall_in_kg():
    b = delta_v_budget([("LOI", 900.0, "lander"), ("Descent", 2100.0, "lander")], 2000.0, 1000.0,
                       313.0)
    assert not b.feasible
    assert b.infeasibility.unit == "kg"
    assert b.infeasibility.shortfall == pytest.approx(b.propellant_required_kg - 1000.0, abs=0.1)
    assert b.propellant_margin_kg < 0


def test_budget_input_errors():
    with pytest.raises(InputError, match="dry_mass_kg"):
        delta_v_budget([], -1.0, 10.0, 300.0)
    with pytest.raises(InputError, match="Δv of X"):
        delta_v_budget([("X", -5.0, "lander")], 100.0, 10.0, 300.0)
    with pytest.raises(InputError, match="performer"):
        delta_v_budget([("X", 5.0, "rover")], 100.0, 10.0, 300.0)
