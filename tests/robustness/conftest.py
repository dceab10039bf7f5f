"""Helpers of the adversarial suite: every case runs the real console script in a subprocess and
compares the exact set of files before and after."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "scenarios" / "baseline.toml"

#: A small `lupex site map` (a few seconds): writes PNG, GeoTIFF and JSON files.
SITE_MAP = ("site", "map", "--lat", "-89.45", "--lon", "222.69", "--half-width-km", "1",
            "--cell-m", "500", "--start", "2028-01-01", "--stop", "2028-01-02", "--step-h", "12")
SITE_MAP_FILES = {"illumination_map.png", "slope_map.png", "ranking_map.png", "sun_fraction.tif",
                  "earth_fraction.tif", "sun_and_earth_fraction.tif", "longest_dark_hours.tif",
                  "worst_year_sun_fraction.tif", "psr.tif", "slope_deg.tif", "ranking.json",
                  ".lupex-manifest.json"}


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root`` (hidden ones too): relative path -> bytes, 'dir' or link
    target. Never follows links."""
    out: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = p.read_bytes()
    return out


def _child_signals():  # a test runner may ignore SIGINT; the command under test must not
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def lupex_popen(*args, cwd, env=None, python_code=None):
    """Start ``python -m lupex ARGS`` (or ``python -c CODE ARGS``) in its own session."""
    e = dict(os.environ, MPLBACKEND="Agg")
    e.pop("LUPEX_SWEEP_CASE_DELAY_S", None)
    if env:
        e.update(env)
    head = ["-c", python_code] if python_code else ["-m", "lupex"]
    return subprocess.Popen([sys.executable, *head, *map(str, args)], cwd=cwd, env=e,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_child_signals)


def run_lupex(*args, cwd, env=None, timeout=600):
    p = lupex_popen(*args, cwd=cwd, env=env)
    out, err = p.communicate(timeout=timeout)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def wait_for(predicate, proc, timeout=120.0, step=0.02):
    """Poll until ``predicate()``; fail if ``proc`` ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"process ended first (status {proc.returncode}): {err[-2000:]}")
        time.sleep(step)
    proc.kill()
    pytest.fail("timed out waiting")


def assert_clean(proc, status: int, *fragments: str):
    """Exit ``status``, no traceback, and each fragment in stderr."""
    assert proc.returncode == status, (proc.returncode, proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr and "SystemError" not in proc.stderr, \
        proc.stderr[-3000:]
    for f in fragments:
        assert f in proc.stderr, (f, proc.stderr)


@pytest.fixture
def quick_scenario(tmp_path_factory) -> Path:
    """The baseline with a 12-day surface mission (the launch stage still runs in `lupex run`)."""
    d = tmp_path_factory.mktemp("scen")
    p = d / "quick.toml"
    p.write_text('[mission]\nname = "quick"\n[surface]\nduration_days = 12.0\n')
    return p
