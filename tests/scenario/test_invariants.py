"""Physical-range guards on summary.json: a figure outside its range is an internal error."""

from __future__ import annotations

import math

import pytest

from lupex.errors import InternalError
from lupex.scenario.invariants import check_summary, out_of_range


def _summary(**landing):
    base = {"sun_fraction": 0.93, "lat_deg": -89.45, "slope_deg": 4.0, "longest_dark_hours": 80.0}
    base.update(landing)
    return {
        "scenario": {"inputs": {"landing": {"lat_deg": 400.0}}},  # inputs are not checked here
        "feasible": True,
        "landing": base,
        "surface": {"min_state_of_charge": 0.36, "feasible": True, "distance_km": 10.6},
        "transfer": {"departure_arg_lat_deg": 306.7, "tli_dv_m_s": 3120.0},
        "work_split": {"ISRO": {"mass_kg": 5650.0}, "JAXA": {"mass_kg": 350.0}},
    }


def test_a_physical_summary_passes():
    assert out_of_range(_summary()) == []
    check_summary(_summary())


@pytest.mark.parametrize("key, value", [
    ("sun_fraction", 1.3), ("sun_fraction", -0.01), ("sun_fraction", math.nan),
    ("lat_deg", -91.0), ("slope_deg", 95.0), ("longest_dark_hours", -1.0),
    ("longest_dark_hours", math.inf),
])
def test_a_figure_outside_its_range_is_an_internal_error(key, value):
    s = _summary(**{key: value})
    problems = out_of_range(s)
    assert len(problems) == 1 and problems[0].startswith(f"landing.{key} = ")
    with pytest.raises(InternalError, match=f"landing.{key}"):
        check_summary(s)


def test_negative_state_of_charge_and_agency_mass_are_caught():
    s = _summary()
    s["surface"]["min_state_of_charge"] = -2.6  # what an unclamped battery model once reported
    s["work_split"]["JAXA"]["mass_kg"] = -23.0
    assert sorted(p.split(" = ")[0] for p in out_of_range(s)) == [
        "surface.min_state_of_charge", "work_split.JAXA.mass_kg"]


def test_the_command_reports_an_internal_error_in_one_line_with_status_70(monkeypatch, capsys,
                                                                           repo_root):
    import lupex.scenario
    from lupex.cli import main

    def broken(path):
        raise InternalError("a computed figure is outside its physical range: x = 2")

    monkeypatch.setattr(lupex.scenario, "load_scenario", broken)
    status = main(["check", str(repo_root / "scenarios" / "baseline.toml")])
    err = capsys.readouterr().err
    assert status == 70
    assert err.count("\n") == 1 and "internal error" in err and "x = 2" in err


# --- the ranges come from the summary models --------------------------------------------------

#: The pattern list invariants.py held before the models carried the ranges: every model field
#: it matched must now have a range (at least as strict), so moving the source lost no check.
LEGACY_RULES = (
    ("*fraction", 0.0, 1.0), ("*state_of_charge", 0.0, 1.0), ("*arg_lat_deg", -360.0, 360.0),
    ("*lat_deg", -90.0, 90.0), ("*slope_deg", 0.0, 90.0), ("*elevation_deg", -90.0, 90.0),
    ("*inclination_deg", 0.0, 180.0), ("*_dv_m_s", 0.0, math.inf),
    ("*time_of_flight_days", 0.0, math.inf), ("*_hours", 0.0, math.inf), ("*_h", 0.0, math.inf),
    ("*_days", 0.0, math.inf), ("*distance_km", 0.0, math.inf),
    ("*distance_to_psr_km", 0.0, math.inf),
)


def _numeric(annotation) -> bool:
    import typing

    args = typing.get_args(annotation)
    return annotation in (int, float) or any(_numeric(a) for a in args)


def _model_leaves(model, prefix):
    """(dotted path, field) of every numeric, model-less field, through nested models."""
    from lupex.scenario.invariants import nested_model

    for name, f in model.model_fields.items():
        inner = nested_model(f.annotation)
        if inner is not None:
            yield from _model_leaves(inner, f"{prefix}{name}.")
        elif _numeric(f.annotation):
            yield f"{prefix}{name}", f


def test_every_field_the_legacy_rules_matched_has_a_range_as_strict():
    from fnmatch import fnmatchcase

    from lupex.scenario.summaries import SECTION_MODELS
    from lupex.scenario.summaries._base import field_range

    matched, weaker = 0, []
    for section, models in SECTION_MODELS.items():
        for model in models:
            for path, f in _model_leaves(model, section + "."):
                rule = next((r for r in LEGACY_RULES if fnmatchcase(path, r[0])), None)
                if rule is None:
                    continue
                matched += 1
                rng = field_range(f)
                if rng is None or rng.lo < rule[1] or rng.hi > rule[2]:
                    weaker.append(f"{path}: {rng} (legacy {rule})")
    assert matched >= 50  # the walk reaches the models' fields, not nothing
    assert not weaker, weaker


def test_explicit_rules_only_for_entries_without_a_model():
    from lupex.scenario.invariants import UNMODELLED_RULES
    from lupex.scenario.summaries import SECTION_MODELS

    for pattern, _ in UNMODELLED_RULES:
        top = pattern.split(".")[0]
        assert "*" not in top and top not in SECTION_MODELS, pattern


def test_ranges_are_field_metadata_not_enforced_by_pydantic():
    """A model holds an out-of-range figure (the check is invariants', by full key path)."""
    from lupex.scenario.summaries import Touchdown
    from lupex.scenario.summaries._base import FRACTION, field_range

    assert field_range(Touchdown.model_fields["sun_visible_fraction"]) == FRACTION
    schema = Touchdown.model_json_schema()["properties"]["sun_visible_fraction"]
    assert schema["range"] == {"minimum": 0.0, "maximum": 1.0, "meaning": "a fraction, 0 to 1"}
    t = Touchdown(epoch_utc="2028-07-09T06:40:15.624Z", earth_elevation_deg=2.0,
                  earth_horizon_deg=1.0, earth_visible=True, sun_elevation_deg=1.0,
                  sun_horizon_deg=0.5, sun_visible_fraction=1.5, note="x")
    assert out_of_range({"landing": {"touchdown": t.to_json()}}) == [
        "landing.touchdown.sun_visible_fraction = 1.5 (expected a fraction, 0 to 1)"]


def _unflatten(figures: dict) -> dict:
    """The summary tree of golden figures (``a.b[label].c`` paths; bracketed keys become list
    rows, in file order)."""
    import re

    root: dict = {}
    for path, value in figures.items():
        keys = [a or b for a, b in re.findall(r"\.?([^.\[\]]+)|\[([^\]]*)\]", path)]
        node = root
        for i, key in enumerate(keys):
            if i == len(keys) - 1:
                node[key] = value
            else:
                node = node.setdefault(key, {})

    brackets = {k for p in figures for k in re.findall(r"\[([^\]]*)\]", p)}

    def lists(node):
        if not isinstance(node, dict):
            return node
        out = {k: lists(v) for k, v in node.items()}
        return list(out.values()) if out and set(out) <= brackets else out

    return lists(root)


@pytest.fixture(scope="module")
def golden_summary() -> dict:
    import json

    from tests.scenario import golden

    return _unflatten(json.loads(golden.GOLDEN.read_text(encoding="utf-8"))["figures"])


def test_the_baseline_golden_summary_passes(golden_summary):
    s = golden_summary
    assert isinstance(s["transfer"]["dv_budget"], list) and len(s["transfer"]["dv_budget"]) > 3
    assert isinstance(s["communications"]["stations"], list)
    assert out_of_range(s) == []
    check_summary(s)


@pytest.mark.parametrize("path, value, expected", [
    ("landing.touchdown.sun_visible_fraction", 1.5, "a fraction, 0 to 1"),
    ("communications.contact_fraction.ESA", 1.5, "a fraction, 0 to 1"),
    ("surface.time_driving_h", -3.0, "a duration, 0 h or more"),
    ("transfer.time_of_flight_days", -0.5, "a duration, 0 days or more"),
    ("transfer.dv_budget[2].dv_m_s", -1.0, "a Δv magnitude, 0 m/s or more"),
    ("transfer.tli_dv_m_s", math.nan, "a Δv magnitude, 0 m/s or more"),
    ("landing.lat_deg", math.nan, "a latitude, -90 to 90°"),
    ("launch.injection_orbit.inclination_deg", 181.0, "an inclination, 0 to 180°"),
    ("surface.landing_point.landing_stage.slope_deg", 91.0, "a slope, 0 to 90°"),
    ("landing.ranking[0].sun_fraction", math.inf, "a fraction, 0 to 1"),
])
def test_a_corrupted_golden_summary_is_reported_with_its_path(golden_summary, path, value,
                                                              expected):
    import copy
    import re

    s = copy.deepcopy(golden_summary)
    keys = [k for k in re.split(r"[.\[\]]+", path) if k]
    node = s
    for k in keys[:-1]:
        node = node[int(k)] if isinstance(node, list) else node.setdefault(k, {})
    node[keys[-1]] = value
    assert out_of_range(s) == [f"{path} = {value!r} (expected {expected})"]
    with pytest.raises(InternalError, match=re.escape(f"{path} = {value!r}")):
        check_summary(s)


def test_a_range_applies_to_each_number_of_a_list_field():
    s = {"landing": {"yearly": {"sun_fraction": [0.9, 1.5], "longest_dark_hours": [40.0, -1]}}}
    assert out_of_range(s) == [
        "landing.yearly.sun_fraction[1] = 1.5 (expected a fraction, 0 to 1)",
        "landing.yearly.longest_dark_hours[1] = -1.0 (expected a duration, 0 h or more)"]


def test_none_and_booleans_are_skipped():
    s = {"surface": {"min_state_of_charge": None, "feasible": True, "traverse_days": None},
         "transfer": {"targeting_converged": False, "tli_dv_m_s": 0}}
    assert out_of_range(s) == []
