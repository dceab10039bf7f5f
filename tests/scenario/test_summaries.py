"""The typed stage sections of summary.json (lupex.scenario.summaries) against the README contract
and against a real baseline run."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import BaseModel, ValidationError

from lupex.scenario import summaries as sm
from lupex.scenario.summaries._base import nested_model

README_TABLE = "Keys every modelled stage section carries"
IDENT = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*")
FILE = re.compile(r"\.(png|tif|csv|json|md|html)$")


def _readme_rows(repo_root) -> dict[str, str]:
    """section -> its keys cell, from the README's table of keys every stage section carries."""
    text = (repo_root / "README.md").read_text(encoding="utf-8")
    start = text.index(README_TABLE)
    rows = {}
    for line in text[start:].splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        m = re.match(r"\|\s*`([a-z_]+)`\s*\|(.*)\|\s*$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def _split_top(cell: str) -> list[tuple[str, str]]:
    """(text outside parentheses, the parenthesised text that follows it) pieces of a cell,
    parentheses nested."""
    out, outside, inside, depth = [], [], [], 0
    for ch in cell:
        if ch == "(":
            if depth == 0 and inside:
                out.append(("".join(outside), "".join(inside)))
                outside, inside = [], []
            depth += 1
            if depth == 1:
                continue
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append(("".join(outside), "".join(inside)))
                outside, inside = [], []
                continue
        (inside if depth else outside).append(ch)
    out.append(("".join(outside), ""))
    return out


def _keys(text: str) -> list[str]:
    """Backticked key names of a text: identifiers or dotted paths, not values after '=' nor
    file names."""
    keys = []
    for clause in text.split(","):
        clause = clause.split("=")[0]
        keys += [k for k in re.findall(r"`([^`]+)`", clause)
                 if IDENT.fullmatch(k) and not FILE.search(k)]
    return keys


def _resolve(model: type[BaseModel], path: str) -> type[BaseModel] | None | bool:
    """Follow a dotted key path through nested models: True when its last key is a field, False
    when a key is missing."""
    head, _, rest = path.partition(".")
    if head not in model.model_fields:
        return False
    if not rest:
        return True
    inner = nested_model(model.model_fields[head].annotation)
    return False if inner is None else _resolve(inner, rest)


def test_readme_table_keys_are_model_fields(repo_root):
    rows = _readme_rows(repo_root)
    assert set(rows) == set(sm.SECTION_MODELS)
    missing, checked = [], 0
    for section, cell in rows.items():
        model = sm.SECTION_MODELS[section][0]
        for outside, group in _split_top(cell):
            top = _keys(outside)
            for key in top:
                checked += 1
                if _resolve(model, key) is not True:
                    missing.append(f"{section}.{key}")
            # keys named in parentheses after a nested model's key are its fields
            if top and group:
                inner = nested_model(model.model_fields[top[-1].split(".")[0]].annotation) \
                    if top[-1].split(".")[0] in model.model_fields else None
                for key in _keys(group) if inner is not None else []:
                    sub = key.removeprefix(top[-1] + ".")
                    checked += 1
                    if _resolve(inner, sub) is not True:
                        missing.append(f"{section}.{top[-1]}.{sub}")
    assert checked > 60  # the parser reads the table, not nothing
    assert not missing, f"README keys that are not model fields: {missing}"


def test_parser_reads_nested_groups():
    pieces = _split_top("`a` (`b`, `c` = `v` or `w`, see (`x`)), `d`")
    assert pieces[0] == ("`a` ", "`b`, `c` = `v` or `w`, see (`x`)")
    assert _keys(pieces[0][1]) == ["b", "c", "x"]
    assert _keys(pieces[1][0]) == ["d"]
    assert _keys("`ice_maps.png`, `ice.region_maps`") == ["ice.region_maps"]


def test_every_field_has_a_description():
    models = {m for ms in sm.SECTION_MODELS.values() for m in ms}
    seen = set()
    while models:
        m = models.pop()
        seen.add(m)
        for name, f in m.model_fields.items():
            assert f.description and len(f.description) > 5, f"{m.__name__}.{name}"
            inner = nested_model(f.annotation)
            if inner is not None and inner not in seen:
                models.add(inner)
    assert {sm.DvRow, sm.InjectionOrbit, sm.EnergyWh, sm.Touchdown, sm.Station} <= seen


def test_models_are_frozen_and_refuse_unknown_keys():
    row = {"item": "LOI", "dv_m_s": 850.0, "by": "lander", "propellant_kg": 1.0,
           "mass_before_kg": 2.0, "mass_after_kg": 1.0, "kind": "burn"}
    r = sm.DvRow(**row)
    with pytest.raises(ValidationError):
        r.dv_m_s = 1.0
    with pytest.raises(ValidationError, match="extra"):
        sm.DvRow(**row, note="x")
    with pytest.raises(ValidationError, match="kind"):
        sm.DvRow(**{**row, "kind": "coast"})
    assert list(r.to_json()) == list(row)


def test_keys_written_only_in_some_runs_are_left_out_when_not_set():
    orbit = {"perigee_alt_km": 200.0, "apogee_alt_km": 201.0, "inclination_deg": 30.5}
    e = sm.InjectionOrbit(**orbit)
    assert e.to_json() == orbit
    failed = {"feasible": False, "error": "no transfer", "departure_source": "scenario"}
    m = sm.section_model("transfer", failed)
    assert isinstance(m, sm.TransferFailedSummary) and m.to_json() == failed
    with pytest.raises(ValidationError):
        sm.section_model("transfer", {**failed, "feasible": True})
    with pytest.raises(KeyError):
        sm.section_model("rover", {})


@pytest.fixture(scope="module")
def baseline_summary_json(shared_baseline_run) -> dict:
    proc, out = shared_baseline_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stage", list(sm.SECTION_MODELS))
def test_real_baseline_sections_validate_and_round_trip(baseline_summary_json, stage):
    """Each section of the real baseline run validates into its model, and the model writes it
    back key for key, in the same order (the model is the section's one producer)."""
    section = baseline_summary_json[stage]
    assert isinstance(section, dict), f"{stage} not modelled in the baseline run"
    model = sm.section_model(stage, section)
    assert isinstance(model, sm.SECTION_MODELS[stage][0])
    assert json.dumps(model.to_json()) == json.dumps(section)
