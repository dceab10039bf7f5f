"""Cases: every value validated through the scenario schema, named sites, input hashes."""

from __future__ import annotations

import hashlib
import json

import pytest

from lupex.errors import InputError
from lupex.scenario import parse_scenario
from lupex.sweep.cases import build_cases, case_hash
from lupex.sweep.sites import SITES, get_site
from lupex.sweep.spec import parse_vary


@pytest.fixture(scope="module")
def base():
    return parse_scenario({})


def cases_for(base, *varies, dispersions=None):
    return build_cases(base, [parse_vary(v) for v in varies], dispersions)


def test_grid_order_and_inputs(base):
    cases = cases_for(base, "launch.date=2028-06-01..2028-06-03:1d", "rover.mass_kg=250,350")
    assert len(cases) == 6
    assert [c.index for c in cases] == list(range(6))
    # first key outermost
    assert [c.inputs["launch.date"] for c in cases[:2]] == ["2028-06-01", "2028-06-01"]
    assert [c.inputs["rover.mass_kg"] for c in cases[:2]] == [250, 350]
    assert cases[5].scenario["launch"]["date"] == "2028-06-03"
    assert cases[5].scenario["rover"]["mass_kg"] == 350.0
    assert len({c.hash for c in cases}) == 6


def test_unknown_key_names_allowed_keys(base):
    with pytest.raises(InputError) as ei:
        cases_for(base, "rover.mas_kg=250")
    msg = str(ei.value)
    assert "rover.mas_kg" in msg and "mass_kg" in msg
    with pytest.raises(InputError, match="keys allowed in the scenario: mission, launch"):
        cases_for(base, "rovers.mass_kg=250")
    with pytest.raises(InputError, match="a key inside \\[rover\\]: one of mass_kg"):
        cases_for(base, "rover=250")


@pytest.mark.parametrize(
    "vary, fragment",
    [
        ("rover.mass_kg=abc", "valid number"),
        ("rover.mass_kg=250,-5", "greater than 0"),
        ("transfer.type=direct,lunar", "'direct' or 'phasing'"),
        ("launch.date=2060-01-01", "launch.date"),  # outside the DE421 kernels
        ("landing.lat_deg=-95", "greater than or equal to -90"),
    ],
)
def test_bad_values_are_caught_before_running(base, vary, fragment):
    with pytest.raises(InputError) as ei:
        cases_for(base, vary)
    msg = str(ei.value)
    assert msg.startswith("--vary " + vary.split("=")[0])
    assert fragment in msg


def test_named_sites(base):
    cases = cases_for(base, "landing.site=[ridge,bussey2010_most_illuminated]")
    ridge, bussey = (c.scenario["landing"] for c in cases)
    # Gläser et al. 2014, Icarus 243:78: connecting ridge 89.45°S 222.69°E (scenario default).
    assert (ridge["site_name"], ridge["lat_deg"], ridge["lon_deg"]) == (
        "connecting_ridge", -89.45, 222.69)
    # Bussey et al. 2010, Icarus 208:558 (abstract): 88.74°S 124.5°E.
    assert (bussey["lat_deg"], bussey["lon_deg"]) == (-88.74, 124.5)
    # the alias and the full name are the same case (same inputs, same hash)
    full = cases_for(base, "landing.site=connecting_ridge")
    assert full[0].hash == cases[0].hash
    with pytest.raises(InputError) as ei:
        cases_for(base, "landing.site=[ridge,nowhere]")
    assert "connecting_ridge" in str(ei.value) and "nowhere" in str(ei.value)
    with pytest.raises(InputError, match="already set by --vary landing.site"):
        cases_for(base, "landing.site=ridge", "landing.lat_deg=-89")
    for s in SITES.values():
        assert s.source and -90 <= s.lat_deg <= 90 and 0 <= s.lon_deg < 360
        assert get_site(s.name.upper()) is s


def test_duplicate_key_refused(base):
    with pytest.raises(InputError, match="varied once"):
        cases_for(base, "rover.mass_kg=250", "rover.mass_kg=350")


def test_hash_is_sha256_of_canonical_inputs_and_round_trips(base):
    (case,) = cases_for(base, "rover.mass_kg=300")
    # Second implementation of the canonical form and the hash.
    text = json.dumps({"format": 1, "evaluator": "full", "scenario": case.scenario,
                       "dispersion": None},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert case.hash == hashlib.sha256(text.encode()).hexdigest()[:32]
    # The JSON inputs sent to workers validate back to exactly the same scenario.
    assert parse_scenario(case.scenario).model_dump(mode="json") == case.scenario
    # An equal value written differently (300 vs 300.0) is the same case.
    (same,) = cases_for(base, "rover.mass_kg=300.0")
    assert same.hash == case.hash
    assert case_hash(case.scenario, {"sample": 0}) != case.hash
    assert case_hash(case.scenario, None, "work_split") != case.hash


def test_dispersions_multiply_cases(base):
    draws = [{"sample": 0, "lander_isp_scale": 1.01}, {"sample": 1, "lander_isp_scale": 0.99}]
    cases = cases_for(base, "rover.mass_kg=250,350", dispersions=draws)
    assert [(c.inputs["rover.mass_kg"], c.sample) for c in cases] == [
        (250, 0), (250, 1), (350, 0), (350, 1)]
    assert len({c.hash for c in cases}) == 4
    assert [c.nominal for c in cases[:2]] == [cases[0].nominal] * 2
    assert cases[0].nominal != cases[2].nominal
    assert cases[0].nominal == case_hash(cases[0].scenario, None)
