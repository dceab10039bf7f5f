"""``lupex sweep`` end to end on the local process pool: tables, resume after a kill, Monte Carlo
reproducibility, and clear errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from lupex.sweep import DispersionSpec, run_sweep

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "scenarios" / "baseline.toml"
VOLATILE = ["elapsed_s", "run_id"]


def test_local_sweep_writes_one_row_per_case(lupex_cli, tmp_path):
    out = tmp_path / "sw"
    r = lupex_cli("sweep", BASELINE, "--vary", "launch.date=2028-06-01..2028-06-03:1d",
                  "--vary", "rover.mass_kg=250,350", "--out", out, "--workers", "2",
                  "--evaluator", "work_split")
    assert r.returncode == 0, r.stderr
    assert "6 cases; tasks: 0 cached, 6 computed, 0 failed" in r.stdout.replace("\n", " ")
    pq = pd.read_parquet(out / "cases.parquet")
    csv = pd.read_csv(out / "cases.csv")
    assert len(pq) == len(csv) == 6
    assert list(pq["input.launch.date"]) == ["2028-06-01"] * 2 + ["2028-06-02"] * 2 + [
        "2028-06-03"] * 2
    assert list(pq["input.rover.mass_kg"]) == [250, 350] * 3
    # Mass bookkeeping of the work split (lupex.scenario.work_split): the agencies' spacecraft
    # masses add up to the 6,000 kg stack (JAXA LUPEX overview) in every case, and moving 100 kg
    # of rover moves exactly 100 kg from ISRO's lander to JAXA.
    total = sum(pq[f"work_split.{a}.mass_kg"] for a in ("ISRO", "JAXA", "NASA", "ESA"))
    assert (total == 6000.0).all()
    d = pq[pq["input.rover.mass_kg"] == 350]["work_split.JAXA.mass_kg"].to_numpy() - \
        pq[pq["input.rover.mass_kg"] == 250]["work_split.JAXA.mass_kg"].to_numpy()
    assert (d == 100.0).all()
    # Parquet and CSV hold the same numbers.
    assert (pq["work_split.ISRO.mass_kg"].to_numpy() == csv["work_split.ISRO.mass_kg"].to_numpy()
            ).all()
    # Each case's record matches the row and the cache file is named by its hash.
    for h in pq["hash"]:
        rec = json.loads((out / "cases" / f"{h}.json").read_text())
        assert rec["hash"] == h and rec["summary"]["schema_version"] == 1
    plots = list((out / "plots").glob("sweep_*.png"))
    assert any("work_split.JAXA.mass_kg" in p.name for p in plots)
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["status"] == "complete" and manifest["cases"] == 6


def _default_signals():  # a test runner started in the background may ignore SIGINT
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("how", ["sigint", "sigkill_group"])
def test_killed_sweep_resumes_without_recomputing_or_losing(tmp_path, how):
    out = tmp_path / "sw"
    cmd = [sys.executable, "-m", "lupex", "sweep", str(BASELINE),
           "--vary", "rover.mass_kg=250..400:10", "--out", str(out), "--workers", "2",
           "--evaluator", "work_split"]
    # 1 s per case: after the 4th case there are seconds of work left, so the signal lands
    # mid-sweep even on a loaded machine (0.3 s let the sweep finish first under load)
    env = dict(os.environ, MPLBACKEND="Agg", LUPEX_SWEEP_CASE_DELAY_S="1.0")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, preexec_fn=_default_signals)
    cases_dir = out / "cases"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if cases_dir.is_dir() and len(list(cases_dir.glob("*.json"))) >= 4:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    if how == "sigint":
        proc.send_signal(signal.SIGINT)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode != 0  # it really was interrupted
    before = {p.name: p.read_bytes() for p in cases_dir.glob("*.json")}
    k = len(before)
    assert 4 <= k < 16
    assert not (out / "cases.parquet").exists()
    for data in before.values():  # whole files only (atomic writes)
        json.loads(data)

    r = subprocess.run(cmd, env=dict(os.environ, MPLBACKEND="Agg"), capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"16 cases; tasks: {k} cached, {16 - k} computed, 0 failed" in r.stdout.replace(
        "\n", " ")
    after = {p.name: p.read_bytes() for p in cases_dir.glob("*.json")}
    assert len(after) == 16
    assert all(after[name] == data for name, data in before.items())  # nothing recomputed
    df = pd.read_parquet(out / "cases.parquet")
    assert len(df) == 16 and df["hash"].nunique() == 16
    assert list(df["input.rover.mass_kg"]) == list(range(250, 401, 10))
    run_ids = df["run_id"].value_counts()
    assert sorted(run_ids.tolist()) == sorted([k, 16 - k])
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["last_run"]["computed"] == 16 - k
    assert manifest["last_run"]["cached"] == k


def test_montecarlo_is_bit_for_bit_reproducible(tmp_path):
    spec = DispersionSpec(tli_dv_frac=0.002, lander_isp_frac=0.01, nav_position_m=300.0)
    kw = dict(samples=12, seed=20280615, dispersion=spec, evaluator="work_split")
    varies = ["rover.mass_kg=250,350"]
    a = run_sweep(BASELINE, varies, tmp_path / "a", workers=1, **kw)
    b = run_sweep(BASELINE, varies, tmp_path / "b", workers=2, **kw)
    ta = pd.read_parquet(tmp_path / "a" / "cases.parquet").drop(columns=VOLATILE)
    tb = pd.read_parquet(tmp_path / "b" / "cases.parquet").drop(columns=VOLATILE)
    assert len(ta) == 24
    pd.testing.assert_frame_equal(ta, tb, check_exact=True)
    assert (tmp_path / "a" / "cases.csv").read_text().count("\n") == 25
    ma = json.loads((tmp_path / "a" / "montecarlo.json").read_text())
    mb = json.loads((tmp_path / "b" / "montecarlo.json").read_text())
    assert ma == mb
    # the same draws for every varied case (common random numbers), distinct across samples
    col = "dispersion.lander_isp_scale"
    assert list(ta[col][:12]) == list(ta[col][12:])
    assert ta[col][:12].nunique() == 12
    # stated, not hidden: what could not be dispersed with the stages as they are
    assert set(ma["applied"]) | set(ma["not_dispersed"]) == set(spec.enabled())
    assert a.montecarlo == ma and b.info["computed"] == 2 + 24  # 2 nominal runs, 24 samples


def test_bad_input_exits_2_naming_the_key(lupex_cli, tmp_path, capsys):
    # through the console script once (no traceback), then in-process for speed
    r = lupex_cli("sweep", BASELINE, "--vary", "rover.mas_kg=250,350", "--out", tmp_path / "x")
    assert r.returncode == 2
    assert "rover.mas_kg" in r.stderr and "mass_kg" in r.stderr and "Traceback" not in r.stderr
    from lupex.cli import main

    def err(*args):
        rc = main(["sweep", str(BASELINE), *map(str, args)])
        return rc, capsys.readouterr().err

    rc, e = err("--vary", "launch.date=2028-06-01..2028-07-01", "--vary", "rover.mass_kg=heavy",
                "--out", tmp_path / "x")
    assert rc == 2 and "--vary rover.mass_kg = 'heavy'" in e
    rc, e = err("--samples", "10", "--out", tmp_path / "x")
    assert rc == 2 and "--seed" in e
    rc, e = err("--samples", "10", "--seed", "1", "--out", tmp_path / "x")
    assert rc == 2 and "no dispersion is assumed by default" in e
    rc, e = err("--vary", "landing.site=[ridge,moon_base]", "--out", tmp_path / "x")
    assert rc == 2 and "connecting_ridge" in e
    rc, e = err("--evaluator", "nope", "--out", tmp_path / "x")
    assert rc == 2 and "MODULE:FUNCTION" in e
    rc, e = err("--workers", "2", "--scheduler", "tcp://127.0.0.1:1", "--out", tmp_path / "x")
    assert rc == 2 and "--workers" in e
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    rc, e = err("--vary", "rover.mass_kg=250", "--out", other)
    assert rc == 2 and "--force" in e
    assert (other / "notes.txt").read_text() == "keep me"
    assert not (tmp_path / "x").exists()  # nothing written before inputs were all valid


def test_rerun_is_all_cached_and_force_recomputes(tmp_path):
    out = tmp_path / "sw"
    varies = ["rover.mass_kg=250,300,350"]
    first = run_sweep(BASELINE, varies, out, workers=1, evaluator="work_split")
    assert (first.info["computed"], first.info["cached"]) == (3, 0)
    t1 = pd.read_parquet(out / "cases.parquet")
    again = run_sweep(BASELINE, varies, out, workers=1, evaluator="work_split")
    assert (again.info["computed"], again.info["cached"]) == (0, 3)
    pd.testing.assert_frame_equal(t1, pd.read_parquet(out / "cases.parquet"), check_exact=True)
    # a wider sweep reuses the cases it shares with the first one
    wider = run_sweep(BASELINE, ["rover.mass_kg=250..400:50"], out, workers=1,
                      evaluator="work_split")
    assert (wider.info["computed"], wider.info["cached"]) == (1, 3)
    (out / "my_notes.txt").write_text("mine")
    forced = run_sweep(BASELINE, varies, out, workers=1, evaluator="work_split", force=True)
    assert (forced.info["computed"], forced.info["cached"]) == (3, 0)
    assert (out / "my_notes.txt").read_text() == "mine"
    assert len(list((out / "cases").glob("*.json"))) == 3


def _pool_worker_pids() -> list[int]:
    """Child processes of this one started by multiprocessing spawn (Linux /proc)."""
    me = str(os.getpid())
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            status = (d / "status").read_text()
            cmd = (d / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ppid = next((ln.split()[1] for ln in status.splitlines() if ln.startswith("PPid:")), "")
        if ppid == me and "spawn_main" in cmd:
            pids.append(int(d.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_local_sweep_survives_a_killed_pool_worker(tmp_path, monkeypatch):
    import threading

    monkeypatch.setenv("LUPEX_SWEEP_CASE_DELAY_S", "0.3")
    out = tmp_path / "sw"
    killed = {}

    def kill_one_worker():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if len(list((out / "cases").glob("*.json"))) >= 2:
                break
            time.sleep(0.02)
        pids = _pool_worker_pids()
        killed["pid"] = pids[0] if pids else None
        killed["done_before"] = len(list((out / "cases").glob("*.json")))
        if pids:
            os.kill(pids[0], signal.SIGKILL)

    t = threading.Thread(target=kill_one_worker, daemon=True)
    t.start()
    res = run_sweep(BASELINE, ["rover.mass_kg=250..360:10"], out, workers=2,
                    evaluator="work_split")
    t.join(timeout=10)
    assert killed["pid"] is not None and 2 <= killed["done_before"] < 12
    assert res.info["failed"] == 0 and res.info["computed"] == 12
    assert res.info["pool_restarts"] == 1  # the pool was restarted and its work rerun
    df = pd.read_parquet(out / "cases.parquet")
    assert len(df) == 12 and "error" not in df.columns
    assert len(list((out / "cases").glob("*.json"))) == 12


def test_tables_without_pyarrow_are_csv_only(tmp_path, monkeypatch):
    import pandas as pd

    import lupex.sweep.tables as tables

    monkeypatch.setattr(tables, "parquet_available", lambda: False)
    df = pd.DataFrame({"case": [0, 1], "launch.margin_kg": [1.5, -2.0]})
    paths = tables.write_tables(df, tmp_path)
    assert [p.name for p in paths] == ["cases.csv"]
    assert not (tmp_path / "cases.parquet").exists()
    assert pd.read_csv(tmp_path / "cases.csv")["launch.margin_kg"].tolist() == [1.5, -2.0]
