"""The scenario adapter, runner integration, products, sweep and CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.reference import check_reference
from lupex.scenario import parse_scenario_text
from lupex.scenario.stages.transfer import run
from lupex.timeline import PHASES
from lupex.transfer import sweep_month

REQUIRED = ("tli_dv_m_s", "time_of_flight_days", "loi_dv_m_s", "descent_dv_m_s",
            "total_lander_dv_m_s", "arrival_perilune_altitude_km", "lunar_orbit_inclination_deg",
            "landing_epoch_utc", "propellant_margin_kg", "dv_budget")


@pytest.fixture(scope="module")
def baseline_result():
    return run(parse_scenario_text(""), {})


def test_summary_keys_events_and_handoff(baseline_result):
    r = baseline_result
    assert r.stage == "transfer"
    for k in REQUIRED:
        assert k in r.summary
    json.dumps(r.summary, allow_nan=False)
    phases = {e.phase for e in r.events}
    assert {"tli", "cruise", "loi", "lunar_orbit", "descent", "landing"} <= phases
    assert all(e.phase in PHASES for e in r.events)
    assert r.handoff["landing_epoch"] > r.events[0].epoch
    assert r.handoff["landing_site"] == (-89.45, 222.69)
    # events in flight order
    order = [e.epoch.jd for e in sorted(r.events, key=lambda e: PHASES.index(e.phase))]
    assert order == sorted(order)
    assert r.summary["feasible"] is True and not r.infeasibilities


def test_products_written(tmp_path, baseline_result):
    paths = baseline_result.write_products(tmp_path)
    names = {p.name for p in paths}
    assert {"earth_inertial.png", "moon_arrival.png", "rotating_frame.png",
            "transfer.oem"} <= names
    for p in paths:
        assert p.stat().st_size > 1000
    _check_whole_mission_oem(tmp_path / "transfer.oem", baseline_result)


def _check_whole_mission_oem(path, result):
    """transfer.oem: parking orbit to touchdown, Earth-centred then Moon-centred segments, in the
    CCSDS OEM 2.0 grammar (a strict independent checker) and read back by lupex's reader."""
    from astropy.time import Time

    from lupex.ephemeris import position_icrf
    from lupex.transfer import read_oem
    from lupex.transfer.forces import MOON_RADIUS_M
    from tests.transfer.oem_grammar import check_oem_kvn

    strict = check_oem_kvn(path.read_text(encoding="ascii"))
    segs = read_oem(path)
    assert len(strict) == len(segs) >= 6
    for (meta, epochs, rows), seg in zip(strict, segs):
        assert meta["REF_FRAME"] == "ICRF" and meta["TIME_SYSTEM"] == "UTC"
        assert meta["CENTER_NAME"] == seg.meta["CENTER_NAME"]
        np.testing.assert_allclose(rows * 1e3, seg.states, rtol=1e-9, atol=1e-6)
        assert Time(epochs[0], scale="utc") == seg.epochs[0]
    centres = [s.meta["CENTER_NAME"] for s in segs]
    assert centres[:2] == ["EARTH", "EARTH"] and set(centres[2:]) == {"MOON"}
    phases = [s.meta["COMMENT"] for s in segs]
    assert "parking orbit" in phases[0] and "TLI coast" in phases[1]
    assert "capture orbit" in phases[2] and "descent orbit" in phases[-2]
    assert "powered descent" in phases[-1]
    # back to back in time, from one parking orbit before TLI to touchdown
    for a, b in zip(segs[:-1], segs[1:]):
        assert abs((b.epochs[0] - a.epochs[-1]).to_value("s")) < 1e-3
    s = result.summary
    t_tli = Time(s["tli_epoch_utc"][:-1], scale="utc")
    assert abs((segs[0].epochs[-1] - t_tli).to_value("s")) < 1e-3
    assert abs((segs[-1].epochs[-1] - result.handoff["landing_epoch"]).to_value("s")) < 1e-3
    # parking orbit: circular at the parking radius, joins TLI in position; the velocity jump
    # is the TLI burn
    r_park = np.linalg.norm(segs[0].states[:, :3], axis=1)
    assert np.ptp(r_park) < 100.0
    assert np.linalg.norm(segs[0].states[-1, :3] - segs[1].states[0, :3]) < 1.0
    dv = np.linalg.norm(segs[1].states[0, 3:]) - np.linalg.norm(segs[0].states[-1, 3:])
    assert dv == pytest.approx(s["tli_dv_m_s"], rel=1e-3)
    # the cruise arrives where the capture orbit starts (Moon-centred: subtract DE421's Moon)
    r_moon = position_icrf("moon", "earth", segs[1].epochs[-1])
    assert np.linalg.norm(segs[1].states[-1, :3] - r_moon - segs[2].states[0, :3]) < 2e3
    # each lunar orbit starts where the one before ended (burns are impulsive, at an apsis); the
    # circular orbit, propagated back from DOI, meets the orbit before it too (the plan's landing
    # pass keeps the orbital phase: 0.3 km at circularisation in this case)
    for a, b in zip(segs[2:-1], segs[3:]):
        assert np.linalg.norm(a.states[-1, :3] - b.states[0, :3]) < 1e3, b.meta["COMMENT"]
    # touchdown on the landing site, up to the site's cross-range from the orbit plane: the
    # site from skyfield's DE421 lunar frame (a Moon-fixed point), independent of lupex's code
    from lupex.ephemeris.core import _kernels, _sf_time

    k = _kernels()
    lat, lon = result.handoff["landing_site"]
    pt = k.pc.build_latlon_degrees(k.frame, lat, lon, 0.0)
    site = np.asarray(pt.at(_sf_time(segs[-1].epochs[-1:], "t")).position.m)[:, 0]
    miss_km = np.linalg.norm(segs[-1].states[-1, :3] - site) / 1e3
    assert miss_km <= s["site_crossrange_km"] + 1.0
    # touchdown on the 1,737.4 km sphere at the terminal descent rate, no horizontal speed
    td = segs[-1].states[-1]
    assert np.linalg.norm(td[:3]) == pytest.approx(MOON_RADIUS_M, abs=1.0)
    assert np.linalg.norm(td[3:]) <= 2.0 + 1e-6
    # powered descent from the PDI altitude: the descent segment starts at it
    assert np.linalg.norm(segs[-1].states[0, :3]) == pytest.approx(
        MOON_RADIUS_M + 1e3 * parse_scenario_text("").transfer.pdi_altitude_km, abs=50.0)


def test_infeasible_scenario_reports_shortfall_kg():
    """Too little propellant (dry mass 3.5 t of a 6 t stack): reported, not raised; the runner
    sets ``feasible: false`` from StageResult.infeasibilities (lupex.scenario.runner)."""
    sc = parse_scenario_text(
        "[spacecraft]\nstack_mass_kg = 6000.0\nlander_dry_mass_kg = 3500.0\n")
    res = run(sc, {})
    assert res.feasible is False
    inf = [i.to_dict() for i in res.infeasibilities]
    assert inf and inf[0]["unit"] == "kg" and inf[0]["shortfall"] > 0
    t = res.summary
    assert t["feasible"] is False
    assert inf[0]["shortfall"] == pytest.approx(-t["propellant_offloadable_kg"], abs=0.2)


def test_tli_by_lander_counts_against_lander():
    r = run(parse_scenario_text("[launch]\ntli_by_upper_stage = false\n"), {})
    rows = {x["item"]: x for x in r.summary["dv_budget"]}
    assert rows["TLI"]["by"] == "lander" and rows["TLI"]["propellant_kg"] > 0
    assert r.summary["total_lander_dv_m_s"] > r.summary["tli_dv_m_s"]
    assert r.feasible is False  # 6 t cannot also do TLI: shortfall reported


def test_phasing_transfer_lists_perigee_burns():
    r = run(parse_scenario_text('[transfer]\ntype = "phasing"\n'), {})
    names = [e.name for e in r.events if e.phase == "tli"]
    assert sum(n.startswith("Apogee raising") for n in names) == 4
    assert r.summary["transfer_type"] == "phasing"
    # TLI from a 127,603 km apogee orbit is a few hundred m/s, the loops carry the rest
    assert 100.0 < r.summary["tli_dv_m_s"] < 400.0


def test_sweep_parallel_equals_serial():
    kw = dict(time_of_flight_days=4.5)
    a = sweep_month("2028-06", processes=1, days=[3, 4], **kw)
    b = sweep_month("2028-06", processes=2, days=[3, 4], **kw)
    assert [r["tli_dv_m_s"] for r in a] == [r["tli_dv_m_s"] for r in b]
    assert all(r["error"] is None for r in a)
    assert all(3100 < r["tli_dv_m_s"] < 3200 for r in a)
    assert all(-90 <= r["sun_elevation_at_landing_deg"] <= 90 for r in a)
    # each day's landing waits for the Earth-contact pass (default: >= 2° above the horizontal)
    assert all(r["earth_elevation_at_landing_deg"] >= 2.0 - 0.05 for r in a)
    assert all(0.0 <= r["wait_in_lunar_orbit_days"] <= 28.0 for r in a)
    assert a == b


def test_cli_target_json_and_bad_month(lupex_cli, tmp_path, repo_root):
    scen = repo_root / "scenarios" / "baseline.toml"
    p = lupex_cli("transfer", "target", scen, "--json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert 3100 < d["tli_dv_m_s"] < 3200
    p = lupex_cli("transfer", "sweep", scen, "--month", "2028-13", "--out", tmp_path / "o")
    assert p.returncode == 2
    assert "--month" in p.stderr and "Traceback" not in p.stderr


def test_cli_sweep_two_days(lupex_cli, tmp_path, repo_root):
    scen = repo_root / "scenarios" / "baseline.toml"
    out = tmp_path / "sw"
    p = lupex_cli("transfer", "sweep", scen, "--month", "2028-07", "--days", "1,2", "--out", out,
                  "--processes", "2", "--json")
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert [r["date"] for r in rows] == ["2028-07-01", "2028-07-02"]
    assert (out / "sweep.csv").read_text().count("\n") == 3
    assert (out / "sweep.png").stat().st_size > 1000


@pytest.mark.slow
def test_full_month_sweep_all_days_converge():
    """Every day of July 2028: targeting converges, TLI Δv in the 3.10-3.20 km/s band."""
    rows = sweep_month("2028-07", processes=2)
    assert len(rows) == 31
    assert all(r["error"] is None for r in rows)
    assert all(3100 < r["tli_dv_m_s"] < 3200 for r in rows)


def test_plan_input_errors():
    from lupex.errors import InputError
    from lupex.transfer import plan_transfer

    with pytest.raises(InputError, match="site_lat_deg"):
        plan_transfer("2028-06-15T06:00:00", site_lat_deg=-95.0)
    with pytest.raises(InputError, match="transfer type"):
        plan_transfer("2028-06-15T06:00:00", transfer_type="low-energy")
    with pytest.raises(InputError, match="tli_epoch"):
        plan_transfer("2060-01-01T00:00:00")


def test_stack_that_does_not_add_up_is_an_input_error():
    """A 300 kg stack cannot hold the 1,900 kg lander dry mass; a stack whose propellant exceeds
    the tanks and an explicit propellant load that does not add up are input errors naming the
    keys (the stack is lander dry + propellant)."""
    from lupex.scenario.loader import ScenarioError

    with pytest.raises(ScenarioError, match="spacecraft.lander_dry_mass_kg = 1900"):
        parse_scenario_text("[spacecraft]\nstack_mass_kg = 300.0\n")
    with pytest.raises(ScenarioError, match="lander_propellant_capacity_kg = 4200"):
        parse_scenario_text("[spacecraft]\nstack_mass_kg = 6500.0\n")
    with pytest.raises(ScenarioError, match="lander_propellant_kg = 1900 \\+ 4000"):
        parse_scenario_text("[spacecraft]\nstack_mass_kg = 6000.0\nlander_propellant_kg = 4000.0\n")
    with pytest.raises(ScenarioError, match="rover.mass_kg = 1950"):
        parse_scenario_text("[rover]\nmass_kg = 1950.0\n")
    with pytest.raises(ScenarioError, match="rover.mass_kg = 10"):
        parse_scenario_text("[rover]\nmass_kg = 10.0\n")
    ok = parse_scenario_text("[spacecraft]\nstack_mass_kg = 6000.0\nlander_propellant_kg = 4100.0\n")
    assert ok.spacecraft.lander_propellant_kg == 4100.0


def test_mass_ledger_is_the_forward_rocket_equation(baseline_result):
    """The propellant margin is what the 6,000 kg stack has left after flying the whole budget
    forward (Tsiolkovsky by hand, Isp 313 s), and the budget's propellant column is the ledger:
    each row's mass after is the next row's mass before, from separation to touchdown."""
    t = baseline_result.summary
    sc = parse_scenario_text("").spacecraft
    ve = sc.lander_isp_s * 9.80665
    by_hand = sc.stack_mass_kg * np.exp(-t["total_lander_dv_m_s"] / ve) - sc.lander_dry_mass_kg
    check_reference("transfer.ledger_vs_rocket_equation", t["propellant_margin_kg"] - by_hand)
    rows = [r for r in t["dv_budget"] if r["by"] == "lander"]
    burns = [r for r in rows if r["kind"] == "burn"]
    assert burns[0]["mass_before_kg"] == pytest.approx(sc.stack_mass_kg, abs=0.1)
    for a, b in zip(rows, rows[1:]):
        assert b["mass_before_kg"] == pytest.approx(a["mass_after_kg"], abs=0.11)
    used = sum(r["propellant_kg"] for r in burns)
    assert used == pytest.approx(sc.stack_mass_kg - t["touchdown_mass_kg"], abs=1.0)
    assert t["propellant_used_kg"] == pytest.approx(used, abs=1.0)
    # the two labelled figures and the Δv margin are consistent
    assert 0.0 < t["propellant_margin_kg"] < t["propellant_offloadable_kg"]
    assert t["dv_margin_m_s"] == pytest.approx(
        ve * np.log((sc.lander_dry_mass_kg + t["propellant_margin_kg"]) / sc.lander_dry_mass_kg),
        abs=0.5)


def test_budget_rows_use_the_integrated_burns():
    """The LOI and descent rows' propellant is what the integrated finite burns use, from the
    mass the ledger carries into them (within 1 kg)."""
    from lupex.transfer import plan_transfer

    plan = plan_transfer("2028-06-15T06:00:00", 200.0, 30.4)
    rows = {ln.item: ln for ln in plan.budget.lines}
    loi = rows["LOI (finite burn, capture)"]
    assert loi.mass_after_kg == pytest.approx(plan.loi_finite.mass_after_kg, abs=1.0)
    doi = rows["Descent-orbit insertion"]
    assert doi.mass_before_kg == pytest.approx(plan.descent.mass_start_kg, abs=1.0)
    assert plan.budget.touchdown_mass_kg == pytest.approx(plan.descent.mass_touchdown_kg,
                                                          abs=1.0)
    burns = sum(ln.propellant_kg for ln in plan.budget.lines if ln.kind == "burn")
    assert burns == pytest.approx(6000.0 - plan.descent.mass_touchdown_kg, abs=1.0)


def test_landing_pass_waits_for_earth_contact(baseline_result):
    """Default [transfer] landing condition: the Earth's centre >= 2° above the site's local
    horizontal from touchdown for 3 days (DE421, checked here independently every 3 h), and
    the pass is the first such one: with the condition off, the plan lands earlier."""
    import numpy as np
    from astropy.time import Time, TimeDelta

    from lupex.ephemeris import azimuth_elevation

    s = baseline_result.summary
    assert s["landing_earth_contact_condition_met"] is True
    t_land = Time(s["landing_epoch_utc"][:-1], scale="utc")
    ts = t_land + TimeDelta(np.arange(0, 3 * 86400 + 1, 3 * 3600.0), format="sec")
    el = azimuth_elevation("earth", -89.45, 222.69, 0.0, ts).elevation_deg
    assert np.min(el) >= 2.0 - 0.05  # hourly sampling of the condition: < 0.1°/h
    assert s["earth_elevation_at_landing_deg"] == pytest.approx(float(el[0]), abs=1e-3)
    off = run(parse_scenario_text("[transfer]\nlanding_min_earth_elevation_deg = -10.0\n"), {})
    t_off = Time(off.summary["landing_epoch_utc"][:-1], scale="utc")
    assert t_off < t_land
    # the cross-range of a pass off the plane's crossing is paid for in the budget
    items = {r["item"]: r["dv_m_s"] for r in s["dv_budget"]}
    if s["site_crossrange_km"] > 0.5:
        assert items["Cross-range plane change"] > 0.0
