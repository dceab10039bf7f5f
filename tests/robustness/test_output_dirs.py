"""Output directories: --force never deletes what lupex did not write, the working directory and
its parents are never an output, old results survive a failed or interrupted run, a second run
on the same --out is refused, and the lock and temporaries never outlive a run."""

from __future__ import annotations

import json
import signal
import time

import pytest

from tests.robustness.conftest import (
    BASELINE,
    SITE_MAP,
    SITE_MAP_FILES,
    assert_clean,
    lupex_popen,
    run_lupex,
    snapshot,
    wait_for,
)

#: Every command that writes, with arguments that fail fast when --out is refused.
WRITERS = {
    "run": ("run", BASELINE),
    "sweep": ("sweep", BASELINE, "--vary", "rover.mass_kg=250,350", "--evaluator",
              "work_split", "--workers", "1"),
    "site map": SITE_MAP,
    "launch ascent": ("launch", "ascent", BASELINE),
    "transfer target": ("transfer", "target", BASELINE),
    "transfer sweep": ("transfer", "sweep", BASELINE, "--month", "2028-06", "--days", "15",
                       "--processes", "1"),
    "rover plan": ("rover", "plan", BASELINE, "--landing-epoch", "2028-06-20T12:00:00"),
}


@pytest.fixture(scope="module")
def earlier_maps(tmp_path_factory):
    """Results of one real `lupex site map` (copied by each test that needs earlier results)."""
    root = tmp_path_factory.mktemp("earlier")
    assert_clean(run_lupex(*SITE_MAP, "--out", root / "maps", cwd=root), 0)
    return root / "maps"


def _earlier(earlier_maps, out):
    import shutil

    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(earlier_maps, out, symlinks=True)
    assert (out / ".lupex-manifest.json").is_file()


def _user_files(d):
    d.mkdir(parents=True, exist_ok=True)
    (d / "notes.txt").write_text("mine")
    (d / ".hidden").write_text("mine too")
    (d / "mine").mkdir()
    (d / "mine" / "data.csv").write_text("a,b\n1,2\n")


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_working_directory_and_empty_out_are_never_an_output(tmp_path, command):
    work = tmp_path / "work"
    _user_files(work)
    before = snapshot(tmp_path)
    for out in (".", ""):
        r = run_lupex(*WRITERS[command], "--out", out, "--force", cwd=work, timeout=120)
        assert_clean(r, 2, "--out")
        assert ("the working directory" in r.stderr) == (out == ".")
        assert ("empty path" in r.stderr) == (out == "")
        assert snapshot(tmp_path) == before


def test_parents_home_and_root_are_never_an_output(tmp_path):
    work = tmp_path / "work"
    _user_files(work)
    before = snapshot(tmp_path)
    for out, why in (("..", "a parent of the working directory"), ("~", "home directory"),
                     ("/", "never writes")):
        r = run_lupex(*SITE_MAP, "--out", out, "--force", cwd=work, timeout=120)
        assert_clean(r, 2, "--out", why)
    assert snapshot(tmp_path) == before


def test_out_under_a_file_or_in_a_read_only_directory_is_refused_before_computing(tmp_path):
    import os

    (tmp_path / "file").write_text("x")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    before = snapshot(tmp_path)
    cases = [("file", "existing file"), ("file/sub", "is a file")]
    if os.geteuid() != 0:  # root writes anywhere
        cases.append(("ro/sub", "not writable"))
    try:
        for out, frag in cases:
            t0 = time.monotonic()
            r = run_lupex(*SITE_MAP, "--out", out, cwd=tmp_path, timeout=120)
            assert_clean(r, 2, "--out", frag)
            assert time.monotonic() - t0 < 30
        assert snapshot(tmp_path) == before
    finally:
        ro.chmod(0o755)


def test_site_map_force_keeps_user_files_and_replaces_only_its_own(tmp_path):
    out = tmp_path / "maps"
    _user_files(out)
    before = snapshot(out)
    r = run_lupex(*SITE_MAP, "--out", out, cwd=tmp_path)  # not empty: refused, nothing touched
    assert_clean(r, 2, "--force", "notes.txt")
    assert snapshot(out) == before
    r = run_lupex(*SITE_MAP, "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k in before} == before
    assert set(after) - set(before) == SITE_MAP_FILES
    manifest = json.loads(after[".lupex-manifest.json"])
    assert manifest["command"] == "site map"
    assert set(manifest["files"]) == SITE_MAP_FILES - {".lupex-manifest.json"}
    # an earlier lupex product that the new run no longer writes is removed; a file of the
    # user's with the name of one lupex writes is never overwritten
    (out / "old_map.png").write_bytes(b"old")
    manifest["files"].append("old_map.png")
    (out / ".lupex-manifest.json").write_text(json.dumps(manifest))
    r = run_lupex(*SITE_MAP, "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    assert not (out / "old_map.png").exists()
    assert {k: v for k, v in snapshot(out).items() if k in before} == before
    (out / "psr.tif").unlink()
    (out / "psr.tif").write_text("my own psr.tif")
    manifest = json.loads((out / ".lupex-manifest.json").read_text())
    manifest["files"].remove("psr.tif")
    (out / ".lupex-manifest.json").write_text(json.dumps(manifest))
    kept = snapshot(tmp_path)
    r = run_lupex(*SITE_MAP, "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 2, "psr.tif", "did not write")
    assert snapshot(tmp_path) == kept


def test_force_never_follows_a_symlink_out_of_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep")
    out = tmp_path / "maps"
    out.mkdir()
    (out / "link").symlink_to(outside)
    (out / "psr.tif").symlink_to(outside / "precious.txt")
    manifest = {"lupex_manifest": 1, "command": "site map", "files": [
        "link/precious.txt", "psr.tif", "../outside/precious.txt", str(outside / "precious.txt")],
        "dirs": ["link"], "globs": ["link/*"]}
    (out / ".lupex-manifest.json").write_text(json.dumps(manifest))
    before = snapshot(outside)
    r = run_lupex(*SITE_MAP, "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 2, "psr.tif")  # a link lupex did not write is not replaced
    (out / "psr.tif").unlink()
    r = run_lupex(*SITE_MAP, "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    assert snapshot(outside) == before
    assert (out / "link").is_symlink()


def test_interrupted_force_run_leaves_old_results_and_no_temporaries(tmp_path, earlier_maps):
    out = tmp_path / "maps"
    _earlier(earlier_maps, out)
    (out / "notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    for sig, status in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        p = lupex_popen(*SITE_MAP, "--out", out, "--force", cwd=tmp_path)
        wait_for(lambda: (tmp_path / ".maps.lupex-lock").exists(), p)
        time.sleep(1.0)  # computing
        p.send_signal(sig)
        _, err = p.communicate(timeout=60)
        assert p.returncode == status, err
        assert err.strip().splitlines() == [
            "lupex: terminated" if sig == signal.SIGTERM else "lupex: interrupted"]
        assert snapshot(tmp_path) == before


_SIGTERM_WHILE_WRITING = """
import os, signal, sys, time
from lupex import plotstyle
from lupex.cli import main
real = plotstyle.savefig
def savefig(fig, path, *a, **k):
    real(fig, path, *a, **k)
    assert ".partial-" in str(path)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
plotstyle.savefig = savefig
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("earlier", [False, True], ids=["new", "over-earlier-results"])
def test_sigterm_while_writing_leaves_no_partial_directory(tmp_path, earlier, earlier_maps):
    out = tmp_path / "res" / "maps"
    if earlier:
        _earlier(earlier_maps, out)
    before = snapshot(tmp_path)
    p = lupex_popen(*SITE_MAP, "--out", out, *(["--force"] if earlier else []), cwd=tmp_path,
                    python_code=_SIGTERM_WHILE_WRITING)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 143, err
    assert err.strip().splitlines() == ["lupex: terminated"]
    assert snapshot(tmp_path) == before  # no .partial, no lock, no half results, no res/


_SMALL_FILES_ONLY = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))  # a write past 20 kB fails (EFBIG)
from lupex.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_failed_write_is_one_paragraph_and_keeps_the_old_results(tmp_path, earlier_maps):
    out = tmp_path / "maps"
    _earlier(earlier_maps, out)
    (out / "notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    p = lupex_popen(*SITE_MAP, "--out", out, "--force", cwd=tmp_path,
                    python_code=_SMALL_FILES_ONLY)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 2 and "Traceback" not in err, err
    assert "--out" in err and "too large" in err and "nothing was changed" in err
    assert snapshot(tmp_path) == before


def test_a_second_run_on_a_locked_out_is_refused_and_a_stale_lock_is_not(tmp_path):
    from lupex.output import DirLock

    out = tmp_path / "maps"
    before = snapshot(tmp_path)
    with DirLock(out, "test"):  # another lupex process holds --out
        r = run_lupex(*SITE_MAP, "--out", out, cwd=tmp_path, timeout=120)
        assert_clean(r, 2, "another run is writing there", "process")
    assert snapshot(tmp_path) == before
    # a lock file left by a killed run (nobody holds it) does not block the next run
    (tmp_path / ".maps.lupex-lock").write_text('{"pid": 999999}')
    r = run_lupex(*SITE_MAP, "--out", out, cwd=tmp_path)
    assert_clean(r, 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]


def test_result_directories_keep_the_users_umask(tmp_path):
    import os

    out = tmp_path / "a" / "maps"
    p = lupex_popen(*SITE_MAP, "--out", out, cwd=tmp_path, python_code=(
        "import os, sys; os.umask(0o022); from lupex.cli import main; sys.exit(main(sys.argv[1:]))"))
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    for d in (out, tmp_path / "a"):
        assert os.stat(d).st_mode & 0o777 == 0o755
    assert os.stat(out / "psr.tif").st_mode & 0o777 == 0o644


@pytest.mark.slow  # two transfer targetings; --force beside user files is checked on site map
@pytest.mark.parametrize("command", ["transfer target", "transfer sweep"])
def test_transfer_force_keeps_user_files(tmp_path, command):
    out = tmp_path / "tr"
    _user_files(out)
    before = snapshot(out)
    r = run_lupex(*WRITERS[command], "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k in before} == before
    written = set(after) - set(before)
    assert ".lupex-manifest.json" in written and len(written) >= 3
    if command == "transfer sweep":
        assert written == {"sweep.csv", "sweep.json", "sweep.png", "porkchop.png",
                           ".lupex-manifest.json"}


def test_rover_plan_force_keeps_user_files_and_removes_only_listed_ones(tmp_path,
                                                                      quick_scenario):
    out = tmp_path / "rv"
    _user_files(out)
    (out / "rover_route.png").write_bytes(b"an earlier lupex plot")
    (out / ".lupex-manifest.json").write_text(json.dumps(
        {"lupex_manifest": 1, "command": "rover plan", "files": ["rover_route.png"],
         "dirs": [], "globs": []}))
    before = snapshot(out)
    r = run_lupex("rover", "plan", quick_scenario, "--landing-epoch", "2028-06-20T12:00:00",
                  "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    after = snapshot(out)
    user = {k: v for k, v in before.items() if k not in ("rover_route.png",
                                                         ".lupex-manifest.json")}
    assert {k: after.get(k) for k in user} == user
    assert after.get("rover_route.png") != b"an earlier lupex plot"
    assert json.loads(after[".lupex-manifest.json"])["command"] == "rover plan"


def test_launch_ascent_refuses_before_computing(tmp_path):
    out = tmp_path / "asc"
    _user_files(out)
    (out / "ascent_events.csv").write_text("mine")
    before = snapshot(tmp_path)
    t0 = time.monotonic()
    r = run_lupex(*WRITERS["launch ascent"], "--out", out, cwd=tmp_path)
    assert_clean(r, 2, "--force")
    assert time.monotonic() - t0 < 30  # refused before flying
    assert snapshot(tmp_path) == before


def test_launch_ascent_interrupted_with_force_keeps_user_files(tmp_path):
    out = tmp_path / "asc"
    _user_files(out)
    before = snapshot(tmp_path)
    p = lupex_popen(*WRITERS["launch ascent"], "--out", out, "--force", cwd=tmp_path)
    wait_for(lambda: (tmp_path / ".asc.lupex-lock").exists(), p)
    time.sleep(2.0)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and err.strip().splitlines() == ["lupex: interrupted"], err
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_launch_ascent_force_keeps_user_files(tmp_path):
    out = tmp_path / "asc"
    _user_files(out)
    before = snapshot(out)
    r = run_lupex(*WRITERS["launch ascent"], "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(set(after) - set(before)) >= 3


@pytest.mark.slow
def test_rover_plan_with_products_force_keeps_user_files(tmp_path):
    out = tmp_path / "rv"
    _user_files(out)
    before = snapshot(out)
    r = run_lupex(*WRITERS["rover plan"], "--out", out, "--force", cwd=tmp_path)
    assert_clean(r, 0)
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k in before} == before
    assert "rover_route.png" in after
