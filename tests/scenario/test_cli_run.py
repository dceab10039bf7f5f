"""`lupex run` end to end through the real console entry point, and its bad-input contract:
every bad input exits with status 2, names the key path, and prints no traceback."""

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "scenarios" / "baseline.toml"


def _assert_clean_error(proc, *fragments):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for f in fragments:
        assert f in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "text,fragments",
    [
        ('[launch]\nvehicel = "H3-24L"\n', ["launch.vehicel", "unknown key"]),
        ('[rover]\nmass_kg = "heavy"\n', ["rover.mass_kg", "heavy"]),
        ("[spacecraft]\nstack_mass_kg = -6000.0\n", ["spacecraft.stack_mass_kg", "-6000.0"]),
        ("[landing]\nlat_deg = -91.0\n", ["landing.lat_deg", "-91.0"]),
        ("[launch]\ndate = 2055-01-01\n", ["launch.date", "2050-12-31"]),
    ],
)
def test_bad_scenario_exits_2_with_key_path(lupex_cli, tmp_path, text, fragments):
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    proc = lupex_cli("run", f, "--out", tmp_path / "out")
    _assert_clean_error(proc, "bad.toml", *fragments)
    assert not (tmp_path / "out").exists()


def test_missing_and_non_utf8_files(lupex_cli, tmp_path):
    _assert_clean_error(lupex_cli("run", tmp_path / "absent.toml", "--out", tmp_path / "o"),
                        "absent.toml", "no such file")
    f = tmp_path / "latin1.toml"
    f.write_bytes("[mission]\nname = 'Lune é'\n".encode("latin-1"))
    _assert_clean_error(lupex_cli("run", f, "--out", tmp_path / "o"), "latin1.toml", "UTF-8")


def test_unknown_command_and_missing_option(lupex_cli, tmp_path):
    _assert_clean_error(lupex_cli("fly", "x"), "invalid choice")
    _assert_clean_error(lupex_cli("run", BASELINE), "--out")


@pytest.fixture(scope="module")
def baseline_run(shared_baseline_run):
    """The session's one real baseline run (tests/conftest.py; it is the expensive part)."""
    return shared_baseline_run


def test_run_writes_the_documented_contract(baseline_run):
    proc, out = baseline_run
    assert proc.returncode == 0, proc.stderr
    assert "LUPEX baseline" in proc.stdout
    for name in ("summary.json", "timeline.csv", "timeline_gantt.png", "mass_budget.png"):
        assert (out / name).is_file(), name
    s = json.loads((out / "summary.json").read_text())
    for key in ("scenario", "feasible", "timeline", "work_split", "launch", "transfer",
                "landing", "surface", "not_modelled"):
        assert key in s
    for row in s["timeline"]:
        assert set(row) >= {"event", "epoch_utc", "owner"}
        assert row["owner"] in ("ISRO", "JAXA", "NASA", "ESA")
        assert row["epoch_utc"].endswith("Z")
    epochs = [r["epoch_utc"] for r in s["timeline"]]
    assert epochs == sorted(epochs)
    # The per-stage keys the README documents (for each stage that is modelled).
    documented = {
        "launch": ["vehicle", "target", "payload_capacity_kg", "stack_mass_kg", "margin_kg",
                   "injection_orbit", "launch_epoch_utc", "azimuth_deg", "launch_windows",
                   "parking_raan_residual_deg", "published_reference"],
        "transfer": ["tli_dv_m_s", "time_of_flight_days", "loi_dv_m_s", "descent_dv_m_s",
                     "total_lander_dv_m_s", "arrival_perilune_altitude_km",
                     "lunar_orbit_inclination_deg", "landing_epoch_utc", "propellant_margin_kg",
                     "dv_budget", "feasible", "earth_elevation_at_landing_deg",
                     "landing_earth_contact_condition_met"],
        "landing": ["lat_deg", "lon_deg", "sun_fraction", "earth_fraction",
                    "sun_and_earth_fraction", "longest_dark_hours", "slope_deg",
                    "distance_to_psr_km", "touchdown", "ranking", "terrain"],
        "surface": ["distance_km", "waypoints_visited", "duration_days", "min_state_of_charge",
                    "feasible", "energy_wh", "terrain"],
        "communications": ["stations", "contact_fraction", "contact_fraction_any",
                           "longest_gap_hours", "downlink_capacity_gbit", "science_data_gbit",
                           "downlink_feasible"],
    }
    for stage, keys in documented.items():
        if s[stage] is not None:
            assert [k for k in keys if k not in s[stage]] == [], stage
    # A stage that is not modelled is null AND named in not_modelled (no invented numbers).
    for stage in ("launch", "transfer", "landing", "surface", "communications"):
        assert (s[stage] is None) == (stage in s["not_modelled"])
    # The agencies' spacecraft masses add up to the stack.
    total = sum(a["mass_kg"] for a in s["work_split"].values())
    assert total == pytest.approx(s["scenario"]["inputs"]["spacecraft"]["stack_mass_kg"])
    assert set(s["work_split"]["JAXA"]["elements"]) >= {"launch_vehicle", "rover", "LTGA"}
    assert "neutron_spectrometer" in s["work_split"]["NASA"]["elements"]
    assert "EMS-L" in s["work_split"]["ESA"]["elements"]
    png = (out / "timeline_gantt.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_summary_figures_match_the_golden_file(baseline_run):
    """Every figure of the baseline summary.json equals the pinned golden figures (rtol 1e-6;
    epochs to 2 ms), so a refactor provably changes no number. Reuses the module's one run.

    Intended key renames go in ``golden.RENAMES`` (with a ``schema_version`` bump); an intended
    change of figures regenerates the file (see ``tests/scenario/golden.py``)."""
    from tests.scenario import golden

    proc, out = baseline_run
    assert proc.returncode == 0, proc.stderr
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    if os.environ.get("LUPEX_UPDATE_GOLDEN") == "1":
        golden.write_golden(s)
        pytest.skip(f"golden figures rewritten: {golden.GOLDEN}")
    pinned = json.loads(golden.GOLDEN.read_text(encoding="utf-8"))
    assert s["schema_version"] == pinned["schema_version"], "schema_version changed: regenerate"
    problems = golden.compare(pinned["figures"], s)
    assert not problems, (f"{len(problems)} summary figure(s) differ from {golden.GOLDEN.name}:\n"
                          + "\n".join(problems))


def test_launch_and_transfer_share_one_tli_epoch_and_plane(baseline_run):
    """One handoff: the transfer flies from the launch stage's TLI epoch, and the launch aimed
    its lift-off time at the transfer's targeted node, so no plane change is left to budget."""
    proc, out = baseline_run
    s = json.loads((out / "summary.json").read_text())
    la, tr = s["launch"], s["transfer"]
    assert la["tli_epoch_utc"] == tr["tli_epoch_utc"]
    assert abs(la["parking_raan_residual_deg"]) < 0.01
    assert tr["departure_plane_change_deg"] < 0.01
    assert tr["raan_difference_from_launch_deg"] < 0.01
    assert not any(r["item"].startswith("Parking-orbit plane change") for r in tr["dv_budget"])
    # the mass ledger: what the lander burns, holds in reserve and has left is what it carried
    used = sum(r["propellant_kg"] for r in tr["dv_budget"] if r["by"] == "lander")
    assert used + tr["propellant_margin_kg"] == pytest.approx(tr["propellant_loaded_kg"], abs=1.0)


def test_existing_output_is_not_overwritten_without_force(baseline_run, lupex_cli, tmp_path):
    import shutil

    proc, shared = baseline_run
    out = tmp_path / "earlier"  # a copy: the shared run directory stays read-only
    shutil.copytree(shared, out, symlinks=True)
    before = (out / "summary.json").read_bytes()
    (out / "my_notes.txt").write_text("mine")
    again = lupex_cli("run", BASELINE, "--out", out)
    _assert_clean_error(again, "--force")
    assert (out / "summary.json").read_bytes() == before
    assert (out / "my_notes.txt").read_text() == "mine"


def test_check_prints_the_effective_scenario(lupex_cli, tmp_path):
    f = tmp_path / "s.toml"
    f.write_text("[rover]\nmass_kg = 250.0\n", encoding="utf-8")
    proc = lupex_cli("check", f)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["rover"]["mass_kg"] == 250.0
    assert data["spacecraft"]["stack_mass_kg"] == 6000.0
    f.write_text("[rover]\nmass_kg = 0\n", encoding="utf-8")
    _assert_clean_error(lupex_cli("check", f), "rover.mass_kg")


def test_packaged_summary_columns_are_those_of_a_real_run(baseline_run):
    """`lupex sweep --plot` is checked against a packaged list of summary columns before a sweep
    runs; the list must be the columns of a real whole-mission run (regenerate it with
    lupex.sweep.tables.write_known_summary_columns when summary.json gains or renames a key)."""
    from lupex.sweep.tables import known_summary_columns, summary_columns

    proc, out = baseline_run
    assert proc.returncode == 0, proc.stderr
    s = json.loads((out / "summary.json").read_text())
    packaged = known_summary_columns("full")
    real = set(summary_columns(s))
    assert sorted(real - packaged) == [] and sorted(packaged - real) == []


def test_run_writes_mission_czml_that_reloads(baseline_run):
    """mission.czml: the whole flight from transfer.oem (one packet per OEM segment), the landing
    site and the communications stations; reloaded with czml3 and checked against the OEM."""
    from czml3 import Document

    from lupex.transfer import read_oem

    proc, out = baseline_run
    assert proc.returncode == 0, proc.stderr
    text = (out / "mission.czml").read_text(encoding="utf-8")
    doc = Document.model_validate_json(text)
    ids = [p.id for p in doc.packets]
    segs = read_oem(out / "transfer" / "transfer.oem")
    assert ids[0] == "document" and len(set(ids)) == len(ids)
    assert [i for i in ids if i.startswith("trajectory-")] == [
        f"trajectory-{k}" for k in range(len(segs))]
    assert "landing-site" in ids
    s = json.loads((out / "summary.json").read_text())
    assert {i for i in ids if i.startswith("station-")} == {
        f"station-{st['id']}" for st in s["communications"]["stations"]}
    raw = json.loads(text)
    clock = raw[0]["clock"]["interval"].split("/")
    assert clock[0].startswith(segs[0].epochs[0].utc.isot[:19])
    assert clock[1].startswith(s["communications"]["period_stop_utc"][:19])


def test_report_has_the_contact_plot(baseline_run):
    """The communications stage's contact plot (passes by agency with the Sun and Earth bands)
    is written and embedded in the report's communications section with its caption."""
    proc, out = baseline_run
    assert proc.returncode == 0, proc.stderr
    assert (out / "communications" / "contact.png").is_file()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "communications/contact.png" in html
    assert "Direct-to-Earth contact over the surface mission" in html
