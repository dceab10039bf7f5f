"""Hypothesis fuzzing of scenario files built from the real schema: values of the wrong type,
out of range or inconsistent with other keys. Every file either loads and satisfies the
cross-field rules, or is refused with an InputError that names the file and a key it set --
never another exception, never a scenario that cannot run."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lupex.errors import InputError
from lupex.scenario.loader import parse_scenario

numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**7, 10**7))
wrong = st.one_of(st.text(max_size=8), st.booleans(), st.none(), st.lists(st.integers(),
                                                                          max_size=2))
#: (section, key, strategy of plausible and implausible values)
KEYS = {
    ("spacecraft", "stack_mass_kg"): st.one_of(st.floats(3000, 9000), numbers, wrong),
    ("spacecraft", "lander_dry_mass_kg"): st.one_of(st.floats(1000, 4000), numbers, wrong),
    ("spacecraft", "lander_propellant_kg"): st.one_of(st.floats(0, 5000), numbers, wrong),
    ("rover", "mass_kg"): st.one_of(st.floats(50, 600), numbers, wrong),
    ("rover", "initial_state_of_charge"): st.one_of(st.floats(0, 1), numbers),
    ("rover", "min_state_of_charge"): st.one_of(st.floats(0, 1), numbers),
    ("launch", "vehicle"): st.sampled_from(["H3-24L", "H3-22S", "H3-99", "", "h3-24l"]),
    ("launch", "azimuth_deg"): st.one_of(st.floats(0, 360), numbers, st.none()),
    ("launch", "date"): st.one_of(st.dates(dt.date(1890, 1, 1), dt.date(2060, 1, 1)),
                                  st.text(max_size=12)),
    ("landing", "lat_deg"): st.one_of(st.floats(-90, 90), numbers),
    ("landing", "lon_deg"): st.one_of(st.floats(-180, 360), numbers),
    ("landing", "map_cell_m"): st.one_of(st.floats(5, 5000), numbers),
    ("landing", "region_half_width_km"): st.one_of(st.floats(0.5, 100), numbers),
    ("landing", "step_h"): st.one_of(st.floats(1e-5, 48), numbers),
    ("landing", "illumination_start"): st.one_of(st.dates(dt.date(1890, 1, 1),
                                                          dt.date(2060, 1, 1)).map(str),
                                                 st.text(max_size=12)),
    ("surface", "duration_days"): st.one_of(st.floats(1, 4000), numbers),
    ("operations", "rover_operator"): st.sampled_from(["JAXA", "ISRO", "CNSA", ""]),
}


@settings(max_examples=250, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.sampled_from(sorted(KEYS)), min_size=1, max_size=6)
       .flatmap(lambda keys: st.fixed_dictionaries({k: KEYS[k] for k in keys})))
def test_schema_fuzz_loads_a_runnable_scenario_or_names_a_key(chosen):
    data: dict = {}
    for (section, key), value in chosen.items():
        data.setdefault(section, {})[key] = value
    try:
        sc = parse_scenario(data, "fuzz.toml")
    except InputError as exc:
        text = str(exc)
        assert text.startswith("fuzz.toml")
        assert any(f"{section}.{key}" in text or key in text for section, key in chosen), text
        return
    # a scenario that loads satisfies every cross-field rule
    assert abs(sc.landing.lat_deg) >= 60.0
    assert sc.rover.initial_state_of_charge > sc.rover.min_state_of_charge
    if sc.launch.azimuth_deg is not None:
        assert 90.0 <= sc.launch.azimuth_deg <= 195.0
    cells = 2 * round((sc.landing.region_half_width_km + sc.landing.horizon_reach_km) * 1e3
                      / sc.landing.map_cell_m) + 1
    assert cells <= 6001
    assert sc.landing.illumination_days * 24.0 / sc.landing.step_h <= 2_000_000
