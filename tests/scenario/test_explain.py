"""Scenario keys document themselves: every field of every section has a description, a unit
and a source in the schema, and ``lupex check FILE --explain`` prints them with the values."""

import pytest

from lupex.scenario import parse_scenario_text
from lupex.scenario.explain import explain
from lupex.scenario.schema import Scenario
from lupex.units import unit_for


def _fields():
    for sec, f in Scenario.model_fields.items():
        for name, info in f.annotation.model_fields.items():
            yield f"{sec}.{name}", name, info


@pytest.mark.parametrize("key,name,info", list(_fields()), ids=[k for k, _, _ in _fields()])
def test_every_field_has_description_unit_and_source(key, name, info):
    extra = info.json_schema_extra
    assert isinstance(extra, dict) and {"unit", "source"} <= set(extra), key
    assert len(info.description or "") >= 20, key
    assert extra["source"].strip(), key
    unit = unit_for(name)
    if unit is not None and not name.endswith("_n"):  # the unit in the key's name is the unit shown
        assert extra["unit"] == unit.to_string(), key


def test_explain_lists_every_key_with_value_default_and_origin(tmp_path, capsys):
    from lupex.cli import main

    f = tmp_path / "s.toml"
    f.write_text('[rover]\nmass_kg = 250.0\n[launch]\ndate = 2028-10-02\n')
    rows = {r.key: r for r in explain(parse_scenario_text(f.read_text()))}
    assert set(rows) == {k for k, _, _ in _fields()}
    assert rows["rover.mass_kg"].value == 250.0 and rows["rover.mass_kg"].default == 350.0
    assert rows["rover.mass_kg"].set_in_file and not rows["rover.max_slope_deg"].set_in_file
    assert rows["rover.mass_kg"].unit == "kg" and "JAXA" in rows["rover.mass_kg"].source
    assert rows["launch.date"].value == "2028-10-02"

    assert main(["check", str(f), "--explain"]) == 0
    out = capsys.readouterr().out
    block = out[out.index("  mass_kg = 250.0"):].split("\n")
    assert "(set in the file)" in block[0]
    assert block[1].strip().startswith("default 350.0; unit kg; source: JAXA")
    assert "[work_split]" in out and "  max_slope_deg = 20.0   (default)" in out


def test_every_key_has_its_own_description():
    """No two keys share one description text: each says what that key is, in its unit."""
    seen = {}
    for key, _, info in _fields():
        seen.setdefault(info.description, []).append(key)
    shared = [keys for keys in seen.values() if len(keys) > 1]
    assert not shared, shared
