"""``lupex sweep --scheduler``: a real dask.distributed LocalCluster (scheduler and two worker
processes on loopback), results equal to the local process pool, and survival of a killed worker."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

from lupex.cli import main  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "scenarios" / "baseline.toml"
VOLATILE = ["elapsed_s", "run_id"]


def _cluster():
    return distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=40,
    )


def _local_and_dask(tmp_path, varies, extra=()):
    assert main(["sweep", str(BASELINE), *varies, "--out", str(tmp_path / "local"),
                 "--workers", "2", "--quiet", *extra]) == 0
    with _cluster() as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert main(["sweep", str(BASELINE), *varies, "--out", str(tmp_path / "dask"),
                     "--scheduler", cluster.scheduler_address, "--quiet", *extra]) == 0
    local = pd.read_parquet(tmp_path / "local" / "cases.parquet").drop(columns=VOLATILE)
    remote = pd.read_parquet(tmp_path / "dask" / "cases.parquet").drop(columns=VOLATILE)
    pd.testing.assert_frame_equal(local, remote, check_exact=True)
    info = json.loads((tmp_path / "dask" / "sweep.json").read_text())["last_run"]
    assert info["executor"] == "dask" and info["workers"] == 2
    return local, info


def test_scheduler_run_equals_local_run(tmp_path):
    # The work-split evaluator (real lupex mass bookkeeping, milliseconds per case), so the test
    # stays fast whatever the stages cost; the whole-mission comparison is the slow test below.
    varies = ["--vary", "launch.date=2028-06-01..2028-06-04:1d", "--vary", "rover.mass_kg=250,350"]
    local, info = _local_and_dask(tmp_path, varies, ["--evaluator", "work_split", "--samples",
                                                     "5", "--seed", "11", "--disperse",
                                                     "lander_isp_frac=0.01"])
    assert len(local) == 8 * 5 and local["hash"].nunique() == 40
    assert info["computed"] == 8 + 40  # nominal cases, then samples
    assert local["dispersion.lander_isp_scale"].nunique() == 5


@pytest.mark.slow
def test_scheduler_run_equals_local_run_whole_mission(tmp_path):
    local, info = _local_and_dask(tmp_path, ["--vary", "rover.mass_kg=250,350"])
    assert len(local) == 2 and info["computed"] == 2


def test_sweep_survives_a_killed_worker(tmp_path, monkeypatch):
    monkeypatch.setenv("LUPEX_SWEEP_CASE_DELAY_S", "0.4")
    out = tmp_path / "sw"
    with _cluster() as cluster, distributed.Client(cluster) as client:
        pids = list(client.run(os.getpid).values())
        assert len(pids) == 2
        killed = {}

        def kill_a_worker_mid_sweep():
            cases = out / "cases"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if cases.is_dir() and len(list(cases.glob("*.json"))) >= 3:
                    break
                time.sleep(0.02)
            killed["done_before"] = len(list(cases.glob("*.json")))
            os.kill(pids[0], signal.SIGKILL)  # a worker dies with tasks in hand

        t = threading.Thread(target=kill_a_worker_mid_sweep, daemon=True)
        t.start()
        rc = main(["sweep", str(BASELINE), "--vary", "rover.mass_kg=250..400:10",
                   "--out", str(out), "--scheduler", cluster.scheduler_address,
                   "--evaluator", "work_split", "--quiet"])
        t.join(timeout=10)
        assert rc == 0
        assert 3 <= killed["done_before"] < 16
    df = pd.read_parquet(out / "cases.parquet")
    assert len(df) == 16 and df["hash"].nunique() == 16
    assert "error" not in df.columns
    assert list(df["input.rover.mass_kg"]) == list(range(250, 401, 10))
    assert len(list((out / "cases").glob("*.json"))) == 16
    # the dead worker's pid computed some cases before it died, the survivor(s) the rest
    pids_used = {json.loads(p.read_text())["worker_pid"]
                 for p in (out / "cases").glob("*.json")}
    assert pids[1] in pids_used
