"""The launch stage adapter and CLI: summary contract, handoff, infeasibility, exit codes."""

import json

import astropy.units as u
import pytest
from boinor.twobody import Orbit

from lupex.cli import main
from lupex.scenario import load_scenario
from lupex.scenario.stages import launch as adapter


@pytest.fixture(scope="module")
def baseline(repo_root):
    return adapter.run(load_scenario(repo_root / "scenarios" / "baseline.toml"), {})


def test_summary_contract(baseline):
    s = baseline.summary
    for k in ("vehicle", "target", "payload_capacity_kg", "stack_mass_kg", "margin_kg",
              "injection_orbit", "launch_epoch_utc", "azimuth_deg"):
        assert k in s
    assert s["vehicle"] == "H3-24L"
    assert s["margin_kg"] == pytest.approx(s["payload_capacity_kg"] - s["stack_mass_kg"], abs=0.2)
    inj = s["injection_orbit"]
    assert abs(inj["perigee_alt_km"] - 200.0) < 1.0 and abs(inj["apogee_alt_km"] - 200.0) < 1.0
    json.dumps(s, allow_nan=False)


def test_margin_against_published_capacity(baseline):
    # JAXA: H3-24 "more than 6,000 kg" to lunar transfer (lupex/launch/data/h3.toml): the
    # baseline's 6,000 kg stack fits it exactly; the model is calibrated on that figure (for a
    # due-east launch), so the two margins are close
    pub = baseline.summary["published_reference"]
    s = baseline.summary
    assert pub["payload_kg"] == 6_000.0
    assert pub["margin_kg"] == pytest.approx(6_000.0 - s["stack_mass_kg"], abs=0.1)
    assert pub["model_minus_published_pct"] == pytest.approx(
        100 * (s["payload_capacity_kg"] / 6_000.0 - 1), abs=0.1)
    assert "fits" in pub["note"]


def test_published_reference_warns_without_infeasibility():
    from types import SimpleNamespace

    L = SimpleNamespace(tli_by_upper_stage=True, tli_c3_km2_s2=-2.0, performance_reserve_kg=0.0)
    pub = adapter._published_reference("H3-24L", L, 7_800.0, 6_500.0)
    assert pub.margin_kg == pytest.approx(-500.0) and pub.note.startswith("WARNING")
    assert adapter._published_reference("H3-22S", L, 5_000.0, 6_500.0) is None
    L2 = SimpleNamespace(tli_by_upper_stage=False, tli_c3_km2_s2=-2.0, performance_reserve_kg=0.0)
    assert adapter._published_reference("H3-24L", L2, 7_800.0, 6_500.0) is None


def test_handoff_and_events(baseline):
    h = baseline.handoff
    assert isinstance(h["parking_orbit"], Orbit)
    assert h["parking_orbit"].a.to_value("km") == pytest.approx(6578.1, abs=1.0)
    assert h["tli_by_upper_stage"] is True
    phases = {e.phase for e in baseline.events}
    assert {"launch", "ascent", "parking_orbit"} <= phases  # TLI event: transfer stage
    assert baseline.summary["tli_burn_s"] > 0
    assert h["injection_epoch"] > h["launch_epoch"]


def test_products(baseline, tmp_path):
    paths = baseline.write_products(tmp_path)
    names = {p.name for p in paths}
    assert {"ascent_profile.png", "ground_track.png", "ascent_events.csv"} <= names
    assert "MECO" in (tmp_path / "ascent_events.csv").read_text()


def test_heavy_stack_is_infeasible_not_raised(tmp_path):
    f = tmp_path / "heavy.toml"
    f.write_text("[spacecraft]\nstack_mass_kg = 12000.0\nlander_dry_mass_kg = 7900.0\n")
    res = adapter.run(load_scenario(f), {})
    assert res.summary["margin_kg"] < 0
    assert any(i.quantity == "payload capacity" for i in res.infeasibilities)


def test_cli_performance_json(capsys):
    assert main(["launch", "performance", "--vehicle", "H3-24L", "--target", "c3=-2",
                 "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["vehicle"] == "H3-24L" and d["target"] == "c3=-2" and d["payload_kg"] > 0


@pytest.mark.parametrize("argv", [
    ["launch", "performance", "--vehicle", "H3-99"],
    ["launch", "performance", "--target", "moon"],
    ["launch", "performance", "--azimuth-deg", "20"],
    ["launch", "performance", "--vehicle", "H3-30S", "--target", "c3=90"],
])
def test_cli_bad_input_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "is not allowed" in capsys.readouterr().err


def test_cli_ascent_bad_azimuth_exit_2(tmp_path, capsys):
    f = tmp_path / "az.toml"
    f.write_text("[launch]\nazimuth_deg = 30.0\n")
    assert main(["launch", "ascent", str(f)]) == 2
    assert "range-safety sector" in capsys.readouterr().err


def test_cli_ascent_writes_plots(repo_root, tmp_path, capsys):
    out = tmp_path / "asc"
    assert main(["launch", "ascent", str(repo_root / "scenarios" / "baseline.toml"), "--out",
                 str(out)]) == 0
    text = capsys.readouterr().out
    assert "MECO" in text and "Lift-off" in text
    assert (out / "ascent_profile.png").exists()


def test_parking_plane_aimed_at_transfer_node(baseline):
    # One handoff: the lift-off time is chosen in the day's window so the parking orbit's RAAN
    # equals the node of the DE421-targeted direct transfer leaving at the handed-off TLI epoch,
    # and the coast puts the spacecraft at the targeted burn point then. Checked independently:
    # boinor's elements of the handed-off orbit against lupex.transfer.direct_departure re-run
    # at the handoff's TLI epoch (the transfer stage's own targeting).
    from astropy.time import Time

    from lupex.transfer import direct_departure, parking_elements

    s = baseline.summary
    orbit = baseline.handoff["parking_orbit"]
    alt, apo, inc, raan = parking_elements(orbit)
    sol = direct_departure(baseline.handoff["tli_epoch"], alt, apo, inc, 4.5, 100.0, 90.0,
                           raan_hint_deg=raan)
    assert abs((sol.raan_deg - raan + 180.0) % 360.0 - 180.0) < 0.01
    assert abs(s["parking_raan_residual_deg"]) < 0.01
    assert abs(s["tli_arg_lat_residual_deg"]) < 0.02
    # the parking coast brings the spacecraft to the targeted argument of latitude (two-body)
    coast = (baseline.handoff["tli_epoch"] - baseline.handoff["injection_epoch"]).to_value("s")
    at_tli = orbit.propagate(coast * u.s)
    u_tli = (at_tli.argp + at_tli.nu).to_value("deg") % 360.0
    assert abs((u_tli - sol.arg_lat_deg + 180.0) % 360.0 - 180.0) < 0.05
    t0 = Time(s["launch_epoch_utc"].rstrip("Z"), scale="utc")
    assert any(Time(w["open_utc"].rstrip("Z")) <= t0 <= Time(w["close_utc"].rstrip("Z"))
               for w in s["launch_windows"])
