"""Adversarial inputs that must be refused before anything is computed or written: scenario
values that only other keys (or lupex's own tables) make wrong, command-line options, damaged
terrain labels, user strings that plotting or the terminal would interpret, a full disk."""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.robustness.conftest import BASELINE, assert_clean, run_lupex, snapshot

WORK_SPLIT_SWEEP = ("sweep", str(BASELINE), "--evaluator", "work_split")


@pytest.mark.parametrize("body, fragments", [
    ('[launch]\nvehicle = "H3-99"\n', ["launch.vehicle", "'H3-99'", "H3-24L"]),
    ("[landing]\nlat_deg = 0.0\nlon_deg = 10.0\n", ["landing.lat_deg", "polar latitude"]),
    ('[landing]\nillumination_start = "garbage"\n',
     ["landing.illumination_start", "'garbage'", "ISO 8601"]),
    ('[landing]\nillumination_start = "2050-06-01"\nillumination_days = 365\n',
     ["landing.illumination_start + landing.illumination_days", "2051"]),
    ("[landing]\nmap_cell_m = 5.0\nregion_half_width_km = 30\n",
     ["landing.map_cell_m", "76001 cells per side", "at most 6001"]),
    ("[landing]\nmap_cell_m = 84.0\nregion_half_width_km = 100\nhorizon_reach_km = 150\n",
     ["landing.map_cell_m", "GiB"]),
    ("[launch]\nazimuth_deg = 0.0\n", ["launch.azimuth_deg", "range-safety sector"]),
    ("[landing]\nstep_h = 0.0001\n", ["landing.step_h", "2,000,000 epochs"]),
    ("[work_split.elements.lander]\nmass_kg = 1.0e6\n",
     ["work_split.elements.lander.mass_kg", "stack_mass_kg"]),
    ("[work_split.elements.rover]\nmass_kg = 900000.0\n",
     ["work_split.elements.rover.mass_kg", "[rover] mass_kg"]),
    ('[operations]\nstations = { JAXA = ["MDSSS"] }\n',
     ["operations.stations.JAXA", "did you mean 'MDSS'"]),
    ("[rover]\ninitial_state_of_charge = 0.1\n",
     ["rover.initial_state_of_charge", "rover.min_state_of_charge"]),
])
def test_cross_field_problems_are_found_by_check_and_run_before_computing(tmp_path, body,
                                                                          fragments):
    scen = tmp_path / "s.toml"
    scen.write_text('[mission]\nname = "x"\n' + body)
    before = snapshot(tmp_path)
    check = run_lupex("check", scen, cwd=tmp_path)
    assert_clean(check, 2, "s.toml", *fragments)
    run = run_lupex("run", scen, "--out", tmp_path / "out", cwd=tmp_path)
    assert_clean(run, 2, "s.toml", *fragments)
    assert run.stderr.startswith("lupex: error:")  # refused at load: no stage started
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("args, fragments", [
    (("--lon", "1e308"), ["--lon", "1e+308", "-180 and 360"]),
    (("--lon", "nan"), ["longitude", "nan"]),
    (("--lat", "-91"), ["--lat", "-91"]),
    (("--height-m", "1e9"), ["--height-m", "1000 m"]),
    (("--height-m", "-1"), ["--height-m"]),
])
def test_site_options_are_checked_like_scenario_keys(tmp_path, args, fragments):
    base = {"--lat": "-89.45", "--lon": "222.69"}
    for k, v in zip(args[::2], args[1::2]):
        base[k] = v
    flat = [x for kv in base.items() for x in kv]
    proc = run_lupex("site", "illumination", *flat, "--json", cwd=tmp_path)
    assert_clean(proc, 2, *fragments)
    assert proc.stdout == ""


@pytest.mark.parametrize("evaluator, fragments", [
    (".foo:bar", ["--evaluator", "absolute"]),
    ("nosuchmodule_xyz:f", ["--evaluator", "importable"]),
    ("broken_evaluator_module:f", ["--evaluator", "imports cleanly", "ZeroDivisionError"]),
    ("json:nosuchfunction", ["--evaluator", "importable"]),
])
def test_bad_evaluators_are_refused_before_the_sweep(tmp_path, evaluator, fragments):
    (tmp_path / "broken_evaluator_module.py").write_text("1 / 0\n")
    before = snapshot(tmp_path)
    proc = run_lupex("sweep", BASELINE, "--vary", "rover.mass_kg=300,350", "--evaluator",
                     evaluator, "--out", tmp_path / "sw", cwd=tmp_path,
                     env={"PYTHONPATH": str(tmp_path)})
    assert_clean(proc, 2, *fragments)
    assert snapshot(tmp_path) == before


def test_unknown_plot_column_is_refused_before_the_sweep_with_the_nearest_name(tmp_path):
    for evaluator in ("full", "work_split"):
        proc = run_lupex("sweep", BASELINE, "--vary", "rover.mass_kg=300,350", "--evaluator",
                         evaluator, "--plot", "work_split.JAXA.mass_kgg", "--out",
                         tmp_path / "sw", cwd=tmp_path)
        assert_clean(proc, 2, "--plot", "work_split.JAXA.mass_kgg",
                     "did you mean work_split.JAXA.mass_kg")
        assert not (tmp_path / "sw").exists()
        assert "nominal:" not in proc.stderr  # refused before the case count was printed


def test_a_known_plot_column_is_accepted(tmp_path):
    proc = run_lupex(*WORK_SPLIT_SWEEP, "--vary", "rover.mass_kg=300,350", "--plot",
                     "work_split.JAXA.mass_kg", "--plot", "input.rover.mass_kg",
                     "--out", tmp_path / "sw", cwd=tmp_path)
    assert_clean(proc, 0)
    assert (tmp_path / "sw" / "plots").is_dir()


def test_a_very_large_sweep_needs_yes_and_shows_its_size(tmp_path):
    proc = run_lupex(*WORK_SPLIT_SWEEP, "--vary", "rover.mass_kg=200..400:0.5", "--vary",
                     "spacecraft.stack_mass_kg=5900..6200:1", "--out", tmp_path / "sw",
                     cwd=tmp_path)
    assert_clean(proc, 2, "--yes", "120,701 cases", "401 rover.mass_kg",
                 "301 spacecraft.stack_mass_kg")
    assert not (tmp_path / "sw").exists()


def test_incomplete_cache_entries_are_computed_again_and_quiet_still_reports_failures(tmp_path):
    out = tmp_path / "sw"
    first = run_lupex(*WORK_SPLIT_SWEEP, "--vary", "rover.mass_kg=300,350,400", "--out", out,
                      cwd=tmp_path)
    assert_clean(first, 0)
    cases = sorted((out / "cases").glob("*.json"))
    assert len(cases) == 3
    # hand-made or truncated entries are not finished cases
    cases[0].write_text('{"hash": "%s"}' % cases[0].stem)
    cases[1].write_text('{"hash": "%s", "kind": "nominal", "error": null, "elapsed_s": 1.0, '
                        '"summary": {}}' % cases[1].stem)
    again = run_lupex(*WORK_SPLIT_SWEEP, "--vary", "rover.mass_kg=300,350,400", "--out", out,
                      cwd=tmp_path)
    assert_clean(again, 0)
    assert "1 cached, 2 computed" in again.stdout
    # A failing evaluator: the exit status says so and --quiet still prints the count.
    (tmp_path / "failing_evaluator.py").write_text(
        "def f(scenario):\n    if scenario.rover.mass_kg > 320:\n"
        "        raise ValueError('rover too heavy for this test')\n"
        "    return {'feasible': True, 'work_split': {}}\n")
    proc = run_lupex("sweep", BASELINE, "--vary", "rover.mass_kg=300,350,400", "--evaluator",
                     "failing_evaluator:f", "--quiet", "--out", tmp_path / "fail", cwd=tmp_path,
                     env={"PYTHONPATH": str(tmp_path)})
    assert_clean(proc, 1, "2 of 3 tasks failed", "rover too heavy for this test")
    assert proc.stdout == ""


def test_transfer_sweep_with_failed_days_exits_non_zero(tmp_path, monkeypatch, capsys):
    import lupex.transfer.sweep as tsweep
    from lupex.cli import main

    def all_fail(month, tli, processes, days=None, **kwargs):
        return [{"date": f"{month}-{d:02d}", "error": "InputError: no transfer found"}
                for d in (days or [1, 2])]

    monkeypatch.setattr(tsweep, "sweep_month", all_fail)
    monkeypatch.setattr("lupex.transfer.plots.plot_sweep", lambda rows: _empty_figure())
    status = main(["transfer", "sweep", str(BASELINE), "--month", "2028-06", "--days", "1,2",
                   "--out", str(tmp_path / "ts")])
    err = capsys.readouterr().err
    assert status == 1
    assert "2 of 2 days failed" in err and "no transfer found" in err
    assert (tmp_path / "ts" / "sweep.csv").is_file()  # the failed days are in the table


def _empty_figure():
    from lupex.plotstyle import new_figure

    fig = new_figure()
    fig.add_subplot()
    return fig


def _copy_ldem4_as(tmp_path, name="MYDEM"):
    from lupex.paths import find_data_file

    lbl = find_data_file("lola/LDEM_4.LBL")
    lola = tmp_path / "data" / "lola"
    lola.mkdir(parents=True)
    shutil.copy(lbl.with_suffix(".IMG"), lola / f"{name}.IMG")
    text = lbl.read_text(encoding="latin-1").replace("LDEM_4", name)
    (lola / f"{name}.LBL").write_text(text, encoding="latin-1")
    return lola / f"{name}.LBL", text


@pytest.mark.parametrize("damage, fragments", [
    (("LINES", "abc"), ["MYDEM.LBL", "numbers"]),
    (("LINE_SAMPLES", None), ["MYDEM.LBL", "no LINE_SAMPLES"]),
    (("MAP_RESOLUTION", "0"), ["MYDEM.LBL", "MAP_RESOLUTION", "positive"]),
    (("LINES", "-5"), ["MYDEM.LBL", "LINES", "positive whole number"]),
])
def test_a_damaged_label_is_refused_with_its_name(tmp_path, damage, fragments):
    import re

    from lupex.errors import InputError
    from lupex.site.pds import open_product

    lbl, text = _copy_ldem4_as(tmp_path)
    key, value = damage
    pattern = re.compile(rf"^(\s*{key}\s*=\s*)(.*)$", re.M)
    assert pattern.search(text), key
    text = pattern.sub("" if value is None else rf"\g<1>{value}", text)
    lbl.write_text(text, encoding="latin-1")
    with pytest.raises(InputError) as info:
        open_product(lbl.with_suffix(".IMG"))
    for f in fragments:
        assert f in str(info.value)
    proc = run_lupex("site", "illumination", "--lat", "-89.45", "--lon", "222.69", "--json",
                     cwd=tmp_path, env={"LUPEX_DATA_DIR": str(tmp_path / "data")})
    assert_clean(proc, 2, *fragments)


def test_user_strings_are_shown_literally_in_plots_and_the_terminal(tmp_path):
    from lupex.scenario.plots import write_mission_plots

    name = r"$\alpha^{2$ [/bold] [red]"
    summary = {"scenario": {"name": name},
               "timeline": [{"event": "launch", "epoch_utc": "2028-06-15T00:00:00Z",
                             "owner": "JAXA", "phase": "launch", "duration_s": 600.0}],
               "work_split": {"JAXA": {"mass_kg": 350.0}, "ISRO": {"mass_kg": 5650.0}}}
    paths = write_mission_plots(summary, tmp_path)  # raised in mathtext before
    assert all(p.stat().st_size > 5000 for p in paths)
    from io import StringIO

    from rich.console import Console

    from lupex.cli.run import print_summary

    buf = StringIO()
    summary.update(feasible=True, infeasibilities=[], launch=None, transfer=None, landing=None,
                   surface=None)
    summary["work_split"] = {"JAXA": {"mass_kg": 350.0, "elements": ["rover [x]"]}}
    print_summary(summary, Console(file=buf, width=200))
    assert name in buf.getvalue() and "rover [x]" in buf.getvalue()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full is Linux")
def test_a_full_disk_on_standard_output_is_one_line(tmp_path):
    import subprocess

    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "lupex", "check", str(BASELINE)],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert proc.returncode == 74
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "No space left on device" in proc.stderr


def _fake_server(behaviour: str) -> int:
    """A TCP server on localhost that answers like another protocol, or never answers."""
    import socket
    import threading
    import time

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)

    def loop():
        while True:
            conn, _ = srv.accept()
            if behaviour == "http":
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" * 4)
            else:
                time.sleep(30)
            conn.close()

    threading.Thread(target=loop, daemon=True).start()
    return srv.getsockname()[1]


def test_a_scheduler_speaking_another_protocol_is_a_clean_input_error(tmp_path):
    port = _fake_server("http")
    before = snapshot(tmp_path)
    proc = run_lupex(*WORK_SPLIT_SWEEP, "--vary", "rover.mass_kg=300,350", "--scheduler",
                     f"tcp://127.0.0.1:{port}", "--out", tmp_path / "sw", cwd=tmp_path)
    assert_clean(proc, 2, "--scheduler", "does not speak the dask protocol")
    assert proc.stderr.count("\n") <= 2, proc.stderr  # one paragraph, no client noise after it
    assert snapshot(tmp_path) == before


def test_a_scheduler_that_never_answers_times_out():
    import time

    from lupex.errors import InputError
    from lupex.sweep.execute import check_dask_handshake

    port = _fake_server("silent")
    t0 = time.monotonic()
    with pytest.raises(InputError, match="did not send the dask handshake within 1 s"):
        check_dask_handshake(f"tcp://127.0.0.1:{port}", timeout_s=1.0)
    assert time.monotonic() - t0 < 20  # bounded, not a hang (generous for a loaded machine)


def test_a_real_dask_scheduler_passes_the_handshake_check():
    from distributed import LocalCluster

    from lupex.sweep.execute import check_dask_handshake

    with LocalCluster(n_workers=0, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster:
        check_dask_handshake(cluster.scheduler_address)


def test_pool_workers_die_with_a_killed_sweep(tmp_path):
    import signal
    import time

    import psutil

    from tests.robustness.conftest import lupex_popen, wait_for

    proc = lupex_popen(*WORK_SPLIT_SWEEP, "--vary", "rover.mass_kg=300,350", "--workers", "2",
                       "--out", tmp_path / "sw", cwd=tmp_path,
                       env={"LUPEX_SWEEP_CASE_DELAY_S": "120"})
    parent = psutil.Process(proc.pid)

    def workers():
        return [c for c in parent.children(recursive=True)
                if "resource_tracker" not in " ".join(c.cmdline())]

    wait_for(lambda: len(workers()) >= 2, proc, timeout=120)
    kids = workers()
    proc.send_signal(signal.SIGKILL)  # no chance to stop its workers itself
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(k.is_running() and k.status() != "zombie"
                                              for k in kids):
        time.sleep(0.2)
    alive = [k.pid for k in kids if k.is_running() and k.status() != "zombie"]
    for pid in alive:
        psutil.Process(pid).kill()
    assert alive == []


@pytest.mark.parametrize("args, fragments", [
    (("site", "map", "--lat", "-89.45", "--lon", "222.69", "--slope-limit-deg", "-5", "--out",
      "m"), ["--slope-limit-deg", "between 0 and 90"]),
    (("site", "map", "--lat", "-89.45", "--lon", "222.69", "--slope-limit-deg", "nan", "--out",
      "m"), ["--slope-limit-deg"]),
    (("transfer", "sweep", str(BASELINE), "--month", "2099-01", "--days", "1", "--out", "t"),
     ["--month", "DE421"]),
    (("transfer", "sweep", str(BASELINE), "--month", "2050-12", "--days", "30", "--out", "t"),
     ["--month 2050-12", "DE421"]),
    (("transfer", "sweep", str(BASELINE), "--month", "2028-06", "--days", "", "--out", "t"),
     ["--days"]),
    (("transfer", "sweep", str(BASELINE), "--month", "2028-06", "--days", "1,1", "--out", "t"),
     ["--days", "distinct"]),
    (("sweep", str(BASELINE), "--evaluator", "work_split", "--vary", "rover.mass_kg=300",
      "--scheduler", "", "--out", "s"), ["--scheduler", "leave the option out"]),
    (("sweep", str(BASELINE), "--evaluator", "work_split", "--vary", "rover.mass_kg=300",
      "--scheduler", "http://127.0.0.1:9", "--out", "s"), ["--scheduler", "tcp://"]),
])
def test_more_options_refused_before_anything_is_written(tmp_path, args, fragments):
    before = snapshot(tmp_path)
    proc = run_lupex(*args, cwd=tmp_path)
    assert_clean(proc, 2, *fragments)
    assert snapshot(tmp_path) == before


def test_a_file_that_is_not_a_terrain_product_is_named(tmp_path):
    lola = tmp_path / "data" / "lola"
    lola.mkdir(parents=True)
    (lola / "JUNK.tif").write_text("not a tiff")
    proc = run_lupex("site", "illumination", "--lat", "-89.45", "--lon", "222.69", "--start",
                     "2028-01-01", "--stop", "2028-01-02", "--step-h", "12", cwd=tmp_path,
                     env={"LUPEX_DATA_DIR": str(tmp_path / "data")})
    assert_clean(proc, 2, "JUNK.tif", "GeoTIFF")


def test_an_evaluator_returning_no_mapping_fails_its_cases_cleanly(tmp_path):
    (tmp_path / "odd_evaluator.py").write_text("def g(scenario):\n    return 'not a dict'\n")
    args = ("sweep", BASELINE, "--vary", "rover.mass_kg=300,350", "--evaluator", "odd_evaluator:g",
            "--quiet", "--out", tmp_path / "e")
    for _ in range(2):  # and again: nothing poisoned the cache
        proc = run_lupex(*args, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
        assert_clean(proc, 1, "2 of 2 tasks failed", "not a summary mapping")
    assert list((tmp_path / "e" / "cases").glob("*.json")) == []


def test_closed_or_full_standard_output_is_one_line(tmp_path):
    import subprocess

    closed = subprocess.run([sys.executable, "-m", "lupex", "check", str(BASELINE)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            cwd=tmp_path, preexec_fn=lambda: __import__("os").close(1))
    assert closed.returncode == 74 and "standard output is closed" in closed.stderr
    assert "Traceback" not in closed.stderr
    if sys.platform.startswith("linux"):
        for flag in ("--help", "--version"):
            with open("/dev/full", "w") as full:
                proc = subprocess.run([sys.executable, "-m", "lupex", flag], stdout=full,
                                      stderr=subprocess.PIPE, text=True, cwd=tmp_path)
            assert proc.returncode == 74 and "No space left" in proc.stderr, flag


def test_a_fetch_into_an_unusable_cache_is_one_line(tmp_path):
    not_a_dir = tmp_path / "cache_file"
    not_a_dir.write_text("a file, not a directory")
    proc = run_lupex("data", "fetch", "LDEM_256_SPS_1600M", "--force", "--quiet", cwd=tmp_path,
                     env={"LUPEX_CACHE_DIR": str(not_a_dir),
                          "LUPEX_DATA_MIRROR": "http://127.0.0.1:9"})
    assert_clean(proc, 2, "LUPEX_CACHE_DIR")
    assert not_a_dir.read_text() == "a file, not a directory"


def test_result_files_follow_the_users_umask(tmp_path):
    import os
    import stat

    from lupex.sweep.execute import atomic_write_bytes

    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "cases.csv", b"case\n0\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "cases.csv").stat().st_mode) == 0o644


def test_illumination_start_may_be_a_toml_date():
    from lupex.scenario.loader import parse_scenario_text

    sc = parse_scenario_text("[landing]\nillumination_start = 2028-01-01\n")
    assert sc.landing.illumination_start == "2028-01-01"
