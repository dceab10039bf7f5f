"""H3 vehicle data: published figures carried through, estimated loads reproduce the timelines."""

import pytest

from lupex.errors import InputError
from lupex.launch import get_vehicle, vehicle_names
from lupex.launch.vehicles import G0


def test_published_engine_figures():
    v = get_vehicle("H3-24L")
    # JAXA H3 overview: LE-9 1,471 kN / 425 s; LE-5B-3 137 kN / 448 s; SRB-3 2,158 kN / 283.6 s
    assert v.le9_thrust_vac_N == 1_471_000.0 and v.le9_isp_s == 425.0
    assert v.s2_thrust_vac_N == 137_000.0 and v.s2_isp_s == 448.0
    assert v.srb_peak_thrust_vac_N == 2_158_000.0 and v.srb_isp_s == 283.6
    assert v.le9_min_throttle == 0.63
    assert v.core_diameter_m == 5.2


def test_liftoff_masses_and_configurations():
    # JAXA: lift-off mass without payload 574 t (H3-24L) and 422 t (H3-22S)
    assert get_vehicle("H3-24L").liftoff_mass_no_payload_kg == pytest.approx(574_000.0)
    assert get_vehicle("H3-22S").liftoff_mass_no_payload_kg == pytest.approx(422_000.0)
    assert set(vehicle_names()) == {"H3-22S", "H3-24L", "H3-24W", "H3-30S"}
    assert get_vehicle("H3-30S").n_srb == 0 and get_vehicle("H3-30S").n_le9 == 3


def test_srb3_propellant_from_thrust_profile():
    v = get_vehicle("H3-22S")
    t, f = v.srb_thrust_profile()
    impulse = float(((f[1:] + f[:-1]) / 2 * (t[1:] - t[:-1])).sum())
    assert impulse == pytest.approx(v.srb_propellant_kg * v.srb_isp_s * G0, rel=1e-9)
    # plausibility against the 574 - 422 t difference (two SRB-3 ≈ 152 t gross)
    assert 60_000 < v.srb_propellant_kg < 72_000
    assert 0.08 < v.srb_inert_kg / (v.srb_inert_kg + v.srb_propellant_kg) < 0.16


def test_stage_burn_times_reproduce_timelines():
    v = get_vehicle("H3-22S")
    # TF2 (JAXA press kit, 17 Feb 2024): MECO ≈ 298 s — the calibration of the stage-1 load
    assert v.stage1_burn_time_s == pytest.approx(298.0, rel=0.01)
    # F7 (H3-24W, HTV-X1, JAXA 2025): MECO ≈ 292 s — a prediction from the TF2 estimate
    assert get_vehicle("H3-24W").stage1_burn_time_s == pytest.approx(292.0, rel=0.05)
    # TF2 second-stage burn ≈ 679 s must fit in the estimated load
    assert v.stage2_propellant_kg / v.s2_mdot_kg_s >= 679.0


def test_unknown_vehicle_is_input_error():
    with pytest.raises(InputError, match="H3-24L"):
        get_vehicle("H3-99X")


def test_published_capacities_are_references_with_sources():
    from lupex.launch import published_capacity

    lunar = published_capacity("H3-24L", "c3", -2.0)
    assert lunar.payload_kg == 6_000.0 and lunar.qualifier == "at_least"
    assert "lunar transfer" in lunar.source
    assert published_capacity("H3-24L", "c3", -1.8).payload_kg == 6_000.0  # within 0.5 km²/s²
    assert published_capacity("H3-24L", "c3", 0.0) is None
    assert published_capacity("H3-22S", "c3", -2.0) is None
    assert published_capacity("H3-24W", "gto1500").payload_kg == 6_500.0
    assert published_capacity("H3-30S", "sso500").qualifier == "about"
    assert published_capacity("H3-30S", "leo200") is None
