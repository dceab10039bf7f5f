"""A fresh clone with nothing beside it runs the demo scenario on the terrain shipped in the
package: the repository is cloned into an empty directory (no data directory beside it),
``LUPEX_DATA_DIR`` is unset and ``HOME`` is an empty directory (no fetch cache), and the baseline
scenario runs to the end. Slow (a whole baseline run, a few minutes): ``make check-fresh-clone``
or ``pytest -m slow tests/test_fresh_clone.py``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_fresh_clone_runs_the_demo_with_nothing_beside_it(repo_root, tmp_path):
    if shutil.which("git") is None or not (repo_root / ".git").exists():
        pytest.skip("needs git and a git checkout to clone")
    empty = tmp_path / "empty"
    home = tmp_path / "home"
    empty.mkdir()
    home.mkdir()
    clone = empty / "lupex"
    subprocess.run(["git", "clone", "--quiet", str(repo_root), str(clone)], check=True)
    assert sorted(p.name for p in empty.iterdir()) == ["lupex"]  # nothing beside the clone
    env = {k: v for k, v in os.environ.items()
           if k not in ("LUPEX_DATA_DIR", "LUPEX_CACHE_DIR", "XDG_CACHE_HOME",
                        "LUPEX_DATA_MIRROR", "PYTHONPATH")}
    env.update(HOME=str(home), PYTHONPATH=str(clone / "src"), MPLBACKEND="Agg")
    cmd = [sys.executable, "-m", "lupex"]

    r = subprocess.run(cmd + ["data", "list", "--json"], cwd=clone, env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    found = {row["product"]: row["found"] for row in json.loads(r.stdout)["products"]}
    for name in ("LDEM_4", "LDEM_256_SPS_1600M"):
        assert [f["where"] for f in found[name]] == ["embedded in the package"]
        assert found[name][0]["path"].startswith(str(clone))
        assert found[name][0]["status"] == "verified"

    out = tmp_path / "out"
    r = subprocess.run(cmd + ["run", "baseline", "--out", str(out), "--force"], cwd=clone,
                       env=env, capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stderr[-2000:]
    s = json.loads((out / "summary.json").read_text())
    tb = s["landing"]["terrain"]
    assert tb["site_product"] == "LDEM_256_SPS_1600M"
    assert set(tb["products"]) <= {"LDEM_256_SPS_1600M", "LDEM_4"}
    for f in ("south_polar_overview.png", "site_region_map.png", "illumination_map.png"):
        assert (out / "landing" / f).stat().st_size > 0
    assert (out / "report.html").is_file()
