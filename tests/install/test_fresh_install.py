"""A fresh ``pip install .`` into a new, isolated virtual environment (no system site-packages,
every dependency resolved from the package index), then, from a directory outside the
repository: list the shipped scenarios, copy one, check it and run it with LUPEX_DATA_DIR set.

Slow (a few minutes: the install, then a first run that compiles the numerical kernels) and it
needs the package index, so it runs with ``-m slow``. It prints the install's time, size and
package count. What it checks: that the wheel carries everything a user needs (scenarios, LDEM_4,
data tables), that the declared dependencies suffice, and that nothing reads the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


@pytest.mark.slow
def test_fresh_pip_install_lists_copies_and_runs_a_scenario(tmp_path):
    from lupex.paths import data_dirs

    data = next((d for d in data_dirs() if (d / "lola").is_dir()), None)
    if data is None:
        pytest.skip("no data directory with LOLA products")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    t0 = time.monotonic()
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(REPO)], check=True, env=env,
                   cwd=tmp_path)
    install_s = time.monotonic() - t0
    freeze = subprocess.run([str(py), "-m", "pip", "list", "--format=json"], check=True,
                            capture_output=True, text=True, env=env).stdout
    packages = len(json.loads(freeze))
    print(f"\nfresh install: {install_s:.0f} s, {_size_mb(venv):.0f} MB, {packages} packages")

    work = tmp_path / "user"  # outside the repository
    work.mkdir()
    env["LUPEX_DATA_DIR"] = str(data)
    env["MPLBACKEND"] = "Agg"
    lupex = str(venv / "bin" / "lupex")

    def run(*args):
        return subprocess.run([lupex, *args], cwd=work, env=env, capture_output=True, text=True,
                              timeout=1800)

    listed = run("scenarios", "list")
    assert listed.returncode == 0, listed.stderr
    assert "baseline" in listed.stdout
    copied = run("scenarios", "copy", "baseline", ".")
    assert copied.returncode == 0, copied.stderr
    assert (work / "baseline.toml").is_file()
    checked = run("check", "baseline.toml", "--explain")
    assert checked.returncode == 0 and "stack_mass_kg" in checked.stdout, checked.stderr
    t0 = time.monotonic()
    ran = run("run", "baseline.toml", "--out", "out", "--json")
    print(f"first baseline run in the fresh install: {time.monotonic() - t0:.0f} s")
    assert ran.returncode == 0, ran.stderr[-2000:]
    summary = json.loads(ran.stdout)
    assert summary["schema_version"] == 1 and summary["scenario"]["name"] == "LUPEX baseline"
    assert (work / "out" / "report.html").is_file()
    # the installed package, not the source tree, was run
    where = subprocess.run([str(py), "-c", "import lupex; print(lupex.__file__)"], cwd=work,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert str(venv) in where and str(REPO / "src") not in where
