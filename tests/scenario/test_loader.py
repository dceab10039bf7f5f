"""Scenario files: defaults, shipped scenarios, strict validation with key paths, fuzzing."""

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lupex.errors import InputError
from lupex.scenario import Scenario, load_scenario, parse_scenario, parse_scenario_text
from lupex.scenario.loader import ScenarioError

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((REPO / "scenarios").glob("*.toml"))


def test_defaults_are_the_public_lupex_figures():
    s = parse_scenario_text("")
    assert s.launch.vehicle == "H3-24L"
    assert (s.launch.site_lat_deg, s.launch.site_lon_deg) == (30.40, 130.97)  # Yoshinobu LP-2
    assert s.spacecraft.stack_mass_kg == 6000.0
    assert s.rover.mass_kg == 350.0
    assert s.surface.duration_days == 100.0
    assert (s.landing.lat_deg, s.landing.lon_deg) == (-89.45, 222.69)  # connecting ridge
    assert s.launch.date.year == 2028
    assert s.landing.slope_limit_deg == 12.0  # Chandrayaan-3 limit


def test_no_rover_section_gives_the_rover_package_defaults():
    """The [rover] defaults are lupex.rover's, value by value, and the rover the surface stage
    builds from a scenario without [rover] is ``lupex.rover.Rover()``."""
    from dataclasses import fields

    from lupex.rover import Rover
    from lupex.rover.traverse import rover_from_mapping

    s = parse_scenario_text("[launch]\ndate = 2028-10-02\n")
    package = Rover()
    for f in fields(Rover):
        assert getattr(s.rover, f.name) == getattr(package, f.name), f.name
        info = type(s.rover).model_fields[f.name]
        assert info.description == f.metadata["description"], f.name
        assert info.json_schema_extra["source"] == f.metadata["source"], f.name
    assert rover_from_mapping(s.rover.model_dump()) == package


def test_shipped_scenarios_load_and_differ_as_named():
    by_name = {p.stem: load_scenario(p) for p in SCENARIOS}
    assert {"baseline", "stack_6500kg", "rover_250kg", "site_bussey2010", "launch_2028_10"} <= set(
        by_name
    )
    base = by_name["baseline"]
    assert by_name["stack_6500kg"].spacecraft.stack_mass_kg == 6500.0
    assert by_name["rover_250kg"].rover.mass_kg == 250.0
    assert by_name["site_bussey2010"].landing.lat_deg != base.landing.lat_deg
    assert by_name["launch_2028_10"].launch.date.month != base.launch.date.month


@pytest.mark.parametrize(
    "text,path,fragment",
    [
        ('[launch]\nvehicel = "H3-24L"', "launch.vehicel", "allowed keys here"),
        ("[rocket]\nx = 1", "rocket", "allowed keys here"),
        ('[rover]\nmass_kg = "heavy"', "rover.mass_kg", "valid number"),
        ("[spacecraft]\nstack_mass_kg = -10.0", "spacecraft.stack_mass_kg", "greater than 0"),
        ("[landing]\nlat_deg = -95.0", "landing.lat_deg", "greater than or equal to -90"),
        ("[launch]\ndate = 2061-01-01", "launch.date", "2050-12-31"),
        ('[transfer]\ntype = "warp"', "transfer.type", "'direct' or 'phasing'"),
        ('[work_split.elements.rover]\nowner = "CNSA"', "work_split.elements.rover.owner", "JAXA"),
        ('[work_split.phases.cruise]\nlead = "ISRO"\nextra = 1', "work_split.phases.cruise.extra",
         "unknown key"),
        ("[launch\n", "not valid TOML", "line"),
    ],
)
def test_bad_values_name_the_key_path(text, path, fragment):
    with pytest.raises(InputError) as info:
        parse_scenario_text(text, "my.toml")
    msg = str(info.value)
    assert msg.startswith("my.toml")
    assert path in msg
    assert fragment in msg


def test_all_problems_are_listed_at_once():
    with pytest.raises(InputError) as info:
        parse_scenario_text("[rover]\nmass_kg = -1\n[landing]\nlat_deg = 100\nfoo = 2")
    msg = str(info.value)
    assert "3 problems" in msg
    for key in ("rover.mass_kg", "landing.lat_deg", "landing.foo"):
        assert key in msg


def test_files_missing_unreadable_or_not_utf8(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_scenario(tmp_path / "nope.toml")
    with pytest.raises(InputError, match="directory"):
        load_scenario(tmp_path)
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[mission]\nname = "Sélène"\n'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_scenario(bad)


def test_scenario_is_immutable():
    s = parse_scenario_text("")
    with pytest.raises(Exception):
        s.rover.mass_kg = 1.0  # type: ignore[misc]


def test_scenario_never_executes_code(tmp_path):
    """TOML is data: strings that look like code stay strings."""
    s = parse_scenario_text('[mission]\nname = "__import__(\'os\').system(\'touch pwned\')"')
    assert s.mission.name.startswith("__import__")
    assert not (tmp_path / "pwned").exists()


toml_scalars = st.one_of(
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=20),
    st.dates(),
)
keys = st.sampled_from(
    ["mission", "launch", "spacecraft", "transfer", "landing", "rover", "surface", "work_split",
     "name", "date", "mass_kg", "lat_deg", "lon_deg", "stack_mass_kg", "vehicle", "type",
     "elements", "phases", "lead", "owner", "duration_days", "x"]
)
tables = st.recursive(
    toml_scalars,
    lambda children: st.dictionaries(keys, children, max_size=4) | st.lists(children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, tables, max_size=5))
def test_fuzz_structured_input_never_crashes(data):
    try:
        s = parse_scenario(data, "fuzz.toml")
    except InputError as exc:
        assert str(exc).startswith("fuzz.toml")
    else:
        assert isinstance(s, Scenario)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "éλ[]=\"'\n", max_size=200))
def test_fuzz_raw_text_never_crashes(text):
    try:
        parse_scenario_text(text, "fuzz.toml")
    except InputError as exc:
        assert "fuzz.toml" in str(exc)


@pytest.mark.parametrize("text, fragments", [
    ("[rover]\nmass_kg = \"350\"\n", ["rover.mass_kg", "'350'"]),
    ("[rover]\ndrive_requires_sun = \"yes\"\n", ["rover.drive_requires_sun", "'yes'"]),
    ("[launch]\ntli_by_upper_stage = 1\n", ["launch.tli_by_upper_stage"]),
])
def test_types_are_strict(text, fragments):
    """A quoted number is not a number and a string or an integer is not a boolean."""
    with pytest.raises(ScenarioError) as err:
        parse_scenario_text(text)
    for f in fragments:
        assert f in str(err.value)


def test_integer_for_float_and_iso_string_date_are_read():
    s = parse_scenario_text('[rover]\nmass_kg = 300\n[launch]\ndate = "2028-06-20"\n')
    assert s.rover.mass_kg == 300.0
    assert s.launch.date.isoformat() == "2028-06-20"


def test_misspelt_work_split_element_is_refused_with_the_nearest_name():
    with pytest.raises(ScenarioError, match="did you mean 'rover'"):
        parse_scenario_text("[work_split.elements.rovr]\nmass_kg = 300.0\n")
    # a new element declared in full is accepted
    s = parse_scenario_text('[work_split.elements.camera]\nlabel = "Camera"\nowner = "ISRO"\n'
                            'category = "instrument"\ncarried_by = "lander"\nmass_kg = 2.0\n')
    assert s.work_split.elements["camera"].mass_kg == 2.0


def test_byte_order_mark_is_ignored(tmp_path):
    f = tmp_path / "bom.toml"
    f.write_bytes("\ufeff[rover]\nmass_kg = 300.0\n".encode("utf-8"))
    assert load_scenario(f).rover.mass_kg == 300.0


def test_deep_nesting_and_huge_or_special_files_are_clean_errors(tmp_path):
    with pytest.raises(ScenarioError, match="too deeply"):
        parse_scenario_text("x = " + "[" * 5000 + "]" * 5000)
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (5 * 1024 * 1024) + b"\n")
    with pytest.raises(ScenarioError, match="larger than 4 MB"):
        load_scenario(big)
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario("/dev/zero")


def test_mission_running_past_de421_is_refused_before_computing():
    """The launch date is inside DE421 but the surface mission would end after 2050-12-31."""
    with pytest.raises(ScenarioError, match="surface.duration_days = 100.*2050-12-31"):
        parse_scenario_text("[launch]\ndate = 2050-11-01\n")
    parse_scenario_text("[launch]\ndate = 2050-06-01\n")  # ends in time
