"""Shared fixtures. Real data is found through LUPEX_DATA_DIR or ../shared/data (see README)."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def lola_dir() -> Path:
    """Directory holding the real LOLA products (fails loudly if absent; CI always has them).

    Set LUPEX_ALLOW_MISSING_DATA=1 to skip data tests instead (e.g. on a laptop without data).
    """
    from lupex.paths import find_data_file

    p = find_data_file("lola/LDEM_4.IMG")
    if p is None:
        msg = (
            "real LOLA data not found: set LUPEX_DATA_DIR to a directory with lola/LDEM_4.IMG, "
            "or put ../shared/data beside the checkout (see README, 'Data')"
        )
        if os.environ.get("LUPEX_ALLOW_MISSING_DATA") == "1":
            pytest.skip(msg)
        pytest.fail(msg)
    return p.parent


@pytest.fixture
def lupex_cli(tmp_path):
    """Run the real console script in a subprocess; returns CompletedProcess (text)."""
    import subprocess
    import sys

    def run(*args, input=None, cwd=None, env=None):
        e = dict(os.environ)
        e.setdefault("MPLBACKEND", "Agg")
        if env:
            e.update(env)
        return subprocess.run(
            [sys.executable, "-m", "lupex", *map(str, args)],
            capture_output=True,
            text=True,
            input=input,
            cwd=cwd or tmp_path,
            env=e,
            timeout=900,
        )

    return run


@pytest.fixture(scope="session")
def shared_baseline_run(tmp_path_factory, worker_id):
    """One real ``lupex run scenarios/baseline.toml --out DIR`` (the console command, in a
    subprocess) for the whole test session, shared by every pytest-xdist worker: the first worker
    to ask runs it under a file lock, the others wait for it and read the same directory. Tests
    must treat the directory as read-only.

    Returns (CompletedProcess, output directory).
    """
    import fcntl
    import json
    import subprocess
    import sys

    # with xdist, the parent of a worker's base temp dir belongs to this session alone
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent
    home = root / "shared-baseline"
    home.mkdir(exist_ok=True)
    out = home / "run"
    record = home / "process.json"
    with open(home / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            env = dict(os.environ, MPLBACKEND="Agg")
            proc = subprocess.run(
                [sys.executable, "-m", "lupex", "run", str(REPO / "scenarios" / "baseline.toml"),
                 "--out", str(out)],
                capture_output=True, text=True, timeout=1500, env=env)
            record.write_text(json.dumps({"args": proc.args, "returncode": proc.returncode,
                                          "stdout": proc.stdout, "stderr": proc.stderr}))
    r = json.loads(record.read_text())
    return subprocess.CompletedProcess(r["args"], r["returncode"], r["stdout"], r["stderr"]), out


@pytest.fixture(autouse=True)
def _every_saved_figure_passes_the_layout_check(monkeypatch):
    """Every figure a test saves (lupex's plots, through Figure.savefig) is checked for
    overlapping texts and legends outside the figure or over the data (tests/plotcheck.py)."""
    from matplotlib.figure import Figure

    from tests.plotcheck import layout_problems

    problems: list[str] = []
    original = Figure.savefig

    def checked_savefig(self, fname, *args, **kwargs):
        result = original(self, fname, *args, **kwargs)
        problems.extend(f"{getattr(fname, 'name', fname)}: {p}" for p in layout_problems(self))
        return result

    monkeypatch.setattr(Figure, "savefig", checked_savefig)
    yield
    assert problems == [], "plot layout problems:\n" + "\n".join(problems)
