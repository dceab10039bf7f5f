"""`lupex run` and `lupex sweep` on an --out that holds other things: two runs at once, --force
beside user files, a failing run, and directories that only look like an earlier sweep."""

from __future__ import annotations

import json
import signal
import time

import pytest

from tests.robustness.conftest import (
    BASELINE,
    assert_clean,
    lupex_popen,
    run_lupex,
    snapshot,
    wait_for,
)

RUN_TOP = {"summary.json", "timeline.csv", "report.html", ".lupex-manifest.json"}


@pytest.mark.slow
def test_concurrent_forced_and_failing_runs(tmp_path):
    """Slow (a full `lupex run`, about 1.5 min; the lock itself is also checked on `site map` in
    the default suite, test_output_dirs). The one full `lupex run` of this suite (a worker each would run it twice: one test).

    A `lupex run --force` into a directory holding the user's files; while it computes, a
    second `lupex run` on the same --out is refused; then a forced run that fails part way and
    one with a bad scenario leave the first run's results exactly as they were."""
    root = tmp_path
    out = root / "res"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "mine").mkdir()
    (out / "mine" / "data.csv").write_text("a,b\n")
    user = snapshot(out)
    first = lupex_popen("run", BASELINE, "--out", out, "--force", "--quiet", cwd=root)
    wait_for(lambda: (root / ".res.lupex-lock").exists(), first)
    second = run_lupex("run", BASELINE, "--out", out, "--force", "--quiet", cwd=root,
                       timeout=300)
    assert first.poll() is None  # the second was refused while the first was computing
    assert_clean(second, 2, "another run is writing there")
    _, err = first.communicate(timeout=900)
    assert first.returncode == 0, err[-3000:]

    # the first's results are complete, beside the user's untouched files
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"]["name"] == "LUPEX baseline"
    manifest = json.loads((out / ".lupex-manifest.json").read_text())
    listed = set(manifest["files"])
    assert RUN_TOP - {".lupex-manifest.json"} <= listed
    assert {"launch", "transfer", "landing", "surface"} <= set(manifest["dirs"])
    after = snapshot(out)
    assert {k: after.get(k) for k in user} == user
    on_disk = {k for k, v in after.items() if v != "dir"} - {".lupex-manifest.json"}
    assert on_disk - listed == {"notes.txt", "mine/data.csv"}  # exactly the user's files
    assert sorted(p.name for p in root.iterdir()) == ["res"]  # no lock, no temporaries

    # a forced run that fails part way (terminated while the launch stage computes)
    before = snapshot(root)
    p = lupex_popen("run", BASELINE, "--out", out, "--force", "--quiet", cwd=root)
    wait_for(lambda: (root / ".res.lupex-lock").exists(), p)
    time.sleep(2.0)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 143 and err.strip().splitlines() == ["lupex: terminated"], err
    assert snapshot(root) == before
    # a forced run whose scenario is bad is refused before --out is touched
    bad = root.parent / f"{root.name}-bad.toml"
    bad.write_text("[rover]\nmass_kg = -1.0\n")
    r = run_lupex("run", bad, "--out", out, "--force", cwd=root, timeout=300)
    assert_clean(r, 2, "mass_kg")
    assert snapshot(root) == before


SWEEP = ("sweep", BASELINE, "--vary", "rover.mass_kg=250,350", "--evaluator", "work_split",
         "--workers", "1", "--quiet")


def test_sweep_only_resumes_a_directory_with_its_manifest(tmp_path):
    out = tmp_path / "sw"
    (out / "cases").mkdir(parents=True)
    (out / "cases" / "x.json").write_text("{}")
    (out / "cases.csv").write_text("my,table\n")
    before = snapshot(tmp_path)
    r = run_lupex(*SWEEP, "--out", out, cwd=tmp_path)  # looks like a sweep, is not one
    assert_clean(r, 2, "--force")
    assert snapshot(tmp_path) == before
    r = run_lupex(*SWEEP, "--out", out, "--force", cwd=tmp_path)  # still not lupex's files
    assert_clean(r, 2, "did not write", "cases.csv")
    assert snapshot(tmp_path) == before


@pytest.mark.slow  # two sweeps (worker start-up); the sweep manifest rules are checked below
def test_sweep_force_keeps_user_files_and_plots_folder(tmp_path):
    out = tmp_path / "sw"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "plots").mkdir()
    (out / "plots" / "my_figure.png").write_bytes(b"mine")
    before = snapshot(tmp_path)
    r = run_lupex(*SWEEP, "--out", out, "--force", cwd=tmp_path)  # plots/ is the user's
    assert_clean(r, 2, "plots")
    assert snapshot(tmp_path) == before
    (out / "plots" / "my_figure.png").unlink()
    (out / "plots").rmdir()
    r = run_lupex(*SWEEP, "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    assert (out / "notes.txt").read_text() == "mine"
    assert len(list((out / "cases").glob("*.json"))) == 2
    # an earlier sweep is resumed without --force, but never over a file of the user's
    (out / "montecarlo.json").write_text("mine")
    kept = snapshot(tmp_path)
    r = run_lupex(*SWEEP, "--out", out, cwd=tmp_path)
    assert_clean(r, 2, "montecarlo.json", "did not write")
    assert snapshot(tmp_path) == kept
    (out / "montecarlo.json").unlink()
    # with --force only lupex's files go
    (out / "plots" / "mine.png").write_bytes(b"mine")
    (out / "cases" / "README").write_text("mine")
    r = run_lupex(*SWEEP, "--out", out, cwd=tmp_path)
    assert_clean(r, 0)
    r = run_lupex(*SWEEP, "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    for p, data in (("notes.txt", b"mine"), ("plots/mine.png", b"mine"),
                    ("cases/README", b"mine")):
        assert (out / p).read_bytes() == data
    manifest = json.loads((out / ".lupex-manifest.json").read_text())
    assert manifest["command"] == "sweep" and "sweep.json" in manifest["files"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sw"]
