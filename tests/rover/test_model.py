"""Rover model: cited defaults, loads from first principles, visible fraction of the solar disc."""

import math

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.rover.model import (
    LUNAR_GRAVITY_M_S2,
    SOLAR_CONSTANT_W_M2,
    Rover,
    disc_visible_fraction,
)
from lupex.validation import reference

from tests.reference import check_reference


def test_defaults_are_the_cited_figures_and_analogues():
    r = Rover()
    # JAXA LUPEX overview: rover ≈ 350 kg.
    assert r.mass_kg == 350.0
    # VIPER analogue (Colaprete et al.): 0.22 m/s top speed, ≈ 450 W peak solar power.
    assert r.top_speed_m_s == 0.22
    check_reference("energy.panel_peak_power_vs_viper", r.panel_peak_w)
    # Issue default slope limit 20° (LUPEX quoted unofficially at 25°).
    assert r.max_slope_deg == 20.0


def test_drive_power_rises_with_slope_as_traction_physics_says():
    r = Rover()
    flat = r.drive_power_w(0.0)
    # flat ground: rolling resistance only, m g C_rr v / η
    assert flat == pytest.approx(r.power_drive_w + r.mass_kg * LUNAR_GRAVITY_M_S2 *
                                 r.rolling_resistance * r.drive_speed_m_s / r.drive_efficiency)
    th = math.radians(20.0)
    up = r.drive_power_w(math.tan(th))
    expected = r.power_drive_w + r.mass_kg * 1.625 * (0.15 * math.cos(th) + math.sin(th)) * 0.10 / 0.5
    assert reference("energy.drive_power_20deg").reference_value == pytest.approx(expected,
                                                                                 rel=1e-12)
    check_reference("energy.drive_power_20deg", up)
    grades = np.tan(np.radians(np.linspace(0, 20, 21)))
    p = r.drive_power_w(grades)
    assert np.all(np.diff(p) > 0)
    # steep downhill: no regeneration, never below the electronics load
    assert r.drive_power_w(-0.5) == pytest.approx(r.power_drive_w)


def test_speed_and_cost_respect_the_slope_limit():
    r = Rover()
    v = r.speed_m_s([0.0, 10.0, 20.0, 20.01])
    assert v[0] == pytest.approx(0.10)
    assert v[1] == pytest.approx(0.075)
    assert v[2] == pytest.approx(0.05)
    assert np.isnan(v[3])
    c = r.cost_grid(np.array([[0.0, 25.0]]))
    assert c[0, 0] == pytest.approx(10.0) and np.isinf(c[0, 1])


def test_solar_power_vertical_panel_low_sun():
    r = Rover()
    # Sun on the horizon, full disc visible, facing one vertical face: S A η
    p = r.solar_power_w(0.0, 1.0, 1.0)
    assert p == pytest.approx(SOLAR_CONSTANT_W_M2 * 1.2 * 0.28)
    # three faces 120° apart, best heading: 1 face at normal incidence (others ≤ cos 120° < 0)
    assert r.best_faces_factor() == pytest.approx(1.0, abs=1e-3)
    # a horizontal panel would produce sin(1.5°) as much: why near-vertical panels matter
    flat = Rover(panel_tilt_deg=0.0)
    assert flat.solar_power_w(1.5, 1.0, 1.0) / r.solar_power_w(1.5, 1.0, 1.0) == pytest.approx(
        math.tan(math.radians(1.5)), rel=1e-9)
    # 1/d² with distance
    assert r.solar_power_w(0.0, 1.0, 1.0, 1.0167) == pytest.approx(p / 1.0167 ** 2)


def test_disc_visible_fraction_against_numerical_area():
    # Exact circular-segment formula vs brute-force area of a disc above a straight horizon.
    rr = 0.2666
    n = 2001
    y, x = np.mgrid[-1:1:n * 1j, -1:1:n * 1j]
    inside = x * x + y * y <= 1.0
    err = []
    for d in (-1.2, -0.7, -0.3, 0.0, 0.25, 0.9, 1.5):
        # horizon at d·r below the centre => centre elevation − horizon = d r
        num = np.sum(inside & (y > -d)) / np.sum(inside)
        err.append(abs(disc_visible_fraction(d * rr, 0.0, rr) - num))
    check_reference("rover.disc_visible_fraction", max(err))
    assert disc_visible_fraction(0.0, 0.0) == pytest.approx(0.5)


@pytest.mark.parametrize("kw", [{"mass_kg": -1.0}, {"max_slope_deg": 70.0},
                                {"panel_efficiency": 1.5}, {"min_state_of_charge": 1.0},
                                {"drive_speed_m_s": 0.5}, {"panel_faces": 0}])
def test_bad_rover_parameters_raise_input_error(kw):
    with pytest.raises(InputError) as e:
        Rover(**kw)
    assert "rover." in str(e.value)
