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
