"""Ascent simulation against the flown H3 timelines (TF2, F7) and the targeting tolerances."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupex.launch import (
    Target,
    get_vehicle,
    inclination_for_azimuth,
    launch_azimuth_for_inclination,
    solve_ascent,
    time_histories,
)
from lupex.launch._core import MU_E, burn_prograde, energy

SECO = "Second-stage cut-off (SECO)"
SEIG = "Second-stage ignition (SEIG)"


@pytest.fixture(scope="module")
def tf2():
    # H3 TF2 (17 Feb 2024, JAXA press kit): H3-22S, VEP-4 + CE-SAT-1E ≈ 3.08 t, 669 km SSO
    return solve_ascent(get_vehicle("H3-22S"), 3080.0, Target.orbit(669, 669, 98.1),
                        record=True)


@pytest.fixture(scope="module")
def f7():
    # H3 F7 (Oct 2025, HTV-X1; JAXA): H3-24W, ≈ 16 t to ≈ 200 x 300 km at 51.6°
    return solve_ascent(get_vehicle("H3-24W"), 16_000.0, Target.orbit(200, 300, 51.6),
                        record=True)


def test_tf2_reaches_sso_within_tolerance(tf2):
    el = tf2.result.elements
    assert tf2.converged and tf2.result.reached_target
    assert abs(el["perigee_alt_km"] - 669) < 1.0 and abs(el["apogee_alt_km"] - 669) < 1.0
    assert abs(el["inclination_deg"] - 98.1) < 0.01


def test_tf2_event_times(tf2):
    ev = tf2.result.events
    assert ev["SRB-3 burnout"] == pytest.approx(106.0, rel=0.05)  # TF2: ≈ 106 s
    assert ev["MECO"] == pytest.approx(298.0, rel=0.05)  # TF2: ≈ 298 s (calibration)


@pytest.mark.xfail(strict=True, reason="the model's direct ascent burns the second stage 522 s, "
                   "TF2 burned ≈ 679 s (issue; JST gives 667 s). TF2 flew an unpublished dog-leg "
                   "(TF1, same orbit: 'a right turn ... from its initial track east'); a 180° "
                   "first-stage azimuth gives 662 s, but that azimuth would be fitted to this "
                   "burn — see lupex.launch.vehicles")
def test_tf2_second_stage_burn(tf2):
    burn = tf2.result.events[SECO] - tf2.result.events[SEIG]
    assert burn == pytest.approx(679.0, rel=0.05)


def test_f7_sixteen_tonnes_to_200x300(f7):
    el = f7.result.elements
    assert f7.converged and f7.result.reached_target
    assert f7.result.s2_propellant_left_kg >= 0.0  # 16 t is within the model's capability
    assert abs(el["perigee_alt_km"] - 200) < 1.0 and abs(el["apogee_alt_km"] - 300) < 1.0
    assert abs(el["inclination_deg"] - 51.6) < 0.01


def test_f7_event_times(f7):
    ev = f7.result.events
    assert ev["SRB-3 separation"] == pytest.approx(117.0, rel=0.05)  # F7: ≈ 117 s
    assert ev["MECO"] == pytest.approx(292.0, rel=0.05)  # F7: ≈ 292 s (prediction)


@pytest.mark.xfail(strict=True, reason="model SECO 878 s vs F7 ≈ 825 s (+6.4 %) with the issue's "
                   "16 t, which is HTV-X's full-capacity launch mass; HTV-X1's reported manifest "
                   "suggests ≈ 14.4 t flown (SECO 834 s, +1.1 %), unpublished by JAXA — see "
                   "lupex.launch.vehicles")
def test_f7_seco_time(f7):
    assert f7.result.events[SECO] == pytest.approx(825.0, rel=0.05)


def test_time_histories_physical(tf2):
    h = time_histories(tf2.result)
    assert h["altitude_m"][0] == pytest.approx(0.0, abs=50.0)
    assert 20e3 < h["dynamic_pressure_Pa"].max() < 70e3  # max-Q of large launchers: 20–70 kPa
    assert np.all(np.diff(h["mass_kg"]) <= 1e-6)
    # Earth-relative speed at lift-off is zero, inertial speed is the site's rotation speed
    assert h["speed_relative_m_s"][0] < 5.0
    assert h["speed_inertial_m_s"][0] == pytest.approx(7.292115e-5 * 6_378_137
                                                        * math.cos(math.radians(30.4)), rel=0.02)


def test_prograde_burn_matches_rocket_equation_energy():
    # a 1 s burn of the LE-5B-3 from a circular orbit: Δv = Isp g0 ln(m0/m1) (Tsiolkovsky)
    r = 6_578_137.0
    v = math.sqrt(MU_E / r)
    y0 = np.array([r, 0, 0, 0, v, 0, 20_000.0])
    mdot = 137e3 / (448 * 9.80665)
    target = energy(y0) + v * 20.0  # about 20 m/s more
    y1, tb = burn_prograde(y0, 137e3, mdot, target, 0.5)
    assert energy(y1) == pytest.approx(target, abs=1.0)
    dv_rocket = 448 * 9.80665 * math.log(20_000.0 / (20_000.0 - mdot * tb))
    dv_sim = np.linalg.norm(y1[3:6]) - v
    # gravity does little in 15 s along the velocity: agree to 2 %
    assert dv_sim == pytest.approx(dv_rocket, rel=0.02)


@settings(max_examples=40, deadline=None)
@given(st.floats(31.0, 140.0))
def test_azimuth_inclination_round_trip(inc):
    az = launch_azimuth_for_inclination(inc)
    assert inclination_for_azimuth(az) == pytest.approx(inc, abs=1e-6)


def test_iss_azimuth_from_tanegashima():
    # HTV/HTV-X to 51.6° fly south-east; spherical trig from 30.4°N: inertial 134.0°,
    # Earth-relative somewhat further south (rotation correction).
    az = launch_azimuth_for_inclination(51.6)
    assert 134.0 < az < 140.0
